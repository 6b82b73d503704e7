"""The vocabulary of the case procedure: states, roles, penalties and the frozen `CaseFacts` snapshot.

Names follow docs/glossary.md; the spec's C.1 state names are kept beside each state. Every date is
a plain `date`; everything that needs the holiday calendar (a window's last day, the earliest lawful
hearing day) is computed by the caller with `zhifa.core.calendar` and passed in, so guards stay
simple comparisons (see INTERFACE.md, "Dates the caller computes").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from zhifa.core.errors import InvalidInput
from zhifa.core.officers import ActContext, CertificateFacts, Refusal, SuspensionFacts, may_act
from zhifa.core.payment import Pause

__all__ = [
    "CaseFacts",
    "CaseTriggers",
    "DecisionFacts",
    "DeliberationFacts",
    "DeliberationStatus",
    "HearingFacts",
    "LargeAmounts",
    "NoticeFacts",
    "OfficerFact",
    "PartyKind",
    "Penalty",
    "PenaltyKind",
    "PerformanceFacts",
    "Procedure",
    "Proposal",
    "Recommendation",
    "Refusal",
    "Resolution",
    "ReviewFacts",
    "ReviewStatus",
    "Role",
    "State",
]

ZERO = Decimal(0)


class Procedure(StrEnum):
    SUMMARY = "summary"  # 简易程序 (APL Arts. 51–53)
    GENERAL = "general"  # 普通程序 (APL Arts. 54–62)


class Role(StrEnum):
    """Who may fire a transition. The app grants these per case (INTERFACE.md, "Roles")."""

    OFFICER = "officer"  # 执法人员 on the case who may act today
    UNIT_HEAD = "unit_head"  # 办案机构负责人
    AGENCY_HEAD = "agency_head"  # 执法部门负责人
    PRINCIPAL_HEAD = "principal_head"  # 正职负责人 / 主持工作的负责人 (crime transfer, S6 Art. 5)
    LEGAL_REVIEWER = "legal_reviewer"  # 法制审核人员
    HEARING_CHAIR = "hearing_chair"  # 听证主持人 designated for this case
    SYSTEM = "system"  # jobs: the deadline sweep, a bank's payment feed


class State(StrEnum):
    """Case states (legal.md §C.1; spec name in the comment)."""

    LEAD = "lead"  # LEAD_RECEIVED 线索
    NOT_FILED = "not_filed"  # (no case) 不予立案
    ONSPOT_DECIDED = "onspot_decided"  # ONSPOT_DECIDED 当场处罚
    FILED = "filed"  # FILED 立案
    INVESTIGATION = "investigation"  # INVESTIGATING 调查取证
    INVESTIGATION_TERMINATED = "investigation_terminated"  # 终止调查
    TRANSFERRED_TO_AGENCY = "transferred_to_agency"  # 移送有管辖权的机关
    TRANSFERRED_TO_JUDICIARY = "transferred_to_judiciary"  # 移送司法机关
    REPORT_SUBMITTED = "report_submitted"  # 案件调查报告已提交
    REPORT_APPROVED = "report_approved"  # 调查报告已批准
    NOTIFIED = "notified"  # 违法行为通知书已送达 (rights_notice)
    HEARING_REQUESTED = "hearing_requested"
    HEARING_SCHEDULED = "hearing_scheduled"
    HEARING_POSTPONED = "hearing_postponed"
    HEARING_SUSPENDED = "hearing_suspended"
    HEARING_HELD = "hearing_held"
    HEARING_TERMINATED = "hearing_terminated"
    LEGAL_REVIEW = "legal_review"  # 法制审核中
    LEGAL_REVIEW_PASSED = "legal_review_passed"
    DELIBERATION = "deliberation"  # COLLECTIVE_DISCUSSION 集体讨论中
    DELIBERATION_RESOLVED = "deliberation_resolved"
    DECIDED_PENALTY = "decided_penalty"  # 作出行政处罚决定
    DECIDED_NO_PENALTY = "decided_no_penalty"  # 不予行政处罚
    SERVED = "served"  # 决定书已送达
    AWAITING_PERFORMANCE = "awaiting_performance"  # 待履行（缴纳罚款）
    DEFERRAL_OR_INSTALMENTS = "deferral_or_instalments"  # 暂缓或分期缴纳
    OVERDUE = "overdue"  # OVERDUE_SURCHARGING 逾期（加处罚款）
    DEMAND_ISSUED = "demand_issued"  # 已催告
    COMPULSORY_EXECUTION = "compulsory_execution"  # 行政强制执行
    EXECUTION_SUSPENDED = "execution_suspended"  # 中止执行
    EXECUTION_TERMINATED = "execution_terminated"  # 终结执行
    COURT_ENFORCEMENT = "court_enforcement"  # COURT_ENFORCEMENT_APPLIED 申请法院强制执行
    PERFORMED = "performed"  # 履行完毕 (closing ground, TEPP Art. 122)
    CLOSED = "closed"  # 结案
    ARCHIVED = "archived"  # 归档

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    State.LEAD: "线索",
    State.NOT_FILED: "不予立案",
    State.ONSPOT_DECIDED: "当场作出处罚决定",
    State.FILED: "已立案",
    State.INVESTIGATION: "调查取证",
    State.INVESTIGATION_TERMINATED: "终止调查",
    State.TRANSFERRED_TO_AGENCY: "已移送有管辖权的机关",
    State.TRANSFERRED_TO_JUDICIARY: "已移送司法机关",
    State.REPORT_SUBMITTED: "调查报告已提交",
    State.REPORT_APPROVED: "调查报告已批准",
    State.NOTIFIED: "已告知（陈述申辩期）",
    State.HEARING_REQUESTED: "已申请听证",
    State.HEARING_SCHEDULED: "听证已安排",
    State.HEARING_POSTPONED: "听证延期",
    State.HEARING_SUSPENDED: "听证中止",
    State.HEARING_HELD: "听证已举行",
    State.HEARING_TERMINATED: "听证终止",
    State.LEGAL_REVIEW: "法制审核中",
    State.LEGAL_REVIEW_PASSED: "法制审核通过",
    State.DELIBERATION: "集体讨论中",
    State.DELIBERATION_RESOLVED: "集体讨论已决定",
    State.DECIDED_PENALTY: "已作出行政处罚决定",
    State.DECIDED_NO_PENALTY: "已作出不予行政处罚决定",
    State.SERVED: "决定书已送达",
    State.AWAITING_PERFORMANCE: "待履行",
    State.DEFERRAL_OR_INSTALMENTS: "暂缓或分期缴纳",
    State.OVERDUE: "逾期未缴纳",
    State.DEMAND_ISSUED: "已催告",
    State.COMPULSORY_EXECUTION: "强制执行中",
    State.EXECUTION_SUSPENDED: "中止执行",
    State.EXECUTION_TERMINATED: "终结执行",
    State.COURT_ENFORCEMENT: "已申请法院强制执行",
    State.PERFORMED: "履行完毕",
    State.CLOSED: "已结案",
    State.ARCHIVED: "已归档",
}


class PartyKind(StrEnum):
    PERSON = "person"  # 公民（自然人）
    ORGANISATION = "organisation"  # 法人或者其他组织


class PenaltyKind(StrEnum):
    """Kinds of administrative penalty (APL Art. 9; detention is not a transport penalty)."""

    WARNING = "warning"  # 警告
    PUBLIC_CRITICISM = "public_criticism"  # 通报批评
    FINE = "fine"  # 罚款
    CONFISCATE_GAINS = "confiscate_gains"  # 没收违法所得
    CONFISCATE_PROPERTY = "confiscate_property"  # 没收非法财物
    LICENCE_SUSPENSION = "licence_suspension"  # 暂扣许可证件
    QUALIFICATION_DOWNGRADE = "qualification_downgrade"  # 降低资质等级
    LICENCE_REVOCATION = "licence_revocation"  # 吊销许可证件
    BUSINESS_RESTRICTION = "business_restriction"  # 限制开展生产经营活动
    SUSPEND_BUSINESS = "suspend_business"  # 责令停产停业
    CLOSURE = "closure"  # 责令关闭
    PRACTICE_RESTRICTION = "practice_restriction"  # 限制从业


MONEY_KINDS = frozenset({PenaltyKind.FINE, PenaltyKind.CONFISCATE_GAINS})
CONFISCATION_KINDS = frozenset({PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY})


def _money(value: Decimal | int | str, what: str) -> Decimal:
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(
            f"{what}应为非负金额，最多两位小数",
            code="procedure_amount_invalid",
            details={"amount": str(value)},
        )
    return amount


@dataclass(frozen=True)
class Penalty:
    """A proposed or decided penalty with the range of its penalty provision (处罚依据).

    `statutory_min`/`statutory_max` bound the fine under the provision cited (from the law app);
    `mitigated` records a mitigated penalty (减轻处罚, APL Art. 32), which may go below the minimum.
    `confiscation` is the value of gains or property confiscated (for the "large amount" tests).
    """

    kinds: frozenset[PenaltyKind]
    fine: Decimal = ZERO
    confiscation: Decimal = ZERO
    statutory_min: Decimal | None = None
    statutory_max: Decimal | None = None
    mitigated: bool = False
    provision: str = ""

    def __post_init__(self) -> None:
        kinds = frozenset(PenaltyKind(k) for k in self.kinds)
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "fine", _money(self.fine, "罚款数额"))
        object.__setattr__(self, "confiscation", _money(self.confiscation, "没收金额"))
        for name in ("statutory_min", "statutory_max"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _money(value, "法定罚款幅度"))
        if not kinds:
            raise InvalidInput("处罚种类不能为空", code="procedure_penalty_empty")
        if (self.fine > 0) != (PenaltyKind.FINE in kinds):
            raise InvalidInput(
                "罚款数额与处罚种类不一致：有罚款种类须填写数额，反之亦然",
                code="procedure_penalty_fine_mismatch",
            )

    @property
    def has_money(self) -> bool:
        """A money obligation the party must perform (fine or confiscated gains)."""
        return self.fine > 0 or (
            PenaltyKind.CONFISCATE_GAINS in self.kinds and self.confiscation > 0
        )


@dataclass(frozen=True)
class Recommendation:
    """The discretion engine's recommended fine range for this case (zhifa.core.discretion)."""

    fine_min: Decimal
    fine_max: Decimal
    benchmark: str = ""


