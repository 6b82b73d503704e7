"""Inspections through the API and the pages (issue 14 item 8), and the public list."""

import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from zhifa import testing
from zhifa.inspections import services
from zhifa.inspections.models import Inspection
from zhifa.records.models import JournalEntry

from .conftest import JPEG, USCC, make_plan

API = "/api/v1/inspections"


def post(client, url, data):
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


def test_api_plan_draw_and_bad_input(iw, login):
    client = login(iw.head)
    r = post(
        client,
        f"{API}/matters",
        {
            "name": "危险货物道路运输企业检查",
            "sector": "road_transport",
            "basis": "《危险货物道路运输安全管理办法》",
            "items": ["资质", "车辆"],
        },
    )
    assert r.status_code == 201, r.content
    matter_id = r.json()["id"]
    # a target in Ningbo: another agency's territory → stable code, Chinese message, nothing made
    before = JournalEntry.objects.count()
    r = post(
        client,
        f"{API}/targets",
        {
            "kind": "organisation",
            "name": "宁波某公司",
            "id_number": USCC,
            "region_id": iw.nb.pk,
        },
    )
    assert r.status_code == 422 and r.json()["code"] == "inspection_outside_territory"
    assert "管辖区域" in r.json()["message"] and JournalEntry.objects.count() == before
    r = post(
        client,
        f"{API}/targets",
        {
            "kind": "organisation",
            "name": "杭州某公司",
            "id_number": USCC,
            "region_id": iw.hz.pk,
        },
    )
    assert r.status_code == 201
    target_id = r.json()["id"]
    plan = {
        "matter_id": matter_id,
        "title": "2026年危货企业抽查",
        "planned_on": "2026-07-01",
        "target_count": 1,
        "target_ids": [target_id],
        "inspector_ids": [],
    }
    r = post(client, f"{API}/plans", plan)
    assert r.status_code == 422 and r.json()["code"] == "draw_empty_inspector_pool"
    plan["inspector_ids"] = [o.pk for o in iw.officers]
    r = post(client, f"{API}/plans", plan)
    assert r.status_code == 201
    r = post(client, f"{API}/plans/{r.json()['id']}/draw", {"seed": "API-1"})
    assert r.status_code == 200 and r.json()["state"] == "drawn"
    assert [d["seed"] for d in r.json()["draws"]] == ["API-1"]
    inspection = Inspection.objects.get()
    # an officer not drawn cannot see it from another prefecture
    outsider = login(testing.make_user(iw.world.ningbo, roles=("agency_head",)))
    assert outsider.get(f"{API}/{inspection.pk}").status_code == 404


def test_pages_record_and_lead_then_public_list(iw, login, client):
    plan = make_plan(iw)
    services.draw_plan(plan, seed="页面-1", actor=iw.head)
    inspection = plan.inspections.get()
    first, second = inspection.inspectors.all()
    page = login(first.user)
    r = page.get(f"/inspections/{inspection.pk}/")
    assert r.status_code == 200 and "登记检查记录" in r.content.decode()
    r = page.post(
        f"/inspections/{inspection.pk}/record/",
        {
            "inspected_on": date.today().isoformat(),
            "inspectors": [first.pk, second.pk],
            "certificates_shown": "1",
            "scope": "经营场所",
            "items_checked": ["经营资质"],
            "findings": "未按规定公示经营许可证\n",
            "photos": [SimpleUploadedFile("现场.jpg", JPEG, content_type="image/jpeg")],
        },
    )
    assert r.status_code == 302
    inspection.refresh_from_db()
    assert inspection.state == "done" and inspection.photos.count() == 1
    finding = inspection.findings.get()
    r = page.post(f"/inspections/findings/{finding.pk}/lead/")
    finding.refresh_from_db()
    assert finding.case_id and r["Location"] == f"/cases/{finding.case_id}/"
    # the portal: the item list and the result, the seed published; no credit code shown
    client.logout()
    body = client.get("/gongshi/inspections/").content.decode()
    assert "道路运输企业安全生产检查" in body and "页面-1" in body and "发现问题" in body
    assert USCC not in body


def test_index_page_and_a_relation_declared_there(iw, login):
    plan = make_plan(iw)
    target = plan.targets.get()
    client = login(iw.head)
    body = client.get("/inspections/").content.decode()
    assert "杭州某运输有限公司" in body and "制定抽查计划" in body
    officer = iw.officers[0]
    r = client.post(
        f"/inspections/targets/{target.pk}/relations/",
        {"officer": officer.pk, "reason": "其兄在该公司任安全主管"},
    )
    assert r.status_code == 302 and target.relations.get().officer == officer
    assert "其兄在该公司任安全主管" in client.get("/inspections/").content.decode()


