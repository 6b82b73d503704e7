"""同案不同罚 monitor: how far decided fines of the same provision and benchmark level spread across
agencies, and which decisions stand out. Pure, no Django.

The rule (issue 13 item 7; legal.md §B.3 proportionality 过罚相当, S1 Arts. 5, 34):

1. `outside_range` — a fine outside the benchmark range of the level the case was placed in is
   always flagged: it departs from the published benchmark (T6 §(十二) wants approval for that).
2. `dispersion` — within a group (same provision, same level) of at least `MIN_GROUP` decisions,
   a fine whose robust z-score |x − median| / (1.4826 · MAD) exceeds `K` (3.5, Iglewicz–Hoaglin)
   is flagged. Median and MAD are chosen over mean and standard deviation because the outliers we
   look for would pull a mean and inflate a deviation (masking themselves), because groups are
   small (a handful of decisions per level and month), and because fines are not normally
   distributed (they pile up at round amounts). When more than half the group imposed the same
   amount (MAD = 0) the mean absolute deviation from the median stands in (scaled by 1.2533); when
   that is zero too, every fine is equal and nothing disperses.

Fines are never ranked or summed as a target here (B.3: fines may not drive assessment): the monitor
reports spread and departures, not amounts collected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

K = Decimal("3.5")
MIN_GROUP = 5
MAD_SCALE = Decimal("1.4826")  # makes MAD estimate the standard deviation under normality
MEAN_AD_SCALE = Decimal("1.2533")  # the same for the mean absolute deviation (sqrt(pi/2))

OUTSIDE_RANGE = "outside_range"
DISPERSION = "dispersion"
REASON_LABELS = {
    OUTSIDE_RANGE: "罚款数额超出该裁量阶次的基准范围",
    DISPERSION: "罚款数额明显偏离同条款同阶次案件的中位数",
}


@dataclass(frozen=True, slots=True)
class DecidedFine:
    """One decided fine with the benchmark range of the level it was placed in (None if unknown)."""

    case_id: int
    agency_id: int
    amount: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    deviation_approved: bool = False


@dataclass(frozen=True, slots=True)
class Spread:
    count: int
    median: Decimal
    mad: Decimal
    low: Decimal
    high: Decimal
    agencies: int


@dataclass(frozen=True, slots=True)
class Flag:
    case_id: int
    agency_id: int
    amount: Decimal
    reasons: tuple[str, ...]
    score: Decimal | None  # the robust z-score, when the group was large enough

    @property
    def labels(self) -> list[str]:
        return [REASON_LABELS[r] for r in self.reasons]


def median(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("median of nothing")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def spread(fines: Sequence[DecidedFine]) -> Spread:
    amounts = [f.amount for f in fines]
    med = median(amounts)
    return Spread(
        count=len(amounts),
        median=med,
        mad=median([abs(a - med) for a in amounts]),
        low=min(amounts),
        high=max(amounts),
        agencies=len({f.agency_id for f in fines}),
    )


def middle(lower: Decimal, upper: Decimal) -> Decimal:
    """The median from the two middle values of an ordered group (the same one for an odd count):
    what a database returns as the lower and the upper 50th percentile (percentile_disc)."""
    return lower if lower == upper else (lower + upper) / 2


def scale_of(count: int, mad: Decimal, abs_sum: Decimal, *, min_group: int = MIN_GROUP) -> Decimal:
    """The dispersion scale of a group from its size, its MAD and its summed absolute deviation
    from the median; zero (no dispersion rule) below `min_group` or when every fine is equal."""
    if count < min_group:
        return Decimal(0)
    if mad > 0:
        return MAD_SCALE * mad
    return MEAN_AD_SCALE * (abs_sum / count)


def _scale(amounts: Sequence[Decimal], med: Decimal) -> Decimal:
    deviations = [abs(a - med) for a in amounts]
    return scale_of(len(amounts), median(deviations), sum(deviations, Decimal(0)), min_group=0)


def flag(fine: DecidedFine, med: Decimal, scale: Decimal, *, k: Decimal = K) -> Flag | None:
    """The flag of one decided fine in a group of this median and scale, or None."""
    reasons = []
    if (fine.low is not None and fine.amount < fine.low) or (
        fine.high is not None and fine.amount > fine.high
    ):
        reasons.append(OUTSIDE_RANGE)
    score = None
    if scale > 0:
        score = (abs(fine.amount - med) / scale).quantize(Decimal("0.01"))
        if score > k:
            reasons.append(DISPERSION)
    if not reasons:
        return None
    return Flag(fine.case_id, fine.agency_id, fine.amount, tuple(reasons), score)


def flags(
    fines: Iterable[DecidedFine], *, k: Decimal = K, min_group: int = MIN_GROUP
) -> list[Flag]:
    """The flagged decisions of one group (same provision and level), in case order."""
    group = list(fines)
    if not group:
        return []
    amounts = [f.amount for f in group]
    med = median(amounts)
    scale = _scale(amounts, med) if len(group) >= min_group else Decimal(0)
    out = []
    for f in sorted(group, key=lambda f: f.case_id):
        found = flag(f, med, scale, k=k)
        if found is not None:
            out.append(found)
    return out


def deviation_rate(decided: int, deviated: int) -> Decimal | None:
    """Share of decisions that departed from the recommended range (None without decisions)."""
    if decided <= 0:
        return None
    return (Decimal(deviated) / Decimal(decided)).quantize(Decimal("0.0001"))