@dataclass(frozen=True)
class LargeAmounts:
    """Province parameter: what counts as a "large" fine or confiscation (较大数额), ≥ counts.

    Hearing right (APL Art. 63(3)–(4); TEPP Art. 80 para 2) and collective discussion (TEPP Art.
    76(1)) use the same figures. Field names match `zhifa.core.discretion.HearingThresholds`,
    which may be passed instead. `confiscation_*` None: only the case flag
    `CaseTriggers.large_confiscation` makes a confiscation "large".
    """

    natural_person: Decimal
    organisation: Decimal
    reference: str = ""
    confiscation_person: Decimal | None = None
    confiscation_organisation: Decimal | None = None


MARITIME_LARGE_AMOUNTS = LargeAmounts(
    Decimal(10000),
    Decimal(100000),
    "TEPP Art. 80 para 2（海事：自然人1万元、法人或其他组织10万元）",
)


@dataclass(frozen=True)
class OfficerFact:
    """An officer assigned to the case, with what `zhifa.core.officers.may_act` needs."""

    officer_id: str
    certificates: tuple[CertificateFacts, ...] = ()
    suspensions: tuple[SuspensionFacts, ...] = ()
    recused: bool = False  # recusal decided against this officer (APL Art. 43; TEPP Arts. 12–16)
    investigator: bool = True  # took part in investigating this case
    name: str = ""  # shown in refusals; the id is shown when empty
    context: ActContext | None = None  # the case's sector and territory (T2 Arts. 22–23)

    @property
    def shown(self) -> str:
        return self.name or self.officer_id

    def may_act(self, on: date) -> bool:
        return (
            not self.recused
            and may_act(self.certificates, self.suspensions, on, self.context).allowed
        )


