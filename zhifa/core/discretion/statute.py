"""The statutory range of one provision version for the facts of a case.

Reads the sanction exactly as recorded: fixed ranges (…以下 starts at 0), multiples of illegal gains
with the small-gain fallback (不足X元 -> fallback when gain < X; 超过X元 -> gain branch only when gain > X;
以上 includes X, TEPP Art. 130), 情节严重 ranges, 拒不改正 ranges, per-occurrence fines, person-specific
ranges, correct-first articles (fine only after a refusal to correct), and the over-limit formula.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from . import overlimit
from .errors import AmbiguousProvision, FactsContradictProvision, InvalidFactValue, MissingFact
from .facts import FactValue
from .model import (
    ZERO,
    EngineSettings,
    GainRule,
    Provision,
    Range,
    ThresholdRule,
    WarningMode,
    yuan,
)


class Statute(NamedTuple):
    """What the provision allows for these facts. `basis_zh` is rendered on demand (it is only text).

    Immutable; a named tuple because one is built for every recommendation."""

    provision: Provision
    fine: Range | None  # None: no fine possible on these facts
    branch: str  # stable code of the branch taken (fixed, gain, fallback, serious, …)
    basis: Callable[[], str] | str  # the rule applied, in Chinese (or a function that writes it)
    warning: bool  # a warning is (or may be) imposed
    warning_only: bool  # the article gives only a warning on these facts
    formula: bool  # the amount is fixed by formula, no discretion
    no_fine_reason_zh: str = ""
    # reasons added to the trace as they are: (code, article, row id, text or renderer) — the
    # parts of a cumulative over-limit fine (超限规定第四十三条第二款)
    parts: tuple[tuple[str, str, str, Any], ...] = ()

    @property
    def basis_zh(self) -> str:
        return self.basis if isinstance(self.basis, str) else self.basis()

    def milder_than(self, other: Statute) -> bool:
        """APL Art. 37: is this (new) rule lighter than `other` (old) for the same facts?"""
        if self.fine is None and not self.warning and (other.fine is not None or other.warning):
            return True
        if self.fine is None:
            return other.fine is not None
        if other.fine is None:
            return False
        if self.fine.high != other.fine.high:
            return self.fine.high < other.fine.high
        return self.fine.low < other.fine.low


def _zh(prefix: str, r: Range, suffix: str = "罚款") -> Callable[[], str]:
    """A renderer for "prefix + range + suffix" (text is only built when a reason is shown)."""
    return lambda: f"{prefix}{r.zh()}{suffix}"


ROUNDING_ZH = {
    "floor": "不足1000千克的部分不计",
    "ceil": "不足1000千克的部分按1000千克计",
    "exact": "按比例计算",
}


def _dec(facts: Mapping[str, FactValue], name: str) -> Decimal | None:
    v = facts.get(name)
    return (
        v
        if isinstance(v, Decimal)
        else (Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else None)
    )


def compute(
    p: Provision, facts: Mapping[str, FactValue], party_kind: str, settings: EngineSettings
) -> Statute:
    warn = p.warning_mode in (WarningMode.ALONE, WarningMode.AND_FINE, WarningMode.OR_FINE)
    if p.penalty_see:
        raise AmbiguousProvision(
            f"条款“{p.id}”的罚则见 {', '.join(p.penalty_see)}，请按具体情形选择其中一条。",
            provision_id=p.id,
            candidates=list(p.penalty_see),
        )
    if p.id == overlimit.WEIGHT_PROVISION or (p.per_unit_fine is not None and p.limits_kg):
        return _weight(p, facts, settings)
    if p.id in overlimit.DIMENSION_PROVISIONS:
        _check_dimensions(p, facts)

    refused = facts.get("refused_to_correct") is True
    serious = facts.get("serious") is True
    if p.correct_first and not refused:
        return Statute(
            p,
            None,
            "correct_first",
            f"{p.citation}以责令改正后拒不改正为罚款前提",
            False,
            False,
            False,
            no_fine_reason_zh="本条规定先责令改正，拒不改正的才处罚款；应先责令限期改正",
        )

    role = facts.get("party_role")
    if role in ("master", "crew", "employer"):
        r = {"master": p.master_fine, "crew": p.crew_fine, "employer": p.employer_fine}[str(role)]
        if r is None:
            raise InvalidFactValue("party_role", f"条款“{p.id}”对该当事人身份没有单独规定罚款幅度")
        label = {"master": "船长、责任船员", "crew": "船员", "employer": "聘用单位"}[str(role)]
        return Statute(p, r, f"role_{role}", _zh(f"对{label}处", r), warn, False, False)

    if p.escalated_fine is not None and refused:
        r = p.escalated_fine
        return Statute(
            p,
            r,
            "escalated",
            _zh("拒不改正（逾期不改正）的，处", r),
            warn,
            False,
            False,
        )
    if p.serious_fine is not None and serious:
        r = p.serious_fine
        return Statute(p, r, "serious", _zh("情节严重的，处", r), warn, False, False)

    if p.gain is not None:
        g = p.gain
        gain = _dec(facts, "illegal_gain")
        if gain is None:
            raise MissingFact(
                "illegal_gain", f"条款“{p.id}”按违法所得计罚，须填写违法所得（没有的填0）"
            )
        if g.uses_gain_branch(gain):
            r = Range(gain * g.multiple_low, gain * g.multiple_high)

            def gain_text(g: GainRule = g, gain: Decimal = gain, r: Range = r) -> str:
                lo = f"{g.multiple_low.normalize():f}倍以上" if g.multiple_low > 0 else ""
                return f"违法所得{yuan(gain)}元，处违法所得{lo}{g.multiple_high.normalize():f}倍以下的罚款（{r.zh()}）"

            return Statute(p, r, "gain", gain_text, warn, False, False)
        if serious and g.serious_fallback is not None:
            r = g.serious_fallback
            return Statute(
                p,
                r,
                "serious_fallback",
                _zh("没有违法所得或者违法所得较少，情节严重的，处", r),
                warn,
                False,
                False,
            )
        if g.fallback is None:
            return Statute(
                p,
                None,
                "no_gain",
                "没有违法所得",
                warn,
                warn,
                False,
                no_fine_reason_zh="本条对没有违法所得的情形未规定罚款",
            )
        r = g.fallback

        def fallback_text(g: GainRule = g, gain: Decimal = gain, r: Range = r) -> str:
            if g.threshold is not None and gain > 0:
                word = "不超过" if g.rule is ThresholdRule.GT else "不足"
                return f"违法所得{yuan(gain)}元，{word}{yuan(g.threshold)}元，处{r.zh()}罚款"
            return f"没有违法所得，处{r.zh()}罚款"

        return Statute(p, r, "fallback", fallback_text, warn, False, False)

    if p.value_multiple is not None:
        value = _dec(facts, "tree_value")
        if value is None:
            raise MissingFact("tree_value", f"条款“{p.id}”按采伐林木价值计罚")
        vm = p.value_multiple
        r = vm.scaled(value)
        return Statute(
            p,
            r,
            "value",
            _zh(f"处采伐林木价值{vm.low}倍以上{vm.high}倍以下罚款（", r, "）"),
            warn,
            False,
            False,
        )

    fine = p.fine
    if fine is not None and p.individual_fine_max is not None and party_kind == "natural_person":
        ind = Range(ZERO, p.individual_fine_max)
        return Statute(p, ind, "individual", lambda: f"对个人处{ind.zh()}罚款", warn, False, False)
    if fine is None:
        only = p.warning_mode is WarningMode.ALONE
        return Statute(
            p,
            None,
            "no_fine",
            "对该行为未规定罚款",
            only,
            only,
            False,
            no_fine_reason_zh="本条未规定罚款，只可采取其他处理措施" if not only else "",
        )
    if p.per_violation:
        n = facts.get("occurrences", 1)
        count = (
            Decimal(n) if isinstance(n, int) and not isinstance(n, bool) and n > 0 else Decimal(1)
        )
        r = fine.scaled(count)
        unit = fine

        def per_text() -> str:
            if count > 1:
                return f"对每次违法行为处{unit.zh()}罚款，共{count}次（{r.zh()}）"
            return f"对每次违法行为处{unit.zh()}罚款"

        return Statute(p, r, "per_violation", per_text, warn, False, False)
    fixed = fine
    return Statute(p, fixed, "fixed", lambda: f"处{fixed.zh()}罚款", warn, False, False)


def _check_dimensions(p: Provision, facts: Mapping[str, FactValue]) -> None:
    h, w, ln = _dec(facts, "height_m"), _dec(facts, "width_m"), _dec(facts, "length_m")
    if h is None and w is None and ln is None:
        return
    tier = overlimit.dimension_tier(h, w, ln)
    want = overlimit.DIMENSION_PROVISIONS[p.id]
    if tier == 0:
        raise FactsContradictProvision(
            "车货外廓尺寸未超过限定标准（高4米、宽2.55米、长18.1米），不构成违法超限运输。"
        )
    if tier != want:
        right = next(k for k, v in overlimit.DIMENSION_PROVISIONS.items() if v == tier)
        raise FactsContradictProvision(
            f"按所填尺寸属第四十三条第一款第（一）项第{tier}档，应选择条款“{right}”而非“{p.id}”。",
            provision_id=p.id,
            suggested=right,
        )


def excess_kg(p: Provision, facts: Mapping[str, FactValue]) -> Decimal:
    """The gross-mass excess: stated directly, or gross mass minus the axle-class limit (第三条)."""
    stated = _dec(facts, "excess_kg")
    gross = _dec(facts, "gross_mass_kg")
    vclass = facts.get("vehicle_class")
    if gross is not None and isinstance(vclass, str):
        limit = overlimit.weight_limit_kg(
            dict(p.limits_kg), vclass, facts.get("single_tyre_reduction") is True
        )
        computed = gross - limit
        if stated is not None and stated != computed:
            raise FactsContradictProvision(
                f"超限质量{stated}千克与按车型计算的{computed}千克不一致。"
            )
        return computed
    if stated is not None:
        return stated
    raise MissingFact("excess_kg", "超限（车货总质量）须填写超限质量，或车货总质量与车型")


OVL = "《超限运输车辆行驶公路管理规定》"


def _metres(value: Decimal) -> str:
    """4.30 -> "4.3", 20 -> "20" (never "2E+1")."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _dimension_text(
    tier: int, h: Decimal | None, w: Decimal | None, ln: Decimal | None
) -> Callable[[], str]:
    def text() -> str:
        measured = "、".join(
            f"{label}{_metres(v)}米" for label, v in (("高", h), ("宽", w), ("长", ln)) if v
        )
        return (
            f"车货总{measured}，超过外廓尺寸限定标准（高4米、宽2.55米、长18.1米，第三条第一款），"
            f"属第四十三条第一款第（一）项{overlimit.TIER_ZH[tier]}：{overlimit.TIER_RULE_ZH[tier]}"
        )

    return text


