"""Whole cases through the API, both procedures, with every deadline checked against the holiday
calendar (the State Council's 2026 notice, as loaded by the workcalendar migration).

2026 dates used below:
- Spring Festival: 15–23 February off, Saturday 14 and Saturday 28 February worked;
- Qingming: 4–6 April off;
- Mid-Autumn and National Day: 25–27 September and 1–7 October off, Sunday 20 September and
  Saturday 10 October worked.
"""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases.models import Case, Document
from zhifa.cases.tests.helpers import (
    ALL_ONSPOT_STEPS,
    FULL_CHECKLIST,
    ORG,
    PERSON,
    Api,
    deadline,
    fine,
    step_entries,
)

D = date
SMALL_DIG = {"area_m2": 5, "depth_cm": 10, "consequence": "none"}  # 一般: 3,000–5,000
LARGE_DIG = {"area_m2": 50, "depth_cm": 50, "consequence": "minor"}  # 特别严重: 20,000–30,000


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def new_lead(api, people, law):
    """A lead registered by 张执法 on the given days, by default against a company for
    unauthorised digging (hl-76-1) with 张执法 and 李执法 on it; returns the case id."""

    def register(received_on, violation_date, *, provision="hl-76-1", party=ORG, **extra):
        extra.setdefault("officers", [people.o1, people.o2])
        return api.lead(
            people.o1.user,
            received_on=received_on,
            violation_date=violation_date,
            provision=provision,
            party=party,
            **extra,
        )["id"]

    return register


def investigate(api, people, case_id, days, facts=None):
    """File, investigate, report and approve on the given days (6 dates)."""
    o1, head = people.o1.user, people.head
    filed, start, record, report, reviewed, approved = days
    api.step(head, case_id, "file", filed)
    api.step(o1, case_id, "investigation", start)
    api.post(o1, f"/{case_id}/records", {"as_of": record, "kind": "onsite_record"}, status=201)
    if facts is not None:
        api.post(o1, f"/{case_id}/recommendation", {"as_of": record, "facts": facts})
    api.step(o1, case_id, "report", report, summary="事实清楚，证据确凿，建议处罚")
    api.step(head, case_id, "report/review", reviewed)
    api.step(head, case_id, "report/approve", approved)


# --- a fine paid on time (general procedure) ---------------------------------------------------


