"""Parse the JSON records of shared/data (or dicts of the same shape from the database) into dataclasses.

Each parser checks types and ranges and raises `InvalidRecord` naming the record id and the field.
The documented mapping files in ./data add what the source records lack: effective dates of provision
versions (provision_versions.json), machine conditions for prose benchmark levels
(benchmark_conditions.json) and for exemption-list items (exemption_conditions.json). A dict may carry
the machine fields itself (`when`, `kind`, `effect`, `applies_to`, `effective_from`…); those win over the
mapping, which is how an Excel import of a new benchmark states its conditions.

Legal anchors: 以上/以下 include the number (TEPP Art. 130) — ranges are closed; a range given only as
"…以下" starts at 0 (fine_min 0 or null with fine_max set).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from .conditions import Condition, compile_condition
from .errors import InvalidRecord
from .ids import benchmark_id, exemption_list_id
from .model import (
    ZERO,
    Benchmark,
    BenchmarkLevel,
    Effect,
    ExemptionItem,
    ExemptionList,
    GainRule,
    LevelKind,
    Provision,
    Range,
    SubRange,
    ThresholdRule,
    WarningMode,
)


@cache
def mapping(name: str) -> Mapping[str, Any]:
    """One of the package's documented mapping files, parsed once."""
    text = (
        resources.files("zhifa.core.discretion").joinpath("data").joinpath(name).read_text("utf-8")
    )
    data: Mapping[str, Any] = json.loads(text)
    return data


# --- field helpers -------------------------------------------------------------------------------


def _str(d: Mapping[str, Any], key: str, rid: str, *, required: bool = False) -> str:
    v = d.get(key)
    if v is None:
        if required:
            raise InvalidRecord(rid, key, "必填")
        return ""
    if not isinstance(v, str):
        raise InvalidRecord(rid, key, "应为文本")
    if required and not v.strip():
        raise InvalidRecord(rid, key, "不能为空")
    return v


def _money(d: Mapping[str, Any], key: str, rid: str) -> Decimal | None:
    v = d.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal, str)):
        raise InvalidRecord(rid, key, "应为数值")
    try:
        out = Decimal(str(v))
    except ArithmeticError:
        raise InvalidRecord(rid, key, "应为数值") from None
    if not out.is_finite():
        raise InvalidRecord(rid, key, "应为有限数值")
    if out < 0:
        raise InvalidRecord(rid, key, "不能为负数")
    return out


def _bool(d: Mapping[str, Any], key: str, rid: str) -> bool:
    v = d.get(key, False)
    if v is None:
        return False
    if not isinstance(v, bool):
        raise InvalidRecord(rid, key, "应为是/否")
    return v


def _date(v: Any, rid: str, key: str) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        raise InvalidRecord(rid, key, "应为日期 YYYY-MM-DD")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise InvalidRecord(rid, key, f"日期“{v}”格式应为 YYYY-MM-DD") from None


def _range(
    d: Mapping[str, Any], lo_key: str, hi_key: str, rid: str, *, open_low: bool = True
) -> Range | None:
    lo, hi = _money(d, lo_key, rid), _money(d, hi_key, rid)
    if lo is None and hi is None:
        return None
    if hi is None:
        raise InvalidRecord(rid, hi_key, f"有{lo_key}而无{hi_key}")
    if lo is None:
        if not open_low:
            raise InvalidRecord(rid, lo_key, "缺少下限")
        lo = ZERO
    if lo > hi:
        raise InvalidRecord(rid, lo_key, f"下限{lo}大于上限{hi}")
    return Range(lo, hi)


def _strs(d: Mapping[str, Any], key: str, rid: str) -> tuple[str, ...]:
    v = d.get(key)
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise InvalidRecord(rid, key, "应为文本列表")
    return tuple(v)


# --- provisions ----------------------------------------------------------------------------------


