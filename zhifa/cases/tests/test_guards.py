"""Every guard has a negative test: a stable code, a Chinese message, nothing changed, no journal
entry (helpers.Api.refused checks the last two)."""

from datetime import date

import pytest

from zhifa.cases.models import Case, IdempotencyKey, Party
from zhifa.cases.tests.helpers import (
    ALL_ONSPOT_STEPS,
    ORG,
    PERSON,
    Api,
    deadline,
    fine,
    journal_count,
)
from zhifa.cases.tests.test_scenarios import SMALL_DIG, investigate

D = date


@pytest.fixture
def api(client):
    return Api(client)


JUNE_1 = D(2026, 6, 1)


def new_case(api, people, *, party=ORG, provision="hl-76-1", triggers=None, received=JUNE_1):
    return api.lead(
        people.o1.user,
        received_on=received,
        violation_date=D(2026, 5, 30),
        provision=provision,
        party=party,
        officers=[people.o1, people.o2],
        triggers=triggers,
    )["id"]


def notified(api, people, amount=4000, **kw):
    """A case with the notice of violation served on 8 June 2026."""
    cid = new_case(api, people, **kw)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    api.step(people.o1.user, cid, "notice", D(2026, 6, 8), penalty=fine(amount))
    return cid


# --- who may see and act -------------------------------------------------------------------------


def test_anonymous_gets_401(api, world, people, law):
    cid = new_case(api, people)
    body = api.get(None, "", status=401)
    assert body["code"] == "unauthenticated"
    assert api.post(None, f"/{cid}/file", {"as_of": D(2026, 6, 2)}, status=401)["code"] == (
        "unauthenticated"
    )


def test_out_of_scope_looks_like_missing(api, world, people, law):
    cid = new_case(api, people)
    # the Ningbo head has the right role in the wrong agency; Chengdu sees nothing of Zhejiang
    assert api.get(people.other_head, f"/{cid}", status=404)["code"] == "case_not_found"
    body = api.post(people.other_head, f"/{cid}/file", {"as_of": D(2026, 6, 2)}, status=404)
    assert body["code"] == "case_not_found"
    assert Case.objects.get(pk=cid).state == "lead"
    assert api.get(people.other_head, "")["count"] == 0
    # the provincial department (above Hangzhou) reads the case but may not approve it
    from zhifa import testing

    province_head = testing.make_user(world.zhejiang, roles=("agency_head",))
    assert api.get(province_head, f"/{cid}")["id"] == cid
    api.refused(province_head, cid, "file", D(2026, 6, 2), "procedure_role_not_allowed", 403)


def test_approver_of_the_wrong_role(api, world, people, law):
    cid = new_case(api, people)
    # filing is the head's approval (APL Art. 54); an officer or a reviewer is refused
    api.refused(people.o1.user, cid, "file", D(2026, 6, 2), "procedure_role_not_allowed", 403)
    api.refused(people.reviewer, cid, "file", D(2026, 6, 2), "procedure_role_not_allowed", 403)


def test_transition_out_of_order(api, world, people, law):
    cid = new_case(api, people)
    body = api.refused(people.head, cid, "decision", D(2026, 6, 2), "procedure_illegal_transition")
    assert "线索" in body["message"]
    api.refused(people.head, cid, "archive", D(2026, 6, 2), "procedure_illegal_transition")


def test_unknown_transition(api, world, people, law):
    cid = new_case(api, people)
    before = journal_count(cid)
    body = api.post(
        people.head, f"/{cid}/steps/skip_to_the_end", {"as_of": D(2026, 6, 2)}, status=422
    )
    assert body["code"] == "procedure_unknown_transition"
    assert journal_count(cid) == before


# --- dates -------------------------------------------------------------------------------------


def test_date_before_filing(api, world, people, law):
    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 3))
    body = api.refused(
        people.o1.user, cid, "investigation", D(2026, 6, 2), "date_before_previous_step"
    )
    assert "2026-06-03" in body["message"]