def test_fine_paid_on_time(api, world, people, law):
    o1, o2, head = people.o1.user, people.o2.user, people.head
    # given a lead of unauthorised digging against a company, with two certified officers
    case = api.lead(
        o1,
        received_on=D(2026, 9, 1),
        violation_date=D(2026, 8, 30),
        provision="hl-76-1",
        party=ORG,
        officers=[people.o1, people.o2],
    )
    cid = case["id"]
    assert case["state"] == "lead" and case["case_number"] is None

    # when the head files it: case number, filing register, 90-day clock (APL Art. 60)
    filed = api.step(head, cid, "file", D(2026, 9, 2))
    assert filed["case"]["case_number"] == "浙杭交执罚〔2026〕000001号"
    assert [d["kind"] for d in filed["documents"]] == ["filing_register"]
    assert filed["case"]["decision_due"] == "2026-12-01"  # 2 September + 90 natural days

    api.step(o1, cid, "investigation", D(2026, 9, 2))
    api.post(o1, f"/{cid}/records", {"as_of": D(2026, 9, 3), "kind": "onsite_record"}, status=201)
    rec = api.post(o1, f"/{cid}/recommendation", {"as_of": D(2026, 9, 3), "facts": SMALL_DIG})
    assert rec["recommended_range"]["low"] == "3000" and rec["recommended_range"]["high"] == "5000"
    assert rec["benchmark"]["province"] == "浙江" and rec["benchmark"]["version"]
    api.step(o1, cid, "report", D(2026, 9, 4), summary="调查终结")
    api.step(head, cid, "report/review", D(2026, 9, 4))
    api.step(head, cid, "report/approve", D(2026, 9, 7))

    # the notice with the recommended amount; 4,000 yuan to a company gives no hearing right
    notice = api.step(o1, cid, "notice", D(2026, 9, 8), penalty=fine(4000))
    assert notice["case"]["state"] == "notified"
    assert {d["kind"] for d in notice["documents"]} == {"violation_notice", "service_receipt"}
    assert deadline(api.case(o1, cid), "A10_hearing_request") is None
    api.step(o1, cid, "statement", D(2026, 9, 9), text="对事实无异议，请求从轻")

    # the decision: 7 working days to serve, ending on the make-up Sunday 20 September
    decided = api.step(head, cid, "decision", D(2026, 9, 10))
    assert decided["case"]["state"] == "decided_penalty"
    assert {d["kind"] for d in decided["documents"]} == {"penalty_decision", "correction_order"}
    detail = api.case(o1, cid)
    assert deadline(detail, "A14_decision_service") == "2026-09-20"
    assert deadline(detail, "A13_decision") is None  # decided: the 90-day clock stops
    assert detail["decision"]["fine"] == "4000.00"

    # served on that Sunday; 15 days to pay end on 5 October, a holiday: rolls to 8 October
    api.step(o2, cid, "service", D(2026, 9, 20), method="direct")
    performing = api.step(o1, cid, "performance", D(2026, 9, 20))
    assert performing["case"]["payment_due"] == "2026-10-08"
    assert deadline(api.case(o1, cid), "A16_fine_payment") == "2026-10-08"

    # paid on the last day: no surcharge, performed
    paid = api.post(o1, f"/{cid}/payments", {"as_of": D(2026, 10, 8), "amount": "4000"})
    assert paid["result"]["case"]["state"] == "performed"
    assert paid["payment"]["surcharge"] == "0.00"
    api.step(head, cid, "close", D(2026, 10, 9), summary="罚款已缴清")
    archived = api.step(head, cid, "archive", D(2026, 10, 9))

    # then the file is complete and every step was journaled once
    assert archived["case"]["state"] == "archived"
    detail = api.case(head, cid)
    assert detail["deadlines"] == []
    kinds = [d["kind"] for d in detail["documents"]]
    assert kinds == [
        "filing_register",
        "onsite_record",
        "investigation_report",
        "violation_notice",
        "service_receipt",
        "penalty_decision",
        "correction_order",
        "service_receipt",
        "closing_report",
    ]
    numbers = [d["number"] for d in detail["documents"]]
    assert len(set(numbers)) == len(numbers)
    assert "浙杭交执罚决〔2026〕000001号" in numbers
    for code in (
        "file_case",
        "start_investigation",
        "submit_report",
        "review_report",
        "approve_report",
        "serve_rights_notice",
        "record_statement",
        "decide_penalty",
        "serve_decision",
        "start_performance",
        "record_payment",
        "close_case",
        "archive_case",
    ):
        assert step_entries(cid, code) == 1, code
    timeline = api.get(head, f"/{cid}/timeline")
    assert timeline[0]["event_type"] == "case.lead_created"
    assert timeline[-1]["event_type"] == "case.archive_case"


# --- a hearing -----------------------------------------------------------------------------------


