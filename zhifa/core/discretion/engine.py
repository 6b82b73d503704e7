"""recommend(): provision + province + dates + party + facts -> an explained recommendation.

Order of the legal tests (provisions.md §5, 行政处罚法 = APL):
 1. the provision version at the time of the act, and at the decision; the milder applies (APL Art. 37);
    a version repealed by the decision date means the conduct is no longer punished;
 2. limitation: not discovered within 2 years (5 with harm to life, health or financial security) ->
    no penalty (APL Art. 36); continuing conduct counts from the day it ended (pass that as violation_date);
 3. shall-not-penalise: under 14 (Art. 30), no capacity (Art. 31), no fault (Art. 33 para 2), minor +
    corrected + no harm (Art. 33 para 1), correct-first articles before a refusal, "must" list items and
    benchmark no-penalty tiers;
 4. may-exempt: first violation + at most minor harm + corrected (Art. 33 para 1), "may" list items;
 5. the province's benchmark in force at the decision, unless obsolete against the statute applied;
    the most severe level whose conditions hold; its range clamped to the statute;
 6. lenient/mitigated (Arts. 30–32) and severe (Art. 49) factors; the suggested amount;
 7. non-fine measures, the hearing right (Art. 63; TEPP Art. 80), reasons and the reasoning paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from . import overlimit
from .catalogue import Catalogue
from .errors import InvalidDates, InvalidFactValue, NoLawInForce, UndeclaredFact
from .facts import FACTS, GENERAL_FACTS, FactValue, coerce_facts
from .legality import level_problems
from .model import (
    ZERO,
    Benchmark,
    BenchmarkLevel,
    Effect,
    ExemptionItem,
    ExemptionList,
    LevelKind,
    Outcome,
    Provision,
    Range,
    WarningMode,
    province_matches,
    yuan,
)
from .reasoning import zh_date
from .statute import Statute, compute

APL = "《行政处罚法》"
PARTY_KINDS = {"natural_person": "自然人", "legal_person": "法人", "other_organisation": "其他组织"}
ONE = Decimal(1)


OUTCOME_ZH = {
    Outcome.MUST_NOT_PENALISE: "不予行政处罚",
    Outcome.MAY_EXEMPT: "可以不予行政处罚",
    Outcome.PENALISE: "给予行政处罚",
}


@dataclass(frozen=True, slots=True)
class RecommendationRequest:
    provision_id: str
    province: str  # as benchmarks name it: "浙江", "浙江（临海市）", "长江海事局"
    violation_date: date  # for continuing conduct: the day it ended (APL Art. 36 para 2)
    decision_date: date
    party_kind: str  # natural_person | legal_person | other_organisation
    facts: Mapping[str, Any] = field(default_factory=dict)
    discovered_on: date | None = (
        None  # needed only when the decision is more than 2 years after the act
    )
    maritime: bool | None = (
        None  # deciding body is a maritime agency; default: the provision's sector
    )


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text_zh: str
    article: str = ""
    row_id: str = ""


@dataclass(frozen=True, slots=True)
class Factor:
    kind: str  # lenient | severe | mitigated | no_penalty | may_exempt
    code: str
    text_zh: str
    article: str
    mandatory: bool
    row_id: str = ""


@dataclass(frozen=True, slots=True)
class Measure:
    kind: str  # warning | confiscation | order_to_correct | suspension_or_revocation | education | other
    text_zh: str
    article: str
    conditional: bool = False


TraceText = Callable[[], str] | str | tuple[Any, ...]  # text, renderer, or (renderer, *args)
Trace = tuple[str, str, str, TraceText]  # (code, article, row id, Chinese text or its renderer)


class Recommendation(NamedTuple):
    """The engine's answer (immutable). Decisions are computed eagerly; the Chinese texts (`reasons`,
    `reasoning`) are rendered from the trace when read. A named tuple rather than a dataclass because one
    is built per recommendation and the hot path counts microseconds."""

    request: RecommendationRequest
    outcome: Outcome
    provision: Provision | None  # the version applied (None when the conduct is no longer punished)
    act_version_id: str
    decision_version_id: str
    statute: Statute | None
    benchmark: Benchmark | None
    level: BenchmarkLevel | None
    benchmark_range: Range | None
    recommended_range: Range | None
    suggested_amount: Decimal | None
    mitigation_permitted: bool
    factors: tuple[Factor, ...]
    measures: tuple[Measure, ...]
    hearing_triggered: bool
    hearing_threshold: Decimal | None
    exemption: ExemptionItem | None
    settings_used: tuple[tuple[str, str], ...]
    trace: tuple[Trace, ...]
    facts: Mapping[str, FactValue]

    @property
    def missing_facts(self) -> tuple[str, ...]:
        """Facts the benchmark's conditions read that the request did not state."""
        if self.benchmark is None:
            return ()
        return tuple(sorted(self.benchmark.declared_facts.difference(self.facts)))

    @property
    def statutory_range(self) -> Range | None:
        return self.statute.fine if self.statute else None

    @property
    def statutory_basis_zh(self) -> str:
        return self.statute.basis_zh if self.statute else ""

    @property
    def formula(self) -> bool:
        return bool(self.statute and self.statute.formula)

    @property
    def warning(self) -> bool:
        return (
            bool(self.statute and self.statute.warning)
            and self.outcome is not Outcome.MUST_NOT_PENALISE
        )

    @property
    def level_kind(self) -> LevelKind | None:
        return self.level.kind if self.level else None

    @property
    def benchmark_version(self) -> str:
        return self.benchmark.version if self.benchmark else ""

    @property
    def benchmark_id(self) -> str:
        return self.benchmark.id if self.benchmark else ""

    @property
    def summary_procedure_amount_ok(self) -> bool:
        """The proposed penalty fits the summary (on-the-spot) procedure: a warning, or a fine of at most
        200 yuan for a citizen / 3,000 for an organisation (APL Art. 51; TEPP Art. 130: 以下 includes).
        The other conditions (conclusive facts, legal basis) are for the officer."""
        if self.outcome is Outcome.MUST_NOT_PENALISE:
            return False
        if self.suggested_amount is None:
            return self.warning and self.statutory_range is None
        limit = 200 if self.request.party_kind == "natural_person" else 3000
        return self.suggested_amount <= limit

    @property
    def collective_deliberation_triggered(self) -> bool:
        """TEPP Art. 76(1): the heavy penalties that open the hearing right (large fine, revocation,
        suspension, large confiscation) also go to the major-case collective discussion."""
        return self.hearing_triggered

    @property
    def reasons(self) -> tuple[Reason, ...]:
        out = (Reason(c, _render(t), a, r) for c, a, r, t in self.trace)
        return tuple(x for x in out if x.text_zh)

    @property
    def reasoning(self) -> str:
        from .reasoning import build_reasoning

        return build_reasoning(self, self.facts)


