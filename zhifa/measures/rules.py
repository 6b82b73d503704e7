"""Legal rules of evidence preservation, compulsory measures and case property; pure, no Django.

Facts in, answers out: every function takes its dates (and the working-day calendar) as
arguments and never reads the clock. The periods come from `zhifa/core/data/time_limits.json`
(the version in force on the day a period starts), so a change in the law is a data change.

Sources (legal.md §A3–A6, §B.4, §C.2–C.3):
- APL Art. 56, Art. 85; TEPP Arts. 43–45: preservation needs the head's prior approval; a list
  signed by both sides; a decision within 7 working days, else it lapses by itself.
- ACL Arts. 17–19, 22–28; TEPP Arts. 52–59: seal/seize only on a legal basis, with prior approval
  or, in an emergency, a report within 24 hours and approval afterwards; 30 days, one extension
  of at most 30 with the head's approval and written notice; testing/appraisal time excluded and
  notified in writing; release on the grounds of ACL Art. 28.
- TEPP Arts. 124–129: the property ledger, hand-over within 24 hours (with two exceptions),
  disposal with the head's approval.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from zhifa.core.calendar import Due, WorkingDayCalendar
from zhifa.core.time_limits import compute_rule, registry

# Time-limit codes (zhifa/core/data/time_limits.json).
A3_PRESERVATION = "A3_preservation_decision"  # APL Art. 56, 85; TEPP Art. 45: 7 working days
A4_SEIZURE = "A4_seizure"  # ACL Art. 25; TEPP Art. 56: 30 days
A4_SEIZURE_EXTENSION = "A4_seizure_extension"  # ACL Art. 25: once, at most 30 days
A5_EMERGENCY_REPORT = "A5_emergency_measure_report"  # ACL Art. 19; TEPP Art. 55: 24 hours
A6_PROPERTY_HANDOVER = "A6_property_handover"  # TEPP Art. 127: 24 hours

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an act is refused: a stable code, a Chinese message, the article."""

    code: str
    message: str
    article: str

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "article": self.article}


# --- when a measure may be taken ----------------------------------------------------------------

# Case states in which preservation or a compulsory measure may begin: from the lead (an
# inspection may find evidence at risk, or need an emergency seizure) until a decision is made.
# After a decision, measures belong to execution (ACL Art. 46 para 2), not to this module.
OPEN_CASE_STATES = frozenset(
    {
        "lead",
        "filed",
        "investigation",
        "report_submitted",
        "report_approved",
        "notified",
        "hearing_requested",
        "hearing_scheduled",
        "hearing_postponed",
        "hearing_suspended",
        "hearing_held",
        "hearing_terminated",
        "legal_review",
        "legal_review_passed",
        "deliberation",
        "deliberation_resolved",
    }
)


def case_open_for_measures(state: str) -> bool:
    """APL Art. 56; ACL Art. 16: measures serve an investigation still running."""
    return state in OPEN_CASE_STATES


MIN_OFFICERS = 2  # APL Art. 42, 55; ACL Art. 18(2); TEPP Art. 54: at least two officers


def signature_refusals(
    *,
    officers_signed: int,
    party_signed: bool,
    party_refused: bool,
    witness: str,
    document: str,
    article: str,
) -> list[Refusal]:
    """A list or on-site record signed by both sides: at least two officers, and the party, or
    the party's refusal noted with a witness (ACL Art. 18(8)–(9); TEPP Arts. 35, 44, 54)."""
    refusals = []
    if officers_signed < MIN_OFFICERS:
        refusals.append(
            Refusal(
                "officers_required",
                f"{document}须由两名以上执法人员签名。",
                "APL Art. 42; ACL Art. 18(2)",
            )
        )
    if party_signed and party_refused:
        refusals.append(
            Refusal("signature_contradiction", "当事人不能既已签名又拒绝签名。", article)
        )
    elif not party_signed:
        if not party_refused:
            refusals.append(
                Refusal(
                    "party_signature_required",
                    f"{document}须由当事人签名；当事人拒绝签名的，应注明并由见证人签名。",
                    article,
                )
            )
        elif not (witness or "").strip():
            refusals.append(
                Refusal(
                    "witness_required",
                    "当事人拒绝签名或者不在场的，应当邀请见证人到场并签名。",
                    "ACL Art. 18(8)–(9); TEPP Art. 35",
                )
            )
    return refusals


# --- evidence preservation (先行登记保存) ---------------------------------------------------------

PRESERVATION_ARTICLE = "APL Art. 56; TEPP Art. 45"