def test_hearing_then_deliberation(api, world, people, law, new_lead):
    o1, head, chair = people.o1.user, people.head, people.chair
    # given a person facing a large fine (≥ 10,000 yuan: hearing right and collective discussion)
    cid = new_lead(
        D(2026, 9, 10), D(2026, 9, 8), party=PERSON, officers=[people.o1, people.o2, people.o3]
    )
    days = [D(2026, 9, d) for d in (11, 11, 14, 15, 15, 16)]
    investigate(api, people, cid, days, facts=LARGE_DIG)

    # when the notice is served on 29 September: 5 working days to ask for a hearing end on
    # 12 October (30 September, 8, 9, 10 (make-up Saturday) and 12 October; APL Arts. 64, 85)
    notice = api.step(o1, cid, "notice", D(2026, 9, 29), penalty=fine(25000))
    assert deadline(api.case(o1, cid), "A10_hearing_request") == "2026-10-12"
    assert notice["case"]["state"] == "notified"

    # no decision while the hearing window is open
    api.refused(head, cid, "decision", D(2026, 10, 9), "statement_not_heard")
    api.step(o1, cid, "statement", D(2026, 10, 9), text="要求听证")
    api.refused(head, cid, "decision", D(2026, 10, 9), "hearing_window_open")
    api.step(o1, cid, "hearing/request", D(2026, 10, 9))
    assert deadline(api.case(o1, cid), "A10_hearing_request") is None

    # the hearing notice must be served 7 working days ahead: 19 October at the earliest
    api.refused(
        head,
        cid,
        "hearing/schedule",
        D(2026, 10, 9),
        "hearing_notice_too_late",
        hearing_date=D(2026, 10, 16),
        chair_id=chair.pk,
    )
    api.refused(
        head,
        cid,
        "hearing/schedule",
        D(2026, 10, 9),
        "hearing_chair_is_investigator",
        hearing_date=D(2026, 10, 19),
        chair_id=people.o3.user.pk,
    )
    api.refused(
        o1,
        cid,
        "hearing/schedule",
        D(2026, 10, 9),
        "procedure_role_not_allowed",
        status=403,
        hearing_date=D(2026, 10, 19),
        chair_id=chair.pk,
    )
    scheduled = api.step(
        head,
        cid,
        "hearing/schedule",
        D(2026, 10, 9),
        hearing_date=D(2026, 10, 19),
        chair_id=chair.pk,
    )
    assert {d["kind"] for d in scheduled["documents"]} == {"hearing_notice", "service_receipt"}

    # only the designated chair holds it, and not before the day
    api.refused(o1, cid, "hearing/hold", D(2026, 10, 19), "procedure_role_not_allowed", status=403)
    api.refused(chair, cid, "hearing/hold", D(2026, 10, 16), "hearing_not_yet")
    held = api.step(chair, cid, "hearing/hold", D(2026, 10, 19), record="当事人陈述申辩，举证质证")
    assert held["case"]["state"] == "hearing_held"
    assert [d["kind"] for d in held["documents"]] == ["hearing_record"]

    # a large fine goes to the collective discussion (TEPP Art. 76)
    api.refused(head, cid, "decision", D(2026, 10, 20), "deliberation_required")
    api.step(o1, cid, "deliberation/refer", D(2026, 10, 20))
    api.step(
        head,
        cid,
        "deliberation",
        D(2026, 10, 21),
        attendees=["赵负责人", "钱副局长", "孙副局长"],
        opinions=["同意按裁量基准处罚"],
        resolution="penalty",
    )

    # never heavier because the party defended itself (APL Art. 45 para 2)
    api.refused(
        head, cid, "decision", D(2026, 10, 22), "heavier_after_defence", penalty=fine(26000)
    )
    decided = api.step(head, cid, "decision", D(2026, 10, 22), penalty=fine(25000))
    assert decided["case"]["state"] == "decided_penalty"
    # 7 working days from 22 October: 2 November
    assert deadline(api.case(o1, cid), "A14_decision_service") == "2026-11-02"


# --- a failed legal review sent back -------------------------------------------------------------


def test_failed_legal_review_sent_back(api, world, people, law, new_lead):
    o1, head, reviewer = people.o1.user, people.head, people.reviewer
    # given a complex case: legal review is mandatory (APL Art. 58(3))
    cid = new_lead(D(2026, 10, 8), D(2026, 10, 7), triggers={"complex_case": True})
    investigate(api, people, cid, [D(2026, 10, d) for d in (9, 9, 12, 13, 13, 14)], SMALL_DIG)
    api.step(o1, cid, "notice", D(2026, 10, 15), penalty=fine(4000))
    api.step(o1, cid, "statement", D(2026, 10, 16), text="无异议")
    api.refused(head, cid, "decision", D(2026, 10, 19), "legal_review_required")
    api.step(o1, cid, "legal-review/submit", D(2026, 10, 19))

    # when the reviewer finds problems, the case goes back to investigation
    back = api.step(
        reviewer,
        cid,
        "legal-review",
        D(2026, 10, 20),
        outcome="problems",
        opinion="现场笔录未载明挖掘深度，证据不足",
        send_back_to="investigation",
    )
    assert back["case"]["state"] == "investigation"
    assert [d["kind"] for d in back["documents"]] == ["legal_review_opinion"]
    api.refused(head, cid, "decision", D(2026, 10, 21), "procedure_illegal_transition")

    # then corrected, re-reported, re-notified and re-submitted
    api.post(
        o1, f"/{cid}/records", {"as_of": D(2026, 10, 21), "kind": "examination_record"}, status=201
    )
    api.step(o1, cid, "report", D(2026, 10, 22))
    api.step(head, cid, "report/review", D(2026, 10, 22))
    api.step(head, cid, "report/approve", D(2026, 10, 22))
    api.step(o1, cid, "notice", D(2026, 10, 23), penalty=fine(4000))
    api.step(o1, cid, "statement", D(2026, 10, 26), text="无新的意见")
    api.refused(head, cid, "decision", D(2026, 10, 26), "legal_review_failed")
    api.step(o1, cid, "legal-review/submit", D(2026, 10, 26))

    # the opinion must cover all seven points (legal.md §F.3) by a qualified reviewer
    api.refused(
        reviewer,
        cid,
        "legal-review",
        D(2026, 10, 27),
        "review_checklist_incomplete",
        outcome="agree",
        checklist=FULL_CHECKLIST[:6],
        reviewer_qualified=True,
    )
    api.refused(
        reviewer,
        cid,
        "legal-review",
        D(2026, 10, 27),
        "reviewer_not_qualified",
        outcome="agree",
        checklist=FULL_CHECKLIST,
        reviewer_qualified=True,  # a ticked box no longer counts: the record does (APL Art. 58)
    )
    from zhifa.cases.services import record_reviewer_qualification

    record_reviewer_qualification(
        actor=head,
        reviewer=reviewer,
        certificate_number="A20193301000123",
        obtained_on=D(2019, 12, 1),
        as_of=D(2026, 10, 27),
    )
    api.refused(
        o1,
        cid,
        "legal-review",
        D(2026, 10, 27),
        "procedure_role_not_allowed",
        status=403,
        outcome="agree",
        checklist=FULL_CHECKLIST,
        reviewer_qualified=True,
    )
    passed = api.step(
        reviewer,
        cid,
        "legal-review",
        D(2026, 10, 27),
        outcome="agree",
        checklist=FULL_CHECKLIST,
        opinion="同意",
        reviewer_qualified=True,
    )
    assert passed["case"]["state"] == "legal_review_passed"
    decided = api.step(head, cid, "decision", D(2026, 10, 28))
    assert decided["case"]["state"] == "decided_penalty"


