"""Departing from the recommended range (偏离裁量基准).

An amount outside the recommended range is allowed only with a written reason, and then needs approval
by the principal head of the agency or collective deliberation, with the approval kept in the case file
(国办发〔2022〕27号 §(十二); legal.md §B.3). An amount above the statutory maximum is never allowed; below
the statutory minimum only where mitigation (减轻) is permitted (行政处罚法 第三十二条、第三十条、第三十一条、
裁量基准的减轻档). A negative amount, or any fine on a no-penalty outcome, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import DeviationRefused, NegativeAmount
from .model import yuan

APPROVAL = "principal_head_or_collective_deliberation"
APPROVAL_ZH = "须经行政机关主要负责人批准或者集体讨论决定，并将批准材料存入案卷"


@dataclass(frozen=True, slots=True)
class Deviation:
    amount: Decimal
    within_recommended: bool
    within_statutory: bool
    below_statutory_minimum: bool  # 减轻处罚
    requires_approval: bool
    approval: str  # "" or APPROVAL
    reason: str
    message_zh: str


def check_deviation(recommendation: object, amount: Decimal | int | str, reason: str) -> Deviation:
    """Judge a chosen amount against a Recommendation (see engine.Recommendation)."""
    from .engine import Outcome, Recommendation

    assert isinstance(recommendation, Recommendation)
    rec = recommendation
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        raise DeviationRefused("罚款数额应为数值。") from None
    if isinstance(amount, bool) or not value.is_finite():
        raise DeviationRefused("罚款数额应为数值。")
    if value < 0:
        raise NegativeAmount("罚款数额")
    reason = (reason or "").strip()
    if rec.outcome is Outcome.MUST_NOT_PENALISE and value > 0:
        raise DeviationRefused(
            "依法不予行政处罚的案件不得罚款。", code="discretion.fine_on_no_penalty"
        )
    stat = rec.statutory_range
    if stat is None:
        if value > 0:
            raise DeviationRefused(
                "适用的条款对本案情形未规定罚款。", code="discretion.no_statutory_fine"
            )
        return Deviation(value, True, True, False, False, "", reason, "不处罚款。")
    if value > stat.high:
        raise DeviationRefused(
            f"罚款{yuan(value)}元超过法定上限{yuan(stat.high)}元，不得作出。",
            code="discretion.above_statutory_maximum",
        )
    below_min = value < stat.low
    if below_min and not rec.mitigation_permitted and value > 0:
        raise DeviationRefused(
            f"罚款{yuan(value)}元低于法定下限{yuan(stat.low)}元，本案没有减轻处罚情节。",
            code="discretion.below_statutory_minimum",
        )
    rng = rec.recommended_range
    within = rng is not None and rng.low <= value <= rng.high and not below_min
    if within:
        return Deviation(value, True, True, False, False, "", reason, "在建议幅度内。")
    if not reason:
        raise DeviationRefused(
            "罚款数额超出建议幅度，须书面说明理由。", code="discretion.deviation_reason_required"
        )
    where = "低于法定下限（减轻处罚）" if below_min else "超出建议幅度"
    return Deviation(
        value,
        False,
        not below_min,
        below_min,
        True,
        APPROVAL,
        reason,
        f"罚款{yuan(value)}元{where}，{APPROVAL_ZH}。",
    )