def preservation_due(calendar: WorkingDayCalendar, start: date) -> Due:
    """The last day for the decision on preserved evidence: 7 working days after the start day
    (APL Art. 56, Art. 85 — working days; TEPP Arts. 17, 45 — the start day is not counted)."""
    return compute_rule(calendar, registry().get(A3_PRESERVATION), start)


def preservation_lapsed(due: date, as_of: date) -> bool:
    """TEPP Art. 45: without a decision by the due day the preservation lapses by itself; the
    due day itself is still on time (TEPP Art. 17)."""
    return as_of > due


# --- compulsory measures (查封、扣押) -------------------------------------------------------------

SEIZURE_ARTICLE = "ACL Art. 25; TEPP Art. 56"


@dataclass(frozen=True, slots=True)
class Pause:
    """A period of testing, inspection, quarantine or technical appraisal, both days included
    (ACL Art. 25 para 3: not counted in the seizure period; fixed and notified in writing)."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class MeasureTerm:
    """The seizure period as it stands: base days, the extension, the days excluded, the due day."""

    start: date
    base_days: int
    extension_days: int
    excluded_days: int
    due: Due

    @property
    def total_days(self) -> int:
        return self.base_days + self.extension_days + self.excluded_days


def base_term_days(start: date) -> int:
    """30 days (ACL Art. 25 para 1), from the rule in force on the day of seizure."""
    return registry().get(A4_SEIZURE).version_on(start).amount


def max_extension_days(start: date) -> int:
    """At most 30 days, once (ACL Art. 25 para 1)."""
    return registry().get(A4_SEIZURE_EXTENSION).version_on(start).amount


def excluded_days(start: date, pauses: Iterable[Pause]) -> int:
    """Days of testing or appraisal that do not count (ACL Art. 25 para 3).

    The union of the pauses' days after the day of seizure (that day is not counted anyway,
    TEPP Art. 17): overlapping notices never exclude a day twice.
    """
    days: set[date] = set()
    for pause in pauses:
        d = max(pause.start, start + ONE_DAY)
        while d <= pause.end:
            days.add(d)
            d += ONE_DAY
    return len(days)


def measure_term(
    calendar: WorkingDayCalendar,
    start: date,
    *,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
) -> MeasureTerm:
    """The last day of a seal or seizure begun on `start` (ACL Art. 25; TEPP Arts. 17, 56).

    30 natural days, plus the one approved extension, plus the excluded testing/appraisal days;
    a last day that is not a working day rolls forward to the next working day (TEPP Art. 17).
    """
    pauses = tuple(pauses)
    base = base_term_days(start)
    skipped = excluded_days(start, pauses)
    total = base + extension_days + skipped
    due = calendar.add_natural_days(start, total)
    parts = [f"查封、扣押期限{base}日（{SEIZURE_ARTICLE}）"]
    if extension_days:
        parts.append(f"经批准延长{extension_days}日（ACL Art. 25 para 1）")
    if skipped:
        parts.append(f"检测、检验、检疫或者技术鉴定期间{skipped}日不计入（ACL Art. 25 para 3）")
    basis = "；".join(parts) + f"，共{total}日。{due.basis}"
    return MeasureTerm(start, base, extension_days, skipped, replace(due, basis=basis))


def extension_refusals(
    *,
    start: date,
    as_of: date,
    current_due: date,
    already_extended: bool,
    days: int,
    reason: str,
) -> list[Refusal]:
    """One extension, of at most 30 days, for a stated reason, approved before the period ends
    (ACL Art. 25 para 1–2; TEPP Art. 56)."""
    refusals = []
    if already_extended:
        refusals.append(
            Refusal(
                "extension_limit_reached",
                "查封、扣押期限只能延长一次，已经延长过。",
                "ACL Art. 25 para 1; TEPP Art. 56",
            )
        )
    limit = max_extension_days(start)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= limit:
        refusals.append(
            Refusal(
                "extension_days_invalid",
                f"延长期限应为 1 至 {limit} 日。",
                "ACL Art. 25 para 1",
            )
        )
    if as_of > current_due:
        refusals.append(
            Refusal(
                "measure_period_expired",
                "查封、扣押期限已届满，不能再延长，应当解除。",
                "ACL Arts. 25, 28(4)",
            )
        )
    if not (reason or "").strip():
        refusals.append(
            Refusal(
                "extension_reason_required",
                "延长查封、扣押期限应当说明理由（情况复杂）。",
                "ACL Art. 25 para 2",
            )
        )
    return refusals


def pause_refusals(
    *, start: date, current_due: date, pause: Pause, notice_served_on: date | None
) -> list[Refusal]:
    """A testing or appraisal period must be fixed (both ends), fall inside the running period
    and be notified to the party in writing (ACL Art. 25 para 3)."""
    refusals = []
    if pause.end < pause.start:
        refusals.append(
            Refusal(
                "pause_dates_invalid",
                "检测、鉴定期间的结束日不能早于开始日。",
                "ACL Art. 25 para 3",
            )
        )
    if pause.start < start or pause.start > current_due:
        refusals.append(
            Refusal(
                "pause_outside_period",
                "检测、鉴定期间应当在查封、扣押期限内开始。",
                "ACL Art. 25 para 3",
            )
        )
    if notice_served_on is None:
        refusals.append(
            Refusal(
                "pause_notice_required",
                "检测、检验、检疫或者技术鉴定的期间应当明确，并书面告知当事人。",
                "ACL Art. 25 para 3",
            )
        )
    return refusals


def emergency_report_due(calendar: WorkingDayCalendar, taken_at: datetime) -> Due:
    """24 clock hours after an on-the-spot measure, night or holiday (ACL Art. 19; TEPP Art. 55)."""
    return compute_rule(calendar, registry().get(A5_EMERGENCY_REPORT), taken_at)


class ReleaseGround:
    """Grounds to release a seal or seizure (ACL Art. 28 para 1; TEPP Art. 59), and ACL Art. 19."""

    NO_VIOLATION = "no_violation"
    UNRELATED = "unrelated"
    DECIDED = "decided"
    EXPIRED = "expired"
    UNNECESSARY = "unnecessary"
    APPROVAL_REFUSED = "approval_refused"


RELEASE_GROUNDS = {
    ReleaseGround.NO_VIOLATION: ("当事人没有违法行为", "ACL Art. 28(1)"),
    ReleaseGround.UNRELATED: ("查封、扣押的场所、设施或者财物与违法行为无关", "ACL Art. 28(2)"),
    ReleaseGround.DECIDED: ("已对违法行为作出处理决定，不再需要查封、扣押", "ACL Art. 28(3)"),
    ReleaseGround.EXPIRED: ("查封、扣押期限已经届满", "ACL Art. 28(4)"),
    ReleaseGround.UNNECESSARY: ("其他不再需要采取查封、扣押措施的情形", "ACL Art. 28(5)"),
    ReleaseGround.APPROVAL_REFUSED: ("行政机关负责人认为不应当采取行政强制措施", "ACL Art. 19"),
}


# --- case property (涉案财物) ---------------------------------------------------------------------


class Custody:
    """Where an item of case property is (TEPP Arts. 124–129)."""

    HELD_BY_OFFICER = "held_by_officer"  # taken, not yet handed to the custodian
    ON_SITE = "on_site"  # sealed or preserved where it is (查封、就地保存): nothing taken
    AT_APPRAISAL = "at_appraisal"  # at a testing or appraisal body
    WITH_CUSTODIAN = "with_custodian"  # with the property custodian (涉案财物管理人员)
    CONFISCATED = "confiscated"  # confiscated by a penalty decision, still held
    DISPOSED = "disposed"  # left the agency's hands: returned, sold, to the treasury…


CUSTODY_LABELS = {
    Custody.HELD_BY_OFFICER: "执法人员持有（待移交）",
    Custody.ON_SITE: "就地查封或保存",
    Custody.AT_APPRAISAL: "送检测鉴定",
    Custody.WITH_CUSTODIAN: "涉案财物管理人员保管",
    Custody.CONFISCATED: "已没收（待处置）",
    Custody.DISPOSED: "已处置",
}
CUSTODY_STATES = tuple(CUSTODY_LABELS)
NOT_DISPOSED = frozenset(CUSTODY_STATES) - {Custody.DISPOSED}


class Disposal:
    """How an item leaves (or changes) the agency's hands (TEPP Arts. 124–129; ACL Arts. 27–28)."""

    RETURN = "return"  # 退还当事人
    AUCTION = "auction"  # 拍卖、变卖（鲜活、易腐或者不易保管的物品；无人认领的物品）
    CONFISCATE = "confiscate"  # 依处罚决定没收
    TREASURY = "treasury"  # 上缴国库
    DESTROY = "destroy"  # 依法销毁
    TRANSFER = "transfer"  # 随案移送司法机关或者其他机关