# --- helpers -------------------------------------------------------------------------------------


def _whole(amount: Decimal, r: Range) -> Decimal:
    """Round to whole yuan and keep inside the range."""
    q = amount.quantize(ONE, rounding=ROUND_HALF_UP)
    if q < r.low:
        q = r.low
    if q > r.high:
        q = r.high
    return q


def _provision_facts(p: Provision) -> set[str]:
    out: set[str] = set()
    if p.gain is not None:
        out.add("illegal_gain")
    if p.value_multiple is not None:
        out.add("tree_value")
    if p.per_violation:
        out.add("occurrences")
    if p.id == overlimit.WEIGHT_PROVISION or p.limits_kg:
        out |= {
            "excess_kg",
            "gross_mass_kg",
            "vehicle_class",
            "single_tyre_reduction",
            "height_m",
            "width_m",
            "length_m",
        }
    if p.id in overlimit.DIMENSION_PROVISIONS:
        out |= {"height_m", "width_m", "length_m"}
    if any("违法所得" in c for c in p.confiscation):
        out.add("illegal_gain")
    return out


def allowed_facts(cat: Catalogue, pid: str, province: str) -> frozenset[str]:
    """Facts a request may state for this provision in this province (cached per pair)."""
    key = ("allowed", pid, province)
    hit = cat._cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    names = set(GENERAL_FACTS)
    for v in cat.versions_of(pid):
        names |= _provision_facts(v)
        for b in cat.benchmarks_by_provision.get(v.id, ()):
            names |= (
                b.declared_facts
            )  # benchmarks of other provinces too: a fact they declare is known
        for _, item in cat.exemptions_by_provision.get(v.id, ()):
            if item.when is not None:
                names |= item.when.facts
    out = frozenset(names)
    cat._cache[key] = out
    return out


def _cached_problems(cat: Catalogue, b: Benchmark, p: Provision) -> list[Any]:
    key = ("problems", b.id, p.id)
    hit = cat._cache.get(key)
    if hit is None:
        hit = level_problems(b, p)
        cat._cache[key] = hit
    return hit


def select_benchmark(
    cat: Catalogue, p: Provision, province: str, on: date
) -> tuple[Benchmark | None, list[Trace]]:
    """The benchmark in force on `on` for `p` in `province`, skipping obsolete ones (with reasons).

    A city's table wins over its province's; among equals the latest effective date wins. A table whose
    issuer is unknown (province null) is never applied.
    """
    notes: list[Trace] = []
    candidates: list[Benchmark] = []
    for b in cat.benchmarks_by_provision.get(p.id, ()):
        if b.province is None or not province_matches(b.province, province):
            continue
        if not b.attributable:  # an example (示例): issuer or document unknown, never applied
            notes.append(
                (
                    "benchmark_example",
                    "",
                    b.id,
                    f"裁量基准“{b.document}”的制定机关或文件无法核实，仅作示例，不予采用。",
                )
            )
            continue
        if b.superseded or b.draft:
            notes.append(
                (
                    "benchmark_skipped",
                    "",
                    b.id,
                    f"裁量基准“{b.document}”已被取代或未生效，不予采用。",
                )
            )
            continue
        if b.effective_from is not None and b.effective_from > on:
            continue
        problems = _cached_problems(cat, b, p)
        if problems:
            notes.append(
                (
                    "benchmark_obsolete",
                    p.citation,
                    b.id,
                    f"裁量基准“{b.document}”与{p.citation}不符，已失效：{problems[0].message}",
                )
            )
            continue
        candidates.append(b)
    if not candidates:
        return None, notes
    candidates.sort(
        key=lambda b: (b.province == province, b.effective_from or date.min), reverse=True
    )
    return candidates[0], notes


