"""The supervision indicators (监督指标): what each figure counts, why the law asks for it, and how one
case contributes to the counters the rollups add up. Pure: no Django.

Never a fine total or a count of fines as a target (legal.md §B.3, §E.6 "design constraint"): the
catalogue holds rates of lawful practice (coverage, timeliness, compliance), never amounts.

A case contributes through `case_counters(CaseRow)`: every counter is 0 or 1 or a number of days,
so a rollup is the plain sum of its cases' counters and moving a case from one state to another is
a subtraction and an addition (the incremental rollups equal a rebuild from scratch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from zhifa.core.remedies import outcome_counters

__all__ = [
    "BY_CODE",
    "CASE_COUNTERS",
    "CATALOGUE",
    "CaseRow",
    "Direction",
    "Indicator",
    "Source",
    "case_counters",
    "month_of",
    "ratio",
]


class Direction(StrEnum):
    HIGHER = "higher"  # more is better (coverage, timeliness)
    LOWER = "lower"  # less is better (overdue, days)
    NEUTRAL = "neutral"  # watched, not ranked (no-penalty use, hearing rate)


class Source(StrEnum):
    CASES = "cases"  # the case rollup, kept current in the transaction of each step
    DEADLINES = "deadlines"  # the deadline rollup, refreshed by a job (its lag is shown)
    COMPLAINTS = "complaints"  # the complaints app's own indicators (complaints-12328.md §6)
    OFFICERS = "officers"  # training records and assessments


DIRECTION_ZH = {
    Direction.HIGHER: "越高越好",
    Direction.LOWER: "越低越好",
    Direction.NEUTRAL: "观察",
}


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str  # Chinese, shown on the page
    article: str  # internal reference, rendered by zhifa.core.citations
    numerator: str  # a counter name
    denominator: str | None  # a counter name; None: a count, not a rate
    direction: Direction
    source: Source = Source.CASES
    unit: str = "%"  # "%" for rates, "件", "天", "学时"
    drill: str = ""  # the counter whose cases are listed behind the figure ("" = the numerator)

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        "cases",
        "案件数",
        "线索受理日期在统计期内的案件数（含线索、立案和简易程序案件），按办案阶段和程序分列。",
        "T3 Art. 6",
        "cases",
        None,
        Direction.NEUTRAL,
        unit="件",
    ),
    Indicator(
        "open_cases",
        "在办案件数",
        "尚未结案、归档或不予立案的案件数。",
        "T3 Art. 6",
        "open",
        None,
        Direction.NEUTRAL,
        unit="件",
    ),
    Indicator(
        "handling_days",
        "平均办案天数",
        "已作出决定的普通程序案件，从立案到作出决定的平均自然日数。",
        "APL Art. 60",
        "days_decided",
        "n_decided_days",
        Direction.LOWER,
        unit="天",
        drill="n_decided_days",
    ),
    Indicator(
        "investigation_days",
        "平均调查天数",
        "已提交调查报告的案件，从立案到提交调查报告的平均自然日数。",
        "APL Art. 54",
        "days_investigation",
        "n_investigation_days",
        Direction.LOWER,
        unit="天",
        drill="n_investigation_days",
    ),
    Indicator(
        "review_days",
        "平均法制审核天数",
        "已审核完毕的案件，从提交法制审核到审核完毕的平均自然日数。",
        "APL Art. 58",
        "days_review",
        "n_review_days",
        Direction.LOWER,
        unit="天",
        drill="n_review_days",
    ),
    Indicator(
        "review_coverage",
        "法制审核覆盖率（应审必审）",
        "依法应当法制审核且已作出决定的案件中，经法制审核通过后作出决定的比例。",
        "APL Art. 58; T4 §四(十二)",
        "review_done",
        "review_required",
        Direction.HIGHER,
        drill="review_required",
    ),
    Indicator(
        "deliberation_coverage",
        "集体讨论覆盖率",
        "依法应当集体讨论且已作出决定的案件中，经集体讨论决定的比例。",
        "APL Art. 57 para 2; TEPP Art. 76",
        "deliberation_done",
        "deliberation_required",
        Direction.HIGHER,
        drill="deliberation_required",
    ),
    Indicator(
        "hearing_rate",
        "听证举行率",
        "告知听证权利的案件中，举行了听证的比例。",
        "APL Art. 63; APL Art. 64",
        "hearing_held",
        "hearing_offered",
        Direction.NEUTRAL,
        drill="hearing_offered",
    ),
    Indicator(
        "no_penalty_rate",
        "不予处罚适用率",
        "已作出决定的案件中，作出不予行政处罚决定的比例。",
        "APL Art. 33",
        "no_penalty",
        "decided",
        Direction.NEUTRAL,
    ),
    Indicator(
        "first_violation_rate",
        "首违不罚适用率",
        "已作出决定的案件中，以初次违法且危害后果轻微并及时改正为由不予处罚的比例。",
        "APL Art. 33 para 1",
        "first_violation",
        "decided",
        Direction.NEUTRAL,
    ),
    Indicator(
        "deviation_rate",
        "偏离裁量建议率",
        "有裁量建议并作出处罚决定的案件中，经批准偏离建议数额作出决定的比例。",
        "APL Art. 34",
        "deviated",
        "recommended",
        Direction.LOWER,
    ),
    Indicator(
        "evidence_rate",
        "证据记录合规率",
        "已作出决定的普通程序案件中，平台登记了至少一项证据（含文件摘要和取证信息）的比例。",
        "T4 §三(八); TEPP Art. 22",
        "with_evidence",
        "decided_general",
        Direction.HIGHER,
        drill="decided_general",
    ),
    Indicator(
        "remedy_rate",
        "复议诉讼发生率",
        "已作出决定的案件中，被申请行政复议或者提起行政诉讼的比例。",
        "APL Art. 7",
        "remedied",
        "decided",
        Direction.LOWER,
    ),
    Indicator(
        "remedy_concluded",
        "复议诉讼审结数",
        "已作出决定的案件中，行政复议或者行政诉讼已有结果（含撤回、调解）的案件数；"
        "先复议后诉讼的，以最后的结果为准。",
        "ARL Art. 62; ALL Art. 69",
        "remedy_concluded",
        None,
        Direction.NEUTRAL,
        unit="件",
    ),
    Indicator(
        "remedy_upheld",
        "维持数",
        "复议或者诉讼结果为维持原决定（诉讼中驳回诉讼请求）的案件数。",
        "ARL Art. 68; ALL Art. 69",
        "remedy_upheld",
        None,
        Direction.NEUTRAL,
        unit="件",
    ),
    Indicator(
        "remedy_changed",
        "变更数",
        "复议或者诉讼结果为变更原决定的案件数。",
        "ARL Art. 63; ALL Art. 77",
        "remedy_changed",
        None,
        Direction.LOWER,
        unit="件",
    ),
    Indicator(
        "remedy_revoked",
        "撤销数",
        "复议或者诉讼结果为撤销原决定或者确认原决定无效的案件数。",
        "ARL Art. 64; ALL Art. 70",
        "remedy_revoked",
        None,
        Direction.LOWER,
        unit="件",
    ),
    Indicator(
        "remedy_reversal_rate",
        "复议诉讼纠错率",
        "复议或者诉讼已有结果的案件中，原决定被变更、撤销、确认违法、确认无效或者责令履行的比例"
        "（撤回、调解计入分母）。",
        "ARL Art. 63; ALL Art. 70",
        "remedy_reversed",
        "remedy_concluded",
        Direction.LOWER,
    ),
    Indicator(
        "complaint_case_rate",
        "案件投诉率",
        "线索受理在统计期内的案件中，有投诉举报工单关联该案件的比例。",
        "APL Art. 75",
        "complained",
        "cases",
        Direction.LOWER,
    ),
    Indicator(
        "overdue_rate",
        "期限逾期率",
        "统计期内届满的期限中，届满时仍未履行（已逾期）的比例，按期限种类分列。",
        "T3 Art. 7",
        "overdue",
        "due",
        Direction.LOWER,
        source=Source.DEADLINES,
    ),
    Indicator(
        "measures_past_limit",
        "强制措施超期率",
        "统计期内届满的先行登记保存、查封、扣押期限中，超过法定期限仍未解除或处理的比例。",
        "ACL Art. 25; APL Art. 56",
        "overdue",
        "due",
        Direction.LOWER,
        source=Source.DEADLINES,
    ),
    Indicator(
        "disclosure_timeliness",
        "执法决定公示及时率",
        "统计期内届满的公示期限中，在期限内公示的比例。",
        "T4 §二(六)",
        "on_time",
        "due",
        Direction.HIGHER,
        source=Source.DEADLINES,
    ),
    Indicator(
        "complaint_rates",
        "12328投诉举报指标",
        "投诉举报工单的受理、办结、回访和满意率，按交办运〔2021〕60号口径由投诉举报模块计算。",
        "T3 Art. 8",
        "complaints",
        None,
        Direction.HIGHER,
        source=Source.COMPLAINTS,
        unit="件",
    ),
    Indicator(
        "training_hours",
        "人均培训学时",
        "统计年度内执法人员培训记录学时之和除以执法人员数。",
        "T2 Art. 26",
        "hours",
        "officers",
        Direction.HIGHER,
        source=Source.OFFICERS,
        unit="学时",
    ),
    Indicator(
        "assessment_pass_rate",
        "考核合格率",
        "统计年度内执法人员参加考核的合格次数占考核次数的比例。",
        "T2 Art. 31; T3 Art. 16",
        "passed",
        "assessments",
        Direction.HIGHER,
        source=Source.OFFICERS,
    ),
)

BY_CODE = {i.code: i for i in CATALOGUE}

# The counters of the case rollup, in column order (the model and the generator use the same list).
CASE_COUNTERS: tuple[str, ...] = (
    "cases",
    "open",
    "decided",
    "decided_general",
    "days_decided",
    "n_decided_days",
    "days_investigation",
    "n_investigation_days",
    "days_review",
    "n_review_days",
    "review_required",
    "review_done",
    "deliberation_required",
    "deliberation_done",
    "hearing_offered",
    "hearing_held",
    "no_penalty",
    "first_violation",
    "recommended",
    "deviated",
    "with_evidence",
    "remedied",
    "remedy_concluded",
    "remedy_upheld",
    "remedy_changed",
    "remedy_revoked",
    "remedy_reversed",
    "complained",
)


@dataclass(frozen=True)
class CaseRow:
    """What the indicators need to know about one case, as the platform records it."""

    open: bool
    general: bool
    filed_on: date | None = None
    report_on: date | None = None  # first investigation report submitted
    review_submitted_on: date | None = None
    review_decided_on: date | None = None
    decided_on: date | None = None
    no_penalty: bool = False
    first_violation: bool = False
    review_required: bool = False
    review_passed: bool = False
    deliberation_required: bool = False
    deliberation_resolved: bool = False
    hearing_offered: bool = False
    hearing_held: bool = False
    recommended: bool = False
    deviated: bool = False
    evidence: bool = False
    remedied: bool = False
    remedy_outcome: str = ""  # the outcome the decision stands on (core.remedies.final_outcome)
    complained: bool = False  # a complaint work order is linked to the case


def _days(start: date | None, end: date | None) -> int | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).days


def case_counters(row: CaseRow) -> dict[str, int]:
    """The case's contribution to every counter of CASE_COUNTERS (0 when it does not count)."""
    decided = row.decided_on is not None
    out = dict.fromkeys(CASE_COUNTERS, 0)
    out["cases"] = 1
    out["open"] = int(row.open)
    out["decided"] = int(decided)
    out["decided_general"] = int(decided and row.general)
    # APL Art. 60: the general procedure runs from filing to decision
    if row.general and (d := _days(row.filed_on, row.decided_on)) is not None:
        out["days_decided"], out["n_decided_days"] = d, 1
    if (d := _days(row.filed_on, row.report_on)) is not None:
        out["days_investigation"], out["n_investigation_days"] = d, 1
    if (d := _days(row.review_submitted_on, row.review_decided_on)) is not None:
        out["days_review"], out["n_review_days"] = d, 1
    # coverage counts decided cases only: before the decision the review may still come
    if decided and row.review_required:
        out["review_required"] = 1
        out["review_done"] = int(row.review_passed)
    if decided and row.deliberation_required:
        out["deliberation_required"] = 1
        out["deliberation_done"] = int(row.deliberation_resolved)
    if row.hearing_offered:
        out["hearing_offered"] = 1
        out["hearing_held"] = int(row.hearing_held)
    if decided:
        out["no_penalty"] = int(row.no_penalty)
        out["first_violation"] = int(row.no_penalty and row.first_violation)
        if row.recommended and not row.no_penalty:
            out["recommended"] = 1
            out["deviated"] = int(row.deviated)
        out["with_evidence"] = int(row.general and row.evidence)
        out["remedied"] = int(row.remedied)
        out.update(outcome_counters(row.remedy_outcome))
    out["complained"] = int(row.complained)
    return out


def ratio(
    numerator: int | float, denominator: int | float | None, *, percent: bool
) -> int | float | None:
    """numerator / denominator (× 100 for a rate), None when there is nothing to divide by; a
    count (no denominator) stays a whole number (10 cases, not 10.0)."""
    if denominator is None:
        return numerator if isinstance(numerator, int) else float(numerator)
    if not denominator:
        return None
    value = numerator / denominator
    return round(value * 100, 1) if percent else round(value, 1)


def month_of(day: date) -> date:
    return day.replace(day=1)
