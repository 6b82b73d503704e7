"""Whole cases through the table, with the 2024 holiday calendar: what issue 4 asks the app to prove,
here at the core (the app repeats them through its API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.payment import (
    court_enforcement_window,
    late_surcharge,
    litigation_period_end,
    payment_due,
)
from zhifa.core.procedure import (
    CaseFacts,
    CaseTriggers,
    GuardRefused,
    IllegalTransition,
    PartyKind,
    Procedure,
    Resolution,
    ReviewStatus,
    State,
)
from zhifa.core.procedure import deadlines as dl
from zhifa.core.procedure.rules import ONSPOT_STEPS, REVIEW_CHECKLIST

from .procedure_cases import OFFICERS, PROVINCE, WARNING, fine, officer, upd
from .procedure_sim import CAL_2024 as CAL
from .procedure_sim import SimCase

D = date
OFFICER, HEAD, UNIT, SYSTEM = "officer", "agency_head", "unit_head", "system"
CHAIR, REVIEWER = "hearing_chair", "legal_reviewer"


def lead(**changes) -> SimCase:
    facts = CaseFacts(
        state=State.LEAD,
        officers=OFFICERS,
        lead_received_on=D(2024, 3, 1),
        violation_ended_on=D(2024, 2, 28),
        large_amounts=PROVINCE,
        triggers=CaseTriggers(facts_conclusive=True, has_legal_basis=True),
    )
    return SimCase(upd(facts, **changes))


def statement_due(served: date) -> date:
    # the province's statement window (legal.md §A12: a parameter); here 3 working days
    return CAL.add_working_days(served, 3).due


def to_report_approved(case: SimCase) -> SimCase:
    filed = D(2024, 3, 4)
    case.do("file_case", HEAD, filed)
    case.do("start_investigation", OFFICER, filed)
    case.do("submit_report", OFFICER, D(2024, 3, 20), evidence_count=2)
    case.do("review_report", UNIT, D(2024, 3, 21))
    case.do("approve_report", HEAD, D(2024, 3, 22))
    return case


def test_general_procedure_fine_paid_on_time():
    case = to_report_approved(lead())
    # filing opens the 90-day clock: 4 Mar + 90 = Sun 2 Jun → Mon 3 Jun (TEPP Art. 17)
    assert case.facts.filed_on == D(2024, 3, 4)
    assert case.deadlines[dl.A13_DECISION] == D(2024, 6, 3)
    # the notice of violation, a 2,000-yuan fine: no hearing right, statement window 3 WD
    served = D(2024, 3, 25)
    case.do(
        "serve_rights_notice",
        OFFICER,
        served,
        proposal={"penalty": fine(2000)},
        notice={"statement_due": statement_due(served)},
    )
    assert dl.A10_HEARING_REQUEST not in case.deadlines
    assert case.deadlines[dl.A12_STATEMENT] == D(2024, 3, 28)
    # no decision while the window is open (APL Art. 62)
    with pytest.raises(GuardRefused) as err:
        case.do("decide_penalty", HEAD, D(2024, 3, 28), proposal={"penalty": fine(2000)})
    assert err.value.code == "statement_window_open"
    case.do("decide_penalty", HEAD, D(2024, 3, 29), proposal={"penalty": fine(2000)})
    # 7 working days to serve: 1–3 Apr, 7 Apr (make-up Sunday), 8–10 Apr → 10 Apr
    assert case.deadlines[dl.A14_DECISION_SERVICE] == D(2024, 4, 10)
    assert dl.A13_DECISION not in case.deadlines
    case.do("serve_decision", OFFICER, D(2024, 4, 1), proposal={"service_method": "direct"})
    case.do("start_performance", SYSTEM, D(2024, 4, 1))
    # 15 days to pay from receipt (APL Art. 67): 16 Apr
    assert case.deadlines[dl.A16_FINE_PAYMENT] == D(2024, 4, 16)
    assert case.deadlines[dl.A16_FINE_PAYMENT] == payment_due(
        D(2024, 4, 1), add_natural_days=CAL.add_natural_days
    )
    case.do("record_payment", SYSTEM, D(2024, 4, 10), performance={"outstanding": Decimal(0)})
    case.do("close_case", HEAD, D(2024, 4, 11))
    case.do("archive_case", HEAD, D(2024, 4, 12))
    assert case.facts.state == State.ARCHIVED and case.deadlines == {}
    assert case.documents == [
        "filing_register",
        "investigation_report",
        "violation_notice",
        "service_receipt",
        "penalty_decision",
        "correction_order",
        "service_receipt",
        "closing_report",
    ]


def test_hearing_legal_review_and_deliberation():
    case = to_report_approved(lead(triggers=CaseTriggers(major_rights=True)))
    large = fine(30000, high=50000)
    served = D(2024, 4, 1)
    case.do(
        "serve_rights_notice",
        OFFICER,
        served,
        proposal={"penalty": large},
        notice={"statement_due": statement_due(served)},
    )
    # a large fine gives a hearing right; 5 working days to ask: 2–3, 7 (make-up), 8–9 Apr
    assert case.facts.notice.hearing_offered
    assert case.deadlines[dl.A10_HEARING_REQUEST] == D(2024, 4, 9)
    case.do("request_hearing", OFFICER, D(2024, 4, 8))
    assert dl.A10_HEARING_REQUEST not in case.deadlines
    earliest = CAL.add_working_days(D(2024, 4, 10), 7).due  # notice served 10 Apr → 19 Apr
    with pytest.raises(GuardRefused) as err:  # an investigator may not chair (APL Art. 64(4))
        case.do(
            "schedule_hearing",
            HEAD,
            D(2024, 4, 10),
            proposal={
                "hearing_chair_id": "o1",
                "hearing_date": D(2024, 4, 22),
                "hearing_earliest_date": earliest,
            },
        )
    assert err.value.code == "hearing_chair_is_investigator"
    with pytest.raises(GuardRefused) as err:  # less than 7 working days' notice
        case.do(
            "schedule_hearing",
            HEAD,
            D(2024, 4, 10),
            proposal={
                "hearing_chair_id": "o3",
                "hearing_date": D(2024, 4, 18),
                "hearing_earliest_date": earliest,
            },
        )
    assert err.value.code == "hearing_notice_too_late"
    case.do(
        "schedule_hearing",
        HEAD,
        D(2024, 4, 10),
        proposal={
            "hearing_chair_id": "o3",
            "hearing_date": D(2024, 4, 22),
            "hearing_earliest_date": earliest,
        },
    )
    case.do("hold_hearing", CHAIR, D(2024, 4, 22))
    # after a hearing on major rights: legal review; a large fine: collective discussion
    with pytest.raises(GuardRefused) as err:
        case.do("decide_penalty", HEAD, D(2024, 4, 23), proposal={"penalty": large})
    assert {r.code for r in err.value.refusals} == {
        "legal_review_required",
        "deliberation_required",
    }
    case.do("submit_legal_review", OFFICER, D(2024, 4, 23))
    case.do(
        "pass_legal_review",
        REVIEWER,
        D(2024, 4, 25),
        proposal={"checklist": frozenset(REVIEW_CHECKLIST), "reviewer_qualified": True},
    )
    case.do("refer_to_deliberation", HEAD, D(2024, 4, 26))
    case.do(
        "resolve_deliberation",
        HEAD,
        D(2024, 4, 29),
        proposal={"deliberation_attendees": 4, "resolution": Resolution.PENALTY},
    )
    out = case.do("decide_penalty", HEAD, D(2024, 4, 30), proposal={"penalty": large})
    assert out.to_state == State.DECIDED_PENALTY
    assert {
        "hearing_notice",
        "hearing_record",
        "legal_review_opinion",
        "deliberation_record",
    } <= set(case.documents)


def test_failed_legal_review_goes_back_and_must_pass_before_a_decision():
    case = to_report_approved(lead(triggers=CaseTriggers(complex_case=True)))
    served = D(2024, 3, 25)
    case.do(
        "serve_rights_notice",
        OFFICER,
        served,
        proposal={"penalty": fine(2000)},
        notice={"statement_due": statement_due(served)},
    )
    case.do("submit_legal_review", OFFICER, D(2024, 3, 29))
    case.do(
        "return_review_for_report",
        REVIEWER,
        D(2024, 4, 1),
        proposal={"reason": "适用法律条款引用有误"},
    )
    assert case.facts.state == State.REPORT_SUBMITTED
    assert case.facts.review.status == ReviewStatus.FAILED
    with pytest.raises(IllegalTransition):  # no decision from here at all
        case.do("decide_penalty", HEAD, D(2024, 4, 2), proposal={"penalty": fine(2000)})
    case.do("review_report", UNIT, D(2024, 4, 2))
    case.do("approve_report", HEAD, D(2024, 4, 3))
    case.do("submit_legal_review", OFFICER, D(2024, 4, 3))  # the notice still stands
    case.do(
        "pass_legal_review",
        REVIEWER,
        D(2024, 4, 8),
        proposal={"checklist": frozenset(REVIEW_CHECKLIST), "reviewer_qualified": True},
    )
    out = case.do("decide_penalty", HEAD, D(2024, 4, 8), proposal={"penalty": fine(2000)})
    assert out.to_state == State.DECIDED_PENALTY


def test_unpaid_fine_reaches_the_court_enforcement_application():
    # a decision received on 15 Jan 2024; due 30 Jan (APL Art. 67)
    received = D(2024, 1, 15)
    due = payment_due(received, add_natural_days=CAL.add_natural_days)
    lit_end = litigation_period_end(
        received, onspot=False, add_natural_days=CAL.add_natural_days, add_months=CAL.add_months
    )
    window = court_enforcement_window(lit_end, add_months=CAL.add_months)
    assert (due, lit_end, window.start, window.end) == (
        D(2024, 1, 30),
        D(2024, 7, 15),
        D(2024, 7, 16),
        D(2024, 10, 15),
    )
    case = lead(
        lead_received_on=D(2023, 10, 20),
        violation_ended_on=D(2023, 10, 18),
        state=State.AWAITING_PERFORMANCE,
        procedure=Procedure.GENERAL,
        filed_on=D(2023, 11, 1),
        decision={"penalty": fine(1000), "decided_on": D(2024, 1, 12), "served_on": received},
        performance={"payment_due": due, "outstanding": Decimal(1000)},
    )
    with pytest.raises(GuardRefused):
        case.do("mark_overdue", SYSTEM, D(2024, 1, 30))  # the last day is still on time
    case.do("mark_overdue", SYSTEM, D(2024, 1, 31))
    # the surcharge: 3% a day from 31 Jan, capped at the fine after 34 days
    assert late_surcharge("1000", due, D(2024, 2, 29)).amount == Decimal("900.00")
    assert late_surcharge("1000", due, D(2024, 3, 4)).amount == Decimal("1000.00")
    with pytest.raises(GuardRefused) as err:
        case.do("issue_demand", HEAD, D(2024, 2, 29))
    assert err.value.code == "surcharge_under_30_days"
    case.do(
        "issue_demand",
        HEAD,
        D(2024, 3, 1),
        performance={"court_window": (window.start, window.end)},
    )
    assert case.deadlines[dl.A21_DEMAND_WAIT] == D(2024, 3, 15)
    assert case.deadlines[dl.A22_COURT_APPLICATION] == D(2024, 10, 15)
    with pytest.raises(GuardRefused) as err:
        case.do("apply_court_enforcement", HEAD, D(2024, 3, 15))
    assert err.value.code == "demand_wait_running"
    with pytest.raises(GuardRefused) as err:
        case.do("apply_court_enforcement", HEAD, D(2024, 3, 18))
    assert err.value.code == "court_window_not_open"
    case.do("apply_court_enforcement", HEAD, D(2024, 7, 16))
    assert "court_enforcement_application" in case.documents
    case.do("close_case", HEAD, D(2024, 7, 25), performance={"court_accepted_on": D(2024, 7, 22)})
    with pytest.raises(GuardRefused) as err:
        case.do("archive_case", HEAD, D(2024, 8, 1))
    assert err.value.code == "court_enforcement_running"
    case.do("archive_case", HEAD, D(2024, 9, 2), performance={"court_enforcement_finished": True})


def test_summary_procedure_paid_at_the_bank():
    case = lead()
    steps = frozenset(ONSPOT_STEPS)
    with pytest.raises(GuardRefused) as err:
        case.do(
            "decide_on_spot",
            OFFICER,
            D(2024, 5, 6),
            proposal={"penalty": fine(201, low=50, high=1000), "onspot_steps": steps},
        )
    assert err.value.code == "summary_fine_too_high"
    out = case.do(
        "decide_on_spot",
        OFFICER,
        D(2024, 5, 6),
        proposal={"penalty": fine(200, low=50, high=1000), "onspot_steps": steps},
    )
    assert out.procedure == Procedure.SUMMARY
    # 5 days to file with the department: 11 May is a make-up working day, so no roll-forward
    assert case.deadlines[dl.A9_ONSPOT_FILING] == D(2024, 5, 11)
    case.do("file_onspot_decision", OFFICER, D(2024, 5, 7))
    case.do("start_performance", SYSTEM, D(2024, 5, 7))
    assert case.deadlines[dl.A16_FINE_PAYMENT] == D(2024, 5, 21)
    # general-procedure steps are illegal here
    with pytest.raises(IllegalTransition):
        case.do("issue_demand", HEAD, D(2024, 5, 8))
    case.do("record_payment", SYSTEM, D(2024, 5, 10), performance={"outstanding": Decimal(0)})
    case.do("close_case", HEAD, D(2024, 5, 13))
    case.do("archive_case", HEAD, D(2024, 5, 13))
    assert case.documents == ["onspot_decision", "correction_order", "closing_report"]


def test_summary_warning_closed_after_filing():
    case = lead(party_kind=PartyKind.ORGANISATION)
    case.do(
        "decide_on_spot",
        OFFICER,
        D(2024, 5, 6),
        proposal={"penalty": WARNING, "onspot_steps": frozenset(ONSPOT_STEPS)},
    )
    with pytest.raises(GuardRefused) as err:
        case.do("close_case", HEAD, D(2024, 5, 6))
    assert err.value.code == "onspot_not_filed"
    case.do("file_onspot_decision", OFFICER, D(2024, 5, 7))
    case.do("close_case", HEAD, D(2024, 5, 7))


def test_first_violation_not_penalised():
    case = to_report_approved(lead())
    case.do("decide_no_penalty", HEAD, D(2024, 3, 25), proposal={"reason": "first_violation"})
    case.do("serve_decision", OFFICER, D(2024, 3, 26), proposal={"service_method": "direct"})
    with pytest.raises(GuardRefused):  # nothing to pay
        case.do("start_performance", SYSTEM, D(2024, 3, 26))
    case.do("close_case", HEAD, D(2024, 3, 27))
    assert {"no_penalty_decision", "correction_order"} <= set(case.documents)


def test_suspended_officer_is_refused_until_replaced():
    case = lead()
    case.do("file_case", HEAD, D(2024, 3, 4))
    case.do("start_investigation", OFFICER, D(2024, 3, 5))
    suspended = (officer(1), officer(2, suspended_from=D(2024, 3, 10)))
    with pytest.raises(GuardRefused) as err:
        case.do("submit_report", OFFICER, D(2024, 3, 20), officers=suspended, evidence_count=1)
    assert err.value.code == "two_officers_required"
    assert "o2" in err.value.message
    case.do(
        "submit_report",
        OFFICER,
        D(2024, 3, 20),
        evidence_count=1,
        officers=(*suspended, officer(4)),
    )


def test_decision_period_extended_once():
    case = lead()
    case.do("file_case", HEAD, D(2024, 3, 4))
    case.do("extend_decision_period", HEAD, D(2024, 5, 31), proposal={"reason": "需要技术鉴定"})
    # 30 more days from 3 Jun: 3 Jul
    assert case.deadlines == {dl.A13_DECISION_EXTENSION: D(2024, 7, 3)}
    assert case.facts.decision_due == D(2024, 7, 3)
    with pytest.raises(GuardRefused) as err:
        case.do("extend_decision_period", HEAD, D(2024, 6, 5), proposal={"reason": "仍需鉴定"})
    assert err.value.code == "decision_period_already_extended"


def test_crime_transfer_then_closing():
    case = lead()
    case.do("file_case", HEAD, D(2024, 3, 4))
    case.do("start_investigation", OFFICER, D(2024, 3, 5))
    with pytest.raises(Exception) as err:  # only the principal head decides (S6 Art. 5)
        case.do("transfer_crime", HEAD, D(2024, 3, 12), crime_report_on=D(2024, 3, 11))
    assert err.value.code == "procedure_role_not_allowed"
    out = case.do(
        "transfer_crime",
        "principal_head",
        D(2024, 3, 12),
        crime_report_on=D(2024, 3, 11),
        active_measures=1,
    )
    assert "hand_over_property" in out.effects and out.warnings == ()
    case.do(
        "close_case", HEAD, D(2024, 3, 20), performance={"crime_handed_over_on": D(2024, 3, 13)}
    )
