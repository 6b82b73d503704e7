"""Frozen dataclasses of the discretion engine: provisions, benchmarks, exemption lists, catalogue.

Legal basis: a penalty must rest on a provision in force (行政处罚法 第四条、第三十七条); a province's
discretion benchmark narrows the statutory range but may not leave it (国办发〔2022〕27号 §(六);
行政处罚法 第三十四条); exemption lists apply only when every listed condition holds
(交法发〔2021〕115号 附件). Amounts are `Decimal` yuan; `None` means "not provided by the source".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from .conditions import Condition

ZERO = Decimal(0)


class Range(NamedTuple):
    """A closed money range [low, high] in yuan; 以上/以下 include the bound (TEPP Art. 130).

    Immutable (a named tuple rather than a dataclass: it is built on every recommendation)."""

    low: Decimal
    high: Decimal

    def __contains__(self, amount: object) -> bool:
        return isinstance(amount, (int, Decimal)) and self.low <= amount <= self.high

    def clamp(self, other: Range) -> Range | None:
        """Intersection with `other`, or None when they do not overlap."""
        low, high = max(self.low, other.low), min(self.high, other.high)
        return Range(low, high) if low <= high else None

    def lower_half(self) -> Range:
        return Range(self.low, self.midpoint())

    def upper_half(self) -> Range:
        return Range(self.midpoint(), self.high)

    def midpoint(self) -> Decimal:
        return (self.low + self.high) / 2

    def scaled(self, factor: Decimal) -> Range:
        return Range(self.low * factor, self.high * factor)

    def zh(self) -> str:
        if self.low == self.high:
            return f"{_yuan(self.low)}元"
        if self.low == 0:
            return f"{_yuan(self.high)}元以下"
        return f"{_yuan(self.low)}元以上{_yuan(self.high)}元以下"


def _yuan(d: Decimal) -> str:
    q = d.quantize(Decimal("0.01"))
    return f"{q:,.0f}" if q == q.to_integral_value() else f"{q:,.2f}"


def yuan(d: Decimal) -> str:
    """Chinese-document rendering of an amount: thousands separators, no trailing zeros."""
    return _yuan(d)


class Outcome(StrEnum):
    """What the engine recommends (APL Art. 33: must not / may not penalise, or penalise)."""

    MUST_NOT_PENALISE = "must_not_penalise"
    MAY_EXEMPT = "may_exempt"
    PENALISE = "penalise"


class WarningMode(StrEnum):
    NONE = ""
    ALONE = "alone"  # 给予警告 (no fine in the article)
    OR_FINE = "or_fine"  # 处警告或者罚款
    AND_FINE = "and_fine"  # 给予警告，并处罚款
    OVERLIMIT = "overlimit"  # 超限 Art. 43(2): warning when the excess is at most 1,000 kg


class ThresholdRule(StrEnum):
    """How illegal gains select the gain branch."""

    GE = (
        "ge"  # 违法所得X元以上 / 不足X元 -> fallback when gain < X (TEPP Art. 130: 以上 includes X)
    )
    GT = "gt"  # 违法所得超过X元 -> gain branch only when gain > X (道路运输条例 2023 第六十三条)
    ANY = "any"  # 有违法所得 / 没有违法所得 -> fallback only when gain is zero


@dataclass(frozen=True, slots=True)
class GainRule:
    """Fine as a multiple of illegal gains, with the fixed fallback for no or small gains."""

    multiple_low: Decimal
    multiple_high: Decimal
    threshold: Decimal | None
    rule: ThresholdRule
    fallback: Range | None
    serious_fallback: Range | None

    def uses_gain_branch(self, gain: Decimal) -> bool:
        if self.rule is ThresholdRule.ANY or self.threshold is None:
            return gain > 0
        if self.rule is ThresholdRule.GT:
            return gain > self.threshold
        return gain >= self.threshold


@dataclass(frozen=True, slots=True)
class Provision:
    """One penalty provision (处罚条款) in one text version of its law."""

    id: str
    sector: str
    law: str
    law_year: int
    article: str
    violated_article: str
    conduct_zh: str
    fine: Range | None
    upper_only: bool  # the article gives only an upper limit (…以下)
    gain: GainRule | None
    value_multiple: Range | None  # multiples of a value (公路安全保护条例 第六十一条: 林木价值)
    serious_fine: Range | None
    escalated_fine: Range | None  # 拒不改正 / 逾期不改正
    per_unit_fine: Decimal | None
    per_unit: str
    per_violation: bool
    cumulative_cap: Decimal | None
    warning: bool
    warning_mode: WarningMode
    warning_only_if_excess_kg_at_most: Decimal | None
    limits_kg: Mapping[str, int]
    master_fine: Range | None
    crew_fine: Range | None
    employer_fine: Range | None
    individual_fine_max: Decimal | None
    confiscation: tuple[str, ...]
    suspension_or_revocation: str
    correct_first: bool
    order_to_stop_or_correct: bool
    effective_from: date | None
    effective_to: date | None
    law_in_force_from: date | None
    dates_confirmed: bool
    dates_reference: str
    superseded_by: tuple[str, ...]
    repealed: bool
    unconfirmed: bool
    source_url: str
    notes: str
    penalty_see: tuple[str, ...] = ()
    citation: str = ""  # 《law》article, filled by parse_provision (read on every recommendation)

    def __post_init__(self) -> None:
        if not self.citation:
            object.__setattr__(self, "citation", f"《{self.law}》{self.article}")

    def in_force(self, on: date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_to is not None and on > self.effective_to)

    @property
    def has_fine(self) -> bool:
        return any(
            x is not None
            for x in (
                self.fine,
                self.gain,
                self.value_multiple,
                self.per_unit_fine,
                self.serious_fine,
            )
        )


class LevelKind(StrEnum):
    """裁量阶次. The four penalty tiers of the glossary plus the two non-tiers benchmarks also list."""

    NO_PENALTY = "no_penalty"  # 不予处罚档
    MITIGATED = "mitigated"  # 减轻处罚档 (below the statutory minimum)
    MINOR = "minor"  # 轻微 / 较轻
    ORDINARY = "ordinary"  # 一般
    SERIOUS = "serious"  # 较重
    GRAVE = "grave"  # 严重 / 特别严重


LEVEL_KIND_ZH = {
    LevelKind.NO_PENALTY: "不予处罚",
    LevelKind.MITIGATED: "减轻处罚",
    LevelKind.MINOR: "轻微",
    LevelKind.ORDINARY: "一般",
    LevelKind.SERIOUS: "较重",
    LevelKind.GRAVE: "严重",
}


class Effect(StrEnum):
    """Effect of a no-penalty rule: APL Art. 33 para 1 has a 'shall not' and a 'may not' sentence."""

    MUST = "must"  # 不予行政处罚
    MAY = "may"  # 可以不予行政处罚


@dataclass(frozen=True, slots=True)
class SubRange:
    """A range inside one level chosen by a further condition (e.g. by road class)."""

    when: Condition
    low: Decimal
    high: Decimal
    label_zh: str


@dataclass(frozen=True, slots=True)
class BenchmarkLevel:
    label_zh: str
    rank: int
    kind: LevelKind
    when: Condition | None  # None: the source prose could not be mapped; never chosen automatically
    source_zh: str
    other_zh: str
    fine_low: Decimal | None
    fine_high: Decimal | None
    gain_multiple_low: Decimal | None
    gain_multiple_high: Decimal | None
    per_unit_fine: Decimal | None
    per_unit_fact: str
    sub_ranges: tuple[SubRange, ...]
    effect: Effect
    unconfirmed: bool
    mapping_note: str
    other_provision: bool = False  # the row belongs to another provision (kept for display only)
    fixed_range: Range | None = (
        None  # Range(fine_low, fine_high) when both are given (no sub-range/per-unit)
    )

    @property
    def has_amounts(self) -> bool:
        return (
            self.fine_low is not None
            or self.fine_high is not None
            or self.gain_multiple_high is not None
            or self.per_unit_fine is not None
            or bool(self.sub_ranges)
        )


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A province's discretion table (裁量基准) for one provision, as one versioned record."""

    id: str
    provision_id: str | None
    applies_to: tuple[
        str, ...
    ]  # provision ids the table is used for (cited one, successors, also_*)
    province: str | None
    document: str
    year: int | None
    effective_from: date | None
    effective_precision: str  # "day", "year" or "unknown"
    superseded: bool
    draft: bool
    unconfirmed: bool
    partial: bool
    source_url: str
    scope_note: str
    statutory_text_version: str
    levels: tuple[BenchmarkLevel, ...]
    declared_facts: frozenset[str]

    @property
    def attributable(self) -> bool:
        """Whether the issuing province and document are known. A table retrieved without them
        (province null, "省份未显示", "文件名未见") is an example (示例): shown as such, never applied."""
        return self.province is not None and not any(m in self.document for m in UNATTRIBUTED)

    @property
    def version(self) -> str:
        when = (
            self.effective_from.isoformat()
            if self.effective_from
            else (str(self.year) if self.year else "年份不详")
        )
        return f"{self.document}（{when}）"