# --- a deliberation ------------------------------------------------------------------------------


def test_deliberation_decides_and_approves_a_departure(api, world, people, law, new_lead):
    o1, head = people.o1.user, people.head
    # given an egregious violation: the collective discussion decides (TEPP Art. 76(2))
    cid = new_lead(D(2026, 6, 1), D(2026, 5, 30), triggers={"egregious": True})
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    # 6,000 yuan is above the recommended 3,000–5,000
    api.step(o1, cid, "notice", D(2026, 6, 8), penalty=fine(6000))
    api.post(o1, f"/{cid}/statement/waiver", {"as_of": D(2026, 6, 9)})
    api.refused(head, cid, "decision", D(2026, 6, 9), "deliberation_required")

    # when discussed with one attendee only, refused; with three, resolved
    api.step(head, cid, "deliberation/refer", D(2026, 6, 9))
    api.refused(
        head,
        cid,
        "deliberation",
        D(2026, 6, 10),
        "deliberation_attendees",
        attendees=["赵负责人"],
        resolution="penalty",
    )
    resolved = api.step(
        head,
        cid,
        "deliberation",
        D(2026, 6, 10),
        attendees=["赵负责人", "钱副局长", "李处长"],
        opinions=["情节恶劣，从重"],
        resolution="penalty",
    )
    assert [d["kind"] for d in resolved["documents"]] == ["deliberation_record"]

    # then the decision departs from the recommendation on the discussion's authority (T6 §(十二))
    decided = api.step(head, cid, "decision", D(2026, 6, 11))
    assert decided["case"]["state"] == "decided_penalty"
    assert api.case(head, cid)["decision"]["fine"] == "6000.00"


# --- an unpaid fine reaching the court-enforcement application ------------------------------------