def test_date_in_the_future(api, world, people, law):
    cid = new_case(api, people)
    api.refused(people.head, cid, "file", D(2099, 1, 1), "date_in_future", status=422)


def test_limitation_expired(api, world, people, law):
    # discovered more than 2 years after the act (APL Art. 36)
    cid = api.lead(
        people.o1.user,
        received_on=D(2026, 6, 1),
        violation_date=D(2024, 5, 1),
        provision="hl-76-1",
        party=ORG,
        officers=[people.o1, people.o2],
    )["id"]
    api.refused(people.head, cid, "file", D(2026, 6, 2), "limitation_expired")


# --- amounts -------------------------------------------------------------------------------------


def test_amount_above_the_statute(api, world, people, law):
    cid = new_case(api, people)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    # hl-76-1: at most 30,000 yuan (公路法 Art. 76)
    body = api.refused(
        people.o1.user, cid, "notice", D(2026, 6, 8), "fine_above_statute", penalty=fine(40000)
    )
    assert "30000" in body["message"]
    bad = api.refused(
        people.o1.user,
        cid,
        "notice",
        D(2026, 6, 8),
        "payment_amount_precision",
        status=422,
        penalty=fine("100.005"),
    )
    assert bad["message"]


def test_decision_heavier_than_notified(api, world, people, law):
    cid = notified(api, people, amount=4000)
    api.post(people.o1.user, f"/{cid}/statement/waiver", {"as_of": D(2026, 6, 9)})
    # APL Art. 44: the party was told 4,000; 4,500 needs a new notice
    api.refused(
        people.head, cid, "decision", D(2026, 6, 9), "heavier_than_notified", penalty=fine(4500)
    )


def test_departure_from_the_recommendation_needs_approval(api, world, people, law):
    cid = notified(api, people, amount=6000)  # recommended 3,000–5,000
    api.post(people.o1.user, f"/{cid}/statement/waiver", {"as_of": D(2026, 6, 9)})
    api.refused(people.head, cid, "decision", D(2026, 6, 9), "deviation_not_approved")
    # only the head approves, never beyond the statute, and with a reason
    assert (
        api.post(
            people.o1.user,
            f"/{cid}/deviations",
            {"as_of": D(2026, 6, 9), "amount": "6000", "reason": "x"},
            status=403,
        )["code"]
        == "procedure_role_not_allowed"
    )
    assert (
        api.post(
            people.head,
            f"/{cid}/deviations",
            {"as_of": D(2026, 6, 9), "amount": "31000", "reason": "x"},
            status=409,
        )["code"]
        == "fine_above_statute"
    )
    assert (
        api.post(
            people.head,
            f"/{cid}/deviations",
            {"as_of": D(2026, 6, 9), "amount": "6000", "reason": " "},
            status=422,
        )["code"]
        == "field_required"
    )
    api.post(
        people.head,
        f"/{cid}/deviations",
        {"as_of": D(2026, 6, 9), "amount": "6000", "reason": "多次挖掘，拒不恢复"},
        status=201,
    )
    decided = api.step(people.head, cid, "decision", D(2026, 6, 9))
    assert decided["case"]["state"] == "decided_penalty"
    assert Case.objects.get(pk=cid).decision.deviation is not None


# --- windows before the decision -------------------------------------------------------------------


def test_statement_window_of_the_province(api, world, people, law, settings):
    # given a province window of 3 working days for statements (legal.md §A12, a parameter)
    settings.ZHIFA_STATEMENT_WINDOW_WORKING_DAYS = 3
    cid = new_case(api, people, received=D(2026, 9, 21))
    investigate(api, people, cid, [D(2026, 9, d) for d in (22, 22, 22, 23, 23, 24)], SMALL_DIG)
    api.step(people.o1.user, cid, "notice", D(2026, 9, 24), penalty=fine(4000))
    # 3 working days from Thursday 24 September: 25 September is a holiday; 28, 29, 30 → 30th
    assert deadline(api.case(people.head, cid), "A12_statement") == "2026-09-30"
    api.refused(people.head, cid, "decision", D(2026, 9, 30), "statement_window_open")
    assert api.step(people.head, cid, "decision", D(2026, 10, 8))["case"]["state"] == (
        "decided_penalty"
    )