# Markers in a benchmark's document name saying the issuer or the document was not seen.
UNATTRIBUTED = ("省份未显示", "省份与年份未显示", "文件名未见", "发文机关未显示")


@dataclass(frozen=True, slots=True)
class ExemptionItem:
    id: str
    index: int
    conduct_zh: str
    basis: str
    provision_id: str | None
    provision_candidates: tuple[str, ...]
    conditions_zh: tuple[str, ...]
    when: (
        Condition | None
    )  # None: conditions not retrievable / not mappable; never applied automatically
    effect: Effect
    measure: (
        str  # non-empty for 免强制 items (exemption from a coercive measure, not from the penalty)
    )
    unconfirmed: bool
    mapping_note: str


@dataclass(frozen=True, slots=True)
class ExemptionList:
    """A national or provincial no-penalty list (免罚清单). Every listed condition is required."""

    id: str
    scope: str
    national: bool
    document: str
    year: int | None
    effective_from: date | None
    effective_to: date | None
    historical: bool
    draft: bool
    items: tuple[ExemptionItem, ...]
    source_url: str
    notes: str
    applies_in: tuple[
        str, ...
    ] = ()  # explicit places (agency or city names) where the list applies

    def applies_to_place(self, province: str) -> bool:
        if self.national:
            return True
        if self.applies_in:
            return province in self.applies_in
        return province_matches(self.scope, province)

    def in_force(self, on: date) -> bool:
        if self.historical or self.draft:
            return False
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_to is not None and on > self.effective_to)