def _weight(p: Provision, facts: Mapping[str, FactValue], settings: EngineSettings) -> Statute:
    h, w, ln = _dec(facts, "height_m"), _dec(facts, "width_m"), _dec(facts, "length_m")
    tier = overlimit.dimension_tier(h, w, ln)
    excess = excess_kg(p, facts)
    if excess <= 0 and tier:
        right = overlimit.dimension_provision(tier)
        raise FactsContradictProvision(
            f"车货总质量未超过限定标准，只有外廓尺寸超限，属第四十三条第一款第（一）项"
            f"{overlimit.TIER_ZH[tier]}，应选择条款“{right}”而非“{p.id}”。",
            provision_id=p.id,
            suggested=right,
        )
    warning_only, fine = overlimit.weight_fine(excess, settings.overlimit_rounding)
    rounding_zh = ROUNDING_ZH[settings.overlimit_rounding]
    if tier:
        return _cumulative(p, excess, warning_only, fine, tier, (h, w, ln), rounding_zh)
    # dimensions stated and within the limits: said once, nothing is added
    within: tuple[tuple[str, str, str, str], ...] = ()
    if h is not None or w is not None or ln is not None:
        within = (
            (
                "overlimit_dimension_within",
                f"{OVL}第三条第一款",
                p.id,
                "车货外廓尺寸未超过限定标准（高4米、宽2.55米、长18.1米），不累计外廓尺寸超限的罚款。",
            ),
        )
    if warning_only:
        return Statute(
            p,
            None,
            "overlimit_warning",
            lambda: f"车货总质量超过限定标准{excess}千克，未超过1000千克，予以警告",
            True,
            True,
            True,
            parts=within,
        )
    r = Range(fine, fine)
    return Statute(
        p,
        r,
        "overlimit_weight",
        lambda: (
            f"车货总质量超过限定标准{excess}千克，每超1000千克罚款500元（{rounding_zh}），最高不超过3万元，计{yuan(fine)}元"
        ),
        False,
        False,
        True,
        parts=within,
    )