def test_unpaid_fine_reaches_court_enforcement(api, world, people, law, new_lead):
    o1, o2, head = people.o1.user, people.o2.user, people.head
    cid = new_lead(D(2026, 1, 5), D(2026, 1, 3))
    investigate(api, people, cid, [D(2026, 1, d) for d in (6, 6, 7, 8, 8, 9)], SMALL_DIG)
    api.step(o1, cid, "notice", D(2026, 1, 12), penalty=fine(5000))
    api.step(o1, cid, "statement", D(2026, 1, 13), text="无异议")
    api.step(head, cid, "decision", D(2026, 1, 23))
    # 7 working days from Friday 23 January: 3 February
    assert deadline(api.case(o1, cid), "A14_decision_service") == "2026-02-03"

    # served on 6 February: 15 days end on 21 February, inside the Spring Festival: 24 February
    api.step(o2, cid, "service", D(2026, 2, 6), method="direct")
    assert api.step(o1, cid, "performance", D(2026, 2, 6))["case"]["payment_due"] == "2026-02-24"

    # not overdue on the last day; overdue the day after (APL Art. 72)
    api.refused(o1, cid, "overdue", D(2026, 2, 24), "payment_not_yet_due")
    assert api.step(o1, cid, "overdue", D(2026, 2, 25))["case"]["state"] == "overdue"
    assert api.case(o1, cid, as_of="2026-02-26")["surcharge"] == "300.00"  # 2 days × 3% × 5,000

    # the demand only once the surcharge has run more than 30 days (ACL Art. 46)
    api.refused(head, cid, "demand", D(2026, 3, 26), "surcharge_under_30_days")
    demanded = api.step(head, cid, "demand", D(2026, 3, 27))
    assert {d["kind"] for d in demanded["documents"]} == {"demand", "service_receipt"}
    detail = api.case(o1, cid)
    # 10 working days after 27 March, Qingming (4–6 April) skipped: 13 April (ACL Arts. 54, 69)
    assert deadline(detail, "A21_demand_wait") == "2026-04-13"
    # the party could sue until 6 August (6 months); the court window closes 3 months later
    assert deadline(detail, "A22_court_enforcement_application") == "2026-11-06"

    api.refused(head, cid, "court-enforcement", D(2026, 4, 13), "demand_wait_running")
    api.refused(head, cid, "court-enforcement", D(2026, 4, 14), "court_window_not_open")
    applied = api.step(head, cid, "court-enforcement", D(2026, 8, 7))
    assert applied["case"]["state"] == "court_enforcement"
    assert [d["kind"] for d in applied["documents"]] == ["court_enforcement_application"]
    # the surcharge is capped at the fine (APL Art. 72(1))
    detail = api.case(o1, cid, as_of="2026-08-07")
    assert detail["surcharge"] == "5000.00" and detail["outstanding"] == "10000.00"

    # closing needs the court's acceptance; archiving waits for the enforcement to finish
    api.refused(head, cid, "close", D(2026, 8, 10), "court_not_accepted")
    api.post(o1, f"/{cid}/court-enforcement/acceptance", {"as_of": D(2026, 8, 14)})
    api.step(head, cid, "close", D(2026, 8, 17))
    api.refused(head, cid, "archive", D(2026, 8, 17), "court_enforcement_running")
    api.post(o1, f"/{cid}/court-enforcement/finished", {"as_of": D(2026, 9, 1)})
    assert api.step(head, cid, "archive", D(2026, 9, 1))["case"]["state"] == "archived"


# --- a no-penalty first violation -------------------------------------------------------------------


def test_first_violation_not_penalised(api, world, people, law, new_lead):
    o1, o2, head = people.o1.user, people.o2.user, people.head
    # given a first spill of a load, promptly cleaned (the national first-violation list)
    cid = new_lead(D(2026, 7, 1), D(2026, 7, 1), provision="hsp-69", party=PERSON)
    first = {
        "first_violation": True,
        "obstructed": False,
        "loading_rectified": True,
        "consequence": "minor",
        "accident": False,
        "caused_congestion": False,
        "restored": True,
    }
    investigate(api, people, cid, [D(2026, 7, d) for d in (2, 2, 3, 6, 6, 7)], first)
    rec = api.case(o1, cid)["recommendation"]
    assert rec["outcome"] == "may_exempt" and rec["exemption"]["id"]

    # when the head decides not to penalise on that ground (APL Art. 33 para 1)
    api.refused(
        head, cid, "decision", D(2026, 7, 8), "reason_not_allowed", no_penalty_ground="看着面善"
    )
    decided = api.step(
        head,
        cid,
        "decision",
        D(2026, 7, 8),
        no_penalty_ground="first_violation",
        education="告知其遗撒货物的危害，当场清理并承诺规范装载",
    )

    # then a no-penalty decision and an order to correct, served; nothing to pay; closed
    assert decided["case"]["state"] == "decided_no_penalty"
    assert {d["kind"] for d in decided["documents"]} == {"no_penalty_decision", "correction_order"}
    api.step(o2, cid, "service", D(2026, 7, 9), method="direct")
    api.refused(o1, cid, "performance", D(2026, 7, 9), "nothing_to_pay")
    api.step(head, cid, "close", D(2026, 7, 10))
    assert api.step(head, cid, "archive", D(2026, 7, 10))["case"]["state"] == "archived"
    assert api.case(head, cid)["decision"]["no_penalty_ground"] == "first_violation"


