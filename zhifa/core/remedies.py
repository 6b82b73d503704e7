"""Remedies against a decision (救济, legal.md §H): administrative reconsideration (行政复议) and
administrative litigation (行政诉讼), their outcome and what an outcome does to the case. Pure: no
Django.

A case may see several remedies in turn (reconsideration, then a suit within 15 days of its
decision, ALL Art. 45): the decision's standing is the outcome of the last one concluded. Only one
runs at a time: while a reconsideration accepted is pending the party may not sue (ARL Art. 29).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "REVERSING",
    "Follow",
    "Kind",
    "Outcome",
    "RemedyRow",
    "check_filing",
    "check_outcome",
    "final_outcome",
    "follow_ups",
    "outcome_counters",
]


class Kind(StrEnum):
    RECONSIDERATION = "reconsideration"  # 行政复议
    LITIGATION = "litigation"  # 行政诉讼


KIND_ZH = {Kind.RECONSIDERATION: "行政复议", Kind.LITIGATION: "行政诉讼"}


class Outcome(StrEnum):
    UPHELD = "upheld"  # 维持 (ARL Art. 68); 驳回诉讼请求 (ALL Art. 69)
    CHANGED = "changed"  # 变更 (ARL Art. 63; ALL Art. 77)
    REVOKED = "revoked"  # 撤销 (ARL Art. 64; ALL Art. 70)
    CONFIRMED_ILLEGAL = "confirmed_illegal"  # 确认违法 (ARL Art. 65; ALL Art. 74)
    CONFIRMED_VOID = "confirmed_void"  # 确认无效 (ARL Art. 67; ALL Art. 75)
    ORDERED_TO_PERFORM = "ordered_to_perform"  # 责令履行 (ARL Art. 66; ALL Art. 72)
    WITHDRAWN = "withdrawn"  # 撤回申请、撤诉，复议终止 (ARL Art. 41; ALL Art. 62)
    SETTLED = "settled"  # 调解、和解 (ARL Arts. 73–74; ALL Art. 60)


OUTCOME_ZH = {
    Outcome.UPHELD: "维持（驳回诉讼请求）",
    Outcome.CHANGED: "变更",
    Outcome.REVOKED: "撤销",
    Outcome.CONFIRMED_ILLEGAL: "确认违法",
    Outcome.CONFIRMED_VOID: "确认无效",
    Outcome.ORDERED_TO_PERFORM: "责令履行",
    Outcome.WITHDRAWN: "撤回申请或撤诉",
    Outcome.SETTLED: "调解或和解",
}

# The body corrected the agency (纠错): the decision did not stand as made.
REVERSING = frozenset(
    {
        Outcome.CHANGED,
        Outcome.REVOKED,
        Outcome.CONFIRMED_ILLEGAL,
        Outcome.CONFIRMED_VOID,
        Outcome.ORDERED_TO_PERFORM,
    }
)
# The decision no longer has effect: nothing may be executed on it, what was paid goes back.
VOIDING = frozenset({Outcome.REVOKED, Outcome.CONFIRMED_VOID})
# The publication comes down within 3 working days with the reason (APL Art. 48 para 2; A26).
WITHDRAWS_PUBLICATION = frozenset(
    {Outcome.CHANGED, Outcome.REVOKED, Outcome.CONFIRMED_ILLEGAL, Outcome.CONFIRMED_VOID}
)


class Follow(StrEnum):
    """What the agency must do after an outcome (shown on the head's to-do list)."""

    WITHDRAW_PUBLICATION = "withdraw_publication"
    TERMINATE_EXECUTION = "terminate_execution"
    REFUND = "refund"
    PERFORM_AS_CHANGED = "perform_as_changed"
    REDECIDE = "redecide"


FOLLOW_ZH = {
    Follow.WITHDRAW_PUBLICATION: "三个工作日内撤回行政处罚决定公示信息并公开说明理由（《行政处罚法》第四十八条第二款）",
    Follow.TERMINATE_EXECUTION: "终结执行：据以执行的行政决定被撤销（《行政强制法》第四十条）",
    Follow.REFUND: "返还已收缴的罚款（《国家赔偿法》第三十六条）",
    Follow.PERFORM_AS_CHANGED: "按变更后的决定执行，多收缴的罚款予以返还",
    Follow.REDECIDE: "复议机关或者人民法院责令重新作出的，依法重新作出决定",
}


@dataclass(frozen=True)
class RemedyRow:
    kind: str  # Kind value, "" for a period registered without its kind
    started_on: date
    ended_on: date | None = None
    outcome: str = ""  # Outcome value, "" while pending (or for a period without outcome)
    id: int = 0


def check_filing(
    *, kind: str, started_on: date, decided_on: date | None, pending: bool, today: date
) -> str | None:
    """Why a reconsideration or suit cannot be registered, or None. A remedy is against a decision
    (APL Art. 7), so it comes after one; one runs at a time (ARL Art. 29). Whether it was brought
    in time (ARL Art. 20: 60 days; ALL Art. 46: 6 months) is for the body to judge, not the agency."""
    if kind not in Kind.__members__.values():
        return "bad_kind"
    if decided_on is None:
        return "no_decision"
    if started_on < decided_on:
        return "before_decision"
    if started_on > today:
        return "in_future"
    if pending:
        return "already_pending"
    return None


def check_outcome(*, outcome: str, started_on: date, ended_on: date, today: date) -> str | None:
    if outcome not in Outcome.__members__.values():
        return "bad_outcome"
    if ended_on < started_on:
        return "before_filing"
    if ended_on > today:
        return "in_future"
    return None


def final_outcome(rows: list[RemedyRow] | tuple[RemedyRow, ...]) -> str:
    """The outcome the decision stands on: that of the last remedy concluded with one ("" when none
    has). A withdrawn suit after a reconsideration leaves the reconsideration's outcome standing."""
    done = [r for r in rows if r.outcome and r.ended_on is not None]
    standing = [r for r in done if r.outcome not in (Outcome.WITHDRAWN,)] or done
    if not standing:
        return ""
    return max(standing, key=lambda r: (r.ended_on, r.id)).outcome


def follow_ups(outcome: str, *, published: bool, executing: bool, paid: bool) -> tuple[Follow, ...]:
    """What the agency must do after `outcome` given the case's position. The spec (legal.md §C.2,
    §H) names the publication (A26) and the end of execution (ACL Art. 40); it is silent on refunds,
    which follow the State Compensation Law (国家赔偿法 Art. 36(1)) and the changed decision."""
    out: list[Follow] = []
    if outcome in WITHDRAWS_PUBLICATION and published:
        out.append(Follow.WITHDRAW_PUBLICATION)
    if outcome in VOIDING:
        if executing:
            out.append(Follow.TERMINATE_EXECUTION)
        if paid:
            out.append(Follow.REFUND)
        out.append(Follow.REDECIDE)
    elif outcome == Outcome.CHANGED:
        out.append(Follow.PERFORM_AS_CHANGED)
    elif outcome == Outcome.ORDERED_TO_PERFORM:
        out.append(Follow.REDECIDE)
    return tuple(out)


def outcome_counters(outcome: str) -> dict[str, int]:
    """A case's contribution to the remedy-outcome counters of the indicators: concluded, upheld,
    changed, revoked (revoked or void), reversed (any correction)."""
    return {
        "remedy_concluded": int(bool(outcome)),
        "remedy_upheld": int(outcome == Outcome.UPHELD),
        "remedy_changed": int(outcome == Outcome.CHANGED),
        "remedy_revoked": int(outcome in VOIDING),
        "remedy_reversed": int(outcome in REVERSING),
    }