DISPOSAL_LABELS = {
    Disposal.RETURN: "退还当事人",
    Disposal.AUCTION: "拍卖或者变卖",
    Disposal.CONFISCATE: "没收",
    Disposal.TREASURY: "上缴国库",
    Disposal.DESTROY: "依法销毁",
    Disposal.TRANSFER: "随案移送",
}
DISPOSAL_ARTICLES = {
    Disposal.RETURN: "ACL Art. 28 para 2; TEPP Arts. 45, 59",
    Disposal.AUCTION: "ACL Art. 28 para 2; TEPP Arts. 128–129",
    Disposal.CONFISCATE: "APL Art. 9(2); ACL Art. 27; TEPP Art. 45",
    Disposal.TREASURY: "ACL Art. 49; TEPP Art. 129",
    Disposal.DESTROY: "ACL Art. 27",
    Disposal.TRANSFER: "ACL Art. 21; S6 Art. 5",
}
# Where each disposal may start, and where it leaves the item.
DISPOSAL_FROM = {
    Disposal.RETURN: NOT_DISPOSED,
    Disposal.AUCTION: NOT_DISPOSED,
    Disposal.CONFISCATE: NOT_DISPOSED - {Custody.CONFISCATED},
    Disposal.TREASURY: NOT_DISPOSED,
    Disposal.DESTROY: frozenset({Custody.CONFISCATED}),
    Disposal.TRANSFER: NOT_DISPOSED,
}
DISPOSAL_TO = {kind: Custody.DISPOSED for kind in DISPOSAL_LABELS} | {
    Disposal.CONFISCATE: Custody.CONFISCATED
}

