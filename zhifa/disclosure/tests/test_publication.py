"""A decided case appears on the portal masked within its 7 working days and disappears with a
withdrawal note after revocation; the leak scanner blocks a planted ID number; exceptions and
minors are never published; the hourly public anchor proves the publication's inclusion."""

import json
import runpy
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.utils import timezone

from zhifa.cases.models import Case, Document, Party
from zhifa.cases.tests.helpers import PERSON, deadline
from zhifa.cases.tests.test_guards import notified
from zhifa.disclosure import selectors, services, signing
from zhifa.disclosure.models import Disclosure
from zhifa.records.models import JournalEntry

D = date
ID = PERSON["id_number"]


def decided(api, people, *, summary="当事人张三未经许可擅自挖掘公路，造成路面损坏。", **party):
    cid = notified(api, people, party=PERSON)
    Party.objects.filter(cases__pk=cid).update(
        address="浙江省杭州市西湖区文三路90号3幢", phone="13812345678", plate="浙A12345", **party
    )
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    api.step(people.head, cid, "decision", D(2026, 6, 10))
    Document.objects.filter(case_id=cid, kind="penalty_decision").update(summary=summary)
    return cid


def test_decided_case_is_published_masked_and_withdrawn_after_revocation(
    api, client, world, people, law
):
    cid = decided(api, people)
    assert deadline(api.case(people.o1.user, cid), "A27_publish_penalty") == "2026-06-22"
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))  # within 7 working days
    assert deadline(api.case(people.o1.user, cid), "A27_publish_penalty") is None
    d = Disclosure.objects.get(case_id=cid)
    assert d.state == "published" and d.published_on == D(2026, 6, 12)
    assert d.publish_due == D(2026, 6, 22) and d.published_on <= d.publish_due

    page = client.get(f"/gongshi/decisions/{d.pk}/")
    assert page.status_code == 200 and "public" in page["Cache-Control"]
    html = page.content.decode()
    assert "张某" in html and "浙江省杭州市西湖区" in html and "浙A·1****" in html
    for secret in ("张三", ID, "13812345678", "文三路", "浙A12345"):
        assert secret not in html, secret
    listing = client.get("/gongshi/decisions/", {"cause": d.cause[:4]}).content.decode()
    assert d.document_number in listing

    # revoked on reconsideration on 15 June: withdrawn within 3 working days, with the reason
    services.withdraw(
        Case.objects.get(pk=cid),
        actor=people.head,
        as_of=D(2026, 6, 16),
        ground="revoked",
        reason="经行政复议撤销",
        revoked_on=D(2026, 6, 15),
    )
    d.refresh_from_db()
    assert d.state == "withdrawn" and d.withdrawal_due == D(2026, 6, 18)
    assert d.withdrawn_on <= d.withdrawal_due
    html = client.get(f"/gongshi/decisions/{d.pk}/").content.decode()
    assert "已撤回" in html and "经行政复议撤销" in html
    assert "张某" not in html and "挖掘" not in html  # the old text is never shown
    assert deadline(api.case(people.o1.user, cid), "A26_withdraw_publication") is None


def test_leak_scanner_blocks_a_planted_id_number(api, world, people, law):
    cid = decided(api, people, summary=f"当事人身份证号{ID}，擅自挖掘公路。")
    body = api.step(people.o1.user, cid, "publication", D(2026, 6, 12), status=422)
    assert body["code"] == "disclosure_leak_found"
    assert [(f["place"], f["kind"]) for f in body["details"]["findings"]] == [
        ("决定书摘要（主要违法事实）", "id_number")
    ]
    assert "决定书摘要" in body["message"] and ID not in body["message"]
    # nothing published, the deadline still open: the head sees the list until it is fixed
    assert not Disclosure.objects.filter(case_id=cid).exists()
    assert deadline(api.case(people.o1.user, cid), "A27_publish_penalty") == "2026-06-22"
    assert services.leak_check(Case.objects.get(pk=cid))[0]["kind"] == "id_number"
    Document.objects.filter(case_id=cid, kind="penalty_decision").update(summary="擅自挖掘公路。")
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))
    assert Disclosure.objects.get(case_id=cid).state == "published"