class ReviewStatus(StrEnum):
    NONE = "none"
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


class DeliberationStatus(StrEnum):
    NONE = "none"
    PENDING = "pending"
    RESOLVED = "resolved"


class Resolution(StrEnum):
    """What a collective discussion resolved (TEPP Art. 76; T1 Art. 73 outcomes)."""

    PENALTY = "penalty"
    NO_PENALTY = "no_penalty"
    FURTHER_INVESTIGATION = "further_investigation"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class CaseTriggers:
    """Case characteristics recorded by officers; they decide legal review, deliberation and
    hearing beyond what the penalty itself triggers."""

    facts_conclusive: bool = False  # 违法事实确凿 (summary procedure, APL Art. 51)
    has_legal_basis: bool = False  # 有法定依据 (APL Art. 51)
    major_public_interest: bool = False  # APL Art. 58(1)
    major_rights: bool = False  # 直接关系当事人或者第三人重大权益 (APL Art. 58(2), with a hearing)
    complex_case: bool = False  # 案件情况疑难复杂 (APL Art. 58(3))
    multiple_legal_relationships: bool = False  # 涉及多个法律关系 (APL Art. 58(3))
    review_required_by_law: bool = False  # APL Art. 58(4)
    major_social_risk: bool = False  # T4 §四(十二)
    in_review_catalogue: bool = False  # the agency's published catalogue (T4 §四(十二))
    facts_disputed: bool = False  # TEPP Art. 76(2)
    law_contested: bool = False  # TEPP Art. 76(2)
    egregious: bool = False  # 违法情节恶劣、危害后果严重 (TEPP Art. 76(2))
    jurisdiction_disputed: bool = False  # TEPP Art. 76(2)
    complex_major_heavier: bool = False  # TEPP Art. 76(3)
    other_heavier_penalty: bool = False  # 其他较重的行政处罚 (APL Art. 63(5))
    hearing_required_by_law: bool = False  # APL Art. 63(6)
    large_confiscation: bool = False  # APL Art. 63(4) where no threshold is configured


