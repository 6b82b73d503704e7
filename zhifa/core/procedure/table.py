"""The case procedure as a declared transition table (legal.md §C.2, with the §C.3 invariants).

One row per transition: the states it may leave, the state it enters (`SAME`: stays), the roles
that may fire it, the procedures it belongs to, its guards (blocking) and advisories (warnings),
the documents it produces, the deadlines it opens and closes, side effects the app must carry out,
and the articles it rests on. `engine.fire` is the only reader; nothing else decides a transition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from . import deadlines as dl
from . import guards as g
from . import rules
from .model import CaseFacts, Procedure, Resolution, Role, State

SAME = None  # target of a transition that records a step without changing the state

GENERAL = frozenset({Procedure.GENERAL})
SUMMARY = frozenset({Procedure.SUMMARY})
BOTH = frozenset({Procedure.GENERAL, Procedure.SUMMARY})
LEAD_ANY = BOTH | {None}  # at a lead the procedure is usually not chosen yet

Condition = Callable[[CaseFacts], bool]


@dataclass(frozen=True)
class Produces:
    """A document the transition produces; `when` None: always."""

    kind: str
    when: Condition | None = None
    when_label: str = ""


@dataclass(frozen=True)
class Opens:
    """A deadline the transition opens.

    `start` names the date the period runs from (see `START_DATES`); `due` names a date that is
    the due date itself (for the two passed-in codes); `when` None: always.
    """

    code: str
    start: str = "as_of"
    due: str | None = None
    when: Condition | None = None


@dataclass(frozen=True)
class Transition:
    code: str
    label: str
    sources: frozenset[State]
    target: State | None
    roles: frozenset[Role]
    procedures: frozenset[Procedure | None]  # None: a lead, before a procedure is chosen
    article: str
    guards: tuple[g.Guard, ...] = ()
    advisories: tuple[g.Guard, ...] = ()
    produces: tuple[Produces, ...] = ()
    opens: tuple[Opens, ...] = ()
    closes: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    sets_procedure: Procedure | None = None
    officers_required: bool = True  # adds the two-officer guard (APL Art. 42)
    notes: str = field(default="", compare=False)

    def target_from(self, state: State) -> State:
        return state if self.target is SAME else self.target


# Dates a deadline may run from; each resolver reads the snapshot (or the step's date).
START_DATES: MappingProxyType[str, Callable[[CaseFacts, date], date | None]] = MappingProxyType(
    {
        "as_of": lambda f, as_of: as_of,
        "decision_received": lambda f, as_of: f.decision.served_on or f.decision.decided_on,
        "decision_due": lambda f, as_of: f.decision_due,
        "statement_due": lambda f, as_of: f.notice.statement_due,
        "plan_end": lambda f, as_of: f.performance.plan_end,
        "court_window_end": lambda f, as_of: (f.performance.court_window or (None, None))[1],
    }
)


def _s(*states: State) -> frozenset[State]:
    return frozenset(states)


def _roles(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


def _hearing_offered(f: CaseFacts) -> bool:
    penalty = f.proposal.penalty
    if penalty is None:
        return False
    try:
        return bool(rules.hearing_triggers(penalty, f.party_kind, f.large_amounts, f.triggers))
    except rules.MissingParameter:
        return False


def _correction(f: CaseFacts) -> bool:
    return f.decision.correction_required


def _statement_window(f: CaseFacts) -> bool:
    return f.notice.statement_due is not None


def _court_window_known(f: CaseFacts) -> bool:
    return f.performance.court_window is not None and not f.performance.has_execution_power


OFFICER = _roles(Role.OFFICER)
HEAD = _roles(Role.AGENCY_HEAD)
CHAIR = _roles(Role.HEARING_CHAIR)
REVIEWER = _roles(Role.LEGAL_REVIEWER)

PRE_DECISION = _s(
    State.FILED,
    State.INVESTIGATION,
    State.REPORT_SUBMITTED,
    State.REPORT_APPROVED,
    State.NOTIFIED,
    State.HEARING_REQUESTED,
    State.HEARING_SCHEDULED,
    State.HEARING_POSTPONED,
    State.HEARING_SUSPENDED,
    State.HEARING_HELD,
    State.HEARING_TERMINATED,
    State.LEGAL_REVIEW,
    State.LEGAL_REVIEW_PASSED,
    State.DELIBERATION,
    State.DELIBERATION_RESOLVED,
)
DECIDABLE = _s(
    State.NOTIFIED,
    State.HEARING_HELD,
    State.HEARING_TERMINATED,
    State.LEGAL_REVIEW_PASSED,
    State.DELIBERATION_RESOLVED,
)
HEARING_OPEN = _s(
    State.HEARING_REQUESTED,
    State.HEARING_SCHEDULED,
    State.HEARING_POSTPONED,
    State.HEARING_SUSPENDED,
)
DECISION_GUARDS = (
    g.penalty_proposed,
    g.large_amounts_configured,
    g.penalty_within_statute,
    g.notice_served,
    g.statement_window_closed,
    g.hearing_handled,
    g.hearing_right_stated,
    g.not_heavier_than_notified,
    g.legal_review_passed_if_required,
    g.deliberation_resolved_if_required,
    g.resolution_allows(Resolution.PENALTY),
    g.discretion_outcome_respected,
    g.deviation_approved,
)

T = Transition
TRANSITIONS: tuple[Transition, ...] = (
    # --- summary procedure (简易程序) -------------------------------------------------------------
    T(
        "decide_on_spot",
        "当场作出行政处罚决定",
        _s(State.LEAD),
        State.ONSPOT_DECIDED,
        OFFICER,
        SUMMARY | {None},
        "APL Arts. 51–52; TEPP Arts. 60–61",
        guards=(
            g.within_limitation,
            g.penalty_proposed,
            g.summary_eligible,
            g.penalty_within_statute,
            g.onspot_steps_done,
            g.discretion_outcome_respected,
        ),
        produces=(
            Produces("onspot_decision"),
            Produces("correction_order", _correction, "需要责令改正时"),
        ),
        opens=(Opens(dl.A9_ONSPOT_FILING),),
        effects=("record_decided_penalty", "record_decision_served_on_the_spot"),
        sets_procedure=Procedure.SUMMARY,
    ),
    T(
        "file_onspot_decision",
        "当场处罚决定报所属部门备案",
        _s(State.ONSPOT_DECIDED, State.AWAITING_PERFORMANCE, State.OVERDUE, State.PERFORMED),
        SAME,
        OFFICER,
        SUMMARY,
        "APL Art. 52 para 3; TEPP Art. 61(8)",
        guards=(g.onspot_not_yet_filed,),
        closes=(dl.A9_ONSPOT_FILING,),
        effects=("record_onspot_filed",),
        officers_required=False,
    ),
    T(
        "collect_on_spot",
        "当场收缴罚款",
        _s(State.ONSPOT_DECIDED),
        State.PERFORMED,
        OFFICER,
        SUMMARY,
        "APL Arts. 68–71; TEPP Arts. 99–100",
        guards=(g.onspot_collection_allowed,),
        opens=(Opens(dl.A17_CASH_HANDOVER),),
        effects=("record_payment",),
    ),
    T(
        "hand_over_cash",
        "当场收缴的罚款交至行政机关",
        _s(State.PERFORMED),
        SAME,
        OFFICER,
        SUMMARY,
        "APL Art. 71; TEPP Art. 100",
        guards=(g.cash_handover_open,),
        opens=(Opens(dl.A17_BANK_DEPOSIT),),
        closes=(dl.A17_CASH_HANDOVER,),
        officers_required=False,
    ),
    T(
        "deposit_cash",
        "当场收缴的罚款缴付指定银行",
        _s(State.PERFORMED),
        SAME,
        _roles(Role.AGENCY_HEAD, Role.OFFICER),
        SUMMARY,
        "APL Art. 71; TEPP Art. 100",
        guards=(g.bank_deposit_open,),
        closes=(dl.A17_BANK_DEPOSIT,),
        officers_required=False,
    ),
    # --- filing (立案) ---------------------------------------------------------------------------
    T(
        "decline_filing",
        "不予立案",
        _s(State.LEAD),
        State.NOT_FILED,
        HEAD,
        LEAD_ANY,
        "TEPP Art. 62; legal.md §I 7 (UNCONFIRMED: no national rule)",
        guards=(g.reason_in("not_filed", None, "TEPP Art. 62"),),
        produces=(Produces("not_filed_approval"),),
        officers_required=False,
    ),
    T(
        "file_case",
        "立案",
        _s(State.LEAD),
        State.FILED,
        HEAD,
        GENERAL | {None},
        "APL Art. 54; TEPP Arts. 62–63",
        guards=(g.within_limitation,),
        produces=(Produces("filing_register"),),
        opens=(Opens(dl.A13_DECISION),),
        effects=("record_filed_on",),
        sets_procedure=Procedure.GENERAL,
    ),
    T(
        "start_investigation",
        "开始调查取证",
        _s(State.FILED),
        State.INVESTIGATION,
        OFFICER,
        GENERAL,
        "APL Arts. 54–55; TEPP Arts. 64–65",
    ),
    # --- leaving the procedure early -------------------------------------------------------------
    T(
        "terminate_investigation",
        "终止调查",
        _s(State.FILED, State.INVESTIGATION),
        State.INVESTIGATION_TERMINATED,
        HEAD,
        GENERAL,
        "TEPP Art. 123",
        guards=(
            g.reason_in(
                "terminate_investigation", rules.TERMINATE_INVESTIGATION_REASONS, "TEPP Art. 123"
            ),
        ),
        closes=(dl.A13_DECISION, dl.A13_DECISION_EXTENSION),
        effects=("release_measures",),
    ),
    T(
        "transfer_to_agency",
        "移送有管辖权的机关",
        _s(State.LEAD, State.FILED, State.INVESTIGATION),
        State.TRANSFERRED_TO_AGENCY,
        HEAD,
        GENERAL | {None},
        "TEPP Art. 9",
        guards=(g.reason_in("transfer_to_agency", None, "TEPP Art. 9"),),
        produces=(Produces("case_transfer_letter"),),
        closes=(dl.A13_DECISION, dl.A13_DECISION_EXTENSION),
        effects=("hand_over_property",),
        officers_required=False,
    ),
    T(
        "transfer_crime",
        "移送涉嫌犯罪案件",
        _s(State.INVESTIGATION, State.REPORT_APPROVED, State.DELIBERATION_RESOLVED),
        State.TRANSFERRED_TO_JUDICIARY,
        _roles(Role.PRINCIPAL_HEAD),
        GENERAL,
        "APL Art. 27; ACL Art. 21; S6 Arts. 5–6; TEPP Art. 9",
        guards=(g.crime_report_submitted, g.resolution_allows(Resolution.TRANSFER)),
        advisories=(g.crime_decided_within_3_days,),
        produces=(Produces("crime_transfer_letter"),),
        opens=(Opens(dl.A8_TRANSFER),),
        closes=(dl.A8_TRANSFER_DECISION, dl.A13_DECISION, dl.A13_DECISION_EXTENSION),
        effects=("hand_over_property",),
    ),
    # --- investigation report ----------------------------------------------------------------
    T(
        "submit_report",
        "提交案件调查报告",
        _s(State.INVESTIGATION),
        State.REPORT_SUBMITTED,
        OFFICER,
        GENERAL,
        "TEPP Art. 67",
        guards=(g.evidence_recorded,),
        produces=(Produces("investigation_report"),),
    ),
    T(
        "review_report",
        "办案机构负责人审核调查报告",
        _s(State.REPORT_SUBMITTED),
        SAME,
        _roles(Role.UNIT_HEAD),
        GENERAL,
        "TEPP Art. 68",
        guards=(g.report_not_yet_reviewed,),
        effects=("record_report_unit_reviewed",),
        officers_required=False,
    ),
    T(
        "return_report",
        "退回补充调查",
        _s(State.REPORT_SUBMITTED),
        State.INVESTIGATION,
        _roles(Role.UNIT_HEAD, Role.AGENCY_HEAD),
        GENERAL,
        "TEPP Art. 68",
        guards=(g.reason_in("return_report", None, "TEPP Art. 68"),),
        effects=("clear_report_unit_reviewed",),
        officers_required=False,
    ),
    T(
        "approve_report",
        "批准调查报告",
        _s(State.REPORT_SUBMITTED),
        State.REPORT_APPROVED,
        HEAD,
        GENERAL,
        "TEPP Art. 68",
        guards=(g.report_unit_reviewed,),
    ),
    # --- notice of violation (告知) -------------------------------------------------------------
    T(
        "serve_rights_notice",
        "送达违法行为通知书",
        _s(
            State.REPORT_APPROVED,
            State.DELIBERATION_RESOLVED,
            State.NOTIFIED,
            State.HEARING_HELD,
            State.HEARING_TERMINATED,
        ),
        State.NOTIFIED,
        OFFICER,
        GENERAL,
        "APL Arts. 44, 63; TEPP Arts. 69, 80",
        guards=(
            g.penalty_proposed,
            g.large_amounts_configured,
            g.penalty_within_statute,
            g.renotice_not_heavier_after_defence,
            g.resolution_allows(Resolution.PENALTY),
        ),
        produces=(Produces("violation_notice"), Produces("service_receipt")),
        opens=(
            Opens(dl.A10_HEARING_REQUEST, when=_hearing_offered),
            Opens(dl.A12_STATEMENT, due="statement_due", when=_statement_window),
        ),
        effects=("record_notified_penalty", "record_hearing_offered", "reset_party_responses"),
    ),
    T(
        "record_statement",
        "记录当事人陈述申辩",
        _s(State.NOTIFIED),
        SAME,
        OFFICER,
        GENERAL,
        "APL Art. 45; TEPP Art. 70",
        effects=("record_statement",),
    ),
    # --- hearing (听证) -------------------------------------------------------------------------
    T(
        "request_hearing",
        "当事人要求听证",
        _s(State.NOTIFIED),
        State.HEARING_REQUESTED,
        OFFICER,
        GENERAL,
        "APL Art. 64(1); TEPP Art. 82",
        guards=(g.hearing_right_offered, g.hearing_request_in_time),
        closes=(dl.A10_HEARING_REQUEST,),
        effects=("record_hearing_requested",),
    ),
    T(
        "schedule_hearing",
        "指定主持人并通知听证",
        _s(State.HEARING_REQUESTED),
        State.HEARING_SCHEDULED,
        HEAD,
        GENERAL,
        "APL Art. 64(2), (4); TEPP Arts. 83–84",
        guards=(g.hearing_chair_not_investigator, g.hearing_notice_timely),
        produces=(Produces("hearing_notice"), Produces("service_receipt")),
        effects=("record_hearing_schedule",),
    ),
    T(
        "postpone_hearing",
        "延期举行听证",
        _s(State.HEARING_SCHEDULED),
        State.HEARING_POSTPONED,
        CHAIR,
        GENERAL,
        "TEPP Arts. 93–96",
        guards=(
            g.reason_in("hearing_postpone", rules.HEARING_POSTPONE_REASONS, "TEPP Arts. 93–96"),
        ),
        officers_required=False,
    ),
    T(
        "reschedule_hearing",
        "重新确定听证日期",
        _s(State.HEARING_POSTPONED),
        State.HEARING_SCHEDULED,
        _roles(Role.HEARING_CHAIR, Role.AGENCY_HEAD),
        GENERAL,
        "APL Art. 64(2); TEPP Arts. 83, 93",
        guards=(g.hearing_notice_timely,),
        produces=(Produces("hearing_notice"), Produces("service_receipt")),
        effects=("record_hearing_schedule",),
        officers_required=False,
    ),
    T(
        "suspend_hearing",
        "中止听证",
        _s(State.HEARING_SCHEDULED),
        State.HEARING_SUSPENDED,
        CHAIR,
        GENERAL,
        "TEPP Arts. 93–96",
        guards=(g.reason_in("hearing_suspend", rules.HEARING_SUSPEND_REASONS, "TEPP Arts. 93–96"),),
        officers_required=False,
    ),
    T(
        "resume_hearing",
        "恢复听证",
        _s(State.HEARING_SUSPENDED),
        State.HEARING_SCHEDULED,
        _roles(Role.HEARING_CHAIR, Role.AGENCY_HEAD),
        GENERAL,
        "APL Art. 64(2); TEPP Arts. 83, 94",
        guards=(g.hearing_notice_timely,),
        produces=(Produces("hearing_notice"), Produces("service_receipt")),
        effects=("record_hearing_schedule",),
        officers_required=False,
    ),
    T(
        "hold_hearing",
        "举行听证",
        _s(State.HEARING_SCHEDULED),
        State.HEARING_HELD,
        CHAIR,
        GENERAL,
        "APL Arts. 64–65; TEPP Art. 97",
        guards=(g.hearing_day_reached,),
        produces=(Produces("hearing_record"),),
        effects=("record_hearing_held",),
    ),
    T(
        "terminate_hearing",
        "终止听证",
        HEARING_OPEN,
        State.HEARING_TERMINATED,
        _roles(Role.HEARING_CHAIR, Role.AGENCY_HEAD),
        GENERAL,
        "TEPP Arts. 93–96",
        guards=(
            g.reason_in("hearing_terminate", rules.HEARING_TERMINATE_REASONS, "TEPP Arts. 93–96"),
        ),
        effects=("record_hearing_terminated",),
        officers_required=False,
    ),
    # --- legal review (法制审核) ------------------------------------------------------------------
    T(
        "submit_legal_review",
        "提交法制审核",
        _s(State.NOTIFIED, State.HEARING_HELD, State.HEARING_TERMINATED, State.REPORT_APPROVED),
        State.LEGAL_REVIEW,
        OFFICER,
        GENERAL,
        "APL Art. 58; TEPP Art. 71",
        guards=(g.notice_served, g.statement_window_closed, g.hearing_handled),
        effects=("record_review_pending",),
    ),
    T(
        "pass_legal_review",
        "法制审核通过",
        _s(State.LEGAL_REVIEW),
        State.LEGAL_REVIEW_PASSED,
        REVIEWER,
        GENERAL,
        "APL Art. 58; TEPP Art. 72; T4 §四(十三)",
        guards=(g.review_checklist_complete, g.reviewer_qualified),
        produces=(Produces("legal_review_opinion"),),
        effects=("record_review_passed",),
        officers_required=False,
    ),
    T(
        "return_review_for_investigation",
        "审核未通过，退回补充调查",
        _s(State.LEGAL_REVIEW),
        State.INVESTIGATION,
        REVIEWER,
        GENERAL,
        "APL Art. 58; T4 §四(十三)",
        guards=(g.reason_in("review_failed", None, "T4 §四(十三)"),),
        produces=(Produces("legal_review_opinion"),),
        effects=("record_review_failed",),
        officers_required=False,
    ),
    T(
        "return_review_for_report",
        "审核未通过，退回修改调查报告",
        _s(State.LEGAL_REVIEW),
        State.REPORT_SUBMITTED,
        REVIEWER,
        GENERAL,
        "APL Art. 58; T4 §四(十三)",
        guards=(g.reason_in("review_failed", None, "T4 §四(十三)"),),
        produces=(Produces("legal_review_opinion"),),
        effects=("record_review_failed", "clear_report_unit_reviewed"),
        officers_required=False,
    ),
    # --- collective discussion (集体讨论) ---------------------------------------------------------
    T(
        "refer_to_deliberation",
        "提交集体讨论",
        _s(
            State.INVESTIGATION,
            State.REPORT_APPROVED,
            State.NOTIFIED,
            State.HEARING_HELD,
            State.HEARING_TERMINATED,
            State.LEGAL_REVIEW_PASSED,
        ),
        State.DELIBERATION,
        _roles(Role.OFFICER, Role.AGENCY_HEAD),
        GENERAL,
        "APL Art. 57 para 2; TEPP Art. 76",
        effects=("record_deliberation_pending",),
    ),
    T(
        "resolve_deliberation",
        "集体讨论作出决定",
        _s(State.DELIBERATION),
        State.DELIBERATION_RESOLVED,
        HEAD,
        GENERAL,
        "APL Art. 57 para 2; TEPP Art. 76; T6 §(十二)",
        guards=(g.deliberation_record_complete,),
        produces=(Produces("deliberation_record"),),
        effects=("record_resolution",),
    ),
    T(
        "reopen_investigation",
        "按集体讨论决定补充调查",
        _s(State.DELIBERATION_RESOLVED),
        State.INVESTIGATION,
        HEAD,
        GENERAL,
        "TEPP Art. 76",
        guards=(g.resolved_further_investigation,),
        effects=("clear_deliberation",),
    ),
    # --- period and decision (决定) ---------------------------------------------------------------
    T(
        "extend_decision_period",
        "延长办案期限",
        PRE_DECISION,
        SAME,
        HEAD,
        GENERAL,
        "TEPP Art. 78",
        guards=(
            g.decision_period_open,
            g.reason_in("extend_decision_period", None, "TEPP Art. 78"),
        ),
        opens=(Opens(dl.A13_DECISION_EXTENSION, start="decision_due"),),
        closes=(dl.A13_DECISION,),
        effects=("record_decision_period_extended",),
    ),
    T(
        "decide_penalty",
        "作出行政处罚决定",
        DECIDABLE,
        State.DECIDED_PENALTY,
        HEAD,
        GENERAL,
        "APL Arts. 44–45, 57–59, 62, 65; TEPP Arts. 70, 73, 77–78, 98",
        guards=DECISION_GUARDS,
        advisories=(g.decision_within_period,),
        produces=(
            Produces("penalty_decision"),
            Produces("correction_order", _correction, "需要责令改正时"),
        ),
        # 国办发〔2018〕118号 第二部分第（六）项: the decision is published within 7 working days (A27)
        opens=(Opens(dl.A14_DECISION_SERVICE), Opens(dl.A27_PUBLISH_PENALTY)),
        closes=(
            dl.A13_DECISION,
            dl.A13_DECISION_EXTENSION,
            dl.A10_HEARING_REQUEST,
            dl.A12_STATEMENT,
        ),
        effects=("record_decided_penalty",),
    ),
    T(
        "decide_no_penalty",
        "作出不予行政处罚决定",
        DECIDABLE | {State.REPORT_APPROVED},
        State.DECIDED_NO_PENALTY,
        HEAD,
        GENERAL,
        "APL Arts. 30–33, 36; TEPP Art. 73(2)–(3)",
        guards=(
            g.reason_in("no_penalty", rules.NO_PENALTY_GROUNDS, "APL Art. 33; TEPP Art. 73"),
            g.resolution_allows(Resolution.NO_PENALTY),
        ),
        advisories=(g.decision_within_period,),
        produces=(
            Produces("no_penalty_decision"),
            Produces("correction_order", _correction, "需要责令改正时（APL Art. 33 para 3）"),
        ),
        opens=(Opens(dl.A14_DECISION_SERVICE),),
        closes=(
            dl.A13_DECISION,
            dl.A13_DECISION_EXTENSION,
            dl.A10_HEARING_REQUEST,
            dl.A12_STATEMENT,
        ),
        effects=("record_no_penalty", "educate_party", "release_measures"),
    ),
    T(
        "serve_decision",
        "送达处罚决定书",
        _s(State.DECIDED_PENALTY, State.DECIDED_NO_PENALTY),
        State.SERVED,
        OFFICER,
        GENERAL,
        "APL Art. 61; TEPP Art. 18",
        guards=(g.service_method_lawful,),
        advisories=(g.service_within_period,),
        produces=(Produces("service_receipt"),),
        closes=(dl.A14_DECISION_SERVICE,),
        effects=("record_decision_served",),
    ),
    # --- performance (履行) -----------------------------------------------------------------------
    T(
        "start_performance",
        "开始履行期",
        _s(State.SERVED, State.ONSPOT_DECIDED),
        State.AWAITING_PERFORMANCE,
        _roles(Role.OFFICER, Role.SYSTEM),
        BOTH,
        "APL Art. 67 para 3; TEPP Art. 99",
        guards=(g.money_obligation,),
        opens=(Opens(dl.A16_FINE_PAYMENT, start="decision_received"),),
        officers_required=False,
    ),
    T(
        "publish_decision",
        "公示行政处罚决定",
        _s(
            State.DECIDED_PENALTY,
            State.SERVED,
            State.AWAITING_PERFORMANCE,
            State.DEFERRAL_OR_INSTALMENTS,
            State.OVERDUE,
            State.DEMAND_ISSUED,
            State.COMPULSORY_EXECUTION,
            State.EXECUTION_SUSPENDED,
            State.EXECUTION_TERMINATED,
            State.COURT_ENFORCEMENT,
            State.PERFORMED,
        ),
        SAME,
        _roles(Role.OFFICER, Role.AGENCY_HEAD),
        GENERAL,
        "APL Art. 48; 国办发〔2018〕118号 第二部分第（六）项",
        guards=(g.publication_open,),
        closes=(dl.A27_PUBLISH_PENALTY,),
        officers_required=False,
    ),
    T(
        "approve_deferral",
        "批准暂缓或分期缴纳",
        _s(State.AWAITING_PERFORMANCE, State.OVERDUE),
        State.DEFERRAL_OR_INSTALMENTS,
        HEAD,
        BOTH,
        "APL Art. 66 para 2; TEPP Art. 101",
        guards=(g.deferral_applied,),
        produces=(Produces("payment_plan_notice"),),
        opens=(Opens(dl.A20_PLAN_END, due="plan_end"),),
        closes=(dl.A16_FINE_PAYMENT,),
        effects=("record_payment_plan",),
        officers_required=False,
    ),
    T(
        "mark_overdue",
        "逾期未缴纳",
        _s(State.AWAITING_PERFORMANCE, State.DEFERRAL_OR_INSTALMENTS),
        State.OVERDUE,
        _roles(Role.SYSTEM, Role.OFFICER),
        BOTH,
        "APL Art. 72(1); ACL Art. 45; TEPP Art. 103",
        guards=(g.payment_overdue,),
        advisories=(g.surcharge_rate_told,),
        closes=(dl.A16_FINE_PAYMENT, dl.A20_PLAN_END),
        officers_required=False,
    ),
    T(
        "record_payment",
        "缴清罚款",
        _s(
            State.AWAITING_PERFORMANCE,
            State.DEFERRAL_OR_INSTALMENTS,
            State.OVERDUE,
            State.DEMAND_ISSUED,
            State.COMPULSORY_EXECUTION,
            State.EXECUTION_SUSPENDED,
            State.COURT_ENFORCEMENT,
        ),
        State.PERFORMED,
        _roles(Role.OFFICER, Role.SYSTEM),
        BOTH,
        "APL Art. 67",
        guards=(g.paid_in_full,),
        closes=(dl.A16_FINE_PAYMENT, dl.A20_PLAN_END, dl.A21_DEMAND_WAIT, dl.A22_COURT_APPLICATION),
        officers_required=False,
    ),
    T(
        "issue_demand",
        "送达催告书",
        _s(State.OVERDUE),
        State.DEMAND_ISSUED,
        HEAD,
        BOTH,
        "ACL Arts. 35, 45–46, 54; TEPP Arts. 104, 107, 119",
        guards=(g.surcharge_over_30_days,),
        produces=(Produces("demand"), Produces("service_receipt")),
        opens=(
            Opens(dl.A21_DEMAND_WAIT),
            Opens(dl.A22_COURT_APPLICATION, due="court_window_end", when=_court_window_known),
        ),
        effects=("record_demand_served",),
    ),
    T(
        "apply_court_enforcement",
        "申请人民法院强制执行",
        _s(State.DEMAND_ISSUED),
        State.COURT_ENFORCEMENT,
        HEAD,
        BOTH,
        "ACL Arts. 53–55; SPC 2018 Interpretation Art. 156; TEPP Arts. 118–120",
        guards=(
            g.no_execution_power,
            g.no_remedy_pending,
            g.demand_wait_run,
            g.within_court_window,
        ),
        produces=(Produces("court_enforcement_application"),),
        closes=(dl.A21_DEMAND_WAIT, dl.A22_COURT_APPLICATION),
    ),
    T(
        "decide_execution",
        "作出行政强制执行决定",
        _s(State.DEMAND_ISSUED),
        State.COMPULSORY_EXECUTION,
        HEAD,
        BOTH,
        "ACL Arts. 13, 37, 43; TEPP Arts. 106, 109",
        guards=(g.execution_power, g.demand_wait_run, g.execution_time_lawful),
        produces=(Produces("execution_decision"), Produces("service_receipt")),
        closes=(dl.A21_DEMAND_WAIT,),
        notes="ACL Art. 43: not at night or on statutory holidays except in emergencies.",
    ),
    T(
        "suspend_execution",
        "中止执行",
        _s(State.COMPULSORY_EXECUTION),
        State.EXECUTION_SUSPENDED,
        HEAD,
        BOTH,
        "ACL Art. 39; TEPP Art. 110",
        guards=(g.reason_in("suspend_execution", rules.SUSPEND_EXECUTION_REASONS, "ACL Art. 39"),),
        produces=(Produces("execution_notice"),),
        effects=("record_execution_suspended",),
        officers_required=False,
    ),
    T(
        "resume_execution",
        "恢复执行",
        _s(State.EXECUTION_SUSPENDED),
        State.COMPULSORY_EXECUTION,
        HEAD,
        BOTH,
        "ACL Art. 39 para 2; TEPP Art. 110",
        guards=(g.execution_time_lawful,),  # ACL Art. 43 applies to resumed execution too
        produces=(Produces("execution_notice"),),
        officers_required=False,
    ),
    T(
        "terminate_execution",
        "终结执行",
        _s(State.COMPULSORY_EXECUTION, State.EXECUTION_SUSPENDED),
        State.EXECUTION_TERMINATED,
        HEAD,
        BOTH,
        "ACL Arts. 39–40; TEPP Art. 111",
        guards=(
            g.reason_in("terminate_execution", rules.TERMINATE_EXECUTION_REASONS, "ACL Art. 40"),
            g.suspended_three_years_if_claimed,
        ),
        produces=(Produces("execution_notice"),),
        officers_required=False,
    ),
    # --- closing and archiving (结案、归档) --------------------------------------------------------
    T(
        "close_case",
        "结案",
        _s(
            State.INVESTIGATION_TERMINATED,
            State.TRANSFERRED_TO_AGENCY,
            State.TRANSFERRED_TO_JUDICIARY,
            State.SERVED,
            State.PERFORMED,
            State.COURT_ENFORCEMENT,
            State.EXECUTION_TERMINATED,
            State.ONSPOT_DECIDED,
        ),
        State.CLOSED,
        HEAD,
        BOTH,
        "TEPP Art. 122",
        guards=(g.closing_ground, g.no_active_measures, g.onspot_cash_deposited),
        produces=(Produces("closing_report"),),
        closes=(dl.ALL,),
        officers_required=False,
    ),
    T(
        "archive_case",
        "归档",
        _s(State.CLOSED),
        State.ARCHIVED,
        HEAD,
        BOTH,
        "APL Art. 47; TEPP Art. 122 para 2; T4 §三(九)",
        guards=(g.court_enforcement_finished_if_applied,),
        officers_required=False,
    ),
)

TABLE: MappingProxyType[str, Transition] = MappingProxyType({t.code: t for t in TRANSITIONS})
if len(TABLE) != len(TRANSITIONS):  # pragma: no cover - a declaration error
    raise ValueError("duplicate transition code")
TERMINAL_STATES = frozenset({State.NOT_FILED, State.ARCHIVED})