def test_no_province_window_needs_the_party_heard(api, world, people, law):
    cid = notified(api, people)
    api.refused(people.head, cid, "decision", D(2026, 6, 9), "statement_not_heard")


def test_hearing_request_out_of_time(api, world, people, law):
    cid = new_case(api, people, party=PERSON)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    api.step(people.o1.user, cid, "notice", D(2026, 6, 8), penalty=fine(20000))
    # 5 working days from Monday 8 June: 15 June (19 June is the Dragon Boat holiday, later)
    assert deadline(api.case(people.head, cid), "A10_hearing_request") == "2026-06-15"
    api.refused(people.o1.user, cid, "hearing/request", D(2026, 6, 16), "hearing_request_late")


def test_no_hearing_without_the_right(api, world, people, law):
    cid = notified(api, people, amount=4000)
    api.refused(people.o1.user, cid, "hearing/request", D(2026, 6, 9), "hearing_not_available")
    assert (
        api.post(people.o1.user, f"/{cid}/hearing/waiver", {"as_of": D(2026, 6, 9)}, status=409)[
            "code"
        ]
        == "hearing_not_available"
    )


# --- service ---------------------------------------------------------------------------------


def test_electronic_service_needs_a_confirmed_address(api, world, people, law):
    cid = new_case(api, people)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    # the notice by e-mail without the 送达地址确认书 (TEPP Art. 18(3))
    api.refused(
        people.o1.user,
        cid,
        "notice",
        D(2026, 6, 8),
        "electronic_service_unconfirmed",
        penalty=fine(4000),
        service_method="electronic",
    )
    api.step(people.o1.user, cid, "notice", D(2026, 6, 8), penalty=fine(4000))
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    api.step(people.head, cid, "decision", D(2026, 6, 10))
    api.refused(
        people.o2.user,
        cid,
        "service",
        D(2026, 6, 11),
        "electronic_service_unconfirmed",
        method="electronic",
    )
    # once the party confirms an address, electronic service is lawful
    Party.objects.filter(cases__pk=cid).update(e_service_address="a@b.cn", e_service_confirmed=True)
    served = api.step(people.o2.user, cid, "service", D(2026, 6, 11), method="electronic")
    assert served["case"]["state"] == "served"


# --- idempotency -------------------------------------------------------------------------------------


def test_duplicate_submission_returns_the_first_result(api, world, people, law):
    cid = new_case(api, people)
    first = api.step(people.head, cid, "file", D(2026, 6, 2), idempotency_key="file-1")
    entries = journal_count(cid)
    again = api.step(people.head, cid, "file", D(2026, 6, 2), idempotency_key="file-1")
    assert again["replayed"] is True and first["replayed"] is False
    assert again["step"]["id"] == first["step"]["id"]
    assert again["case"]["case_number"] == first["case"]["case_number"]
    assert journal_count(cid) == entries
    # the header works too, and a key is never reused for another step
    body = api.post(
        people.head, f"/{cid}/file", {"as_of": D(2026, 6, 2)}, headers={"Idempotency-Key": "file-1"}
    )
    assert body["replayed"] is True
    reused = api.post(
        people.o1.user, f"/{cid}/investigation", {"as_of": D(2026, 6, 2), "idempotency_key": "k"}
    )
    assert reused["replayed"] is False
    clash = api.post(
        people.o1.user,
        f"/{cid}/report",
        {"as_of": D(2026, 6, 3), "idempotency_key": "k"},
        status=409,
    )
    assert clash["code"] == "idempotency_key_reused"
    assert IdempotencyKey.objects.count() == 2