def parse_provision(d: Mapping[str, Any], versions: Mapping[str, Any] | None = None) -> Provision:
    """One record of provisions.json. `versions` defaults to data/provision_versions.json."""
    if not isinstance(d, Mapping):
        raise InvalidRecord("?", "(record)", "应为对象")
    rid = _str(d, "id", "?", required=True)
    vmap = versions if versions is not None else mapping("provision_versions.json")
    over: Mapping[str, Any] = {**vmap.get("provisions", {}).get(rid, {}), **d}
    law = _str(d, "law", rid, required=True)
    law_year = d.get("law_year")
    if not isinstance(law_year, int) or isinstance(law_year, bool) or not 1949 <= law_year <= 2100:
        raise InvalidRecord(rid, "law_year", "应为年份（整数）")
    law_info: Mapping[str, Any] = vmap.get("laws", {}).get(law, {})
    version_info: Mapping[str, Any] = law_info.get("versions", {}).get(str(law_year), {})

    eff_from = _date(over.get("effective_from"), rid, "effective_from")
    confirmed = True
    reference = str(over.get("reference") or "")
    if eff_from is None:
        eff_from = _date(version_info.get("effective_from"), rid, "effective_from")
        confirmed = bool(version_info.get("confirmed", False))
        reference = reference or str(version_info.get("reference") or "")
    if eff_from is None:
        eff_from = date(law_year, 1, 1)
        confirmed = False
        reference = reference or f"施行日期未收录，按{law_year}年1月1日计"
    elif "effective_from" in over and "confirmed" not in over:
        confirmed = False if "未核实" in reference else confirmed
    eff_to = _date(over.get("effective_to"), rid, "effective_to")
    if eff_to is not None and eff_to < eff_from:
        raise InvalidRecord(rid, "effective_to", "失效日期早于施行日期")
    # The first day the rule existed (under any version or earlier name). Unknown stays None: a date
    # before the earliest catalogued version then answers "version not in the catalogue", never
    # "no law in force" (APL Art. 4 refuses only when the rule truly did not exist yet).
    law_from = _date(law_info.get("in_force_from"), rid, "law_in_force_from")

    gain: GainRule | None = None
    g_lo, g_hi = _money(d, "gain_multiple_min", rid), _money(d, "gain_multiple_max", rid)
    if g_hi is not None:
        g_lo = g_lo if g_lo is not None else ZERO
        if g_lo > g_hi:
            raise InvalidRecord(rid, "gain_multiple_min", "倍数下限大于上限")
        threshold = _money(d, "small_gain_threshold", rid)
        rule_raw = over.get("gain_threshold_rule") or (
            ThresholdRule.GE if threshold is not None else ThresholdRule.ANY
        )
        try:
            rule = ThresholdRule(rule_raw)
        except ValueError:
            raise InvalidRecord(rid, "gain_threshold_rule", f"未知规则“{rule_raw}”") from None
        gain = GainRule(
            multiple_low=g_lo,
            multiple_high=g_hi,
            threshold=threshold,
            rule=rule,
            fallback=_range(d, "fallback_fine_min", "fallback_fine_max", rid),
            serious_fallback=_range(
                d, "serious_fallback_fine_min", "serious_fallback_fine_max", rid
            ),
        )
    elif d.get("gain_multiple_min") is not None:
        raise InvalidRecord(rid, "gain_multiple_max", "有倍数下限而无上限")

    fine = _range(d, "fine_min", "fine_max", rid)
    warning = _bool(d, "warning", rid)
    wm_raw = over.get("warning_mode")
    if wm_raw is None:
        wm_raw = (
            (WarningMode.ALONE if not (fine or gain) else WarningMode.AND_FINE)
            if warning
            else WarningMode.NONE
        )
    try:
        warning_mode = WarningMode(wm_raw)
    except ValueError:
        raise InvalidRecord(rid, "warning_mode", f"未知警告方式“{wm_raw}”") from None

    limits = d.get("limits_kg") or {}
    if not isinstance(limits, Mapping) or not all(
        isinstance(v, int) and v > 0 for v in limits.values()
    ):
        raise InvalidRecord(rid, "limits_kg", "应为 车型->千克 的映射")
    superseded = _strs(d, "superseded_by", rid) + tuple(
        x for x in _strs(over, "superseded_by", rid) if x not in _strs(d, "superseded_by", rid)
    )
    susp = d.get("suspension_or_revocation")
    if susp is not None and not isinstance(susp, str):
        raise InvalidRecord(rid, "suspension_or_revocation", "应为文本")
    return Provision(
        id=rid,
        sector=_str(d, "sector", rid, required=True),
        law=law,
        law_year=law_year,
        article=_str(d, "article", rid, required=True),
        violated_article=_str(d, "violated_article", rid),
        conduct_zh=_str(d, "conduct_zh", rid, required=True),
        fine=fine,
        upper_only=fine is not None and fine.low == 0,
        gain=gain,
        value_multiple=_range(d, "value_multiple_min", "value_multiple_max", rid),
        serious_fine=_range(d, "serious_fine_min", "serious_fine_max", rid),
        escalated_fine=_range(d, "escalated_fine_min", "escalated_fine_max", rid),
        per_unit_fine=_money(d, "per_unit_fine", rid),
        per_unit=_str(d, "per_unit", rid),
        per_violation=_bool(d, "per_violation", rid),
        cumulative_cap=_money(d, "cumulative_cap", rid),
        warning=warning,
        warning_mode=warning_mode,
        warning_only_if_excess_kg_at_most=_money(d, "warning_only_if_excess_kg_at_most", rid),
        limits_kg=dict(limits),
        master_fine=_range(d, "master_fine_min", "master_fine_max", rid),
        crew_fine=_range(d, "crew_fine_min", "crew_fine_max", rid),
        employer_fine=_range(d, "employer_fine_min", "employer_fine_max", rid),
        individual_fine_max=_money(d, "individual_fine_max", rid),
        confiscation=_strs(d, "confiscation", rid),
        suspension_or_revocation=susp or "",
        correct_first=_bool(d, "correct_first", rid),
        order_to_stop_or_correct=_bool(d, "order_to_stop_or_correct", rid),
        effective_from=eff_from,
        effective_to=eff_to,
        law_in_force_from=min(law_from, eff_from) if law_from is not None else None,
        dates_confirmed=confirmed,
        dates_reference=reference,
        superseded_by=superseded,
        repealed=bool(over.get("repealed", False)),
        unconfirmed=_bool(d, "unconfirmed", rid),
        source_url=_str(d, "source_url", rid),
        notes=_str(d, "notes", rid),
        penalty_see=_strs(d, "penalty_see", rid),
    )


