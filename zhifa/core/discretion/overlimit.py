"""The over-limit (超限) formula of 超限运输车辆行驶公路管理规定 (交通运输部令2016年第62号).

第三条第一款: a goods vehicle is over-limit if height > 4 m, width > 2.55 m, length > 18.1 m, or its gross
mass exceeds the limit of its axle class (第（四）至（八）项); 第三条第二款: the limit drops by 3,000 kg
where non-drive axle groups or trailer axles have single tyres on each side.
第四十三条第一款: (一) dimensions — ≤ 4.2/3/20 m: 可以处200元以下; ≤ 4.5/3.75/28 m: 200–1,000;
beyond: 1,000–3,000; (二) mass — over by at most 1,000 kg: warning; over by more: 500 yuan for each
1,000 kg over, at most 30,000. 第四十三条第二款: several violations are added, 30,000 at most.

Part-tonne rounding is not stated by the text (provisions.md §3): it is a recorded setting, "floor"
(whole 1,000-kg units only, 不足1000千克不计; the reading most favourable to the party) by default,
"ceil" or "exact" (pro rata) on a province's decision. Every result names the setting used.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .errors import FactsContradictProvision, InvalidFactValue

ROUNDINGS = ("floor", "ceil", "exact")
UNIT_KG = Decimal(1000)
PER_UNIT_YUAN = Decimal(500)
WARNING_ONLY_AT_MOST_KG = Decimal(1000)
CAP_YUAN = Decimal(30000)
SINGLE_TYRE_REDUCTION_KG = Decimal(3000)

HEIGHT_LIMIT, WIDTH_LIMIT, LENGTH_LIMIT = Decimal("4"), Decimal("2.55"), Decimal("18.1")
TIER1 = (Decimal("4.2"), Decimal("3"), Decimal("20"))
TIER2 = (Decimal("4.5"), Decimal("3.75"), Decimal("28"))

# provision id -> (tier number, statutory range low, high) for 第四十三条第一款第（一）项
DIMENSION_PROVISIONS = {"ovl-43-1a": 1, "ovl-43-1b": 2, "ovl-43-1c": 3}
WEIGHT_PROVISION = "ovl-43-2"
# the limits broken when both the dimensions (第（一）至（三）项) and the mass (第（四）至（八）项) are over
VIOLATED_BOTH = "第三条第一款第（一）至（三）项、第（四）至（八）项"


def units(excess_kg: Decimal, rounding: str) -> Decimal:
    """Number of 1,000-kg units in the excess, under the recorded rounding setting."""
    if rounding not in ROUNDINGS:
        raise InvalidFactValue("overlimit_rounding", f"应为 {'/'.join(ROUNDINGS)} 之一")
    ratio = excess_kg / UNIT_KG
    if rounding == "floor":
        return ratio.to_integral_value(rounding=ROUND_FLOOR)
    if rounding == "ceil":
        return ratio.to_integral_value(rounding=ROUND_CEILING)
    return ratio


def weight_fine(excess_kg: Decimal, rounding: str = "floor") -> tuple[bool, Decimal]:
    """(warning_only, fine) for a gross-mass excess (第四十三条第一款第（二）项).

    excess ≤ 0: not over-limit (caller's error); 0 < excess ≤ 1,000 kg: warning only, fine 0;
    excess > 1,000 kg: 500 yuan per 1,000 kg over (rounded as set), capped at 30,000.
    """
    if excess_kg <= 0:
        raise FactsContradictProvision("车货总质量未超过限定标准，不构成违法超限运输。", code=None)
    if excess_kg <= WARNING_ONLY_AT_MOST_KG:
        return True, Decimal(0)
    fine = units(excess_kg, rounding) * PER_UNIT_YUAN
    return False, min(fine, CAP_YUAN)


def weight_limit_kg(
    limits: dict[str, int] | object, vehicle_class: str, single_tyre_reduction: bool
) -> Decimal:
    if not isinstance(limits, dict) or vehicle_class not in limits:
        raise InvalidFactValue("vehicle_class", "条款未规定该车型的限定标准")
    limit = Decimal(limits[vehicle_class])
    return limit - SINGLE_TYRE_REDUCTION_KG if single_tyre_reduction else limit


def dimension_tier(height: Decimal | None, width: Decimal | None, length: Decimal | None) -> int:
    """0 if within the limits, else the tier 1/2/3 of 第四十三条第一款第（一）项 (以下 includes the bound)."""
    h, w, ln = height or Decimal(0), width or Decimal(0), length or Decimal(0)
    if h <= HEIGHT_LIMIT and w <= WIDTH_LIMIT and ln <= LENGTH_LIMIT:
        return 0
    if h <= TIER1[0] and w <= TIER1[1] and ln <= TIER1[2]:
        return 1
    if h <= TIER2[0] and w <= TIER2[1] and ln <= TIER2[2]:
        return 2
    return 3


DIMENSION_RANGES = {
    1: (Decimal(0), Decimal(200)),
    2: (Decimal(200), Decimal(1000)),
    3: (Decimal(1000), Decimal(3000)),
}
TIER_ZH = {1: "第一档", 2: "第二档", 3: "第三档"}
# 第四十三条第一款第（一）项, tier by tier, as the party reads it
TIER_RULE_ZH = {
    1: "未超过高4.2米、宽3米、长20米的，可以处200元以下罚款",
    2: "未超过高4.5米、宽3.75米、长28米的，处200元以上1000元以下罚款",
    3: "超过高4.5米、宽3.75米或者长28米的，处1000元以上3000元以下罚款",
}


def dimension_provision(tier: int) -> str:
    """The provision id of a dimension tier 1–3 (第四十三条第一款第（一）项)."""
    return next(pid for pid, t in DIMENSION_PROVISIONS.items() if t == tier)


@dataclass(frozen=True, slots=True)
class Cumulative:
    """The weight fine and a dimension tier's range added (第四十三条第二款: 累计, 30,000 at most)."""

    weight_fine: Decimal
    dimension_tier: int
    dimension_low: Decimal
    dimension_high: Decimal
    low: Decimal
    high: Decimal

    @property
    def capped(self) -> bool:
        """The sum would pass 30,000 at the top of the dimension range: the cap applies."""
        return self.weight_fine + self.dimension_high > CAP_YUAN


def cumulative(weight_fine: Decimal, tier: int) -> Cumulative:
    """Weight fine (already capped, 0 for a warning) plus the tier's range, each end capped."""
    d_lo, d_hi = DIMENSION_RANGES.get(tier, (Decimal(0), Decimal(0)))
    return Cumulative(
        weight_fine,
        tier,
        d_lo,
        d_hi,
        min(weight_fine + d_lo, CAP_YUAN),
        min(weight_fine + d_hi, CAP_YUAN),
    )


@dataclass(frozen=True, slots=True)
class OverlimitAssessment:
    """Both parts of 第四十三条 for one vehicle, added and capped (第四十三条第二款)."""

    dimension_tier: int
    dimension_low: Decimal
    dimension_high: Decimal
    excess_kg: Decimal
    weight_warning_only: bool
    weight_fine: Decimal
    total_low: Decimal
    total_high: Decimal
    rounding: str


def assess(
    *,
    height_m: Decimal | None = None,
    width_m: Decimal | None = None,
    length_m: Decimal | None = None,
    gross_mass_kg: Decimal | None = None,
    limit_kg: Decimal | None = None,
    rounding: str = "floor",
) -> OverlimitAssessment:
    tier = dimension_tier(height_m, width_m, length_m)
    excess = Decimal(0)
    warn, w_fine = False, Decimal(0)
    if gross_mass_kg is not None and limit_kg is not None and gross_mass_kg > limit_kg:
        excess = gross_mass_kg - limit_kg
        warn, w_fine = weight_fine(excess, rounding)
    total = cumulative(w_fine, tier)
    return OverlimitAssessment(
        dimension_tier=tier,
        dimension_low=total.dimension_low,
        dimension_high=total.dimension_high,
        excess_kg=excess,
        weight_warning_only=warn,
        weight_fine=w_fine,
        total_low=total.low,
        total_high=total.high,
        rounding=rounding,
    )