def _level_range(
    lv: BenchmarkLevel, st: Statute, facts: Mapping[str, FactValue]
) -> tuple[Range | None, str]:
    """The level's own range for the statute's branch, before clamping; the text explains a gap."""
    if st.branch == "gain":
        if lv.gain_multiple_high is None:
            return None, "该档未规定违法所得倍数，按法定倍数幅度裁量"
        gain = facts["illegal_gain"]
        assert isinstance(gain, (int, Decimal))
        lo = lv.gain_multiple_low if lv.gain_multiple_low is not None else ZERO
        return Range(gain * lo, gain * lv.gain_multiple_high), ""
    if lv.fixed_range is not None:
        return lv.fixed_range, ""
    for sub in lv.sub_ranges:
        if sub.when(facts):
            return Range(sub.low, sub.high), ""
    if lv.sub_ranges:
        return None, "该档按道路等级分列幅度，未提供所需事实"
    if lv.per_unit_fine is not None:
        qty = facts.get(lv.per_unit_fact)
        if not isinstance(qty, (int, Decimal)) or isinstance(qty, bool):
            return None, f"该档按数量计罚，未提供“{lv.per_unit_fact}”"
        amount = lv.per_unit_fine * qty
        if lv.fine_high is not None:
            amount = min(amount, lv.fine_high)
        return Range(amount, amount), ""
    if lv.fine_low is None and lv.fine_high is None:
        return None, "该档罚款金额在来源中缺失"
    assert st.fine is not None
    lo = lv.fine_low if lv.fine_low is not None else st.fine.low
    hi = lv.fine_high if lv.fine_high is not None else st.fine.high
    return Range(lo, hi), ""


_CONDITIONAL_PREFIXES = ("情节严重", "拒不", "逾期", "可以", "造成严重后果", "或者")
_SUSPENSION_WORDS = ("吊销", "停业", "停产", "撤销", "暂扣", "停航", "责令停止经营", "没收")
EDUCATION = Measure("education", "对当事人进行教育", f"{APL}第三十三条第三款")
ORDER_TO_CORRECT = Measure(
    "order_to_correct", "责令改正或者限期改正违法行为", f"{APL}第二十八条第一款"
)


def provision_measures(p: Provision, *, penalise: bool) -> tuple[Measure, ...]:
    """Non-fine measures of the provision (computed once per provision and outcome)."""
    out: list[Measure] = []
    cite = p.citation
    if penalise:
        if p.warning_mode is WarningMode.OR_FINE:
            out.append(
                Measure(
                    "warning", "警告（本条为“警告或者罚款”，可以单处警告）", cite, conditional=True
                )
            )
        elif p.warning_mode in (WarningMode.ALONE, WarningMode.AND_FINE):
            out.append(Measure("warning", "警告", cite))
        elif p.warning_mode is WarningMode.OVERLIMIT:
            out.append(Measure("warning", "警告（超限不超过1000千克的）", cite, conditional=True))
        for c in p.confiscation:
            cond = "超过" in c and "违法所得" in c
            out.append(
                Measure(
                    "confiscation",
                    c if c.startswith(("没收", "收缴")) else f"没收{c}",
                    cite,
                    conditional=cond,
                )
            )
    if p.suspension_or_revocation:
        t = p.suspension_or_revocation
        kind = "suspension_or_revocation" if any(k in t for k in _SUSPENSION_WORDS) else "order"
        # without a penalty only orders remain (责令停止、限期拆除…); revocation, suspension and
        # confiscation are penalties (APL Art. 9) and fall away with the penalty
        if penalise or kind == "order" or t.startswith("责令停止"):
            out.append(Measure(kind, t, cite, conditional=t.startswith(_CONDITIONAL_PREFIXES)))
    out.append(ORDER_TO_CORRECT)
    if not penalise:
        out.append(EDUCATION)
    return tuple(out)


_HEARING_KEYWORDS = (
    "停产停业",
    "停业整顿",
    "责令停业",
    "吊销",
    "责令关闭",
    "限制从业",
    "降低资质",
    "撤销",
)


def _plan(
    cat: Catalogue, requested: Provision, act: Provision, p: Provision, province: str, on: date
) -> tuple[Any, ...]:
    """Everything that depends only on (provision, province, decision date): cached."""
    key = ("plan", requested.id, act.id, p.id, province, on)
    hit = cat._cache.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    if len(cat._cache) > 200_000:  # bound the memory of a long-lived process
        cat._cache.clear()
    bm, notes = select_benchmark(cat, p, province, on)
    items: list[tuple[ExemptionList, ExemptionItem]] = []
    seen: set[str] = set()
    for pid in (requested.id, act.id, p.id):
        if pid in seen:
            continue
        seen.add(pid)
        for lst, item in cat.exemptions_by_provision.get(pid, ()):
            if lst.applies_to_place(province) and lst.in_force(on) and item.when is not None:
                items.append((lst, item))
    for lst, item in cat.candidate_exemptions.get(p.id, ()):
        if lst.applies_to_place(province) and lst.in_force(on):
            notes.append(
                (
                    "exemption_candidate",
                    _title(lst.document),
                    item.id,
                    f"《{_title(lst.document)}》第{item.id.rsplit('#', 1)[-1]}项“{item.conduct_zh}”可能适用，须人工核实其适用情形。",
                )
            )
    tiers: tuple[BenchmarkLevel, ...] = ()
    no_pen: tuple[BenchmarkLevel, ...] = ()
    mitigated: tuple[BenchmarkLevel, ...] = ()
    unmapped: tuple[str, ...] = ()
    if bm is not None:
        usable = [lv for lv in bm.levels if lv.when is not None and not lv.other_provision]
        no_pen = tuple(lv for lv in usable if lv.kind is LevelKind.NO_PENALTY)
        mitigated = tuple(lv for lv in usable if lv.kind is LevelKind.MITIGATED)
        tiers = tuple(
            lv for lv in usable if lv.kind not in (LevelKind.NO_PENALTY, LevelKind.MITIGATED)
        )
        unmapped = tuple(
            lv.label_zh for lv in bm.levels if lv.when is None and not lv.other_provision
        )
    # the level selector: (test, index in tiers, level) from the most severe down
    bid = bm.id if bm is not None else ""
    selectors = tuple(
        (lv.when.test, i, lv, f"{bid}/{lv.label_zh}")
        for i, lv in reversed(list(enumerate(tiers)))
        if lv.when is not None
    )
    out = (
        bm,
        tuple(notes),
        tuple(items),
        no_pen,
        mitigated,
        (tiers, selectors),
        unmapped,
        provision_measures(p, penalise=True),
        provision_measures(p, penalise=False),
    )
    cat._cache[key] = out
    return out