def test_exception_flag_and_minor_are_never_published(api, client, world, people, law):
    cid = decided(api, people)
    case = Case.objects.get(pk=cid)
    with pytest.raises(Exception) as refused:
        services.flag_exception(
            case,
            ground="trade_secret",
            legal_ground="x",
            actor=people.o1.user,
            as_of=D(2026, 6, 11),
        )
    assert refused.value.code == "disclosure_not_allowed"  # the head approves
    services.flag_exception(
        case,
        ground="trade_secret",
        legal_ground="《政府信息公开条例》第十五条",
        actor=people.head,
        as_of=D(2026, 6, 11),
    )
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))
    d = Disclosure.objects.get(case_id=cid)
    assert d.state == "withheld" and "商业秘密" in d.withheld_reason
    assert client.get(f"/gongshi/decisions/{d.pk}/").status_code == 404


def test_a_minor_is_never_published(api, world, people, law):
    cid = decided(api, people, id_number="110105201001010010", name="李小明")
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))
    d = Disclosure.objects.get(case_id=cid)
    assert d.state == "withheld" and d.party_name == "" and "未成年人" in d.withheld_reason


def test_hourly_anchor_proves_the_publication(api, client, world, people, law, tmp_path):
    cid = decided(api, people)
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))
    d = Disclosure.objects.get(case_id=cid)
    entry = JournalEntry.objects.get(chain=d.journal_chain, seq=d.journal_seq)
    assert entry.event_type == "disclosure.published" and ID not in entry.payload
    assert selectors.inclusion_proof(d) is None  # not yet anchored
    later = timezone.localtime() + timezone.timedelta(hours=1)
    anchor = services.anchor_hour(later)
    assert services.anchor_hour(later) == anchor  # once per hour
    assert signing.verify(
        signing.anchor_bytes(anchor.taken_at, anchor.algorithm, anchor.root, anchor.chain_count),
        anchor.signature,
    )
    proof = client.get(f"/gongshi/decisions/{d.pk}/proof.json").json()
    assert selectors.check_proof(proof)
    forged = {**proof, "payload": proof["payload"].replace("张某", "王某")}
    assert not selectors.check_proof(forged)
    # the offline script, as the public downloads it from the portal, agrees, and checks the
    # Ed25519 signature with the published public key
    download = client.get("/gongshi/anchors/verify_inclusion.py")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    script = tmp_path / "verify_inclusion.py"
    script.write_bytes(download.content)
    assert (
        script.read_bytes()
        == (Path(settings.BASE_DIR) / "tools" / "verify_inclusion.py").read_bytes()
    )
    tool = runpy.run_path(str(script))
    published = client.get("/gongshi/anchors/").content.decode()
    assert signing.public_key_hex() in published and signing.key_id() in published
    key = bytes.fromhex(signing.public_key_hex())
    assert tool["verify"](proof, anchor.root, key) == []
    pem = tmp_path / "key.pem"
    pem.write_bytes(client.get("/gongshi/anchors/public-key.pem").content)
    assert tool["public_key"](str(pem)) == key
    tampered = {**proof, "anchor": {**proof["anchor"], "signature": "00" * 64}}
    assert tool["verify"](tampered, None, key) == ["锚点签名不正确"]
    other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    assert tool["verify"](proof, None, other) == ["锚点签名不正确"]
    assert tool["verify"](forged) == ["公示内容与记录中的内容摘要不一致"]
    assert tool["verify"](proof, "0" * 64) == ["锚点的默克尔根与您保存的根值不同"]
    assert "服务器核验：一致" in client.get(f"/gongshi/decisions/{d.pk}/").content.decode()


def test_portal_pages_answer_without_login(client, world, people, law):
    hz = world.hangzhou
    for url in (
        "/gongshi/",
        f"/gongshi/agencies/{hz.pk}/",
        "/gongshi/decisions/",
        "/gongshi/procedures/",
        "/gongshi/inspections/",
        "/gongshi/inspections/?agency=x",
        "/gongshi/anchors/",
        f"/gongshi/agencies/{hz.pk}/statistics/2026/",
        "/gongshi/anchors/2026-06-12.json",
        "/gongshi/decisions/?from=bad&agency=x&page=zz",
    ):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "max-age" in r["Cache-Control"], url
    html = client.get(f"/gongshi/agencies/{hz.pk}/").content.decode()
    assert "张执法" in html  # officers: name, certificate number, categories
    # the complaint form is the real one now (zhifa/complaints): never cached, it carries a CSRF token
    form = client.get("/gongshi/complaints/")
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    assert client.get("/gongshi/decisions/999999/").status_code == 404