# --- a suspended officer refused -------------------------------------------------------------------


def test_suspended_officer_refused(api, world, people, law, new_lead):
    from zhifa.officers import services as officers

    o2, head = people.o2.user, people.head
    cid = new_lead(D(2026, 9, 1), D(2026, 8, 30))
    # given 李执法 suspended from 1 September (T2 Arts. 31–32)
    officers.suspend_officer(
        people.o2, reason="年度考核不合格", starts_on=D(2026, 9, 1), actor=None
    )

    # when the head files: only one officer may act
    body = api.refused(head, cid, "file", D(2026, 9, 2), "two_officers_required")
    assert "李执法" in body["message"]
    actions = api.get(head, f"/{cid}/actions", as_of="2026-09-02")["actions"]
    filing = next(a for a in actions if a["code"] == "file_case")
    assert not filing["allowed"] and filing["refusals"][0]["code"] == "two_officers_required"
    # the suspended officer holds no officer role on the case
    assert api.get(o2, f"/{cid}/actions", as_of="2026-09-02")["roles"] == []
    api.refused(
        o2,
        cid,
        "on-spot",
        D(2026, 9, 2),
        "procedure_role_not_allowed",
        status=403,
        penalty=fine(100),
        onspot_steps=ALL_ONSPOT_STEPS,
    )

    # then with another certified officer the case can be filed
    api.post(head, f"/{cid}/officers", {"as_of": D(2026, 9, 2), "officers": [people.o3.pk]})
    assert api.step(head, cid, "file", D(2026, 9, 2))["case"]["state"] == "filed"


# --- summary procedure on the spot -----------------------------------------------------------------


def test_summary_procedure_on_the_spot(api, world, people, law, new_lead):
    o1, o2, head = people.o1.user, people.o2.user, people.head
    # given a driver without the vehicle's operating certificate (20–200 yuan)
    cid = new_lead(
        D(2026, 9, 28),
        D(2026, 9, 28),
        provision="rtr2019-68",
        party={**PERSON, "plate": "浙A12345"},
    )
    # the steps of TEPP Art. 61 come first
    api.refused(
        o1,
        cid,
        "on-spot",
        D(2026, 9, 28),
        "onspot_steps_missing",
        penalty=fine(200),
        onspot_steps=ALL_ONSPOT_STEPS[:4],
    )

    # when two officers decide on the spot: 200 yuan for a person is the limit, included
    decided = api.step(
        o1, cid, "on-spot", D(2026, 9, 28), penalty=fine(200), onspot_steps=ALL_ONSPOT_STEPS
    )
    assert decided["case"]["state"] == "onspot_decided"
    assert decided["case"]["procedure"] == "summary"
    assert decided["case"]["case_number"].startswith("浙杭交执罚〔2026〕")
    assert {d["kind"] for d in decided["documents"]} == {"onspot_decision", "correction_order"}
    detail = api.case(o1, cid)
    # filing with the department within 5 days: 3 October is a holiday, so 8 October
    assert deadline(detail, "A9_onsite_decision_filing") == "2026-10-08"

    api.refused(head, cid, "close", D(2026, 9, 28), "not_yet_performed")

    # the party pays within 15 days of the decision (received on the spot)
    perf = api.step(o1, cid, "performance", D(2026, 9, 28))
    assert perf["case"]["payment_due"] == "2026-10-13"
    api.step(o2, cid, "on-spot/filing", D(2026, 10, 8))
    api.post(o1, f"/{cid}/payments", {"as_of": D(2026, 10, 9), "amount": "200"})
    api.step(head, cid, "close", D(2026, 10, 9))
    assert api.step(head, cid, "archive", D(2026, 10, 9))["case"]["state"] == "archived"


def test_summary_procedure_collects_small_fines_on_the_spot(api, world, people, law, new_lead):
    o1 = people.o1.user
    cid = new_lead(D(2026, 9, 30), D(2026, 9, 30), provision="rtr2019-68", party=PERSON)
    api.step(o1, cid, "on-spot", D(2026, 9, 30), penalty=fine(100), onspot_steps=ALL_ONSPOT_STEPS)
    # without the official receipt the officer may not collect (APL Art. 70)
    api.refused(
        o1,
        cid,
        "on-spot/collection",
        D(2026, 9, 30),
        "collect_no_receipt",
        collection_ground="fine_100_or_less",
    )
    collected = api.step(
        o1,
        cid,
        "on-spot/collection",
        D(2026, 9, 30),
        collection_ground="fine_100_or_less",
        receipt_issued=True,
        reference="浙财票0001",
    )
    assert collected["case"]["state"] == "performed"
    # the cash goes to the department within 2 working days: 30 September + 2 = 9 October
    assert deadline(api.case(o1, cid), "A17_cash_handover") == "2026-10-09"
    assert Case.objects.get(pk=cid).payments.get().amount == Decimal("100.00")