# --- benchmarks ----------------------------------------------------------------------------------

_LEVEL_KINDS = {k.value for k in LevelKind}


def _condition(expr: Any, rid: str) -> Condition | None:
    return None if expr is None else compile_condition(expr, rid)


def _level(raw: Mapping[str, Any], rank: int, m: Mapping[str, Any], bid: str) -> BenchmarkLevel:
    label = _str(raw, "level", bid, required=True)
    rid = f"{bid}/{label}"
    kind_raw = raw.get("kind", m.get("kind"))
    if kind_raw not in _LEVEL_KINDS:
        raise InvalidRecord(
            rid, "kind", f"裁量阶次应为 {sorted(_LEVEL_KINDS)} 之一（映射文件缺少该档？）"
        )
    kind = LevelKind(kind_raw)
    when_expr = raw["when"] if "when" in raw else m.get("when")
    effect_raw = raw.get("effect", m.get("effect", "must"))
    try:
        effect = Effect(effect_raw)
    except ValueError:
        raise InvalidRecord(rid, "effect", f"应为 must 或 may，而非“{effect_raw}”") from None
    fine_lo, fine_hi = _money(raw, "fine_min", rid), _money(raw, "fine_max", rid)
    if fine_lo is not None and fine_hi is not None and fine_lo > fine_hi:
        raise InvalidRecord(rid, "fine_min", f"下限{fine_lo}大于上限{fine_hi}")
    g_lo, g_hi = _money(raw, "gain_multiple_min", rid), _money(raw, "gain_multiple_max", rid)
    if g_lo is not None and g_hi is not None and g_lo > g_hi:
        raise InvalidRecord(rid, "gain_multiple_min", "倍数下限大于上限")
    subs = []
    for i, s in enumerate(raw.get("ranges", m.get("ranges")) or ()):
        lo, hi = _money(s, "low", f"{rid}#ranges{i}"), _money(s, "high", f"{rid}#ranges{i}")
        if lo is None or hi is None or lo > hi:
            raise InvalidRecord(rid, f"ranges[{i}]", "分项幅度应有下限与上限且下限不大于上限")
        subs.append(SubRange(compile_condition(s["when"], rid), lo, hi, str(s.get("label_zh", ""))))
    per_unit_fact = str(raw.get("per_unit_fact", m.get("per_unit_fact", "")))
    per_unit = _money(raw, "per_unit_fine", rid)
    if per_unit is not None and per_unit_fact and when_expr is not None:
        from .facts import FACTS

        if per_unit_fact not in FACTS:
            raise InvalidRecord(rid, "per_unit_fact", f"未声明的事实“{per_unit_fact}”")
    return BenchmarkLevel(
        label_zh=label,
        rank=rank,
        kind=kind,
        when=_condition(when_expr, rid),
        source_zh=_str(raw, "conditions_zh", rid),
        other_zh=_str(raw, "other", rid),
        fine_low=fine_lo,
        fine_high=fine_hi,
        gain_multiple_low=g_lo,
        gain_multiple_high=g_hi,
        per_unit_fine=per_unit,
        per_unit_fact=per_unit_fact if per_unit is not None else "",
        sub_ranges=tuple(subs),
        effect=effect,
        unconfirmed=_bool(raw, "unconfirmed", rid),
        mapping_note=str(m.get("note", "")),
        other_provision=bool(raw.get("other_provision", m.get("other_provision", False))),
        fixed_range=Range(fine_lo, fine_hi)
        if fine_lo is not None and fine_hi is not None and not subs and per_unit is None
        else None,
    )