# Custody moves that are not disposals: from → allowed targets.
CUSTODY_MOVES = {
    "hand_over": (
        frozenset({Custody.HELD_BY_OFFICER, Custody.AT_APPRAISAL}),
        Custody.WITH_CUSTODIAN,
    ),
    "send_for_appraisal": (
        frozenset({Custody.HELD_BY_OFFICER, Custody.WITH_CUSTODIAN, Custody.ON_SITE}),
        Custody.AT_APPRAISAL,
    ),
}


def disposal_refusals(
    kind: str,
    *,
    custody: str,
    perishable: bool,
    unclaimed_notice: bool,
    penalty_decided: bool,
) -> list[Refusal]:
    """May item in `custody` be disposed of by `kind`? (Approval is checked by the service.)

    - confiscation only under a penalty decision (APL Art. 9(2); ACL Art. 27);
    - auction only of perishables or things hard to keep (TEPP Art. 128; ACL Art. 28 para 2), or
      of unclaimed items after a public notice (TEPP Art. 129);
    - treasury only for confiscated items or unclaimed items after a public notice (TEPP Art. 129;
      ACL Art. 49);
    - destruction only of confiscated items the law orders destroyed (ACL Art. 27).
    """
    if kind not in DISPOSAL_LABELS:
        return [Refusal("disposal_kind_unknown", "处置方式无法识别。", "TEPP Arts. 124–129")]
    article = DISPOSAL_ARTICLES[kind]
    if custody not in DISPOSAL_FROM[kind]:
        label = CUSTODY_LABELS.get(custody, custody)
        return [
            Refusal(
                "disposal_not_allowed_in_state",
                f"财物当前状态为“{label}”，不能{DISPOSAL_LABELS[kind]}。",
                article,
            )
        ]
    refusals = []
    if kind == Disposal.CONFISCATE and not penalty_decided:
        refusals.append(
            Refusal(
                "penalty_decision_required",
                "没收涉案财物须依据已作出的行政处罚决定。",
                article,
            )
        )
    if kind == Disposal.AUCTION and not (perishable or unclaimed_notice):
        refusals.append(
            Refusal(
                "auction_not_allowed",
                "只有鲜活、易腐烂或者不易保管的物品，或者经公告无人认领的物品，才可以拍卖或者变卖。",
                article,
            )
        )
    if kind == Disposal.TREASURY and custody != Custody.CONFISCATED and not unclaimed_notice:
        refusals.append(
            Refusal(
                "treasury_not_allowed",
                "上缴国库限于已没收的财物，或者经公告无人认领的财物。",
                article,
            )
        )
    return refusals


class HandoverException:
    """TEPP Art. 127's two exceptions to the 24-hour hand-over."""

    REMOTE = "remote"  # 偏远、交通不便地区：返回单位后二十四小时内
    URGENT_APPRAISAL = "urgent_appraisal"  # 需在二十四小时内鉴定：鉴定后二十四小时内（经批准）


HANDOVER_EXCEPTION_LABELS = {
    HandoverException.REMOTE: "在偏远、交通不便地区取得，返回单位后二十四小时内移交",
    HandoverException.URGENT_APPRAISAL: "需要在二十四小时内鉴定，鉴定后二十四小时内移交",
}


def handover_due(calendar: WorkingDayCalendar, from_at: datetime) -> Due:
    """24 clock hours from taking the property, from returning to the unit (remote areas) or
    from the end of the urgent appraisal (TEPP Art. 127)."""
    return compute_rule(calendar, registry().get(A6_PROPERTY_HANDOVER), from_at)


def on_time(due_at: datetime, at: datetime) -> bool:
    """An hour limit is met at any instant up to and including its end."""
    return at <= due_at
