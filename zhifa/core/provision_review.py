"""处罚规定清理评估 (ProvisionReview): the pure rules — which figures make a penalty provision look
out of proportion, and how a what-if replay compares two recommendations.

交法发〔2021〕53号 item (十): "定期组织对处罚规定开展评估，对评估发现的明显过罚不当、缺乏针对性实用性、不适应经济
社会发展需要等的处罚规定，及时……修改、废止". The opinion names the three grounds; it gives no figures.
The thresholds below are this platform's screening rules (a flag asks a person to look, it decides
nothing), kept as named constants so a province can argue with them in one place. Fine totals are
never a target (legal.md §B.3): no rule here rewards or punishes the amount collected.

No Django here: figures in, flags out, as frozen dataclasses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

# A flag needs enough decided cases to mean anything; below this only "little used" is judged.
MIN_CASES = 20
# "缺乏针对性实用性": a provision decided fewer than this many times in the period.
RARELY_USED_BELOW = 3
# "明显过罚不当", too heavy for the conduct met in practice: most decisions go below the statutory
# minimum (APL Art. 32 mitigation) or impose nothing (APL Art. 33).
MITIGATED_SHARE = Decimal("0.30")
NO_PENALTY_SHARE = Decimal("0.50")
# too light: most fines sit at the statutory maximum, the range leaves no room for the worst cases
AT_MAXIMUM_SHARE = Decimal("0.50")
# the practice ignores the table: the average decided fine lies outside the benchmark's span
# remedies (reconsideration or litigation brought) and complaints per decided case
REMEDY_RATE = Decimal("0.10")
COMPLAINT_RATE = Decimal("0.05")
# decisions corrected on reconsideration or by a court (变更、撤销、确认违法或无效、责令履行) among
# the remedies concluded: the provision's practice often does not survive review
REVERSAL_RATE = Decimal("0.20")
MIN_CONCLUDED = 3

ARTICLE = "交法发〔2021〕53号 第（十）项"


@dataclass(frozen=True)
class ProvisionFigures:
    """What the platform recorded for one provision in one scope and period."""

    decided: int  # decisions made (penalty or no penalty)
    no_penalty: int = 0  # 不予处罚 decisions (APL Art. 33)
    fined: int = 0  # penalty decisions with a fine
    mean_fine: Decimal | None = None  # over `fined`
    at_maximum: int = 0  # fines equal to the statutory maximum
    below_minimum: int = 0  # fines below the statutory minimum (减轻, APL Art. 32)
    statutory_low: Decimal | None = None
    statutory_high: Decimal | None = None
    benchmark_low: Decimal | None = None  # lowest and highest fine of the benchmark in force
    benchmark_high: Decimal | None = None
    remedies: int | None = None  # reconsideration or litigation brought; None = not recorded
    complaints: int | None = None  # decided cases with a complaint linked; None = not recorded
    remedy_concluded: int | None = None  # decided cases whose remedy has an outcome
    remedy_reversed: int | None = None  # … whose decision it corrected (core.remedies.REVERSING)


@dataclass(frozen=True)
class Flag:
    code: str
    ground: str  # which of the opinion's three grounds (Chinese)
    reason_zh: str
    article: str = ARTICLE


def _share(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


def _pct(d: Decimal) -> str:
    return f"{(d * 100).quantize(Decimal('0.1'))}%"


def _yuan(d: Decimal) -> str:
    return f"{d.quantize(Decimal('1')):,}元"


def flags(f: ProvisionFigures) -> tuple[Flag, ...]:
    """The screening flags of one provision, each with its reason in plain Chinese."""
    out: list[Flag] = []
    if f.decided < RARELY_USED_BELOW:
        out.append(
            Flag(
                "rarely_used",
                "缺乏针对性实用性",
                f"统计期内仅作出{f.decided}件决定（少于{RARELY_USED_BELOW}件），该规定在执法实践中很少适用，"
                "应评估其针对性和实用性。",
            )
        )
    if f.decided < MIN_CASES:
        return tuple(out)
    no_penalty = _share(f.no_penalty, f.decided)
    if no_penalty >= NO_PENALTY_SHARE:
        out.append(
            Flag(
                "mostly_no_penalty",
                "明显过罚不当",
                f"{f.decided}件决定中{f.no_penalty}件不予处罚（{_pct(no_penalty)}），多数违法行为轻微，"
                "规定的处罚可能重于实践中常见的情节。",
            )
        )
    if f.fined:
        below = _share(f.below_minimum, f.fined)
        if below >= MITIGATED_SHARE and f.statutory_low:
            out.append(
                Flag(
                    "mostly_below_minimum",
                    "明显过罚不当",
                    f"{f.fined}件罚款中{f.below_minimum}件低于法定最低罚款{_yuan(f.statutory_low)}"
                    f"（减轻处罚，{_pct(below)}），法定起罚数额可能过高。",
                )
            )
        at_max = _share(f.at_maximum, f.fined)
        if at_max >= AT_MAXIMUM_SHARE and f.statutory_high:
            out.append(
                Flag(
                    "mostly_at_maximum",
                    "不适应经济社会发展需要",
                    f"{f.fined}件罚款中{f.at_maximum}件为法定最高罚款{_yuan(f.statutory_high)}"
                    f"（{_pct(at_max)}），最高数额可能不足以惩戒严重情节。",
                )
            )
        if (
            f.mean_fine is not None
            and f.benchmark_low is not None
            and f.benchmark_high is not None
            and not (f.benchmark_low <= f.mean_fine <= f.benchmark_high)
        ):
            out.append(
                Flag(
                    "mean_outside_benchmark",
                    "明显过罚不当",
                    f"平均罚款{_yuan(f.mean_fine)}不在现行裁量基准的幅度"
                    f"（{_yuan(f.benchmark_low)}至{_yuan(f.benchmark_high)}）内，基准与实践脱节。",
                )
            )
    if f.remedies is not None:
        rate = _share(f.remedies, f.decided)
        if rate >= REMEDY_RATE:
            out.append(
                Flag(
                    "many_remedies",
                    "明显过罚不当",
                    f"{f.decided}件决定中{f.remedies}件被申请行政复议或提起行政诉讼（{_pct(rate)}），"
                    "当事人对处罚的认同度低。",
                )
            )
    if f.remedy_concluded and f.remedy_reversed is not None and f.remedy_concluded >= MIN_CONCLUDED:
        rate = _share(f.remedy_reversed, f.remedy_concluded)
        if rate >= REVERSAL_RATE:
            out.append(
                Flag(
                    "many_reversals",
                    "明显过罚不当",
                    f"复议或诉讼已有结果的{f.remedy_concluded}件中{f.remedy_reversed}件原决定被纠正"
                    f"（变更、撤销、确认违法等，{_pct(rate)}），该规定的适用常经不起审查。",
                )
            )
    if f.complaints is not None:
        rate = _share(f.complaints, f.decided)
        if rate >= COMPLAINT_RATE:
            out.append(
                Flag(
                    "many_complaints",
                    "明显过罚不当",
                    f"每百件决定有{(rate * 100).quantize(Decimal('0.1'))}件投诉举报，高于{_pct(COMPLAINT_RATE)}。",
                )
            )
    return tuple(out)


# --- what-if replay ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The parts of a recommendation a replay compares (the rest is explanation)."""

    outcome: str  # must_not_penalise | may_exempt | penalise
    level: str  # the benchmark level's label ("" = no level chosen)
    low: Decimal | None  # recommended range
    high: Decimal | None
    amount: Decimal | None  # suggested amount

    @property
    def key(self) -> tuple:
        return (self.outcome, self.level, self.low, self.high, self.amount)


