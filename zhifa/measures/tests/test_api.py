"""The JSON API: every endpoint tried anonymously, by the wrong role, out of scope and in scope;
each successful write leaves its one journal entry; bad input comes back with its code."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhifa.measures import services
from zhifa.records.models import JournalEntry

from .conftest import ITEMS, attach_video

pytestmark = pytest.mark.django_db
BASE = "/api/v1/measures"
BASIS = {"basis_law": "《公路安全保护条例》", "basis_article": "第七十二条"}


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def entries(event):
    return JournalEntry.objects.filter(event_type=event).count()


def active_preservation(case, people):
    p = services.request_preservation(
        case, actor=people.o1.user, reason="可能灭失", items_summary="货物"
    )
    services.decide_preservation_approval(p, actor=people.head, approve=True)
    return services.start_preservation(p, actor=people.o1.user, items=ITEMS, party_signed=True)


def approved_measure(case, people):
    m = services.request_measure(
        case, actor=people.o1.user, kind="seize", reason="超限", items_summary="车辆", **BASIS
    )
    return services.decide_measure_approval(m, actor=people.head, approve=True)


def active_measure(case, people):
    m = approved_measure(case, people)
    attach_video(case, people.o1, ref=m, when=timezone.now())
    return services.execute_measure(m, actor=people.o1.user, items=ITEMS, party_signed=True)


# --- the matrix --------------------------------------------------------------------------------------


def _preservation_request(case, people):
    return (
        f"{BASE}/cases/{case.pk}/preservations",
        {"reason": "可能灭失", "items_summary": "货物"},
    )


def _preservation_approval(case, people):
    p = services.request_preservation(case, actor=people.o1.user, reason="x", items_summary="y")
    return (f"{BASE}/preservations/{p.pk}/approval", {"approve": True})


def _measure_request(case, people):
    data = {"kind": "seal", "reason": "x", "items_summary": "仓库", **BASIS}
    return (f"{BASE}/cases/{case.pk}/measures", data)


def _measure_release(case, people):
    m = active_measure(case, people)
    return (f"{BASE}/measures/{m.pk}/release", {"ground": "no_violation", "reason": "复核未超限"})


def _extension(case, people):
    m = active_measure(case, people)
    today = timezone.localdate().isoformat()
    return (
        f"{BASE}/measures/{m.pk}/extension",
        {"days": 30, "reason": "情况复杂", "notice_served_on": today},
    )


def _register(case, people):
    return (f"{BASE}/cases/{case.pk}/property", {"items": ITEMS[:1]})


def _disposal_decision(case, people):
    item = services.register_property(
        case,
        actor=people.o1.user,
        items=[{"description": "鲜鱼", "quantity": "5", "unit": "千克", "perishable": True}],
    )[0]
    d = services.request_disposal(item, actor=people.o1.user, kind="auction", reason="易腐")
    return (f"{BASE}/disposals/{d.pk}/decision", {"approve": True})


# (make the request, the right user, a wrong user of the same agency, the event written)
MATRIX = [
    (_preservation_request, "o1", "head", "preservation.requested"),
    (_preservation_approval, "head", "o1", "preservation.approved"),
    (_measure_request, "o1", "head", "measure.requested"),
    (_measure_release, "head", "o2", "measure.released"),
    (_extension, "head", "o1", "measure.extended"),
    (_register, "o2", "custodian", "property.registered"),
    (_disposal_decision, "head", "o1", "property.disposal_approved"),
]


def _user(people, name):
    who = getattr(people, name)
    return getattr(who, "user", who)


@pytest.mark.parametrize(("make", "right", "wrong", "event"), MATRIX)
def test_endpoint_matrix(client, login, case, people, make, right, wrong, event):
    url, data = make(case, people)
    # anonymous
    assert post(client, url, data).status_code == 401
    # wrong role, same agency
    response = post(login(_user(people, wrong)), url, data)
    assert response.status_code == 403, response.json()
    # right role, another agency: out of scope looks like missing
    response = post(login(people.other_head), url, data)
    assert response.status_code == 404, response.json()
    # right role in scope: one entry of the event
    before = entries(event)
    response = post(login(_user(people, right)), url, data)
    assert response.status_code in (200, 201), response.json()
    assert entries(event) == before + 1


# --- behaviour through the API -----------------------------------------------------------------------


def test_seizure_without_a_basis_is_refused(login, case, people):
    client = login(people.o1.user)
    response = post(
        client,
        f"{BASE}/cases/{case.pk}/measures",
        {
            "kind": "seize",
            "basis_law": "",
            "basis_article": "",
            "reason": "x",
            "items_summary": "y",
        },
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "legal_basis_required"
    assert body["details"]["refusals"][0]["article"] == "ACL Arts. 10, 17, 22"


def test_second_extension_is_refused(login, case, people):
    m = active_measure(case, people)
    client = login(people.head)
    today = timezone.localdate().isoformat()
    data = {"days": 10, "reason": "情况复杂", "notice_served_on": today}
    assert post(client, f"{BASE}/measures/{m.pk}/extension", data).status_code == 201
    response = post(client, f"{BASE}/measures/{m.pk}/extension", data)
    assert response.status_code == 409 and response.json()["code"] == "extension_limit_reached"


def test_execute_without_video_is_refused(login, case, people):
    m = approved_measure(case, people)
    response = post(
        login(people.o1.user),
        f"{BASE}/measures/{m.pk}/execute",
        {"items": ITEMS, "party_signed": True},
    )
    assert response.status_code == 409 and response.json()["code"] == "recording_required"


def test_disposal_without_approval_is_refused(login, case, people):
    item = services.register_property(
        case,
        actor=people.o1.user,
        items=[{"description": "鲜鱼", "quantity": "5", "unit": "千克", "perishable": True}],
    )[0]
    client = login(people.o1.user)
    response = post(
        client, f"{BASE}/property/{item.pk}/disposals", {"kind": "auction", "reason": "易腐"}
    )
    assert response.status_code == 201
    disposal_id = response.json()["id"]
    response = post(client, f"{BASE}/disposals/{disposal_id}/done", {"proceeds": "100"})
    assert response.status_code == 409 and response.json()["code"] == "disposal_not_approved"


def test_case_overview_and_history(login, case, people):
    p = active_preservation(case, people)
    client = login(people.o2.user)
    body = client.get(f"{BASE}/cases/{case.pk}").json()
    assert body["active_measures"] == 1
    assert [x["id"] for x in body["preservations"]] == [p.pk]
    assert len(body["property"]) == 2 and body["property"][0]["custody"] == "held_by_officer"
    item_id = body["property"][0]["id"]
    history = client.get(f"{BASE}/property/{item_id}/history").json()
    assert [h["event_type"] for h in history] == ["property.registered", "deadline.opened"]
    assert client.get(f"{BASE}/preservations/{p.pk}/history").status_code == 200
    # out of scope
    other = login(people.other_head)
    assert other.get(f"{BASE}/cases/{case.pk}").status_code == 404
    assert other.get(f"{BASE}/property/{item_id}").status_code == 404


def test_property_list_is_scoped(login, case, people):
    services.register_property(case, actor=people.o1.user, items=ITEMS)
    assert login(people.head).get(f"{BASE}/property").json()["count"] == 2
    assert login(people.other_head).get(f"{BASE}/property").json()["count"] == 0


def test_emergency_measure_over_the_api(login, case, people):
    attach_video(case, people.o1, when=timezone.now() - timedelta(minutes=5))
    client = login(people.o1.user)
    response = post(
        client,
        f"{BASE}/cases/{case.pk}/measures/emergency",
        {
            "kind": "seize",
            "reason": "超限",
            "emergency_reason": "驾驶人欲驾车逃离",
            "items": ITEMS[:1],
            "party_refused": True,
            "witness": "站长 孙某",
            **BASIS,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["emergency"] and body["state"] == "active" and body["approval"] == "pending"
    response = post(client, f"{BASE}/measures/{body['id']}/report", {"note": "已扣押"})
    assert response.status_code == 200 and response.json()["reported_at"]


def test_bad_input_is_422(login, case, people):
    response = post(login(people.o1.user), f"{BASE}/cases/{case.pk}/property", {"items": "x"})
    assert response.status_code == 422
    response = post(
        login(people.o1.user),
        f"{BASE}/cases/{case.pk}/property",
        {"items": [{"description": "x", "quantity": "-1", "unit": "个"}]},
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid_quantity"