def parse_benchmark(d: Mapping[str, Any], conditions: Mapping[str, Any] | None = None) -> Benchmark:
    """One record of benchmarks.json; level conditions from `conditions` (default: the package mapping)."""
    if not isinstance(d, Mapping):
        raise InvalidRecord("?", "(record)", "应为对象")
    bid = benchmark_id(d)
    cmap = conditions if conditions is not None else mapping("benchmark_conditions.json")
    m: Mapping[str, Any] = cmap.get("benchmarks", {}).get(bid, {})
    provision_id = d.get("provision_id")
    if provision_id is not None and not isinstance(provision_id, str):
        raise InvalidRecord(bid, "provision_id", "应为文本或空")
    document = _str(d, "document", bid, required=True)
    year = d.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise InvalidRecord(bid, "year", "应为年份（整数）或空")
    levels_raw = d.get("levels")
    if not isinstance(levels_raw, list) or not levels_raw:
        raise InvalidRecord(bid, "levels", "应为非空列表")
    level_maps: Mapping[str, Any] = m.get("levels", {})
    levels = []
    seen: set[str] = set()
    for i, raw in enumerate(levels_raw):
        if not isinstance(raw, Mapping):
            raise InvalidRecord(bid, f"levels[{i}]", "应为对象")
        label = _str(raw, "level", bid, required=True)
        if label in seen:
            raise InvalidRecord(bid, f"levels[{i}].level", f"档次名称“{label}”重复")
        seen.add(label)
        levels.append(_level(raw, i, level_maps.get(label, {}), bid))
    applies = list(d.get("applies_to") or m.get("applies_to") or ())
    if (
        provision_id
        and provision_id not in applies
        and not m.get("applies_to")
        and not d.get("applies_to")
    ):
        applies.insert(0, provision_id)
    for extra in _strs(d, "also_provision_ids", bid):
        if extra not in applies:
            applies.append(extra)
    eff = _date(
        d.get("effective_from") or d.get("effective") or m.get("effective_from"),
        bid,
        "effective_from",
    )
    precision = "day"
    if eff is None and isinstance(year, int):
        eff, precision = date(year, 1, 1), "year"
    elif eff is None:
        precision = "unknown"
    declared: set[str] = set()
    for lv in levels:
        if lv.when is not None:
            declared |= lv.when.facts
        for s in lv.sub_ranges:
            declared |= s.when.facts
        if lv.per_unit_fact:
            declared.add(lv.per_unit_fact)
    status = str(d.get("status") or "")
    return Benchmark(
        id=bid,
        provision_id=provision_id,
        applies_to=tuple(applies),
        province=d.get("province") if isinstance(d.get("province"), str) else None,
        document=document,
        year=year,
        effective_from=eff,
        effective_precision=precision,
        superseded=_bool(d, "superseded", bid),
        draft="征求意见" in status or "draft" in status,
        unconfirmed=_bool(d, "unconfirmed", bid),
        partial=_bool(d, "partial", bid),
        source_url=_str(d, "source_url", bid),
        scope_note=_str(d, "scope_note", bid) or str(m.get("note", "")),
        statutory_text_version=_str(d, "statutory_text_version", bid),
        levels=tuple(levels),
        declared_facts=frozenset(declared),
    )