def _hearing_measures(p: Provision, measures: tuple[Measure, ...]) -> tuple[tuple[str, str], ...]:
    """(text, condition) for the measures of `p` that trigger a hearing: condition "" (always),
    "serious" (情节严重的…) or "refused" (拒不/逾期…); plus ("", "gain") if gains are confiscated."""
    out: list[tuple[str, str]] = []
    for m in measures:
        if m.kind != "suspension_or_revocation" or not any(
            k in m.text_zh for k in _HEARING_KEYWORDS
        ):
            continue
        t = m.text_zh
        if not m.conditional:
            out.append((t, ""))
        elif t.startswith("情节严重"):
            out.append((t, "serious"))
        elif t.startswith(("拒不", "逾期")):
            out.append((t, "refused"))
    if any(m.kind == "confiscation" and "违法所得" in m.text_zh for m in measures):
        out.append(("", "gain"))
    return tuple(out)


def _hearing(
    cat: Catalogue,
    req: RecommendationRequest,
    p: Provision,
    amount: Decimal | None,
    measures: tuple[Measure, ...],
    facts: Mapping[str, FactValue],
    trace: list[Trace],
) -> tuple[bool, Decimal]:
    """APL Art. 63 / TEPP Art. 80: large fine (≥ threshold), heavy measures, large confiscation."""
    maritime = req.maritime if req.maritime is not None else p.sector == "maritime"
    key = ("hearing", req.province, maritime, p.id)
    hit_ = cat._cache.get(key)
    if hit_ is None:
        th_ = cat.settings.hearing_for(req.province, maritime=maritime)
        hit_ = cat._cache[key] = (th_, _hearing_measures(p, measures))
    th, triggers = hit_
    threshold = th.natural_person if req.party_kind == "natural_person" else th.organisation
    hit = False
    if amount is not None and amount >= threshold:
        hit = True
        trace.append(
            (
                "hearing_large_fine",
                f"{APL}第六十三条第一款第（一）项",
                "",
                lambda: (
                    f"拟罚款{yuan(amount)}元，达到较大数额罚款标准{yuan(threshold)}元（{th.reference}），应告知听证权利。"
                ),
            )
        )
    for text, cond in triggers:
        if cond == "gain":
            gain = facts.get("illegal_gain")
            if isinstance(gain, (int, Decimal)) and gain >= threshold:
                hit = True
                trace.append(
                    (
                        "hearing_confiscation",
                        f"{APL}第六十三条第一款第（二）项",
                        p.id,
                        _confiscation_text(Decimal(gain)),
                    )
                )
            continue
        if (
            cond == ""
            or (cond == "serious" and facts.get("serious") is True)
            or (cond == "refused" and facts.get("refused_to_correct") is True)
        ):
            hit = True
            trace.append(
                (
                    "hearing_measure",
                    f"{APL}第六十三条第一款",
                    p.id,
                    f"拟采取“{text}”，应告知听证权利。",
                )
            )
    return hit, threshold


def _confiscation_text(gain: Decimal) -> Callable[[], str]:
    return lambda: (
        f"拟没收违法所得{yuan(gain)}元，数额较大（按较大数额罚款标准认定），应告知听证权利。"
    )


def hearing_required(cat: Catalogue, rec: Recommendation, amount: Decimal) -> bool:
    """Whether a chosen amount (e.g. after a deviation) triggers the hearing right."""
    if rec.provision is None:
        return False
    hit, _ = _hearing(cat, rec.request, rec.provision, amount, rec.measures, rec.facts, [])
    return hit


# --- the engine ----------------------------------------------------------------------------------

# facts that can trigger a general APL rule (Arts. 30–33, 49); requests without any skip those tests
_UNSEEN: Any = object()
_GENERAL_TRIGGERS = frozenset(
    {
        "age",
        "mental_capacity",
        "no_fault",
        "violation_minor",
        "corrected",
        "first_violation",
        "removed_harm",
        "coerced",
        "confessed",
        "meritorious",
        "emergency_period",
    }
)