def _cumulative(
    p: Provision,
    excess: Decimal,
    warning_only: bool,
    fine: Decimal,
    tier: int,
    dims: tuple[Decimal | None, Decimal | None, Decimal | None],
    rounding_zh: str,
) -> Statute:
    """Mass and dimensions both over: the two amounts are added, 30,000 at most
    (《超限运输车辆行驶公路管理规定》第四十三条第二款). The weight part stays the formula; the
    dimension part is the tier's statutory range, so the sum is a range to decide within."""
    total = overlimit.cumulative(fine, tier)
    r = Range(total.low, total.high)
    d_range = Range(total.dimension_low, total.dimension_high)
    dimension = _dimension_text(tier, *dims)
    if warning_only:
        weight = f"车货总质量超过限定标准{excess}千克，未超过1000千克，予以警告"
    else:
        weight = (
            f"车货总质量超过限定标准{excess}千克，每超1000千克罚款500元（{rounding_zh}），"
            f"计{yuan(fine)}元"
        )
    weight_article = f"{OVL}第四十三条第一款第（二）项"
    dimension_article = f"{OVL}第四十三条第一款第（一）项"

    def sum_text() -> str:
        if warning_only:
            return f"质量超限只予警告，不计罚款；外廓尺寸超限的罚款为{r.zh()}"
        added = Range(fine + total.dimension_low, fine + total.dimension_high)
        text = f"质量超限罚款{yuan(fine)}元加外廓尺寸超限罚款{d_range.zh()}，累计为{added.zh()}"
        if total.capped:
            text += f"，累计最高不超过30000元，罚款幅度为{r.zh()}"
        return text

    def basis() -> str:
        return f"{weight}；{dimension()}；依第四十三条第二款，{sum_text()}"

    parts = (
        ("overlimit_weight_part", weight_article, p.id, f"质量超限：{weight}。"),
        (
            "overlimit_dimension_part",
            dimension_article,
            overlimit.dimension_provision(tier),
            (lambda: f"外廓尺寸超限：{dimension()}。"),
        ),
        (
            "overlimit_cumulative",
            f"{OVL}第四十三条第二款",
            p.id,
            (
                lambda: (
                    "同时存在外廓尺寸超限和质量超限的，罚款累计，累计最高不超过30000元；"
                    f"{sum_text()}。{'' if warning_only else '质量超限部分按公式计算，'}"
                    "外廓尺寸部分在该档幅度内裁量。"
                )
            ),
        ),
    )
    return Statute(
        p,
        r,
        "overlimit_cumulative",
        basis,
        warning_only,
        False,
        False,
        parts=parts,
    )
