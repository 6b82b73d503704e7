"""Audit of every benchmark's condition mapping against its source text (issue 9, "Discretion data
and versions"): every condition a tier's wording names — including the kind of act it is written
for — must be read by its machine condition; a no-penalty or mitigated tier must require it on
every path, so it is never reachable by facts its text does not cover (APL Art. 33 para 1: only
the facts the rule names exempt)."""

from __future__ import annotations

import pytest

from zhifa.core.discretion.model import LevelKind

# words of the source text → the facts that express them (any one will do)
KEYWORDS: dict[str, frozenset[str]] = {
    "初次": frozenset({"first_violation", "repeat_count"}),
    "首次": frozenset({"first_violation", "repeat_count"}),
    "再次": frozenset({"repeat_count"}),
    "多次": frozenset({"repeat_count"}),
    "第二次": frozenset({"repeat_count"}),
    "纠正": frozenset({"corrected", "refused_to_correct", "restored", "removed_harm"}),
    "改正": frozenset({"corrected", "refused_to_correct", "restored", "removed_harm"}),
    # "恢复原状或足额赔偿" are alternatives in the texts
    "恢复原状": frozenset({"restored", "compensated"}),
    "修复": frozenset({"restored"}),
    "赔偿": frozenset({"compensated", "restored"}),
    "事故": frozenset({"accident"}),
    "堵塞": frozenset({"caused_congestion"}),
    "平方米": frozenset({"area_m2"}),
    "轻微": frozenset({"violation_minor", "consequence", "damage_value", "restored"}),
    "危害后果": frozenset(
        {"consequence", "removed_harm", "caused_damage", "accident", "caused_congestion"}
    ),
    "主动供述": frozenset({"confessed"}),
    "临时": frozenset({"temporary"}),
    "高速公路": frozenset({"road_expressway", "road_tech_grade"}),
    "包车": frozenset({"charter_operator"}),
    "管线": frozenset({"facility_kind", "facility_laying"}),
}

# the kind of act (a provision that names several acts): the tier must say which it covers
ACT_KINDS: dict[str, tuple[tuple[str, str], ...]] = {
    # hl-76-1 擅自占用、挖掘公路
    "hl-76-1": (("占用", "road_act_kind"), ("挖掘", "road_act_kind")),
    # hl-77-1 names several acts (摆摊设点、堆放物品 …); no fact tells them apart yet, so a tier
    # written for one of them cannot be mapped (its condition must be null: never chosen)
    "hl-77-1": (("摆摊", "hl_77_act_kind"), ("堆", "hl_77_act_kind")),
}
# Only the exempting tiers of these are held to the act kind: the hl-77-1 tables are examples
# (issuer unknown, never applied), their penalty tiers stay as the source shows them.
ACT_KIND_EXEMPTING_ONLY = frozenset({"hl-77-1"})

# Known and not yet fixed: penalty tiers (never exemptions) written for one act. 浙江's table
# "序号1 擅自挖掘公路" is for digging only; requiring road_act_kind=excavate changes every 浙江
# hl-76-1 recommendation the case, law and demo data rely on, so it lands with those owners.
# Exempting tiers get no such allowance.
KNOWN_PENALTY_TIER_GAPS = frozenset(
    ("bm-hl-76-1-da252f", label) for label in ("轻微", "一般", "较重", "严重", "特别严重")
)


EXEMPTING = (LevelKind.NO_PENALTY, LevelKind.MITIGATED)


def _facts(expr) -> set[str]:
    if expr is None:
        return set()
    if isinstance(expr, dict):
        (children,) = expr.values()
        return set().union(*(_facts(c) for c in children))
    return {expr[0]}


def _on_every_path(expr, names: frozenset[str]) -> bool:
    """Every way of satisfying `expr` reads one of `names`."""
    if isinstance(expr, dict):
        ((op, children),) = expr.items()
        if op == "all":
            return any(_on_every_path(c, names) for c in children)
        return all(_on_every_path(c, names) for c in children)
    return expr[0] in names


def _levels(cat):
    for b in cat.benchmarks:
        for lv in b.levels:
            if lv.when is not None:
                yield b, lv


def _required(b, lv) -> list[tuple[str, frozenset[str]]]:
    text = lv.source_zh
    out = [(w, fs) for w, fs in KEYWORDS.items() if w in text]
    if b.provision_id in ACT_KIND_EXEMPTING_ONLY and lv.kind not in EXEMPTING:
        return out
    for word, fact in ACT_KINDS.get(b.provision_id or "", ()):
        others = [w for w, _ in ACT_KINDS[b.provision_id] if w != word]
        if word in text and not any(o in text for o in others):
            out.append((f"行为类型“{word}”", frozenset({fact})))
    return out


def test_every_named_condition_is_read(cat) -> None:
    missing = []
    for b, lv in _levels(cat):
        read = _facts(lv.when.expr)
        if (b.id, lv.label_zh) in KNOWN_PENALTY_TIER_GAPS:
            assert lv.kind not in EXEMPTING
            continue
        for word, facts in _required(b, lv):
            if not read & facts:
                missing.append(f"{b.id}/{lv.label_zh}: “{word}” not read ({lv.source_zh})")
    assert missing == []


def test_no_penalty_tiers_require_every_named_condition(cat) -> None:
    loose = []
    for b, lv in _levels(cat):
        if lv.kind not in EXEMPTING:
            continue
        for word, facts in _required(b, lv):
            if not _on_every_path(lv.when.expr, facts):
                loose.append(f"{b.id}/{lv.label_zh}: “{word}” can be skipped ({lv.source_zh})")
    assert loose == []


@pytest.mark.parametrize(
    ("benchmark", "level", "facts"),
    [
        # 河北 hl-76-1: written for 占用 only; a digging case must not reach it
        ("bm-hl-76-1-bdcbe6", "不予处罚", {"removed_harm": True, "road_act_kind": "excavate"}),
        # 湾沚 hsp-62-1: written for laying pipelines; correcting another act does not reach it
        ("bm-hsp-62-1-3809ee", "情节轻微", {"corrected": True}),
        # 山西 frt-61: a forged or invalid licence is not "证件超过有效期"
        (
            "bm-frt-61-5cac04",
            "不予处罚",
            {
                "vehicle_inspection_valid": True,
                "licence_lapsed_days": 10,
                "forged_or_invalid_licence": True,
                "violation_minor": True,
                "corrected": True,
            },
        ),
    ],
)
def test_uncovered_facts_do_not_reach_no_penalty(cat, benchmark, level, facts) -> None:
    b = cat.benchmark_index[benchmark]
    lv = next(x for x in b.levels if x.label_zh == level)
    assert not lv.when(facts)


def test_the_intended_facts_still_reach_no_penalty(cat) -> None:
    b = cat.benchmark_index["bm-hl-76-1-bdcbe6"]
    lv = next(x for x in b.levels if x.label_zh == "不予处罚")
    assert lv.when({"removed_harm": True, "road_act_kind": "occupy"})
    b = cat.benchmark_index["bm-hsp-62-1-3809ee"]
    lv = next(x for x in b.levels if x.label_zh == "情节轻微")
    assert lv.when({"corrected": True, "facility_laying": "bury"})


def test_tiers_for_one_of_several_acts_without_a_fact_are_never_chosen(cat) -> None:
    for key in ("bm-hl-77-1-266593", "bm-hl-77-1-0582cb"):
        lv = next(x for x in cat.benchmark_index[key].levels if x.kind is LevelKind.NO_PENALTY)
        assert lv.when is None