@dataclass(frozen=True)
class NoticeFacts:
    """The notice of violation (违法行为通知书) and the party's statement and hearing rights."""

    penalty: Penalty | None = None  # the penalty proposed in the notice served
    served_on: date | None = None
    hearing_offered: bool = False  # the notice stated the hearing right (APL Art. 63)
    hearing_request_due: date | None = None  # A10: served_on + 5 working days
    statement_due: date | None = None  # A12: province's statement window end (None: none set)
    statement_recorded: bool = False  # the party stated or defended (陈述申辩)
    statement_waived: bool = False  # expressly waived (APL Art. 62)
    new_facts_since_notice: bool = False  # new evidence recorded after this notice


@dataclass(frozen=True)
class HearingFacts:
    requested_on: date | None = None
    waived: bool = False
    scheduled_on: date | None = None  # the day set for the hearing
    chair_id: str | None = None
    held_on: date | None = None
    terminated_on: date | None = None


@dataclass(frozen=True)
class ReviewFacts:
    status: ReviewStatus = ReviewStatus.NONE
    checklist: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DeliberationFacts:
    status: DeliberationStatus = DeliberationStatus.NONE
    resolution: Resolution | None = None


@dataclass(frozen=True)
class DecisionFacts:
    penalty: Penalty | None = None  # the decided penalty
    decided_on: date | None = None
    no_penalty: bool = False
    service_due: date | None = None  # A14: decided_on + 7 working days
    served_on: date | None = None  # the party received the decision (on-spot: decided_on)
    correction_required: bool = True  # order to correct (APL Art. 28; TEPP Art. 66)
    deviation_approved: bool = False  # departure from the recommendation approved (T6 §(十二))
    party_address_confirmed: bool = False  # 送达地址确认书 for electronic service (TEPP Art. 18(3))


@dataclass(frozen=True)
class PerformanceFacts:
    payment_due: date | None = None  # A16 (payment.payment_due)
    outstanding: Decimal = ZERO  # fine + surcharge still owed
    surcharge_rate_notified: bool = True  # ACL Art. 45 para 1
    remedy_pending: bool = False  # reconsideration or litigation under way (§C.2 REMEDY_PENDING)
    remedy_pauses: tuple[Pause, ...] = ()
    deferral_applied_on: date | None = None
    plan_end: date | None = None  # end of the approved deferral/instalments (PaymentPlan.end)
    # the date the surcharge runs from: the approved plan's end, else payment_due (ACL Art. 46)
    surcharge_from: date | None = None
    # first instalment of the approved plan due and not paid (payment.PaymentPlan.overdue)
    missed_instalment_due: date | None = None
    demand_served_on: date | None = None
    demand_wait_ends: date | None = None  # A21: demand served + 10 working days
    court_window: tuple[date, date] | None = None  # payment.court_enforcement_window
    has_execution_power: bool = False  # a law grants the agency compulsory execution (ACL Art. 13)
    court_accepted_on: date | None = None
    court_enforcement_finished: bool = False
    execution_suspended_on: date | None = None
    onspot_filed: bool = False  # A9 filing of an on-the-spot decision done
    crime_handed_over_on: date | None = None  # police received the transferred case (S6 Art. 8)