def test_duplicate_lead_submission(api, world, people, law):
    data = {
        "source": "report",
        "facts": "群众举报擅自挖掘",
        "received_on": D(2026, 6, 1),
        "party": ORG,
        "idempotency_key": "lead-7",
    }
    one = api.post(people.o1.user, "/leads", data, status=201)
    two = api.post(people.o1.user, "/leads", data, status=201)
    assert one["id"] == two["id"] and Case.objects.count() == 1


# --- parties ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "party, code",
    [
        ({**PERSON, "id_number": "110105194912310021"}, "id_number_checksum"),
        ({**PERSON, "id_number": "11010519491231"}, "id_number_length"),
        ({**ORG, "id_number": "91330100716105852G"}, "uscc_checksum"),
        ({**PERSON, "plate": "浙A1234"}, "plate_format"),
        ({**PERSON, "kind": "robot"}, "party_kind_invalid"),
    ],
)
def test_bad_party_identifiers(api, world, people, party, code):
    body = api.post(
        people.o1.user,
        "/leads",
        {"source": "inspection", "facts": "x", "received_on": D(2026, 6, 1), "party": party},
        status=422,
    )
    assert body["code"] == code and body["message"]
    assert not Case.objects.exists() and not Party.objects.exists()


def test_uscc_inner_organisation_code_is_checked(world, people):
    # the outer MOD 31 check is right, the inner GB 11714 check character is not
    from zhifa.cases import services
    from zhifa.core import identifiers
    from zhifa.core.errors import InvalidInput

    body = "91330100716105853"  # inner code 71610585-3 (should be -2)
    code = body + identifiers._uscc.calc_check_digit(body)
    with pytest.raises(InvalidInput) as refused:
        services.create_party(
            actor=people.o1.user, kind="organisation", name="某公司", id_number=code
        )
    assert refused.value.code == "uscc_org_code_checksum"


# --- recusal ---------------------------------------------------------------------------------------


def test_recused_officer_is_blocked(api, world, people, law):
    cid = new_case(api, people)
    o1, o2, head = people.o1.user, people.o2.user, people.head
    # an officer declares a relationship with the party (APL Art. 43)
    rec = api.post(
        o2,
        f"/{cid}/recusals",
        {
            "as_of": D(2026, 6, 2),
            "officer_id": people.o2.pk,
            "requested_by": "officer",
            "ground": "other_relationship",
            "reason": "当事人系本人同学",
        },
        status=201,
    )
    # only the head decides; an officer may not
    assert (
        api.post(
            o1,
            f"/{cid}/recusals/{rec['id']}/decision",
            {"as_of": D(2026, 6, 2), "approved": True},
            status=403,
        )["code"]
        == "procedure_role_not_allowed"
    )
    decided = api.post(
        head, f"/{cid}/recusals/{rec['id']}/decision", {"as_of": D(2026, 6, 2), "approved": True}
    )
    assert decided["status"] == "approved"
    # then the recused officer no longer counts, and holds no role on the case
    body = api.refused(head, cid, "file", D(2026, 6, 2), "two_officers_required")
    assert "只有1名" in body["message"]
    assert api.get(o2, f"/{cid}/actions", as_of="2026-06-02")["roles"] == []
    # nor can be assigned again
    assert (
        api.post(
            head,
            f"/{cid}/officers",
            {"as_of": D(2026, 6, 2), "officers": [people.o2.pk]},
            status=422,
        )["code"]
        == "officer_recused"
    )