NO_LEVEL = "（无阶次）"
# Benchmarks name their levels in words; these mark the tiers from lightest to heaviest (the first
# that a name contains decides: 特别严重 before 严重, 较轻 with 轻微).
_LEVEL_WORDS = (
    ("不予处罚", 0),
    ("减轻", 1),
    ("轻微", 2),
    ("较轻", 2),
    ("一般", 3),
    ("较重", 4),
    ("特别严重", 6),
    ("严重", 5),
)


def level_rank(name: str) -> tuple[int, str]:
    """Sort key of a level name: its tier, then the name; unknown names after the tiers and the
    case without a level last."""
    if name == NO_LEVEL:
        return (9, name)
    return next(((rank, name) for word, rank in _LEVEL_WORDS if word in name), (8, name))


def changed(before: Outcome, after: Outcome) -> bool:
    """Whether the proposal changes the recommendation (outcome, level, range or amount)."""
    return before.key != after.key


def direction(before: Outcome, after: Outcome) -> str:
    """heavier / lighter / same by the suggested amount (no amount counts as 0)."""
    a, b = before.amount or Decimal(0), after.amount or Decimal(0)
    return "heavier" if b > a else "lighter" if b < a else "same"


@dataclass
class Tally:
    """Counts, sums and distributions of a replay, accumulated batch by batch and stored as JSON
    (so a resumed replay carries on from exactly where it stopped)."""

    replayed: int = 0
    changed: int = 0
    heavier: int = 0
    lighter: int = 0
    failed: int = 0  # cases the engine could not replay (missing facts, no law in force…)
    sum_before: Decimal = Decimal(0)
    sum_after: Decimal = Decimal(0)
    levels_before: Counter = field(default_factory=Counter)
    levels_after: Counter = field(default_factory=Counter)

    def add(self, before: Outcome, after: Outcome, count: int = 1) -> bool:
        """Count `count` cases of this before and after (a replay counts equal pairs at once)."""
        self.replayed += count
        self.sum_before += (before.amount or Decimal(0)) * count
        self.sum_after += (after.amount or Decimal(0)) * count
        self.levels_before[before.level or NO_LEVEL] += count
        self.levels_after[after.level or NO_LEVEL] += count
        if not changed(before, after):
            return False
        self.changed += count
        d = direction(before, after)
        if d == "heavier":
            self.heavier += count
        elif d == "lighter":
            self.lighter += count
        return True

    def as_json(self) -> dict:
        return {
            "replayed": self.replayed,
            "changed": self.changed,
            "heavier": self.heavier,
            "lighter": self.lighter,
            "failed": self.failed,
            "sum_before": f"{self.sum_before:.2f}",
            "sum_after": f"{self.sum_after:.2f}",
            "levels_before": dict(self.levels_before),
            "levels_after": dict(self.levels_after),
        }

    @classmethod
    def from_json(cls, d: dict | None) -> Tally:
        d = d or {}
        return cls(
            replayed=int(d.get("replayed", 0)),
            changed=int(d.get("changed", 0)),
            heavier=int(d.get("heavier", 0)),
            lighter=int(d.get("lighter", 0)),
            failed=int(d.get("failed", 0)),
            sum_before=Decimal(d.get("sum_before", "0")),
            sum_after=Decimal(d.get("sum_after", "0")),
            levels_before=Counter(d.get("levels_before", {})),
            levels_after=Counter(d.get("levels_after", {})),
        )

    def distribution(self) -> list[tuple[str, int, int]]:
        """(level, before, after) for every level seen, lightest level first (the order does not
        depend on how the tally was stored: PostgreSQL's jsonb keeps no key order)."""
        names = sorted({*self.levels_before, *self.levels_after}, key=level_rank)
        return [(n, self.levels_before.get(n, 0), self.levels_after.get(n, 0)) for n in names]
