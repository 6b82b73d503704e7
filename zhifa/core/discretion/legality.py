"""Legality of a benchmark against the statute (过罚相当 within the law).

A benchmark may narrow the statutory range, never leave it (行政处罚法 第三十四条; 国办发〔2022〕27号
§(六): 裁量基准不得超出法定的处罚种类和幅度). A level whose fine or multiple falls outside the range of the
provision version in force on the check date is a Problem. The check date is the benchmark's effective
date at import (reject), or a later date for loaded data (flag obsolete: the statute changed under it,
e.g. freight tables written against 道路运输条例 第六十三条 before the 2023 revision).

Levels of kind minor/ordinary are held to the ordinary range; serious/grave levels may also use the
article's 情节严重 / 拒不改正 range, because choosing them presupposes those circumstances. A
no-penalty level must be 0; a mitigated (减轻) level may go below the minimum (第三十二条) but not above
the maximum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .model import ZERO, Benchmark, BenchmarkLevel, LevelKind, Provision, Range, yuan


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding. kind: illegal (range outside the statute), obsolete, unverifiable."""

    code: str
    kind: str
    message: str
    benchmark_id: str
    provision_id: str | None = None
    level: str | None = None
    as_of: date | None = None


def _envelopes(p: Provision) -> tuple[Range | None, Range | None, tuple[Decimal, Decimal] | None]:
    """(ordinary money range, money range allowed to serious levels, gain multiples)."""
    ordinary: Range | None = None
    extra: list[Range] = []
    multiples = None
    if p.gain is not None:
        ordinary = p.gain.fallback
        if p.gain.serious_fallback is not None:
            extra.append(p.gain.serious_fallback)
        multiples = (p.gain.multiple_low, p.gain.multiple_high)
    elif p.fine is not None:
        ordinary = p.fine
    for r in (p.serious_fine, p.escalated_fine):
        if r is not None:
            extra.append(r)
    hull = ordinary
    for r in extra:
        hull = r if hull is None else Range(min(hull.low, r.low), max(hull.high, r.high))
    return ordinary, hull, multiples


def level_problems(b: Benchmark, p: Provision, as_of: date | None = None) -> list[Problem]:
    """Compare every level of `b` with the ranges of provision version `p`."""
    out: list[Problem] = []
    ordinary, hull, multiples = _envelopes(p)
    for lv in b.levels:
        if lv.other_provision:
            continue
        out.extend(_check_level(b, p, lv, ordinary, hull, multiples, as_of))
    return out


def _check_level(
    b: Benchmark,
    p: Provision,
    lv: BenchmarkLevel,
    ordinary: Range | None,
    hull: Range | None,
    multiples: tuple[Decimal, Decimal] | None,
    as_of: date | None,
) -> list[Problem]:
    out: list[Problem] = []

    def bad(code: str, msg: str) -> None:
        out.append(Problem(code, "illegal", msg, b.id, p.id, lv.label_zh, as_of))

    where = f"裁量基准“{b.document}”的“{lv.label_zh}”档"
    if lv.kind is LevelKind.NO_PENALTY:
        if (lv.fine_high or ZERO) > 0:
            bad("no_penalty_level_with_fine", f"{where}为不予处罚档，却规定了罚款。")
        return out
    env = hull if lv.kind in (LevelKind.SERIOUS, LevelKind.GRAVE) else ordinary
    lows = [x for x in (lv.fine_low,) if x is not None] + [s.low for s in lv.sub_ranges]
    highs = [x for x in (lv.fine_high,) if x is not None] + [s.high for s in lv.sub_ranges]
    if (lows or highs) and any(x > 0 for x in lows + highs):
        if env is None:
            bad(
                "fine_without_statutory_fine",
                f"{where}规定了罚款，但{p.citation}对该情形未规定罚款。",
            )
        else:
            if lv.kind is not LevelKind.MITIGATED and lows and min(lows) < env.low:
                bad(
                    "level_below_statutory_minimum",
                    f"{where}下限{yuan(min(lows))}元低于{p.citation}的法定下限{yuan(env.low)}元。",
                )
            if highs and max(highs) > env.high:
                bad(
                    "level_above_statutory_maximum",
                    f"{where}上限{yuan(max(highs))}元超过{p.citation}的法定上限{yuan(env.high)}元。",
                )
            if lows and not highs and min(lows) > env.high:
                bad(
                    "level_above_statutory_maximum",
                    f"{where}下限{yuan(min(lows))}元已超过{p.citation}的法定上限{yuan(env.high)}元。",
                )
    if lv.gain_multiple_high is not None or lv.gain_multiple_low is not None:
        if multiples is None:
            bad(
                "multiple_without_statutory_multiple",
                f"{where}按违法所得倍数计罚，但{p.citation}未规定倍数罚。",
            )
        else:
            lo = lv.gain_multiple_low if lv.gain_multiple_low is not None else multiples[0]
            hi = lv.gain_multiple_high if lv.gain_multiple_high is not None else multiples[1]
            if lo < multiples[0] or hi > multiples[1]:
                bad(
                    "multiple_outside_statutory",
                    f"{where}违法所得倍数{lo.normalize():f}-{hi.normalize():f}倍超出{p.citation}的"
                    f"{multiples[0].normalize():f}-{multiples[1].normalize():f}倍。",
                )
    return out


