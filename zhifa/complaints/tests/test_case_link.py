"""A work order names the case it is about (by case number within the user's scope, or from the
case page): journaled, listed on the case page, counted per case by the indicators (complained) and
per provision by the provision review, beside the reversal rate of the case's remedies."""

import json
from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases.models import Case
from zhifa.cases.tests.helpers import Api
from zhifa.complaints.models import Complaint
from zhifa.core.indicators import BY_CODE
from zhifa.disclosure.tests.test_publication import decided
from zhifa.evaluation import feeds
from zhifa.indicators import selectors as indicators
from zhifa.indicators.models import CaseFact
from zhifa.provision_review import selectors as review
from zhifa.records.models import JournalEntry

D = date


@pytest.fixture
def api(client):
    return Api(client)


def _order(agency, code="A1B2C3D4E5") -> Complaint:
    return Complaint.objects.create(
        tracking_code=code,
        channel="hotline_12328",
        category="complaint",
        intake_agency=agency,
        agency=agency,
        phone="13800000000",
        content="执法人员处罚过重",
    )


def _put(client, user, cid, number):
    client.force_login(user)
    r = client.put(
        f"/api/v1/complaints/{cid}/case",
        json.dumps({"case_number": number}),
        content_type="application/json",
    )
    return r.status_code, r.json()


def test_link_by_number_counts_and_unlinks(api, client, world, people, law):
    o1 = people.o1.user
    cid = decided(api, people)
    case = Case.objects.get(pk=cid)
    order = _order(world.hangzhou)

    status, body = _put(client, o1, order.pk, case.case_number)
    assert status == 200 and body["case_id"] == cid and body["case_number"] == case.case_number
    assert JournalEntry.objects.filter(
        event_type="complaint.case_linked", subject_id=str(order.pk)
    ).exists()
    assert CaseFact.objects.get(case_id=cid).complained == 1
    # the case page lists it
    client.force_login(o1)
    assert order.tracking_code in client.get(f"/cases/{cid}/").content.decode()
    # per provision: one decision, one with a complaint; a revoked remedy makes the reversal rate
    api.post(
        o1,
        f"/{cid}/remedy-proceedings",
        {"kind": "litigation", "started_on": D(2026, 6, 20), "body": "西湖区人民法院"},
    )
    rid = case.remedies.get().pk
    api.post(
        o1,
        f"/{cid}/remedy-proceedings/{rid}/outcome",
        {"outcome": "revoked", "decided_on": D(2026, 9, 1)},
    )
    (row,) = review.provision_rows(people.head)
    f = row.figures
    assert (f.decided, f.remedies, f.remedy_concluded, f.remedy_reversed, f.complaints) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert row.reversal_share == "100.0%" and row.complaint_share == "100.0%"
    # one definition: the dashboards' indicators and the evaluation feeds give the same figures
    _, total = indicators.case_table(world.zhejiang, indicators.Period(2026))
    assert total.value(BY_CODE["remedy_reversal_rate"]) == 100.0
    assert total.value(BY_CODE["complaint_case_rate"]) == 100.0
    year = (D(2026, 1, 1), D(2026, 12, 31))
    assert feeds.remedy_reversal_rate(world.zhejiang, *year) == Decimal("1.000")
    assert feeds.case_complaint_rate(world.zhejiang, *year) == Decimal("1.000")
    assert feeds.remedy_reversal_rate(world.ningbo, *year) is None  # nothing concluded there

    client.force_login(o1)
    r = client.delete(f"/api/v1/complaints/{order.pk}/case")
    assert r.status_code == 200 and r.json()["case_id"] is None
    assert CaseFact.objects.get(case_id=cid).complained == 0


def test_out_of_scope_number_and_outsiders_are_refused(api, client, world, people, law):
    cid = decided(api, people)
    number = Case.objects.get(pk=cid).case_number
    order = _order(world.ningbo, code="NB00000001")
    # a Ningbo head handles the order, but the Hangzhou case is outside Ningbo's scope
    status, body = _put(client, people.other_head, order.pk, number)
    assert status == 422 and body["code"] == "complaint_case_not_found"
    # a Hangzhou officer does not see the Ningbo order at all
    status, body = _put(client, people.o1.user, order.pk, number)
    assert status == 404
    assert Complaint.objects.get(pk=order.pk).case_id is None
    assert not JournalEntry.objects.filter(event_type="complaint.case_linked").exists()


def test_link_from_the_case_page(api, client, world, people, law):
    o1 = people.o1.user
    cid = decided(api, people)
    order = _order(world.hangzhou)
    client.force_login(o1)
    page = client.get(f"/cases/{cid}/").content.decode()
    assert 'id="complaint-link-form"' in page and order.tracking_code in page
    r = client.post("/complaints/link-case/", {"complaint": order.pk, "case_id": cid})
    assert r.status_code == 302 and r["Location"].endswith(f"/cases/{cid}/#remedies")
    assert Complaint.objects.get(pk=order.pk).case_id == cid