@dataclass(frozen=True)
class Proposal:
    """What the actor proposes in this step (the input of the transition)."""

    reason: str | None = None  # a reason code, or free text where any reason will do
    penalty: Penalty | None = None  # on-spot decision, notice or decision
    hearing_date: date | None = None
    hearing_chair_id: str | None = None
    hearing_earliest_date: date | None = None  # calendar.add_working_days(notice served, 7)
    service_method: str | None = None  # direct, left, electronic, mail, entrusted, public_notice
    deliberation_attendees: int = 0
    resolution: Resolution | None = None
    checklist: frozenset[str] = frozenset()  # legal review items covered (§F.3)
    reviewer_qualified: bool = False  # 法律职业资格, required for a first-time reviewer
    onspot_steps: frozenset[str] = frozenset()  # TEPP Art. 61 steps done
    collection_ground: str | None = None  # APL Arts. 68–69 ground for collecting on the spot
    receipt_issued: bool = False  # 财政部门统一制发的专用票据 (APL Art. 70)
    reference: str | None = None  # a receipt or bank slip number the step records
    posting_recorded: bool = False  # public-notice posting photographed or filmed (TEPP Art. 18(5))
    exemption_reason: str | None = None  # why a penalty despite a "may exempt" (APL Art. 33 para 1)
    # ACL Art. 43: when compulsory execution is carried out (local time), whether that day is a
    # holiday or rest day (the caller asks the calendar), and the emergency ground, if any.
    execution_at: datetime | None = None
    execution_day_off: bool = False
    emergency_ground: str | None = None


@dataclass(frozen=True)
class CaseFacts:
    """A frozen snapshot of one case, as the guards see it (mapping: INTERFACE.md)."""

    state: State
    procedure: Procedure | None = None
    party_kind: PartyKind = PartyKind.PERSON
    officers: tuple[OfficerFact, ...] = ()
    lead_received_on: date | None = None  # discovery (APL Art. 36: 被发现)
    violation_ended_on: date | None = None  # day the conduct occurred or ended
    limitation_years: int = 2  # APL Art. 36: 5 where life/health/financial safety was harmed
    filed_on: date | None = None
    decision_due: date | None = None  # A13 due (with extension) from the Deadline row
    decision_period_extended: bool = False
    last_step_on: date | None = None  # date of the last transition fired
    evidence_count: int = 0
    active_measures: int = 0  # preservations and coercive measures not released (issue 5)
    report_unit_reviewed: bool = False
    crime_report_on: date | None = None  # transfer report submitted (S6 Art. 5)
    large_amounts: LargeAmounts | None = None  # province parameter
    triggers: CaseTriggers = field(default_factory=CaseTriggers)
    recommendation: Recommendation | None = None
    # the discretion engine's outcome for the stored recommendation (zhifa.core.discretion
    # Outcome: "must_not_penalise", "may_exempt", …; "" when none was computed)
    recommended_outcome: str = ""
    open_deadlines: frozenset[str] = frozenset()  # codes of the case's open Deadline rows
    notice: NoticeFacts = field(default_factory=NoticeFacts)
    hearing: HearingFacts = field(default_factory=HearingFacts)
    review: ReviewFacts = field(default_factory=ReviewFacts)
    deliberation: DeliberationFacts = field(default_factory=DeliberationFacts)
    decision: DecisionFacts = field(default_factory=DecisionFacts)
    performance: PerformanceFacts = field(default_factory=PerformanceFacts)
    proposal: Proposal = field(default_factory=Proposal)

    def __post_init__(self) -> None:
        object.__setattr__(self, "state", State(self.state))
        if self.procedure is not None:
            object.__setattr__(self, "procedure", Procedure(self.procedure))
        object.__setattr__(self, "party_kind", PartyKind(self.party_kind))
        if self.limitation_years not in (2, 5):
            raise InvalidInput(
                "追责时效应为2年或5年（APL Art. 36）", code="procedure_limitation_years"
            )

    def acting_officers(self, on: date) -> tuple[OfficerFact, ...]:
        return tuple(o for o in self.officers if o.may_act(on))