def legality_check(
    benchmark: Benchmark, provision_versions: Iterable[Provision], as_of: date | None = None
) -> list[Problem]:
    """Problems of `benchmark` against the provision versions in force on `as_of`.

    `provision_versions`: the versions of the provisions the benchmark applies to (e.g. the catalogue's
    `versions_of(pid)` for each, or simply all provisions). `as_of` defaults to the benchmark's effective
    date; when that is unknown, the levels are checked against the version the benchmark cites.
    """
    versions = {p.id: p for p in provision_versions}
    out: list[Problem] = []
    if benchmark.superseded:
        out.append(
            Problem(
                "benchmark_superseded",
                "obsolete",
                f"裁量基准“{benchmark.document}”已被取代（数据标记 superseded）。",
                benchmark.id,
                benchmark.provision_id,
                None,
                as_of,
            )
        )
    if benchmark.draft:
        out.append(
            Problem(
                "benchmark_draft",
                "obsolete",
                f"裁量基准“{benchmark.document}”为征求意见稿，未生效。",
                benchmark.id,
                benchmark.provision_id,
                None,
                as_of,
            )
        )
    on = as_of or benchmark.effective_from
    targets = [pid for pid in benchmark.applies_to if pid in versions]
    if not targets:
        if benchmark.applies_to:
            out.append(
                Problem(
                    "statute_not_supplied",
                    "unverifiable",
                    "未提供该基准所适用条款的任何版本。",
                    benchmark.id,
                )
            )
        return out
    if on is None:
        pid = benchmark.provision_id if benchmark.provision_id in versions else targets[0]
        assert pid is not None
        out.extend(level_problems(benchmark, versions[pid], None))
        return out
    preds: dict[str, list[str]] = {}
    for ver in versions.values():
        for s in ver.superseded_by:
            preds.setdefault(s, []).append(ver.id)
    checked: set[str] = set()
    for pid in targets:
        for v, problem in _versions_on(pid, on, versions, preds, set(targets), benchmark):
            if problem is not None:
                out.append(problem)
            elif v is not None and v.id not in checked:
                checked.add(v.id)
                out.extend(level_problems(benchmark, v, on))
    return out


def _versions_on(
    pid: str,
    on: date,
    versions: dict[str, Provision],
    preds: dict[str, list[str]],
    targets: set[str],
    b: Benchmark,
) -> list[tuple[Provision | None, Problem | None]]:
    p = versions[pid]
    if p.in_force(on):
        return [(p, None)]
    if p.effective_from is not None and on < p.effective_from:
        if any(x in targets for x in preds.get(pid, ())):
            return []  # an older version the benchmark also names is checked in its own right
        return [
            (
                None,
                Problem(
                    "statute_not_in_force_at_date",
                    "unverifiable",
                    f"{on.isoformat()}时{p.citation}尚未施行（自{p.effective_from.isoformat()}起），该日的条文版本未收录，无法核对。",
                    b.id,
                    p.id,
                    None,
                    on,
                ),
            )
        ]
    succ = [s for s in p.superseded_by if s in versions]
    if any(s in targets for s in succ):
        return []  # the successor the benchmark names is checked in its own right
    if not succ:
        if p.repealed:
            return [
                (
                    None,
                    Problem(
                        "provision_repealed",
                        "obsolete",
                        f"{p.citation}已于{p.effective_to.isoformat() if p.effective_to else '?'}后删除或废止，该行为不再予以处罚，基准不再适用。",
                        b.id,
                        p.id,
                        None,
                        on,
                    ),
                )
            ]
        return [
            (
                None,
                Problem(
                    "statute_not_in_force_at_date",
                    "unverifiable",
                    f"{p.citation}已于{p.effective_to}失效，其后版本未收录，无法核对。",
                    b.id,
                    p.id,
                    None,
                    on,
                ),
            )
        ]
    out: list[tuple[Provision | None, Problem | None]] = []
    for s in succ:
        out.extend(_versions_on(s, on, versions, preds, targets, b))
    return out