def test_party_recusal_request_refused_by_head(api, world, people, law):
    cid = new_case(api, people)
    rec = api.post(
        people.o1.user,
        f"/{cid}/recusals",
        {
            "as_of": D(2026, 6, 2),
            "officer_id": people.o2.pk,
            "requested_by": "party",
            "ground": "interest_in_case",
        },
        status=201,
    )
    bad = api.post(
        people.o1.user,
        f"/{cid}/recusals",
        {
            "as_of": D(2026, 6, 2),
            "officer_id": people.o1.pk,
            "requested_by": "party",
            "ground": "dislike",
        },
        status=422,
    )
    assert bad["code"] == "recusal_ground"
    api.post(
        people.head,
        f"/{cid}/recusals/{rec['id']}/decision",
        {"as_of": D(2026, 6, 2), "approved": False, "opinion": "理由不成立"},
    )
    assert api.step(people.head, cid, "file", D(2026, 6, 2))["case"]["state"] == "filed"


# --- filing, extension, leaving the procedure -------------------------------------------------------


def test_lead_declined_with_reason(api, world, people, law):
    cid = new_case(api, people)
    api.refused(people.head, cid, "decline", D(2026, 6, 2), "reason_missing", reason="")
    declined = api.step(people.head, cid, "decline", D(2026, 6, 2), reason="不属于本机关管辖")
    assert declined["case"]["state"] == "not_filed"
    lead = Case.objects.get(pk=cid).lead
    assert lead.state == "not_filed" and lead.not_filed_reason == "不属于本机关管辖"
    assert lead.decided_by == people.head
    assert [d["kind"] for d in declined["documents"]] == ["not_filed_approval"]


def test_decision_period_extended_once(api, world, people, law):
    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    api.refused(people.head, cid, "period-extension", D(2026, 6, 3), "reason_missing", reason="")
    api.step(people.head, cid, "period-extension", D(2026, 6, 3), reason="案情复杂，需要鉴定")
    detail = api.case(people.head, cid)
    # 90 days from 2 June end on 31 August; 30 more: 30 September (TEPP Art. 78)
    assert deadline(detail, "A13_decision") is None
    assert deadline(detail, "A13_decision_extension") == "2026-09-30"
    assert detail["decision_due"] == "2026-09-30"
    api.refused(
        people.head,
        cid,
        "period-extension",
        D(2026, 6, 4),
        "decision_period_already_extended",
        reason="再延长",
    )


def test_termination_needs_a_lawful_reason(api, world, people, law):
    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    api.refused(people.head, cid, "terminate", D(2026, 6, 3), "reason_not_allowed", reason="太忙")
    done = api.step(people.head, cid, "terminate", D(2026, 6, 3), reason="no_violation")
    assert done["case"]["state"] == "investigation_terminated"
    assert api.step(people.head, cid, "close", D(2026, 6, 4))["case"]["state"] == "closed"


def test_crime_transfer_needs_the_report(api, world, people, law):
    cid = new_case(api, people)
    api.step(people.head, cid, "file", D(2026, 6, 2))
    api.step(people.o1.user, cid, "investigation", D(2026, 6, 2))
    api.refused(people.head, cid, "transfer-crime", D(2026, 6, 3), "crime_report_missing")
    api.post(people.o1.user, f"/{cid}/crime-report", {"as_of": D(2026, 6, 3)})
    # the principal head decides within 3 days (S6 Art. 5): Saturday 6 June rolls to Monday 8
    assert deadline(api.case(people.head, cid), "A8_transfer_decision") == "2026-06-08"
    moved = api.step(people.head, cid, "transfer-crime", D(2026, 6, 4))
    assert moved["case"]["state"] == "transferred_to_judiciary"
    api.refused(people.head, cid, "close", D(2026, 6, 4), "crime_not_handed_over")
    api.post(people.o1.user, f"/{cid}/crime-handover", {"as_of": D(2026, 6, 5)})
    assert api.step(people.head, cid, "close", D(2026, 6, 5))["case"]["state"] == "closed"


def test_transfer_to_another_agency_from_a_lead(api, world, people, law):
    cid = new_case(api, people)
    moved = api.step(
        people.head,
        cid,
        "transfer",
        D(2026, 6, 2),
        reason="属地管辖",
        to_agency="宁波市交通运输综合行政执法支队",
    )
    assert moved["case"]["state"] == "transferred_to_agency"
    assert Case.objects.get(pk=cid).lead.state == "transferred"