def test_anchor_command_covers_missed_hours(world, people):
    now = timezone.make_aware(datetime(2026, 6, 12, 10, 30))
    made = services.anchor_missing_hours(now)
    assert [timezone.localtime(a.taken_at).hour for a in made] == [10]
    made = services.anchor_missing_hours(now + timezone.timedelta(hours=3))
    assert [timezone.localtime(a.taken_at).hour for a in made] == [11, 12, 13]
    # the signed daily file carries every hourly root of the day and one signature over them all
    data = selectors.daily_file(D(2026, 6, 12))
    assert [h["taken_at"][11:13] for h in data["hourly"]] == ["02", "03", "04", "05"]  # UTC
    pairs = [(h["taken_at"], h["root"]) for h in data["hourly"]]
    assert signing.verify(signing.day_bytes(D(2026, 6, 12), None, pairs), data["signature"])
    assert not signing.verify(signing.day_bytes(D(2026, 6, 12), None, pairs[1:]), data["signature"])
    # anyone can check the downloaded file with the public key, offline
    tool = runpy.run_path(str(Path(settings.BASE_DIR) / "tools" / "verify_inclusion.py"))
    key = bytes.fromhex(signing.public_key_hex())
    assert data["key_id"].startswith("ed25519:")
    assert tool["verify_day"](json.loads(json.dumps(data)), key) == []
    data["hourly"][1]["root"] = "0" * 64
    assert tool["verify_day"](data, key) == [
        "每日文件的签名不正确",
        f"{data['hourly'][1]['taken_at']} 锚点的签名不正确",
    ]


def test_case_publication_page_lists_the_places(api, client, world, people, law):
    cid = decided(api, people, summary=f"当事人身份证号{ID}，擅自挖掘公路。")
    client.force_login(people.head)
    html = client.get(f"/disclosure/cases/{cid}/").content.decode()
    assert "决定书摘要（主要违法事实）：公民身份号码" in html and ID not in html
    client.force_login(people.other_head)  # another agency: looks missing
    assert client.get(f"/disclosure/cases/{cid}/").status_code == 404


def test_revocation_opens_the_withdrawal_deadline_and_tells_the_people(api, world, people, law):
    from zhifa.notifications.models import Notification

    cid = decided(api, people)
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))
    case = Case.objects.get(pk=cid)
    services.record_revocation(
        case,
        ground="illegal",
        reason="经行政诉讼确认违法",
        revoked_on=D(2026, 6, 15),
        actor=people.o1.user,
    )
    assert deadline(api.case(people.o1.user, cid), "A26_withdraw_publication") == "2026-06-18"
    told = set(
        Notification.objects.filter(kind="disclosure.withdrawal_due").values_list(
            "user__username", flat=True
        )
    )
    assert {"zhao", "li"} <= told and "zhang" not in told  # head and co-officer, not the actor
    services.withdraw(case, actor=people.head, as_of=D(2026, 6, 17))
    assert Disclosure.objects.get(case_id=cid).withdrawal_reason == "经行政诉讼确认违法"
    assert deadline(api.case(people.o1.user, cid), "A26_withdraw_publication") is None


def test_other_decision_opens_its_20_working_day_deadline(world, people, law, api):
    from types import SimpleNamespace

    cid = notified(api, people, party=PERSON)
    case = Case.objects.get(pk=cid)
    services.on_step(
        case, SimpleNamespace(code="decide_no_penalty", as_of=D(2026, 6, 10)), actor=people.head
    )
    # 国办发〔2018〕118号: 20 working days from 10 June (19 June is the Dragon Boat holiday)
    assert deadline(api.case(people.o1.user, cid), "A28_publish_other") == "2026-07-09"


def test_the_signing_key_is_made_once_private_and_checked_at_deploy(tmp_path, settings):
    from zhifa.disclosure.checks import anchor_signing_key

    # given no key file yet: the check is quiet, the first signature makes the file (mode 0600)
    settings.ZHIFA_ANCHOR_SIGNING_KEY_FILE = str(tmp_path / "keys" / "anchor.pem")
    assert anchor_signing_key() == []
    signature = signing.sign(b"x")
    path = tmp_path / "keys" / "anchor.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert signing.verify(b"x", signature) and not signing.verify(b"y", signature)
    assert anchor_signing_key() == []
    # then a key that others may read is a warning, and a file that is not a key an error
    path.chmod(0o644)
    assert [m.id for m in anchor_signing_key()] == ["zhifa.disclosure.W001"]
    path.write_text("not a key")
    assert [m.id for m in anchor_signing_key()] == ["zhifa.disclosure.E001"]