_LENIENT_32 = (
    ("removed_harm", "主动消除或者减轻违法行为危害后果", "（一）"),
    ("coerced", "受他人胁迫或者诱骗实施违法行为", "（二）"),
    ("confessed", "主动供述行政机关尚未掌握的违法行为", "（三）"),
    ("meritorious", "配合行政机关查处违法行为有立功表现", "（四）"),
)


def _prepare(cat: Catalogue, req: RecommendationRequest) -> tuple[Any, ...]:
    """Checks and look-ups that depend only on (provision, place, dates, party): validated once, cached.

    Returns (requested, allowed facts, act version, decision version, trace prefix). Errors are raised,
    never cached."""
    province = req.province
    if not province or type(province) is not str or province.isspace():
        raise InvalidDates("须填写省份（或城市、海事机构）。", code="discretion.province_required")
    if req.party_kind not in PARTY_KINDS:
        raise InvalidDates(
            f"当事人类型应为 {', '.join(PARTY_KINDS)} 之一。", code="discretion.invalid_party_kind"
        )
    vdate, ddate = req.violation_date, req.decision_date
    for name, d in (
        ("violation_date", vdate),
        ("decision_date", ddate),
        ("discovered_on", req.discovered_on),
    ):
        if d is not None and not isinstance(d, date):
            raise InvalidDates(f"“{name}”应为日期。", code="discretion.invalid_date", field=name)
    if vdate is None or ddate is None:
        raise InvalidDates("须填写违法行为发生日期和决定日期。", code="discretion.invalid_date")
    if ddate < vdate:
        raise InvalidDates("决定日期早于违法行为发生日期。", violation_date=vdate.isoformat())
    if req.discovered_on is not None and not vdate <= req.discovered_on <= ddate:
        raise InvalidDates("发现日期应在违法行为发生日与决定日之间。")
    requested = cat.provision(req.provision_id)
    allowed = allowed_facts(cat, requested.id, province)
    # 1. versions (APL Art. 37; Art. 4: no penalty without a rule in force at the act)
    act = cat.resolve(requested.id, vdate)
    if act is None:
        raise NoLawInForce(
            f"违法行为发生时{requested.citation}已删除或废止，不得给予处罚（《行政处罚法》第四条）。",
            provision_id=requested.id,
        )
    dec = cat.resolve(requested.id, ddate)
    prefix: list[Trace] = []
    if act is not requested:
        prefix.append(
            (
                "act_version",
                act.citation,
                act.id,
                f"违法行为发生于{zh_date(vdate)}，当时施行的是{act.citation}（{act.id}）。",
            )
        )
    prefix.extend(_version_notes(cat, act))
    if dec is not None and dec is not act:
        prefix.extend(_version_notes(cat, dec))
    out = (requested, allowed, act, dec, tuple(prefix))
    key = ("prep", req.provision_id, province, vdate, ddate, req.party_kind, req.discovered_on)
    if len(cat._cache) > 200_000:
        cat._cache.clear()
    cat._cache[key] = out
    return out