def base_province(name: str) -> str:
    """ "浙江（临海市）" -> "浙江"."""
    return name.split("（", 1)[0].split("(", 1)[0].strip()


def province_matches(scope: str, province: str) -> bool:
    """A provincial rule applies in its province and its cities; a city rule only in that city."""
    if scope == province:
        return True
    if "（" in scope or "(" in scope:
        return False
    return base_province(province) == scope or base_province(scope) == province


@dataclass(frozen=True, slots=True)
class HearingThresholds:
    """较大数额罚款 for the hearing right (行政处罚法 第六十三条; TEPP 第八十条第二款). ≥ counts."""

    natural_person: Decimal
    organisation: Decimal
    reference: str


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """Recorded settings; every recommendation names the ones it used.

    overlimit_rounding: how a part of 1,000 kg counts in 超限规定 第四十三条第一款第（二）项
      ("floor": whole 1,000-kg units only, the citizen-favourable reading and the default;
       "ceil": any part counts as a whole unit; "exact": pro rata).
    hearing: per-province thresholds (key: province name as in requests, or base province);
      `default_hearing` applies where a province has not been configured; `maritime_hearing` is fixed
      by TEPP 第八十条第二款.
    """

    overlimit_rounding: str = "floor"
    hearing: Mapping[str, HearingThresholds] = field(default_factory=dict)
    default_hearing: HearingThresholds = HearingThresholds(
        Decimal(10000),
        Decimal(100000),
        "未配置本省“较大数额罚款”标准，暂按《交通运输行政执法程序规定》第八十条第二款海事标准"
        "（自然人1万元、法人或其他组织10万元）执行，须按省级规定配置",
    )
    maritime_hearing: HearingThresholds = HearingThresholds(
        Decimal(10000),
        Decimal(100000),
        "《交通运输行政执法程序规定》第八十条第二款（海事：自然人1万元以上、法人或其他组织10万元以上）",
    )

    def hearing_for(self, province: str, *, maritime: bool) -> HearingThresholds:
        if maritime:
            return self.maritime_hearing
        return (
            self.hearing.get(province)
            or self.hearing.get(base_province(province))
            or self.default_hearing
        )
