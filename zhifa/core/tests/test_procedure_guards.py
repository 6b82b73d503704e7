"""Every guard, refusing: one row per legal case, each starting from a case ready for the transition
and changing only the fact under test (so "refused" cannot pass for the wrong reason)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.payment import Pause
from zhifa.core.procedure import (
    TABLE,
    CaseTriggers,
    DeliberationFacts,
    DeliberationStatus,
    GuardRefused,
    PartyKind,
    PenaltyKind,
    Procedure,
    Recommendation,
    Resolution,
    ReviewStatus,
    State,
    fire,
)
from zhifa.core.procedure.engine import guards_of
from zhifa.core.procedure.rules import ONSPOT_STEPS, REVIEW_CHECKLIST

from .procedure_cases import AS_OF, FINE_500, WARNING, fine, officer, ready, upd

D = date
TRIGGERS = CaseTriggers(facts_conclusive=True, has_legal_basis=True)

# (transition, changes to its ready case, guard, refusal code, article, why)
REFUSAL_ROWS = [
    # --- implicit guards
    (
        "decide_penalty",
        {"last_step_on": D(2024, 3, 2)},
        "not_backdated",
        "date_before_previous_step",
        "APL Art. 47",
        "dated before the previous step",
    ),
    (
        "start_investigation",
        {"filed_on": D(2024, 3, 5)},
        "not_backdated",
        "date_before_previous_step",
        "APL Art. 47",
        "a date before filing",
    ),
    (
        "decide_penalty",
        {"officers": (officer(1), officer(2, suspended_from=D(2024, 2, 1)))},
        "two_officers",
        "two_officers_required",
        "APL Art. 42",
        "a suspended officer is refused",
    ),
    (
        "serve_rights_notice",
        {"officers": (officer(1), officer(2, valid_until=D(2024, 2, 1)))},
        "two_officers",
        "two_officers_required",
        "APL Art. 42",
        "an expired certificate",
    ),
    (
        "submit_report",
        {"officers": (officer(1), officer(2, recused=True))},
        "two_officers",
        "two_officers_required",
        "APL Art. 42",
        "a recused officer takes no further part",
    ),
    (
        "decide_on_spot",
        {"officers": (officer(1),)},
        "two_officers",
        "two_officers_required",
        "APL Art. 42",
        "one officer alone may not decide on the spot",
    ),
    # --- filing and summary procedure
    (
        "file_case",
        {"violation_ended_on": D(2021, 1, 9)},
        "within_limitation",
        "limitation_expired",
        "APL Art. 36",
        "discovered more than 2 years after the conduct",
    ),
    (
        "file_case",
        {"violation_ended_on": None},
        "within_limitation",
        "violation_date_missing",
        "APL Art. 36",
        "date of the conduct missing",
    ),
    (
        "decide_on_spot",
        {"proposal": {"penalty": fine(201, low=50, high=1000)}},
        "summary_eligible",
        "summary_fine_too_high",
        "APL Art. 51",
        "201 yuan for a person",
    ),
    (
        "decide_on_spot",
        {
            "party_kind": PartyKind.ORGANISATION,
            "proposal": {"penalty": fine(3001, low=50, high=5000)},
        },
        "summary_eligible",
        "summary_fine_too_high",
        "APL Art. 51",
        "3,001 yuan for an organisation",
    ),
    (
        "decide_on_spot",
        {"triggers": CaseTriggers(facts_conclusive=False, has_legal_basis=True)},
        "summary_eligible",
        "summary_facts_not_conclusive",
        "APL Art. 51",
        "facts not conclusive",
    ),
    (
        "decide_on_spot",
        {"triggers": CaseTriggers(facts_conclusive=True, has_legal_basis=False)},
        "summary_eligible",
        "summary_no_legal_basis",
        "APL Art. 51",
        "no legal basis",
    ),
    (
        "decide_on_spot",
        {
            "proposal": {
                "penalty": fine(
                    100, low=50, high=1000, kinds=(PenaltyKind.FINE, PenaltyKind.CONFISCATE_GAINS)
                )
            }
        },
        "summary_eligible",
        "summary_penalty_kind",
        "APL Art. 51",
        "confiscation is not summary",
    ),
    (
        "decide_on_spot",
        {"proposal": {"onspot_steps": frozenset(ONSPOT_STEPS) - {"rights_told"}}},
        "onspot_steps_done",
        "onspot_steps_missing",
        "TEPP Art. 61",
        "rights not stated",
    ),
    (
        "collect_on_spot",
        {"decision": {"penalty": fine(150, low=50, high=1000)}},
        "onspot_collection_allowed",
        "collect_over_100",
        "APL Art. 68(1)",
        "150 yuan over 100",
    ),
    (
        "collect_on_spot",
        {"proposal": {"receipt_issued": False}},
        "onspot_collection_allowed",
        "collect_no_receipt",
        "APL Art. 70",
        "no official receipt",
    ),
    (
        "collect_on_spot",
        {"proposal": {"collection_ground": None}},
        "onspot_collection_allowed",
        "collect_no_ground",
        "APL Arts. 68–69",
        "no statutory ground",
    ),
    (
        "file_onspot_decision",
        {"performance": {"onspot_filed": True}},
        "onspot_not_yet_filed",
        "onspot_already_filed",
        "TEPP Art. 61(8)",
        "filed twice",
    ),
    # --- penalties
    (
        "decide_penalty",
        {"proposal": {"penalty": None}},
        "penalty_proposed",
        "penalty_missing",
        "APL Arts. 44, 59",
        "no penalty stated",
    ),
    (
        "serve_rights_notice",
        {"proposal": {"penalty": fine(30000, high=20000)}},
        "penalty_within_statute",
        "fine_above_statute",
        "APL Arts. 4, 38",
        "above the maximum",
    ),
    (
        "serve_rights_notice",
        {"proposal": {"penalty": fine(100, low=200)}},
        "penalty_within_statute",
        "fine_below_statute",
        "APL Arts. 4, 32, 38",
        "below the minimum without mitigation",
    ),
    (
        "serve_rights_notice",
        {"large_amounts": None},
        "large_amounts_configured",
        "large_amounts_missing",
        "TEPP Art. 80 para 2",
        "province threshold not configured",
    ),
    (
        "serve_rights_notice",
        {
            "state": State.NOTIFIED,
            "notice": {"penalty": FINE_500, "statement_recorded": True},
            "proposal": {"penalty": fine(800)},
        },
        "renotice_not_heavier_after_defence",
        "heavier_after_defence",
        "APL Art. 45 para 2",
        "heavier re-notice after a defence, without new facts",
    ),
    (
        "decide_penalty",
        {"proposal": {"penalty": fine(800)}},
        "not_heavier_than_notified",
        "heavier_than_notified",
        "APL Art. 44",
        "heavier than notified: notify again",
    ),
    (
        "decide_penalty",
        {"notice": {"statement_recorded": True}, "proposal": {"penalty": fine(800)}},
        "not_heavier_than_notified",
        "heavier_after_defence",
        "APL Art. 45 para 2",
        "never heavier because the party defended itself",
    ),
    (
        "decide_penalty",
        {"proposal": {"penalty": fine(500, kinds=(PenaltyKind.FINE, PenaltyKind.WARNING))}},
        "not_heavier_than_notified",
        "heavier_than_notified",
        "APL Art. 44",
        "a kind not in the notice",
    ),
    (
        "decide_penalty",
        {"recommendation": Recommendation(Decimal(200), Decimal(400))},
        "deviation_approved",
        "deviation_not_approved",
        "T6 §(十二)",
        "500 outside the recommended 200–400 without approval",
    ),
    (
        "decide_penalty",
        {"recommended_outcome": "must_not_penalise"},
        "discretion_outcome_respected",
        "discretion_must_not_penalise",
        "APL Art. 33 para 1",
        "the engine concluded the law forbids a penalty",
    ),
    (
        "decide_on_spot",
        {"recommended_outcome": "may_exempt"},
        "discretion_outcome_respected",
        "may_exempt_reason_missing",
        "APL Art. 33 para 1",
        "a penalty despite a possible exemption needs the decider's reason",
    ),
    (
        "publish_decision",
        {"open_deadlines": frozenset()},
        "publication_open",
        "publication_not_due",
        "APL Art. 48",
        "nothing waits to be published",
    ),
    (
        "hand_over_cash",
        {"open_deadlines": frozenset()},
        "cash_handover_open",
        "cash_not_collected",
        "APL Art. 71",
        "no cash collected on the spot is waiting to be handed over",
    ),
    (
        "deposit_cash",
        {"open_deadlines": frozenset({"A17_cash_handover"})},
        "bank_deposit_open",
        "cash_not_handed_over",
        "APL Art. 71",
        "the cash has not reached the department yet",
    ),
    (
        "deposit_cash",
        {"proposal": {"reference": ""}},
        "bank_deposit_open",
        "bank_slip_missing",
        "APL Art. 71",
        "the bank slip number proves the deposit",
    ),
    (
        "close_case",
        {"open_deadlines": frozenset({"A17_bank_deposit"})},
        "onspot_cash_deposited",
        "onspot_cash_not_deposited",
        "APL Art. 71",
        "cash collected on the spot not yet in the bank",
    ),
    (
        "serve_decision",
        {"proposal": {"service_method": "public_notice", "posting_recorded": False}},
        "service_method_lawful",
        "public_notice_not_filmed",
        "TEPP Art. 18(5)",
        "the posting of a public notice must be photographed or filmed",
    ),
    # --- notice, statement and hearing
    (
        "decide_penalty",
        {"notice": {"served_on": None}},
        "notice_served",
        "notice_not_served",
        "APL Arts. 44, 62",
        "no notice served",
    ),
    (
        "decide_penalty",
        {"notice": {"statement_due": AS_OF}},
        "statement_window_closed",
        "statement_window_open",
        "APL Arts. 44–45, 62",
        "statement window still open",
    ),
    (
        "decide_penalty",
        {"notice": {"statement_due": None}},
        "statement_window_closed",
        "statement_not_heard",
        "APL Art. 62",
        "no window configured and the party not heard",
    ),
    (
        "decide_penalty",
        {"notice": {"hearing_offered": True, "hearing_request_due": AS_OF}},
        "hearing_handled",
        "hearing_window_open",
        "APL Art. 64(1)",
        "hearing window still open",
    ),
    (
        "decide_penalty",
        {
            "notice": {"hearing_offered": True, "hearing_request_due": D(2024, 2, 8)},
            "hearing": {"requested_on": D(2024, 2, 5)},
        },
        "hearing_handled",
        "hearing_pending",
        "APL Arts. 64–65",
        "hearing requested, not held",
    ),
    (
        "submit_legal_review",
        {"notice": {"hearing_offered": True}},
        "hearing_handled",
        "hearing_request_due_missing",
        "APL Art. 64(1)",
        "request window not computed",
    ),
    (
        "decide_penalty",
        {
            "notice": {"penalty": fine(12000)},
            "proposal": {"penalty": fine(12000)},
            "deliberation": DeliberationFacts(DeliberationStatus.RESOLVED, Resolution.PENALTY),
        },
        "hearing_right_stated",
        "hearing_right_not_stated",
        "APL Art. 63(3)",
        "a large fine and the notice did not offer a hearing",
    ),
    (
        "request_hearing",
        {"notice": {"hearing_offered": False}},
        "hearing_right_offered",
        "hearing_not_available",
        "APL Art. 63",
        "no hearing right for this penalty",
    ),
    (
        "request_hearing",
        {"notice": {"hearing_request_due": D(2024, 2, 29)}},
        "hearing_request_in_time",
        "hearing_request_late",
        "APL Art. 64(1)",
        "requested after 5 working days",
    ),
    (
        "schedule_hearing",
        {"proposal": {"hearing_chair_id": "o1"}},
        "hearing_chair_not_investigator",
        "hearing_chair_is_investigator",
        "APL Art. 64(4)",
        "the investigator may not chair",
    ),
    (
        "schedule_hearing",
        {"proposal": {"hearing_chair_id": None}},
        "hearing_chair_not_investigator",
        "hearing_chair_missing",
        "APL Art. 64(4)",
        "no chair designated",
    ),
    (
        "schedule_hearing",
        {"proposal": {"hearing_date": D(2024, 3, 11)}},
        "hearing_notice_timely",
        "hearing_notice_too_late",
        "APL Art. 64(2)",
        "less than 7 working days' notice",
    ),
    (
        "resume_hearing",
        {"proposal": {"hearing_earliest_date": None}},
        "hearing_notice_timely",
        "hearing_earliest_missing",
        "APL Art. 64(2)",
        "earliest day not computed",
    ),
    (
        "hold_hearing",
        {"hearing": {"scheduled_on": D(2024, 3, 15)}},
        "hearing_day_reached",
        "hearing_not_yet",
        "APL Art. 64(2)",
        "before the notified day",
    ),
    # --- legal review and deliberation
    (
        "pass_legal_review",
        {"proposal": {"checklist": frozenset(REVIEW_CHECKLIST) - {"documents"}}},
        "review_checklist_complete",
        "review_checklist_incomplete",
        "TEPP Art. 72",
        "opinion misses an item of §F.3",
    ),
    (
        "pass_legal_review",
        {"proposal": {"reviewer_qualified": False}},
        "reviewer_qualified",
        "reviewer_not_qualified",
        "APL Art. 58 para 2",
        "first-time reviewer without qualification",
    ),
    (
        "decide_penalty",
        {"triggers": CaseTriggers(complex_case=True)},
        "legal_review_passed_if_required",
        "legal_review_required",
        "APL Art. 58(3)",
        "a complex case without legal review",
    ),
    (
        "decide_penalty",
        {
            "triggers": CaseTriggers(major_rights=True),
            "hearing": {"held_on": D(2024, 2, 20)},
            "notice": {"hearing_offered": True, "hearing_request_due": D(2024, 2, 8)},
        },
        "legal_review_passed_if_required",
        "legal_review_required",
        "APL Art. 58(2)",
        "major rights and a hearing",
    ),
    (
        "decide_penalty",
        {"review": {"status": ReviewStatus.FAILED}},
        "legal_review_passed_if_required",
        "legal_review_failed",
        "APL Art. 58",
        "a failed review blocks the decision",
    ),
    (
        "resolve_deliberation",
        {"proposal": {"deliberation_attendees": 1}},
        "deliberation_record_complete",
        "deliberation_attendees",
        "TEPP Art. 76",
        "one attendee",
    ),
    (
        "resolve_deliberation",
        {"proposal": {"resolution": None}},
        "deliberation_record_complete",
        "deliberation_no_resolution",
        "TEPP Art. 76",
        "no resolution",
    ),
    (
        "decide_penalty",
        {"triggers": CaseTriggers(facts_disputed=True)},
        "deliberation_resolved_if_required",
        "deliberation_required",
        "TEPP Art. 76(2)",
        "disputed facts need collective discussion",
    ),
    (
        "decide_penalty",
        {
            "proposal": {
                "penalty": fine(500, kinds=(PenaltyKind.FINE, PenaltyKind.LICENCE_REVOCATION))
            },
            "notice": {
                "penalty": fine(500, kinds=(PenaltyKind.FINE, PenaltyKind.LICENCE_REVOCATION)),
                "hearing_offered": True,
                "hearing_request_due": D(2024, 2, 8),
            },
        },
        "deliberation_resolved_if_required",
        "deliberation_required",
        "TEPP Art. 76(1)",
        "licence revocation",
    ),
    (
        "decide_penalty",
        {
            "state": State.DELIBERATION_RESOLVED,
            "deliberation": DeliberationFacts(DeliberationStatus.RESOLVED, Resolution.NO_PENALTY),
        },
        "resolution_penalty",
        "contrary_to_resolution",
        "TEPP Art. 76",
        "the meeting resolved no penalty",
    ),
    (
        "reopen_investigation",
        {"deliberation": DeliberationFacts(DeliberationStatus.RESOLVED, Resolution.PENALTY)},
        "resolved_further_investigation",
        "contrary_to_resolution",
        "TEPP Art. 76",
        "the meeting did not ask for more investigation",
    ),
    # --- investigation report
    (
        "submit_report",
        {"evidence_count": 0},
        "evidence_recorded",
        "no_evidence",
        "TEPP Art. 67",
        "no evidence",
    ),
    (
        "review_report",
        {"report_unit_reviewed": True},
        "report_not_yet_reviewed",
        "report_already_reviewed",
        "TEPP Art. 68",
        "reviewed twice",
    ),
    (
        "approve_report",
        {"report_unit_reviewed": False},
        "report_unit_reviewed",
        "report_not_reviewed",
        "TEPP Art. 68",
        "head approves before the unit reviewed",
    ),
    # --- period, transfer, service
    (
        "extend_decision_period",
        {"decision_period_extended": True},
        "decision_period_open",
        "decision_period_already_extended",
        "TEPP Art. 78",
        "only one extension",
    ),
    (
        "extend_decision_period",
        {"decision_due": D(2024, 2, 28)},
        "decision_period_open",
        "decision_period_expired",
        "TEPP Art. 78",
        "asked after the period ran out",
    ),
    (
        "transfer_crime",
        {"crime_report_on": None},
        "crime_report_submitted",
        "crime_report_missing",
        "S6 Art. 5",
        "no transfer report",
    ),
    (
        "serve_decision",
        {
            "proposal": {"service_method": "electronic"},
            "decision": {"party_address_confirmed": False},
        },
        "service_method_lawful",
        "electronic_service_unconfirmed",
        "TEPP Art. 18(3)",
        "electronic service without a confirmed address",
    ),
    (
        "serve_decision",
        {"proposal": {"service_method": "pigeon"}},
        "service_method_lawful",
        "service_method_unknown",
        "TEPP Art. 18",
        "not a lawful method",
    ),
    # --- payment and execution
    (
        "start_performance",
        {"decision": {"penalty": WARNING}},
        "money_obligation",
        "nothing_to_pay",
        "APL Art. 67",
        "a warning has nothing to pay",
    ),
    (
        "mark_overdue",
        {"performance": {"payment_due": AS_OF}},
        "payment_overdue",
        "payment_not_yet_due",
        "APL Art. 72(1)",
        "on the last day it is not yet overdue",
    ),
    (
        "mark_overdue",
        {"performance": {"outstanding": Decimal(0)}},
        "payment_overdue",
        "already_paid",
        "APL Art. 72(1)",
        "paid",
    ),
    (
        "approve_deferral",
        {"performance": {"deferral_applied_on": None}},
        "deferral_applied",
        "deferral_not_applied",
        "APL Art. 66 para 2",
        "no application by the party",
    ),
    (
        "record_payment",
        {"performance": {"outstanding": Decimal("0.01")}},
        "paid_in_full",
        "not_paid_in_full",
        "APL Art. 67",
        "one fen short",
    ),
    (
        "issue_demand",
        {"performance": {"payment_due": D(2024, 1, 31)}},
        "surcharge_over_30_days",
        "surcharge_under_30_days",
        "ACL Art. 46",
        "surcharge ran exactly 30 days",
    ),
    (
        "issue_demand",
        {"performance": {"remedy_pauses": (Pause(D(2024, 2, 1), D(2024, 2, 20)),)}},
        "surcharge_over_30_days",
        "surcharge_under_30_days",
        "ACL Art. 46",
        "days of reconsideration do not count",
    ),
    (
        "apply_court_enforcement",
        {"performance": {"has_execution_power": True}},
        "no_execution_power",
        "has_execution_power",
        "ACL Arts. 13, 53",
        "an agency with execution power executes itself",
    ),
    (
        "decide_execution",
        {"performance": {"has_execution_power": False}},
        "execution_power",
        "no_execution_power",
        "ACL Arts. 13, 53",
        "no law grants execution power",
    ),
    (
        "apply_court_enforcement",
        {"performance": {"remedy_pending": True}},
        "no_remedy_pending",
        "remedy_pending",
        "ACL Art. 53",
        "litigation pending",
    ),
    (
        "apply_court_enforcement",
        {"performance": {"demand_wait_ends": AS_OF}},
        "demand_wait_run",
        "demand_wait_running",
        "ACL Arts. 54, 69",
        "within 10 working days of the demand",
    ),
    (
        "decide_execution",
        {"performance": {"demand_served_on": None}},
        "demand_wait_run",
        "demand_not_served",
        "ACL Arts. 35, 54",
        "no demand served",
    ),
    (
        "apply_court_enforcement",
        {"performance": {"court_window": (D(2024, 3, 2), D(2024, 6, 2))}},
        "within_court_window",
        "court_window_not_open",
        "ACL Art. 53",
        "the party's litigation period has not run out",
    ),
    (
        "apply_court_enforcement",
        {"performance": {"court_window": (D(2023, 11, 1), D(2024, 2, 1))}},
        "within_court_window",
        "court_window_closed",
        "ACL Art. 53",
        "3 months have passed",
    ),
    (
        "terminate_execution",
        {
            "proposal": {"reason": "suspended_three_years"},
            "performance": {"execution_suspended_on": D(2021, 3, 2)},
        },
        "suspended_three_years_if_claimed",
        "suspension_under_three_years",
        "ACL Art. 39 para 2",
        "one day short of three years",
    ),
    # --- closing and archiving
    (
        "close_case",
        {"state": State.SERVED},
        "closing_ground",
        "not_yet_performed",
        "TEPP Art. 122",
        "a fine not yet paid",
    ),
    (
        "close_case",
        {"state": State.COURT_ENFORCEMENT},
        "closing_ground",
        "court_not_accepted",
        "TEPP Art. 122",
        "the court has not accepted",
    ),
    (
        "close_case",
        {"state": State.TRANSFERRED_TO_JUDICIARY},
        "closing_ground",
        "crime_not_handed_over",
        "S6 Art. 8",
        "police have not received the case",
    ),
    (
        "close_case",
        {"procedure": Procedure.SUMMARY},
        "closing_ground",
        "onspot_not_filed",
        "TEPP Art. 61(8)",
        "on-the-spot decision never filed",
    ),
    (
        "close_case",
        {"active_measures": 1},
        "no_active_measures",
        "measures_still_active",
        "ACL Art. 28",
        "a seizure not released",
    ),
    (
        "archive_case",
        {"performance": {"court_accepted_on": D(2024, 2, 1)}},
        "court_enforcement_finished_if_applied",
        "court_enforcement_running",
        "TEPP Art. 122 para 2",
        "court enforcement still running",
    ),
    # --- reasons
    (
        "decline_filing",
        {"proposal": {"reason": " "}},
        "reason_not_filed",
        "reason_missing",
        "TEPP Art. 62",
        "no reason for not filing",
    ),
    (
        "terminate_investigation",
        {"proposal": {"reason": "boss said so"}},
        "reason_terminate_investigation",
        "reason_not_allowed",
        "TEPP Art. 123",
        "not a ground",
    ),
    (
        "transfer_to_agency",
        {"proposal": {"reason": None}},
        "reason_transfer_to_agency",
        "reason_missing",
        "TEPP Art. 9",
        "no receiving agency",
    ),
    (
        "return_report",
        {"proposal": {"reason": None}},
        "reason_return_report",
        "reason_missing",
        "TEPP Art. 68",
        "sent back without a reason",
    ),
    (
        "postpone_hearing",
        {"proposal": {"reason": "weather is nice"}},
        "reason_hearing_postpone",
        "reason_not_allowed",
        "TEPP Arts. 93–96",
        "not a postponement ground",
    ),
    (
        "suspend_hearing",
        {"proposal": {"reason": None}},
        "reason_hearing_suspend",
        "reason_missing",
        "TEPP Arts. 93–96",
        "no suspension ground",
    ),
    (
        "terminate_hearing",
        {"proposal": {"reason": "chair is tired"}},
        "reason_hearing_terminate",
        "reason_not_allowed",
        "TEPP Arts. 93–96",
        "not a termination ground",
    ),
    (
        "return_review_for_investigation",
        {"proposal": {"reason": ""}},
        "reason_review_failed",
        "reason_missing",
        "T4 §四(十三)",
        "a failed review states its problems",
    ),
    (
        "extend_decision_period",
        {"proposal": {"reason": None}},
        "reason_extend_decision_period",
        "reason_missing",
        "TEPP Art. 78",
        "no reason to extend",
    ),
    (
        "decide_no_penalty",
        {"proposal": {"reason": "kind heart"}},
        "reason_no_penalty",
        "reason_not_allowed",
        "APL Art. 33",
        "not a statutory no-penalty ground",
    ),
    (
        "suspend_execution",
        {"proposal": {"reason": None}},
        "reason_suspend_execution",
        "reason_missing",
        "ACL Art. 39",
        "no suspension ground",
    ),
    (
        "terminate_execution",
        {"proposal": {"reason": "tired"}},
        "reason_terminate_execution",
        "reason_not_allowed",
        "ACL Art. 40",
        "not a termination ground",
    ),
    (
        "decide_no_penalty",
        {"deliberation": DeliberationFacts(DeliberationStatus.RESOLVED, Resolution.PENALTY)},
        "resolution_no_penalty",
        "contrary_to_resolution",
        "TEPP Art. 76",
        "the meeting resolved a penalty",
    ),
    (
        "transfer_crime",
        {
            "state": State.DELIBERATION_RESOLVED,
            "deliberation": DeliberationFacts(DeliberationStatus.RESOLVED, Resolution.PENALTY),
        },
        "resolution_transfer",
        "contrary_to_resolution",
        "TEPP Art. 76",
        "the meeting did not resolve to transfer",
    ),
    # --- ACL Art. 43: compulsory execution not at night or on holidays (defect 11)
    (
        "decide_execution",
        {"proposal": {"execution_at": datetime(2024, 3, 1, 22, 30)}},
        "execution_time_lawful",
        "execution_at_night",
        "ACL Art. 43",
        "executed at night without an emergency ground",
    ),
    (
        "resume_execution",
        {"proposal": {"execution_day_off": True}},
        "execution_time_lawful",
        "execution_on_holiday",
        "ACL Art. 43",
        "resumed on a statutory holiday without an emergency ground",
    ),
    (
        "decide_execution",
        {"proposal": {"execution_at": None}},
        "execution_time_lawful",
        "execution_time_missing",
        "ACL Art. 43",
        "the time of execution is not recorded",
    ),
]


def _ids(rows):
    return [f"{r[0]}-{r[3]}-{i}" for i, r in enumerate(rows)]


@pytest.mark.parametrize(
    ("code", "changes", "guard", "refusal", "article", "why"), REFUSAL_ROWS, ids=_ids(REFUSAL_ROWS)
)
def test_guard_refuses(code, changes, guard, refusal, article, why):
    # given a case ready for the transition, with one fact changed
    facts, roles, as_of = ready(code)
    facts = upd(facts, **changes)
    # when the transition is fired
    with pytest.raises(GuardRefused) as err:
        fire(code, facts, roles, as_of)
    # then the guard's refusal is among the reasons, with its article
    found = {r.code: r for r in err.value.refusals}
    assert refusal in found, (why, [r.code for r in err.value.refusals])
    assert article in found[refusal].article, why
    assert found[refusal].message  # Chinese message for the person
    assert err.value.details["transition"] == code


def test_every_guard_in_the_table_has_a_refusal_row():
    used = {guard.code for t in TABLE.values() for guard in guards_of(t)}
    tested = {row[2] for row in REFUSAL_ROWS}
    assert used - tested == set()


def test_the_error_code_is_the_first_refusal_and_lists_them_all():
    facts, roles, as_of = ready("decide_penalty")
    facts = upd(facts, officers=(officer(1),), notice={"statement_due": AS_OF})
    with pytest.raises(GuardRefused) as err:
        fire("decide_penalty", facts, roles, as_of)
    assert err.value.code == "two_officers_required"
    assert [r["code"] for r in err.value.details["refusals"]] == [
        "two_officers_required",
        "statement_window_open",
    ]
    assert "；" in err.value.message


# --- rows that pass because the law allows them -------------------------------------------------

ALLOWED_ROWS = [
    (
        "decide_on_spot",
        {"proposal": {"penalty": fine(200, low=50, high=1000)}},
        "200 yuan for a person: included (TEPP Art. 130)",
    ),
    (
        "decide_on_spot",
        {
            "party_kind": PartyKind.ORGANISATION,
            "proposal": {"penalty": fine(3000, low=50, high=5000)},
        },
        "3,000 yuan for an organisation: included",
    ),
    ("decide_on_spot", {"proposal": {"penalty": WARNING}}, "a warning alone"),
    (
        "decide_on_spot",
        {
            "proposal": {
                "penalty": fine(
                    50, low=50, high=1000, kinds=(PenaltyKind.FINE, PenaltyKind.WARNING)
                )
            }
        },
        "a warning and a small fine",
    ),
    (
        "file_case",
        {"violation_ended_on": D(2021, 1, 10), "lead_received_on": D(2023, 1, 10)},
        "discovered on the last day of the 2 years",
    ),
    (
        "file_case",
        {"violation_ended_on": D(2021, 1, 9), "limitation_years": 5},
        "5 years where life or health was harmed (APL Art. 36)",
    ),
    (
        "serve_rights_notice",
        {"proposal": {"penalty": fine(100, low=200, mitigated=True)}},
        "mitigated below the minimum (APL Art. 32)",
    ),
    (
        "serve_rights_notice",
        {
            "state": State.NOTIFIED,
            "notice": {
                "penalty": FINE_500,
                "statement_recorded": True,
                "new_facts_since_notice": True,
            },
            "proposal": {"penalty": fine(800)},
        },
        "heavier re-notice on new facts",
    ),
    (
        "serve_rights_notice",
        {
            "state": State.NOTIFIED,
            "notice": {"penalty": FINE_500, "statement_recorded": True},
            "proposal": {"penalty": fine(300)},
        },
        "lighter re-notice",
    ),
    (
        "decide_penalty",
        {"notice": {"statement_recorded": True}, "proposal": {"penalty": fine(300)}},
        "lighter after the defence",
    ),
    (
        "decide_penalty",
        {"notice": {"statement_due": None, "statement_waived": True}},
        "the party expressly waived (APL Art. 62)",
    ),
    (
        "decide_penalty",
        {"notice": {"statement_due": None, "statement_recorded": True}},
        "no configured window, the party was heard",
    ),
    (
        "decide_penalty",
        {"notice": {"hearing_offered": True, "hearing_request_due": D(2024, 2, 8)}},
        "hearing offered, window ran without a request",
    ),
    (
        "decide_penalty",
        {
            "notice": {"hearing_offered": True, "hearing_request_due": AS_OF},
            "hearing": {"waived": True},
        },
        "hearing expressly waived",
    ),
    (
        "decide_penalty",
        {
            "recommendation": Recommendation(Decimal(200), Decimal(400)),
            "decision": {"deviation_approved": True},
        },
        "deviation approved (T6 §(十二))",
    ),
    (
        "decide_penalty",
        {"triggers": CaseTriggers(complex_case=True), "review": {"status": ReviewStatus.PASSED}},
        "review passed",
    ),
    (
        "decide_penalty",
        {
            "state": State.DELIBERATION_RESOLVED,
            "triggers": CaseTriggers(facts_disputed=True),
            "deliberation": DeliberationFacts(DeliberationStatus.RESOLVED, Resolution.PENALTY),
        },
        "deliberation resolved to penalise",
    ),
    (
        "decide_penalty",
        {
            "notice": {"hearing_offered": True, "hearing_request_due": D(2024, 2, 8)},
            "hearing": {"requested_on": D(2024, 2, 5), "terminated_on": D(2024, 2, 25)},
            "state": State.HEARING_TERMINATED,
        },
        "hearing terminated",
    ),
    ("mark_overdue", {"performance": {"payment_due": D(2024, 2, 29)}}, "the day after the due"),
    ("issue_demand", {"performance": {"payment_due": D(2024, 1, 30)}}, "31 days of surcharge"),
    (
        "terminate_execution",
        {
            "proposal": {"reason": "suspended_three_years"},
            "performance": {"execution_suspended_on": D(2021, 3, 1)},
        },
        "three years to the day",
    ),
    (
        "close_case",
        {"state": State.SERVED, "decision": {"penalty": WARNING}},
        "a warning is performed on service",
    ),
    (
        "close_case",
        {
            "state": State.TRANSFERRED_TO_JUDICIARY,
            "active_measures": 2,
            "performance": {"crime_handed_over_on": D(2024, 2, 29)},
        },
        "seized property went with the transferred case",
    ),
    (
        "serve_decision",
        {"proposal": {"service_method": "electronic"}},
        "electronic service with a confirmed address",
    ),
]


@pytest.mark.parametrize(("code", "changes", "why"), ALLOWED_ROWS)
def test_guard_allows(code, changes, why):
    facts, roles, as_of = ready(code)
    outcome = fire(code, upd(facts, **changes), roles, as_of)
    assert outcome.transition == code, why


# --- advisories warn but do not block -----------------------------------------------------------

WARNING_ROWS = [
    ("decide_penalty", {"decision_due": D(2024, 2, 29)}, "decision_late", "APL Art. 60"),
    (
        "serve_decision",
        {"decision": {"service_due": D(2024, 2, 28)}},
        "service_late",
        "APL Art. 61",
    ),
    ("transfer_crime", {"crime_report_on": D(2024, 2, 20)}, "crime_decision_late", "S6 Art. 5"),
    (
        "mark_overdue",
        {"performance": {"surcharge_rate_notified": False}},
        "surcharge_rate_not_told",
        "ACL Art. 45",
    ),
]


@pytest.mark.parametrize(("code", "changes", "warning", "article"), WARNING_ROWS)
def test_advisories_warn(code, changes, warning, article):
    facts, roles, as_of = ready(code)
    outcome = fire(code, upd(facts, **changes), roles, as_of)
    assert [w.code for w in outcome.warnings] == [warning]
    assert article in outcome.warnings[0].article


def test_advisories_are_silent_when_on_time():
    for code, *_ in WARNING_ROWS:
        facts, roles, as_of = ready(code)
        assert fire(code, facts, roles, as_of).warnings == (), code


# --- properties -------------------------------------------------------------------------------

amounts = st.integers(min_value=1, max_value=9999)  # below the province's large fine


@given(amounts, amounts, st.booleans())
def test_never_heavier_than_notified(notified, decided, defended):
    # APL Arts. 44, 45 para 2: whatever the amounts, a decision above the notice is refused
    facts, roles, as_of = ready("decide_penalty")
    facts = upd(
        facts,
        notice={"penalty": fine(notified, low=1), "statement_recorded": defended},
        proposal={"penalty": fine(decided, low=1)},
    )
    if decided <= notified:
        fire("decide_penalty", facts, roles, as_of)
        return
    with pytest.raises(GuardRefused) as err:
        fire("decide_penalty", facts, roles, as_of)
    expected = "heavier_after_defence" if defended else "heavier_than_notified"
    assert expected in {r.code for r in err.value.refusals}


@given(st.integers(min_value=1, max_value=6000), st.sampled_from(list(PartyKind)))
def test_summary_procedure_exactly_up_to_the_limit(amount, party):
    # APL Art. 51; TEPP Art. 130: eligible if and only if the fine is within the limit, inclusive
    limit = 200 if party == PartyKind.PERSON else 3000
    facts, roles, as_of = ready("decide_on_spot")
    facts = upd(
        facts,
        party_kind=party,
        triggers=TRIGGERS,
        proposal={"penalty": fine(amount, low=1, high=10000)},
    )
    if amount <= limit:
        assert fire("decide_on_spot", facts, roles, as_of).to_state == State.ONSPOT_DECIDED
    else:
        with pytest.raises(GuardRefused) as err:
            fire("decide_on_spot", facts, roles, as_of)
        assert err.value.code == "summary_fine_too_high"