def recommend(cat: Catalogue, req: RecommendationRequest) -> Recommendation:
    """The explained recommendation for one case. Raises a DiscretionError (stable code) on bad input."""
    province = req.province
    vdate, ddate = req.violation_date, req.decision_date
    prep = cat._cache.get(
        ("prep", req.provision_id, province, vdate, ddate, req.party_kind, req.discovered_on)
    )
    if prep is None:
        prep = _prepare(cat, req)
    requested, allowed, act, dec, prefix = prep
    facts = coerce_facts(req.facts)
    for name in facts:
        if name not in allowed:
            raise UndeclaredFact(name, requested.id)
    if "age" in facts and req.party_kind != "natural_person":
        raise InvalidFactValue("age", "年龄只适用于自然人当事人")
    get = facts.get
    trace: list[Trace] = list(prefix)
    settings_used: tuple[tuple[str, str], ...] = ()
    if dec is None:
        ground = Factor(
            "no_penalty",
            "repealed",
            f"当事人于{zh_date(vdate)}实施的“{act.conduct_zh}”行为，作出决定时{act.citation}已删除该罚则，新的规定不认为是违法",
            f"{APL}第三十七条",
            True,
            act.id,
        )
        return _no_penalty(
            req, act, None, "", facts, trace, [ground], None, None, None, settings_used
        )

    # 2. limitation (APL Art. 36): 2 years, 5 with harm to life, health or financial security
    if (ddate.year - 2, ddate.month, ddate.day) > (vdate.year, vdate.month, vdate.day):
        if req.discovered_on is None:
            raise InvalidDates(
                "决定日距违法行为发生已超过二年，须填写违法行为被发现的日期以判断处罚时效（《行政处罚法》第三十六条）。",
                code="discretion.discovery_date_required",
            )
        years = 5 if get("life_health_or_financial_harm") is True else 2
        if req.discovered_on > _years_later(vdate, years):
            ground = Factor(
                "no_penalty",
                "limitation",
                f"违法行为在{years}年内未被发现（发生于{zh_date(vdate)}，发现于{zh_date(req.discovered_on)}），不再给予行政处罚",
                f"{APL}第三十六条第一款",
                True,
            )
            return _no_penalty(
                req, act, act, dec.id, facts, trace, [ground], None, None, None, settings_used
            )

    # the statute under both versions; the milder applies
    st = compute(act, facts, req.party_kind, cat.settings)
    if dec is not act:
        st_dec = compute(dec, facts, req.party_kind, cat.settings)
        if st_dec.milder_than(st):
            st_old = st
            st = st_dec
            trace.append(
                (
                    "lighter_new_law",
                    f"{APL}第三十七条",
                    dec.id,
                    (_lighter_text, dec, st_dec, st_old),
                )
            )
        else:
            trace.append(
                (
                    "old_law",
                    f"{APL}第三十七条",
                    act.id,
                    f"新规定{dec.citation}不轻于行为时的规定，适用行为时的{act.citation}。",
                )
            )
    p = st.provision
    if st.formula or st.branch == "overlimit_cumulative":
        settings_used = (("overlimit_rounding", cat.settings.overlimit_rounding),)
    statute_st = st
    trace.append(("statute", p.citation, p.id, (_statute_text, statute_st)))
    if st.parts:
        trace.extend(st.parts)
    (
        bm,
        notes,
        items,
        no_pen_levels,
        mitigated_levels,
        (tiers, selectors),
        unmapped,
        m_pen,
        m_nopen,
    ) = _plan(cat, requested, act, p, province, ddate)
    if notes:
        trace.extend(notes)

    # 3. shall not penalise
    must: list[Factor] = []
    may: list[Factor] = []
    general = not facts.keys().isdisjoint(_GENERAL_TRIGGERS)
    age = get("age") if general else None
    if age is not None and age < 14:  # type: ignore[operator]
        must.append(
            Factor(
                "no_penalty",
                "under_14",
                f"当事人不满十四周岁（{age}周岁），不予行政处罚，责令监护人加以管教",
                f"{APL}第三十条",
                True,
            )
        )
    if general and get("mental_capacity") == "none":
        must.append(
            Factor(
                "no_penalty",
                "no_capacity",
                "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为",
                f"{APL}第三十一条",
                True,
            )
        )
    if get("no_fault") is True:
        must.append(
            Factor(
                "no_penalty",
                "no_fault",
                "当事人有证据足以证明没有主观过错",
                f"{APL}第三十三条第二款",
                True,
            )
        )
    corrected = get("corrected") is True
    consequence = get("consequence")
    if corrected and consequence == "none" and get("violation_minor") is True:
        must.append(
            Factor(
                "no_penalty",
                "minor_corrected",
                "违法行为轻微并及时改正，没有造成危害后果",
                f"{APL}第三十三条第一款",
                True,
            )
        )
    if st.branch == "correct_first":
        must.append(
            Factor("no_penalty", "correct_first", st.no_fine_reason_zh, p.citation, True, p.id)
        )
    exemption: ExemptionItem | None = None
    for lst, item in items:
        if not item.when.test(facts):
            continue
        title = _title(lst.document)
        text = (
            f"符合《{title}》“{item.conduct_zh}”的全部适用条件（{'；'.join(item.conditions_zh)}）"
        )
        if item.measure:
            trace.append(("exemption_measure", title, item.id, f"{text}：{item.measure}。"))
            continue
        if item.unconfirmed:
            text += "（清单条件未完全核实）"
        mandatory = item.effect is Effect.MUST
        (must if mandatory else may).append(
            Factor(
                "no_penalty" if mandatory else "may_exempt",
                "exemption_list",
                text,
                f"《{title}》；{APL}第三十三条第一款",
                mandatory,
                item.id,
            )
        )
        exemption = exemption or item
    for lv in no_pen_levels:
        if lv.when.test(facts):
            assert bm is not None
            mandatory = lv.effect is Effect.MUST
            (must if mandatory else may).append(
                Factor(
                    "no_penalty" if mandatory else "may_exempt",
                    "benchmark_no_penalty",
                    f"符合裁量基准“{lv.label_zh}”档（{lv.source_zh}）",
                    bm.document,
                    mandatory,
                    f"{bm.id}/{lv.label_zh}",
                )
            )
    if must:
        return _no_penalty(
            req, act, p, dec.id, facts, trace, must + may, st, bm, exemption, settings_used, m_nopen
        )

    # 4. may exempt (APL Art. 33 para 1, second sentence)
    if corrected and get("first_violation") is True and consequence in ("none", "minor"):
        may.insert(
            0,
            Factor(
                "may_exempt",
                "first_violation",
                "初次违法且危害后果轻微并及时改正",
                f"{APL}第三十三条第一款",
                False,
            ),
        )
    factors = may

    # 5. benchmark level
    level: BenchmarkLevel | None = None
    bm_range: Range | None = None
    mitigated_level = False
    fine = st.fine
    # a cumulative over-limit range (第四十三条第二款) is the formula plus the dimension tier's
    # statutory range: a benchmark of the weight provision does not grade it
    if fine is not None and not st.formula and st.branch != "overlimit_cumulative":
        if bm is None:
            trace.append(
                (
                    "no_benchmark",
                    p.citation,
                    p.id,
                    f"{province}没有适用于{p.citation}的有效裁量基准，按法定幅度裁量。",
                )
            )
        else:
            for lv in mitigated_levels:
                if lv.when.test(facts):
                    level = lv
                    mitigated_level = True
                    trace.append(
                        (
                            "level_mitigated",
                            bm.document,
                            f"{bm.id}/{lv.label_zh}",
                            f"依据{bm.document}，本案符合“{lv.label_zh}”档（{lv.source_zh}），可以减轻处罚。",
                        )
                    )
                    break
            if level is None:
                # tables run from mild to severe: the most severe level whose conditions hold wins
                row = ""
                for test, idx, lv, lv_row in selectors:
                    if test(facts):
                        level, row = lv, lv_row
                        if idx:
                            trace.append(
                                (
                                    "levels_overlap",
                                    bm.document,
                                    bm.id,
                                    (_overlap_text, tiers[:idx], lv, facts),
                                )
                            )
                        break
            if level is None:
                missing = tuple(sorted(bm.declared_facts.difference(facts)))
                trace.append(("no_level", bm.document, bm.id, _no_level_text(missing, unmapped)))
            elif not mitigated_level:
                lv_range, gap = _level_range(level, st, facts)
                if lv_range is None:
                    trace.append(
                        ("level_no_amount", bm.document, row, f"“{level.label_zh}”档：{gap}。")
                    )
                else:
                    bm_range = (
                        lv_range
                        if fine.low <= lv_range.low and lv_range.high <= fine.high
                        else lv_range.clamp(fine)
                    )
                    if bm_range is None:
                        trace.append(
                            (
                                "level_outside",
                                bm.document,
                                row,
                                (_outside_text, level, lv_range, fine),
                            )
                        )
                    elif bm_range != lv_range:
                        trace.append(
                            (
                                "level_clamped",
                                p.citation,
                                row,
                                (_clamped_text, level, lv_range, bm_range),
                            )
                        )
                trace.append(
                    ("level", bm.document, row, (_level_text, bm.document, level, bm_range))
                )

    # 6. factors (APL Arts. 30–32 lenient/mitigated; Art. 49 severe)
    lenient = False
    if age is not None and 14 <= age < 18:  # type: ignore[operator]
        lenient = True
        factors.append(
            Factor(
                "lenient",
                "minor_14_18",
                f"已满十四周岁不满十八周岁（{age}周岁），应当从轻或者减轻行政处罚",
                f"{APL}第三十条",
                True,
            )
        )
    if get("mental_capacity") == "partial":
        lenient = True
        factors.append(
            Factor(
                "lenient",
                "partial_capacity",
                "尚未完全丧失辨认或者控制自己行为能力，可以从轻或者减轻行政处罚",
                f"{APL}第三十一条",
                False,
            )
        )
    for code, text, item_no in _LENIENT_32:
        if get(code) is True:
            lenient = True
            factors.append(
                Factor(
                    "lenient",
                    code,
                    f"{text}，应当从轻或者减轻行政处罚",
                    f"{APL}第三十二条第{item_no}项",
                    True,
                )
            )
    severe = get("emergency_period") is True
    if severe:
        factors.append(
            Factor(
                "severe",
                "emergency",
                "在突发事件期间违反应对措施，依法从重处罚",
                f"{APL}第四十九条",
                True,
            )
        )
    if mitigated_level:
        assert level is not None and bm is not None
        factors.append(
            Factor(
                "mitigated",
                "benchmark_mitigated",
                f"符合裁量基准“{level.label_zh}”档（{level.source_zh}），减轻处罚（低于法定最低限）",
                bm.document,
                True,
                f"{bm.id}/{level.label_zh}",
            )
        )

    base = bm_range or fine
    recommended: Range | None = base
    suggested: Decimal | None = None
    if base is not None:
        if st.formula:
            suggested = base.low
            if lenient:
                trace.append(
                    (
                        "formula_lenient",
                        f"{APL}第三十二条",
                        p.id,
                        "罚款数额由法定公式确定；存在从轻、减轻情节的，减轻处罚须说明理由并经负责人批准或集体讨论。",
                    )
                )
        elif mitigated_level:
            recommended = Range(ZERO, fine.low) if fine is not None else None
        elif lenient and not severe:
            recommended = Range(base.low, base.midpoint())
            suggested = _whole(base.low, base)
        elif severe and not lenient:
            recommended = Range(base.midpoint(), base.high)
            suggested = _whole(base.high, base)
        elif base.low == base.high:
            suggested = base.low
        else:
            suggested = _whole((base.low + base.high) / 2, base)
    if st.warning_only:
        trace.append(("warning_only", p.citation, p.id, f"{p.citation}对本案情形只规定警告。"))
    elif fine is None and st.no_fine_reason_zh:
        trace.append(("no_fine", p.citation, p.id, st.no_fine_reason_zh + "。"))
    hearing, threshold = _hearing(cat, req, p, suggested, m_pen, facts, trace)
    # positional: the named tuple's keyword path is measurably slower on the hot path
    return _make(
        req,
        Outcome.MAY_EXEMPT
        if factors and any(f.kind == "may_exempt" for f in factors)
        else Outcome.PENALISE,
        p,
        act.id,
        dec.id,
        st,
        bm,
        level,
        bm_range,
        recommended,
        suggested,
        lenient or mitigated_level,
        tuple(factors),
        m_pen,
        hearing,
        threshold,
        exemption,
        settings_used,
        tuple(trace),
        facts,
    )


