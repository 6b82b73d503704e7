"""The deadlines API: scoped list and filters, extension request and decision, errors as JSON."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.deadlines import services
from zhifa.records.models import JournalEntry

URL = "/api/v1/deadlines"


@pytest.fixture
def hangzhou_a13(world, subject, officer):
    # filed 30 days ago: the 90-day period is still running today
    return services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A13_decision",
        start=timezone.localdate() - timedelta(days=30),
        responsible=[officer],
    )


@pytest.fixture
def ningbo_deadline(world):
    other = testing.make_user(world.ningbo)
    return services.open_deadline(
        subject=other,
        agency=world.ningbo,
        code="A14_decision_service",
        start=date(2026, 9, 28),
    )


def test_anonymous_gets_401(client, hangzhou_a13):
    response = client.get(URL)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("agency", "sees"),
    [
        ("hangzhou", {"hangzhou"}),
        ("ningbo", {"ningbo"}),
        ("zhejiang", {"hangzhou", "ningbo"}),
        ("sichuan", set()),
    ],
)
def test_list_is_scoped(world, login, hangzhou_a13, ningbo_deadline, agency, sees):
    # given a user of `agency` (the list varies only by who asks)
    user = testing.make_user(getattr(world, agency), roles=("officer",))
    # when
    body = login(user).get(URL).json()
    # then
    names = {"hangzhou": world.hangzhou.name, "ningbo": world.ningbo.name}
    assert {item["agency_name"] for item in body["items"]} == {names[a] for a in sees}
    assert body["count"] == len(sees)


def test_filters(world, login, officer, hangzhou_a13, subject):
    # given one overdue deadline besides the running A13 period
    late = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A9_onsite_decision_filing",
        start=date(2026, 9, 1),
        due=date(2026, 9, 7),
    )
    services.sweep()
    client = login(officer)
    # when / then
    overdue = client.get(URL, {"overdue": "true"}).json()["items"]
    assert [d["id"] for d in overdue] == [late.pk]
    assert client.get(URL).json()["items"][0]["id"] == late.pk  # overdue first
    before = client.get(URL, {"due_before": "2026-09-30"}).json()["items"]
    assert [d["id"] for d in before] == [late.pk]
    assert client.get(URL, {"state": "met"}).json()["count"] == 0
    assert client.get(URL, {"state": "nonsense"}).status_code == 422


def test_detail_shape_and_scope(world, login, officer, hangzhou_a13, ningbo_deadline):
    client = login(officer)
    body = client.get(f"{URL}/{hangzhou_a13.pk}").json()
    assert body["code"] == "A13_decision" and body["extendable"] is True
    assert body["unit"] == "natural_days" and body["amount"] == 90 and "TEPP" in body["basis"]
    hidden = client.get(f"{URL}/{ningbo_deadline.pk}")
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"


def test_request_and_approve_an_extension(login, officer, head, hangzhou_a13):
    # given
    response = login(officer).post(
        f"{URL}/{hangzhou_a13.pk}/extensions",
        {"days": 30, "reason": "案情复杂"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    request_id = response.json()["id"]
    # when
    decided = login(head).post(
        f"{URL}/extensions/{request_id}/decision",
        {"approve": True, "note": "同意"},
        content_type="application/json",
    )
    # then
    assert decided.status_code == 200
    body = decided.json()
    assert body["decision"] == "approved"
    assert date.fromisoformat(body["new_due"]) > date.fromisoformat(body["old_due"])
    assert JournalEntry.objects.filter(event_type="deadline.extension_decided").count() == 1
    again = login(officer).post(
        f"{URL}/{hangzhou_a13.pk}/extensions",
        {"days": 5, "reason": "再延"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "extension_limit_reached"


def test_wrong_role_cannot_decide(login, officer, hangzhou_a13):
    # given
    ext = services.request_extension(hangzhou_a13, days=10, reason="复杂", actor=officer)
    # when
    response = login(officer).post(
        f"{URL}/extensions/{ext.pk}/decision", {"approve": True}, content_type="application/json"
    )
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "extension_approver_required"
    assert "负责人" in response.json()["message"]


def test_out_of_scope_extension_looks_missing(world, login, officer, hangzhou_a13):
    # given
    ext = services.request_extension(hangzhou_a13, days=10, reason="复杂", actor=officer)
    other_head = testing.make_user(world.sichuan, roles=("agency_head",))
    # when
    client = login(other_head)
    decide = client.post(
        f"{URL}/extensions/{ext.pk}/decision", {"approve": True}, content_type="application/json"
    )
    ask = client.post(
        f"{URL}/{hangzhou_a13.pk}/extensions",
        {"days": 5, "reason": "x"},
        content_type="application/json",
    )
    # then
    assert decide.status_code == 404 and ask.status_code == 404


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"days": 31, "reason": "复杂"}, 422, "invalid_extension"),
        ({"days": 10, "reason": ""}, 422, "invalid_extension"),
        ({"days": "many", "reason": "复杂"}, 422, "invalid_input"),
        ({"reason": "复杂"}, 422, "invalid_input"),
    ],
)
def test_bad_extension_requests(login, officer, hangzhou_a13, payload, status, code):
    response = login(officer).post(
        f"{URL}/{hangzhou_a13.pk}/extensions", payload, content_type="application/json"
    )
    assert response.status_code == status and response.json()["code"] == code
    assert not JournalEntry.objects.filter(event_type="deadline.extension_requested").exists()


def test_not_extendable_deadline(world, login, officer, subject):
    d = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A10_hearing_request", start=date(2026, 9, 30)
    )
    response = login(officer).post(
        f"{URL}/{d.pk}/extensions", {"days": 1, "reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "deadline_not_extendable"


def test_extension_history(login, officer, hangzhou_a13):
    services.request_extension(hangzhou_a13, days=10, reason="复杂", actor=officer)
    body = login(officer).get(f"{URL}/{hangzhou_a13.pk}/extensions").json()
    assert [e["decision"] for e in body] == ["pending"]