# --- exemption lists -----------------------------------------------------------------------------


def parse_exemption_list(
    d: Mapping[str, Any], conditions: Mapping[str, Any] | None = None
) -> ExemptionList:
    """One record of no_penalty_lists.json; item conditions from the package mapping unless given."""
    if not isinstance(d, Mapping):
        raise InvalidRecord("?", "(record)", "应为对象")
    lid = exemption_list_id(d)
    cmap = conditions if conditions is not None else mapping("exemption_conditions.json")
    m: Mapping[str, Any] = cmap.get("lists", {}).get(lid, {})
    scope = _str(d, "scope", lid, required=True)
    items_raw = d.get("items")
    if not isinstance(items_raw, list):
        raise InvalidRecord(lid, "items", "应为列表")
    items = []
    item_maps: Mapping[str, Any] = m.get("items", {})
    for i, raw in enumerate(items_raw):
        if not isinstance(raw, Mapping):
            raise InvalidRecord(lid, f"items[{i}]", "应为对象")
        im: Mapping[str, Any] = item_maps.get(str(i), {})
        iid = f"{lid}#{raw.get('sequence_no', i + 1)}"
        conds = raw.get("conditions") or []
        if not isinstance(conds, list) or not all(isinstance(c, str) for c in conds):
            raise InvalidRecord(iid, "conditions", "应为文本列表")
        if raw.get("all_conditions_required") is False:
            raise InvalidRecord(iid, "all_conditions_required", "免罚清单的适用条件必须同时满足")
        effect_raw = raw.get("effect", im.get("effect", "may"))
        try:
            effect = Effect(effect_raw)
        except ValueError:
            raise InvalidRecord(iid, "effect", f"应为 must 或 may，而非“{effect_raw}”") from None
        when_expr = raw["when"] if "when" in raw else im.get("when")
        pid = raw.get("provision_id")
        if pid is not None and not isinstance(pid, str):
            raise InvalidRecord(iid, "provision_id", "应为文本或空")
        unconfirmed = any(
            bool(raw.get(k))
            for k in (
                "unconfirmed",
                "conditions_detail_unconfirmed",
                "conditions_from_case",
                "basis_unconfirmed",
                "link_to_list_unconfirmed",
            )
        )
        items.append(
            ExemptionItem(
                id=iid,
                index=i,
                conduct_zh=_str(raw, "conduct_zh", iid, required=True),
                basis=_str(raw, "basis", iid),
                provision_id=pid,
                provision_candidates=_strs(raw, "provision_id_candidates", iid),
                conditions_zh=tuple(conds),
                when=_condition(when_expr, iid),
                effect=effect,
                measure=_str(raw, "measure", iid),
                unconfirmed=unconfirmed,
                mapping_note=str(im.get("note", "")),
            )
        )
    year = d.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise InvalidRecord(lid, "year", "应为年份（整数）或空")
    eff = _date(d.get("effective") or m.get("effective_from"), lid, "effective")
    if eff is None and isinstance(year, int):
        eff = date(year, 1, 1)
    status = str(d.get("status") or "")
    return ExemptionList(
        id=lid,
        scope=scope,
        national=scope.lower().startswith("national") or scope.startswith("全国"),
        document=_str(d, "document", lid, required=True),
        year=year,
        effective_from=eff,
        effective_to=_date(d.get("effective_to"), lid, "effective_to"),
        historical=_bool(d, "historical", lid),
        draft="征求意见" in status or "draft" in status,
        items=tuple(items),
        source_url=_str(d, "source_url", lid),
        notes=_str(d, "notes", lid),
        applies_in=tuple(str(x) for x in (d.get("applies_in") or m.get("applies_in") or ())),
    )