@override_settings(ZHIFA_INSPECTION_YEARLY_CAP=1)
def test_pages_joint_proposal_and_cap_approval(iw, login):
    # the province drew the company first; Hangzhou's draw is past the cap of one a year
    target = services.add_target(
        iw.world.zhejiang,
        kind="organisation",
        name="杭州某运输有限公司",
        id_number=USCC,
        region=iw.hz,
        actor=iw.province_head,
    )
    theirs_plan = make_plan(
        iw,
        agency=iw.world.zhejiang,
        head=iw.province_head,
        officers=iw.province_officers,
        targets=[target],
        planned_on=date(2026, 6, 10),
    )
    services.draw_plan(theirs_plan, seed="省", actor=iw.province_head)
    theirs = theirs_plan.inspections.get()
    plan = make_plan(iw)
    services.draw_plan(plan, seed="杭", actor=iw.head)
    # the draw is held: the plan page says why, nothing is sent out yet
    assert not plan.inspections.exists()
    city = login(iw.head)
    body = city.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "超出年度检查上限" in body and "批准意见" not in body
    city.post(f"/inspections/plans/{plan.pk}/approval/", {"approve": "1", "reason": "自批"})
    assert not plan.inspections.exists()
    province = login(iw.province_head)
    body = province.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "批准意见" in body
    province.post(f"/inspections/plans/{plan.pk}/approval/", {"approve": "1", "reason": "同意"})
    mine = plan.inspections.get()
    assert mine.state == "scheduled"
    body = login(iw.head).get(f"/inspections/{mine.pk}/").content.decode()
    assert "重复检查提示" in body
    city = login(iw.head)  # one test client: sign the city's head in again
    city.post(f"/inspections/{mine.pk}/joint/", {"other": theirs.pk})
    proposal = mine.proposals.get()
    province = login(iw.province_head)
    province.post(f"/inspections/joint/{proposal.pk}/", {"accept": "1"})
    mine.refresh_from_db()
    assert mine.state == "joined" and mine.joined_into_id == theirs.pk


def test_api_record_with_photos_multipart(iw, login):
    from zhifa.evidence.models import EvidenceFile

    plan = make_plan(iw)
    services.draw_plan(plan, seed="接口-1", actor=iw.head)
    inspection = plan.inspections.get()
    first, second = inspection.inspectors.all()
    client = login(first.user)
    url = f"{API}/{inspection.pk}/record"
    form = {
        "inspected_on": date.today().isoformat(),
        "inspector_ids": [first.pk, second.pk],
        "scope": "经营场所",
        "items_checked": ["经营资质", "车辆技术档案"],
        "findings": ["未按规定公示经营许可证"],
    }

    def photos():
        return [SimpleUploadedFile(f"现场{n}.jpg", JPEG, content_type="image/jpeg") for n in (1, 2)]

    # certificates not shown: refused with its code, no photo kept, the inspection unchanged
    before = (EvidenceFile.objects.count(), JournalEntry.objects.count())
    r = client.post(url, {**form, "certificates_shown": "false", "photos": photos()})
    assert r.status_code == 422 and r.json()["code"] == "inspection_certificates_not_shown"
    assert "出示执法证件" in r.json()["message"]
    assert (EvidenceFile.objects.count(), JournalEntry.objects.count()) == before
    inspection.refresh_from_db()
    assert inspection.state == "scheduled"
    # shown: the record with both photos (the same image twice is kept once, by its digest)
    r = client.post(url, {**form, "certificates_shown": "true", "photos": photos()})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "done" and body["certificates_shown"] is True
    assert body["items_checked"] == ["经营资质", "车辆技术档案"]
    assert [f["text"] for f in body["findings"]] == ["未按规定公示经营许可证"]
    inspection.refresh_from_db()
    assert inspection.photos.count() == 1 and inspection.certificates_shown


def test_record_sent_from_an_offline_draft_is_applied_once(iw, login):
    """The record form is an offline field form (web INTERFACE.md): JSON answers to the device's
    sync, and its idempotency key makes a draft sent twice (an answer lost) one record."""
    from zhifa.evidence.models import EvidenceFile

    plan = make_plan(iw)
    services.draw_plan(plan, seed="离线-1", actor=iw.head)
    inspection = plan.inspections.get()
    first, second = inspection.inspectors.all()
    client = login(first.user)
    page = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert f'data-offline="inspection-record-{inspection.pk}"' in page
    assert 'name="idempotency_key"' in page and "/offline-sw.js" in page
    url = f"/inspections/{inspection.pk}/record/"
    form = {
        "inspected_on": date.today().isoformat(),
        "inspectors": [first.pk, second.pk],
        "scope": "经营场所",
        "items_checked": ["经营资质"],
        "findings": "未按规定公示经营许可证\n",
        "idempotency_key": "a1b2c3d4-0000-4000-8000-000000000001",
    }

    def send(**extra):
        photo = SimpleUploadedFile("现场.jpg", JPEG, content_type="image/jpeg")
        data = {**form, "photos": [photo], **extra}
        return client.post(url, data, HTTP_ACCEPT="application/json")

    # refused: JSON with the Chinese reason, nothing written, the draft stays on the device
    before = (EvidenceFile.objects.count(), JournalEntry.objects.count())
    r = send()
    assert r.status_code == 422 and r.json()["ok"] is False
    assert "出示执法证件" in r.json()["message"]
    assert (EvidenceFile.objects.count(), JournalEntry.objects.count()) == before
    # accepted, then the same draft again: one record, one journal entry, one finding
    r = send(certificates_shown="1")
    assert r.status_code == 200 and r.json()["ok"] is True and r.json()["replayed"] is False
    assert r.json()["url"] == f"/inspections/{inspection.pk}/"
    entries = JournalEntry.objects.count()
    r = send(certificates_shown="1")
    assert r.status_code == 200 and r.json()["replayed"] is True
    assert JournalEntry.objects.count() == entries
    inspection.refresh_from_db()
    assert inspection.state == "done" and inspection.findings.count() == 1
    assert inspection.photos.count() == 1
    # another draft for the same inspection is refused as a conflict, in JSON
    r = send(certificates_shown="1", idempotency_key="another-draft")
    assert r.status_code == 409 and r.json()["code"] == "inspection_state"
    # the plain form still redirects, and says a repeated draft was not applied twice
    r = client.post(url, {**form, "certificates_shown": "1"})
    assert r.status_code == 302
    assert JournalEntry.objects.count() == entries