def test_summary_refused_above_the_limit(api, world, people, law, new_lead):
    o1 = people.o1.user
    # a person driving without the qualification: 200–2,000 yuan; 300 is beyond the spot limit
    cid = new_lead(D(2026, 9, 30), D(2026, 9, 30), provision="rtr2023-64", party=PERSON)
    api.refused(
        o1,
        cid,
        "on-spot",
        D(2026, 9, 30),
        "summary_fine_too_high",
        penalty=fine(300),
        onspot_steps=ALL_ONSPOT_STEPS,
    )
    assert not Document.objects.filter(case_id=cid).exists()


def test_hearing_postponed_suspended_and_terminated(api, world, people, law, new_lead):
    o1, head, chair = people.o1.user, people.head, people.chair
    cid = new_lead(D(2026, 4, 1), D(2026, 3, 30), party=PERSON)
    investigate(api, people, cid, [D(2026, 4, d) for d in (2, 2, 3, 7, 7, 8)], LARGE_DIG)
    api.step(o1, cid, "notice", D(2026, 4, 9), penalty=fine(20000))
    api.step(o1, cid, "statement", D(2026, 4, 10), text="要求听证")
    api.step(o1, cid, "hearing/request", D(2026, 4, 10))
    api.step(
        head,
        cid,
        "hearing/schedule",
        D(2026, 4, 13),
        hearing_date=D(2026, 4, 22),
        chair_id=chair.pk,
    )

    # the chair postpones for force majeure (TEPP Art. 93); the new date needs a new notice
    api.refused(chair, cid, "hearing/postpone", D(2026, 4, 20), "reason_not_allowed", reason="忙")
    api.step(chair, cid, "hearing/postpone", D(2026, 4, 20), reason="force_majeure")
    # 7 working days from 21 April: 30 April (the May Day holiday starts 1 May)
    api.refused(
        chair,
        cid,
        "hearing/reschedule",
        D(2026, 4, 21),
        "hearing_notice_too_late",
        hearing_date=D(2026, 4, 29),
    )
    api.step(chair, cid, "hearing/reschedule", D(2026, 4, 21), hearing_date=D(2026, 4, 30))
    # suspended for new evidence, resumed after the May Day holiday
    api.step(chair, cid, "hearing/suspend", D(2026, 4, 30), reason="new_evidence")
    api.step(head, cid, "hearing/resume", D(2026, 5, 6), hearing_date=D(2026, 5, 15))
    # the party stays away without reason: terminated (TEPP Art. 95)
    done = api.step(chair, cid, "hearing/terminate", D(2026, 5, 15), reason="absent")
    assert done["case"]["state"] == "hearing_terminated"
    hearing = Case.objects.get(pk=cid).hearings.get(current=True)
    assert hearing.postponed_on == D(2026, 4, 20) and hearing.suspended_on == D(2026, 4, 30)
    assert hearing.terminated_on == D(2026, 5, 15) and hearing.reason == "absent"
    assert hearing.scheduled_on == D(2026, 5, 15)
    # then the case proceeds to the collective discussion and the decision
    api.step(o1, cid, "deliberation/refer", D(2026, 5, 18))
    api.step(
        head,
        cid,
        "deliberation",
        D(2026, 5, 19),
        attendees=["赵", "钱", "孙"],
        resolution="penalty",
    )
    assert api.step(head, cid, "decision", D(2026, 5, 20))["case"]["state"] == "decided_penalty"


