"""Ready-made case snapshots for the procedure tests: for each transition, facts that pass every
guard (so a test can change one fact and watch one guard refuse)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

from zhifa.core.officers import CertificateFacts, SuspensionFacts
from zhifa.core.procedure import (
    CaseFacts,
    CaseTriggers,
    DecisionFacts,
    DeliberationFacts,
    DeliberationStatus,
    LargeAmounts,
    NoticeFacts,
    OfficerFact,
    Penalty,
    PenaltyKind,
    PerformanceFacts,
    Procedure,
    Proposal,
    Resolution,
    State,
)
from zhifa.core.procedure.rules import ONSPOT_STEPS, REVIEW_CHECKLIST
from zhifa.core.procedure.table import TABLE

D = date
AS_OF = D(2024, 3, 1)
CERTIFIED_UNTIL = D(2030, 12, 31)


def officer(
    i: int,
    *,
    investigator: bool = True,
    valid_until: date = CERTIFIED_UNTIL,
    suspended_from: date | None = None,
    recused: bool = False,
) -> OfficerFact:
    suspensions = (SuspensionFacts(suspended_from, reason="考核不合格"),) if suspended_from else ()
    return OfficerFact(
        f"o{i}",
        (
            CertificateFacts(
                f"交执{i:04d}", "valid", valid_until, D(2020, 1, 1), last_reviewed_on=valid_until
            ),
        ),
        suspensions,
        recused=recused,
        investigator=investigator,
    )


OFFICERS = (officer(1), officer(2), officer(3, investigator=False))
PROVINCE = LargeAmounts(Decimal(10000), Decimal(50000), "测试省：自然人1万元、组织5万元")


def fine(amount, *, low=200, high=20000, kinds=(PenaltyKind.FINE,), **kw) -> Penalty:
    return Penalty(
        frozenset(kinds),
        Decimal(amount),
        statutory_min=Decimal(low),
        statutory_max=Decimal(high),
        **kw,
    )


FINE_500 = fine(500)
WARNING = Penalty(frozenset({PenaltyKind.WARNING}))

BASE = CaseFacts(
    state=State.LEAD,
    procedure=Procedure.GENERAL,
    officers=OFFICERS,
    lead_received_on=D(2024, 1, 10),
    violation_ended_on=D(2024, 1, 5),
    filed_on=D(2024, 1, 12),
    decision_due=D(2024, 4, 11),
    evidence_count=3,
    report_unit_reviewed=True,
    crime_report_on=D(2024, 2, 28),
    large_amounts=PROVINCE,
    triggers=CaseTriggers(facts_conclusive=True, has_legal_basis=True),
    notice=NoticeFacts(penalty=FINE_500, served_on=D(2024, 2, 1), statement_due=D(2024, 2, 6)),
    decision=DecisionFacts(
        penalty=FINE_500,
        decided_on=D(2024, 2, 20),
        served_on=D(2024, 2, 21),
        service_due=D(2024, 2, 29),
        party_address_confirmed=True,
    ),
    performance=PerformanceFacts(payment_due=D(2024, 3, 7), outstanding=Decimal(500)),
    proposal=Proposal(penalty=FINE_500),
)


def upd(facts: CaseFacts, **changes) -> CaseFacts:
    """`dataclasses.replace`, where a dict for a nested dataclass field replaces inside it."""
    out = {}
    for name, value in changes.items():
        current = getattr(facts, name)
        if isinstance(value, dict) and dataclasses.is_dataclass(current):
            value = dataclasses.replace(current, **value)
        out[name] = value
    return dataclasses.replace(facts, **out)


# transition → changes to BASE (state included) that make every guard pass on AS_OF
READY: dict[str, dict] = {
    "decide_on_spot": {
        "state": State.LEAD,
        "procedure": None,
        "filed_on": None,
        "proposal": {
            "penalty": fine(200, low=50, high=1000),
            "onspot_steps": frozenset(ONSPOT_STEPS),
        },
    },
    "file_onspot_decision": {"state": State.ONSPOT_DECIDED, "procedure": Procedure.SUMMARY},
    "collect_on_spot": {
        "state": State.ONSPOT_DECIDED,
        "procedure": Procedure.SUMMARY,
        "decision": {"penalty": fine(100, low=50, high=1000)},
        "proposal": {"collection_ground": "fine_100_or_less", "receipt_issued": True},
    },
    "publish_decision": {
        "state": State.SERVED,
        "open_deadlines": frozenset({"A27_publish_penalty"}),
    },
    "hand_over_cash": {
        "state": State.PERFORMED,
        "procedure": Procedure.SUMMARY,
        "open_deadlines": frozenset({"A17_cash_handover"}),
    },
    "deposit_cash": {
        "state": State.PERFORMED,
        "procedure": Procedure.SUMMARY,
        "open_deadlines": frozenset({"A17_bank_deposit"}),
        "proposal": {"reference": "工行缴款单0042"},
    },
    "decline_filing": {
        "state": State.LEAD,
        "procedure": None,
        "filed_on": None,
        "proposal": {"reason": "举报内容不实"},
    },
    "file_case": {"state": State.LEAD, "procedure": None, "filed_on": None},
    "start_investigation": {"state": State.FILED},
    "terminate_investigation": {
        "state": State.INVESTIGATION,
        "proposal": {"reason": "no_violation"},
    },
    "transfer_to_agency": {
        "state": State.INVESTIGATION,
        "proposal": {"reason": "属海事管理机构管辖"},
    },
    "transfer_crime": {"state": State.INVESTIGATION},
    "submit_report": {"state": State.INVESTIGATION},
    "review_report": {"state": State.REPORT_SUBMITTED, "report_unit_reviewed": False},
    "return_report": {"state": State.REPORT_SUBMITTED, "proposal": {"reason": "证据不足"}},
    "approve_report": {"state": State.REPORT_SUBMITTED},
    "serve_rights_notice": {"state": State.REPORT_APPROVED, "notice": NoticeFacts()},
    "record_statement": {"state": State.NOTIFIED},
    "request_hearing": {
        "state": State.NOTIFIED,
        "notice": {"hearing_offered": True, "hearing_request_due": D(2024, 3, 4)},
    },
    "schedule_hearing": {
        "state": State.HEARING_REQUESTED,
        "proposal": {
            "hearing_chair_id": "o3",
            "hearing_date": D(2024, 3, 15),
            "hearing_earliest_date": D(2024, 3, 12),
        },
    },
    "postpone_hearing": {"state": State.HEARING_SCHEDULED, "proposal": {"reason": "force_majeure"}},
    "reschedule_hearing": {
        "state": State.HEARING_POSTPONED,
        "proposal": {"hearing_date": D(2024, 3, 15), "hearing_earliest_date": D(2024, 3, 12)},
    },
    "suspend_hearing": {"state": State.HEARING_SCHEDULED, "proposal": {"reason": "new_evidence"}},
    "resume_hearing": {
        "state": State.HEARING_SUSPENDED,
        "proposal": {"hearing_date": D(2024, 3, 15), "hearing_earliest_date": D(2024, 3, 12)},
    },
    "hold_hearing": {"state": State.HEARING_SCHEDULED, "hearing": {"scheduled_on": AS_OF}},
    "terminate_hearing": {"state": State.HEARING_REQUESTED, "proposal": {"reason": "withdrawn"}},
    "submit_legal_review": {"state": State.NOTIFIED},
    "pass_legal_review": {
        "state": State.LEGAL_REVIEW,
        "proposal": {"checklist": frozenset(REVIEW_CHECKLIST), "reviewer_qualified": True},
    },
    "return_review_for_investigation": {
        "state": State.LEGAL_REVIEW,
        "proposal": {"reason": "事实不清"},
    },
    "return_review_for_report": {"state": State.LEGAL_REVIEW, "proposal": {"reason": "文书不规范"}},
    "refer_to_deliberation": {"state": State.NOTIFIED},
    "resolve_deliberation": {
        "state": State.DELIBERATION,
        "proposal": {"deliberation_attendees": 3, "resolution": Resolution.PENALTY},
    },
    "reopen_investigation": {
        "state": State.DELIBERATION_RESOLVED,
        "deliberation": DeliberationFacts(
            DeliberationStatus.RESOLVED, Resolution.FURTHER_INVESTIGATION
        ),
    },
    "extend_decision_period": {"state": State.INVESTIGATION, "proposal": {"reason": "案情复杂"}},
    "decide_penalty": {"state": State.NOTIFIED},
    "decide_no_penalty": {
        "state": State.REPORT_APPROVED,
        "proposal": {"reason": "first_violation"},
    },
    "serve_decision": {
        "state": State.DECIDED_PENALTY,
        "proposal": {"service_method": "direct"},
        "decision": {"service_due": D(2024, 3, 1)},
    },
    "start_performance": {"state": State.SERVED},
    "approve_deferral": {
        "state": State.AWAITING_PERFORMANCE,
        "performance": {"deferral_applied_on": D(2024, 2, 28), "plan_end": D(2024, 5, 1)},
    },
    "mark_overdue": {
        "state": State.AWAITING_PERFORMANCE,
        "performance": {"payment_due": D(2024, 2, 20)},
    },
    "record_payment": {"state": State.AWAITING_PERFORMANCE, "performance": {"outstanding": 0}},
    "issue_demand": {"state": State.OVERDUE, "performance": {"payment_due": D(2024, 1, 15)}},
    "apply_court_enforcement": {
        "state": State.DEMAND_ISSUED,
        "performance": {
            "demand_served_on": D(2024, 2, 1),
            "demand_wait_ends": D(2024, 2, 19),
            "court_window": (D(2024, 2, 20), D(2024, 5, 20)),
        },
    },
    "decide_execution": {
        "state": State.DEMAND_ISSUED,
        "performance": {
            "has_execution_power": True,
            "demand_served_on": D(2024, 2, 1),
            "demand_wait_ends": D(2024, 2, 19),
        },
        # ACL Art. 43: carried out on a working day (Friday, AS_OF) in the daytime
        "proposal": {"execution_at": datetime(2024, 3, 1, 9, 30)},
    },
    "suspend_execution": {
        "state": State.COMPULSORY_EXECUTION,
        "proposal": {"reason": "unable_to_pay"},
    },
    "resume_execution": {
        "state": State.EXECUTION_SUSPENDED,
        "proposal": {"execution_at": datetime(2024, 3, 1, 9, 30)},
    },
    "terminate_execution": {
        "state": State.EXECUTION_SUSPENDED,
        "proposal": {"reason": "subject_perished"},
    },
    "close_case": {"state": State.PERFORMED},
    "archive_case": {"state": State.CLOSED},
}


def ready(code: str) -> tuple[CaseFacts, frozenset[str], date]:
    """Facts that pass every guard of `code` on AS_OF, and the roles that may fire it."""
    facts = upd(BASE, **READY[code])
    return facts, frozenset(r.value for r in TABLE[code].roles), AS_OF