_make = Recommendation


def _render(t: TraceText) -> str:
    if isinstance(t, str):
        return t
    if isinstance(t, tuple):
        return str(t[0](*t[1:]))
    return t()


def _version_notes(cat: Catalogue, v: Provision) -> tuple[Trace, ...]:
    key = ("vnotes", v.id)
    hit = cat._cache.get(key)
    if hit is None:
        notes: list[Trace] = []
        if not v.dates_confirmed:
            notes.append(
                (
                    "dates_unconfirmed",
                    v.citation,
                    v.id,
                    f"{v.citation}的施行日期未经核实（{v.dates_reference}）。",
                )
            )
        if v.unconfirmed:
            notes.append(
                (
                    "provision_unconfirmed",
                    v.citation,
                    v.id,
                    f"{v.citation}的条文号或内容未经原文核实，使用前应核对。",
                )
            )
        hit = cat._cache[key] = tuple(notes)
    return hit


def _years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def level_for(bm: Benchmark, facts: Mapping[str, Any]) -> BenchmarkLevel | None:
    """The level of `bm` these facts select, as recommend() chooses it: a no-penalty level first, then a
    mitigated level, then the most severe penalty level whose conditions hold (None: no level holds)."""
    f = coerce_facts(facts)
    usable = [lv for lv in bm.levels if lv.when is not None and not lv.other_provision]
    for kind in (LevelKind.NO_PENALTY, LevelKind.MITIGATED):
        for lv in usable:
            if lv.kind is kind and lv.when.test(f):  # type: ignore[union-attr]
                return lv
    tiers = [lv for lv in usable if lv.kind not in (LevelKind.NO_PENALTY, LevelKind.MITIGATED)]
    for lv in reversed(tiers):
        if lv.when.test(f):  # type: ignore[union-attr]
            return lv
    return None