def test_agency_with_execution_power_executes_itself(api, world, people, law, new_lead):
    o1, o2, head = people.o1.user, people.o2.user, people.head
    cid = new_lead(D(2026, 1, 5), D(2026, 1, 3))
    investigate(api, people, cid, [D(2026, 1, d) for d in (6, 6, 7, 8, 8, 9)], SMALL_DIG)
    api.patch(
        o1,
        f"/{cid}",
        {
            "has_execution_power": True,
            "as_of": D(2026, 1, 9),
            "reason": "《公路法》授权本机关强制执行",
        },
    )
    api.step(o1, cid, "notice", D(2026, 1, 12), penalty=fine(3000))
    api.step(o1, cid, "statement", D(2026, 1, 13), text="无异议")
    api.step(head, cid, "decision", D(2026, 1, 14))
    api.step(o2, cid, "service", D(2026, 1, 15), method="direct")
    api.step(o1, cid, "performance", D(2026, 1, 15))  # due 30 January
    api.step(o1, cid, "overdue", D(2026, 2, 2))
    api.step(head, cid, "demand", D(2026, 3, 3))
    # 10 working days after 3 March: 17 March; an agency with the power does not go to court
    api.refused(head, cid, "court-enforcement", D(2026, 3, 18), "has_execution_power")
    # T4 §三(八): on-site compulsory execution is filmed in full (issue 9, defect 13)
    api.refused(head, cid, "execution", D(2026, 3, 18), "execution_not_filmed")
    from zhifa.cases.tests.test_legal_fidelity import attach_posting_video

    first_video = attach_posting_video(
        cid, people.o1, act="on_site_compulsory_execution", when="2026-03-17 16:00"
    )
    api.refused(
        head,
        cid,
        "execution",
        D(2026, 3, 18),
        "demolition_not_filmed",
        executed_at="2026-03-18T09:30",
        demolition=True,
    )
    api.refused(head, cid, "execution", D(2026, 3, 17), "demand_wait_running")
    # ACL Art. 43 (defect 11): not at night, not on a statutory holiday, unless an emergency
    api.refused(head, cid, "execution", D(2026, 3, 18), "execution_time_missing")
    api.refused(
        head, cid, "execution", D(2026, 3, 18), "execution_at_night", executed_at="2026-03-18T22:30"
    )
    executed = api.step(head, cid, "execution", D(2026, 3, 18), executed_at="2026-03-18T09:30")
    assert executed["case"]["state"] == "compulsory_execution"
    from zhifa.cases.models import StepRecord

    act = StepRecord.objects.get(case_id=cid, code="decide_execution")
    assert act.outcome["recordings"] == {"on_site_compulsory_execution": [first_video.pk]}
    # filmed after this act but before the suspension: it belongs to the first act's occurrence
    attach_posting_video(
        cid, people.o1, act="on_site_compulsory_execution", when="2026-03-19 10:00"
    )
    api.step(head, cid, "execution/suspend", D(2026, 3, 20), reason="unable_to_pay")
    # the resumed execution is a new act: neither the first video nor one filmed before the
    # suspension films it (issue 9 leftovers, item 3)
    api.refused(
        head,
        cid,
        "execution/resume",
        D(2026, 4, 1),
        "execution_not_filmed",
        executed_at="2026-04-01T23:00",
        emergency_ground="当事人正在转移被执行财物",
    )
    # nor does one recorded after the act's day
    late = attach_posting_video(
        cid, people.o1, act="on_site_compulsory_execution", when="2026-04-09 10:00"
    )
    api.refused(
        head,
        cid,
        "execution/resume",
        D(2026, 4, 1),
        "execution_not_filmed",
        executed_at="2026-04-01T23:00",
        emergency_ground="当事人正在转移被执行财物",
    )
    resumed_video = attach_posting_video(
        cid, people.o1, act="on_site_compulsory_execution", when="2026-04-01 22:55"
    )
    # 2026-04-05 is 清明节 (a statutory holiday)
    api.refused(
        head,
        cid,
        "execution/resume",
        D(2026, 4, 5),
        "execution_on_holiday",
        executed_at="2026-04-05T10:00",
    )
    api.step(
        head,
        cid,
        "execution/resume",
        D(2026, 4, 1),
        executed_at="2026-04-01T23:00",
        emergency_ground="当事人正在转移被执行财物",
    )
    resumed = StepRecord.objects.get(case_id=cid, code="resume_execution")
    assert resumed.outcome["recordings"] == {"on_site_compulsory_execution": [resumed_video.pk]}
    assert late.pk not in resumed.outcome["recordings"]["on_site_compulsory_execution"]
    paid = api.post(o1, f"/{cid}/payments", {"as_of": D(2026, 4, 2), "amount": "6000"})
    assert paid["result"]["case"]["state"] == "performed"