# --- payment ---------------------------------------------------------------------------------------


def _awaiting_payment(api, people):
    cid = notified(api, people, amount=4000)
    api.step(people.o1.user, cid, "statement", D(2026, 6, 9), text="无异议")
    api.step(people.head, cid, "decision", D(2026, 6, 10))
    api.step(people.o2.user, cid, "service", D(2026, 6, 11), method="direct")
    api.step(people.o1.user, cid, "performance", D(2026, 6, 11))
    return cid


def test_partial_payment_and_overpayment(api, world, people, law):
    cid = _awaiting_payment(api, people)
    too_much = api.post(
        people.o1.user,
        f"/{cid}/payments",
        {"as_of": D(2026, 6, 12), "amount": "4000.01"},
        status=422,
    )
    assert too_much["code"] == "payment_exceeds_outstanding"
    part = api.post(people.o1.user, f"/{cid}/payments", {"as_of": D(2026, 6, 12), "amount": "1500"})
    assert part["result"] is None and part["outstanding"] == "2500.00"
    assert api.case(people.o1.user, cid)["state"] == "awaiting_performance"
    rest = api.post(people.o1.user, f"/{cid}/payments", {"as_of": D(2026, 6, 15), "amount": "2500"})
    assert rest["result"]["case"]["state"] == "performed"


def test_deferral_approved_by_the_head(api, world, people, law):
    cid = _awaiting_payment(api, people)
    api.refused(people.head, cid, "payment-plan/approve", D(2026, 6, 12), "deferral_not_applied")
    api.post(
        people.o1.user,
        f"/{cid}/payment-plan",
        {
            "as_of": D(2026, 6, 12),
            "kind": "instalments",
            "dues": ["2026-07-10", "2026-08-10"],
            "hardship": "经营困难，提供财务报表",
        },
    )
    api.refused(
        people.o1.user,
        cid,
        "payment-plan/approve",
        D(2026, 6, 12),
        "procedure_role_not_allowed",
        403,
    )
    approved = api.step(people.head, cid, "payment-plan/approve", D(2026, 6, 12))
    assert approved["case"]["state"] == "deferral_or_instalments"
    assert [d["kind"] for d in approved["documents"]] == ["payment_plan_notice"]
    detail = api.case(people.head, cid)
    assert deadline(detail, "A20_plan_end") == "2026-08-10"
    assert deadline(detail, "A16_fine_payment") is None
    paid = api.post(people.o1.user, f"/{cid}/payments", {"as_of": D(2026, 7, 10), "amount": "4000"})
    assert paid["result"]["case"]["state"] == "performed"


def test_on_spot_by_an_unassigned_officer(api, world, people, law):
    cid = new_case(api, people, provision="rtr2019-68", party=PERSON)
    # 王执法 is certified but not on this case
    api.refused(
        people.o3.user,
        cid,
        "on-spot",
        D(2026, 6, 1),
        "procedure_role_not_allowed",
        403,
        penalty=fine(100),
        onspot_steps=ALL_ONSPOT_STEPS,
    )


def test_overdue_sweep_marks_unpaid_fines(api, world, people, law):
    from django.core.management import call_command

    from zhifa.cases.tasks import mark_overdue_payments

    cid = _awaiting_payment(api, people)
    # served 11 June: 15 days end on Friday 26 June
    assert api.case(people.head, cid)["payment_due"] == "2026-06-26"
    assert mark_overdue_payments(D(2026, 6, 26))["marked"] == []
    call_command("mark_overdue_payments", "--as-of", "2026-06-27")
    case = api.case(people.head, cid)
    assert case["state"] == "overdue"
    assert case["steps"][-1]["actor_name"] == "系统"
    # running it again changes nothing
    assert mark_overdue_payments(D(2026, 6, 28))["marked"] == []