def _overlap_text(
    milder: tuple[BenchmarkLevel, ...], level: BenchmarkLevel, facts: Mapping[str, FactValue]
) -> str:
    """Which milder levels also held (the level with the aggravating branch wins); "" if none."""
    held = [lv.label_zh for lv in milder if lv.when is not None and lv.when.test(facts)]
    if not held:
        return ""  # no overlap: the reason is dropped when rendered
    return f"同时符合“{'、'.join(held)}”档条件，取较重的“{level.label_zh}”档。"


def _outside_text(level: BenchmarkLevel, lv_range: Range, fine: Range) -> str:
    return (
        f"“{level.label_zh}”档幅度{lv_range.zh()}与本案适用的法定幅度{fine.zh()}不重叠"
        "（该档以情节严重等情形为前提），按法定幅度裁量。"
    )


def _clamped_text(level: BenchmarkLevel, lv_range: Range, bm_range: Range) -> str:
    return f"“{level.label_zh}”档幅度{lv_range.zh()}超出法定幅度的部分不予适用，调整为{bm_range.zh()}。"


def _lighter_text(dec: Provision, new: Statute, old: Statute) -> str:
    return (
        f"作出决定时施行的{dec.citation}处罚较轻（{new.basis_zh}；行为时为{old.basis_zh}），"
        "依从旧兼从轻原则适用新规定。"
    )


def _level_text(document: str, level: BenchmarkLevel, rng: Range | None) -> str:
    tail = f"，该档罚款幅度为{rng.zh()}" if rng else ""
    return f"依据{document}，本案符合“{level.label_zh}”档（{level.source_zh}）{tail}。"


def _statute_text(st: Statute) -> str:
    return f"{st.provision.citation}：{st.basis_zh}。"


def _no_level_text(missing: tuple[str, ...], unmapped: tuple[str, ...]) -> str:
    text = "所提供的事实不符合该基准任何档次的条件，按法定幅度裁量"
    if missing:
        # the facts by their Chinese labels: the reason is read by officers and parties
        labels = (FACTS[m].label_zh if m in FACTS else m for m in missing)
        text += f"（未提供：{'、'.join(labels)}）"
    if unmapped:
        text += f"；档次“{'、'.join(unmapped)}”的条件或金额在来源中缺失，须人工判断"
    return text + "。"


def _title(document: str) -> str:
    """The title inside the first top-level 《…》 of a document name, else the name before （."""
    start = document.find("《")
    if start >= 0:
        depth = 0
        for i in range(start, len(document)):
            if document[i] == "《":
                depth += 1
            elif document[i] == "》":
                depth -= 1
                if depth == 0:
                    return document[start + 1 : i]
    return document.split("（")[0]


def _no_penalty(
    req: RecommendationRequest,
    act: Provision,
    p: Provision | None,
    dec_id: str,
    facts: Mapping[str, FactValue],
    trace: list[Trace],
    grounds: list[Factor],
    st: Statute | None,
    bm: Benchmark | None,
    exemption: ExemptionItem | None,
    settings_used: tuple[tuple[str, str], ...],
    measures: tuple[Measure, ...] = (EDUCATION,),
) -> Recommendation:
    mandatory = any(g.mandatory for g in grounds)
    return _make(
        request=req,
        outcome=Outcome.MUST_NOT_PENALISE if mandatory else Outcome.MAY_EXEMPT,
        provision=p,
        act_version_id=act.id,
        decision_version_id=dec_id,
        statute=st,
        benchmark=bm,
        level=None,
        benchmark_range=None,
        recommended_range=None,
        suggested_amount=None,
        mitigation_permitted=False,
        factors=tuple(grounds),
        measures=measures,
        hearing_triggered=False,
        hearing_threshold=None,
        exemption=exemption,
        settings_used=settings_used,
        trace=tuple(trace),
        facts=facts,
    )
