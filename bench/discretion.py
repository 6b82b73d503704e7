"""Benchmark of the discretion engine: recommendations per second on the loaded data, and the same
decisions through pyDMNrules on an equivalent DMN decision table exported for one benchmark.

Run: .venv/bin/python bench/discretion.py [--n 20000] [--dmn-n 300] [--benchmark bm-hl-76-1-da252f]
Data: zhifa/refdata/ inside the project (no Django settings needed).
Figures are CPU time of this process (time.process_time), single thread.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zhifa.core.discretion import (
    Benchmark,
    Catalogue,
    RecommendationRequest,
    level_for,
    load_from_dir,
    recommend,
)
from zhifa.core.discretion.errors import DiscretionError
from zhifa.core.discretion.facts import FACTS
from zhifa.core.discretion.model import LevelKind

# --- a workload drawn from the loaded data ---------------------------------------------------------


def _value(name: str, rnd: random.Random) -> Any:
    spec = FACTS[name]
    if spec.type == "bool":
        return rnd.random() < 0.5
    if spec.type == "enum":
        return rnd.choice(spec.choices)[0]
    if name == "repeat_count":
        return rnd.randint(1, 5)
    if name in ("illegal_gain", "tree_value", "damage_value"):
        return rnd.choice([0, 0, rnd.randint(1, 200000)])
    if name in ("excess_kg",):
        return rnd.randint(1, 70000)
    return rnd.randint(0, 120)


def workload(cat: Catalogue, n: int, seed: int = 7) -> tuple[list[RecommendationRequest], int]:
    """n requests that the engine accepts (errors are counted, not timed): every provision with a usable
    version, the provinces of the benchmarks, random dates after 2023-08 and random declared facts."""
    rnd = random.Random(seed)
    places = [*sorted({b.province for b in cat.benchmarks if b.province}), "北京"]
    by_pid: dict[str, list[str]] = {}
    for pid in cat.provisions:
        names: set[str] = set()
        for v in cat.versions_of(pid):
            for b in cat.benchmarks_by_provision.get(v.id, ()):
                names |= b.declared_facts
        for extra in (
            "illegal_gain",
            "excess_kg",
            "tree_value",
            "serious",
            "refused_to_correct",
            "first_violation",
            "corrected",
            "consequence",
            "age",
            "removed_harm",
        ):
            names.add(extra)
        by_pid[pid] = sorted(names)
    out: list[RecommendationRequest] = []
    refused = 0
    pids = sorted(cat.provisions)
    while len(out) < n:
        pid = rnd.choice(pids)
        v = date(2023, 8, 1) + timedelta(days=rnd.randint(0, 700))
        d = v + timedelta(days=rnd.randint(10, 300))
        party = rnd.choice(["natural_person", "legal_person"])
        facts = {k: _value(k, rnd) for k in rnd.sample(by_pid[pid], k=min(4, len(by_pid[pid])))}
        if "illegal_gain" not in facts:
            facts["illegal_gain"] = 0
        if pid.startswith("ovl-43-2"):
            facts["excess_kg"] = rnd.randint(1, 70000)
        if party != "natural_person":
            facts.pop("age", None)
        req = RecommendationRequest(pid, rnd.choice(places), v, d, party, facts)
        try:
            recommend(cat, _strip(cat, req))
        except DiscretionError:
            refused += 1
            continue
        out.append(_strip(cat, req))
    return out, refused


def _strip(cat: Catalogue, req: RecommendationRequest) -> RecommendationRequest:
    """Drop facts the provision does not declare (the engine refuses them)."""
    from zhifa.core.discretion.engine import allowed_facts

    allowed = allowed_facts(cat, req.provision_id, req.province)
    facts = {
        k: v
        for k, v in req.facts.items()
        if k in allowed and not (k == "tree_value" and "tree_value" not in allowed)
    }
    return RecommendationRequest(
        req.provision_id, req.province, req.violation_date, req.decision_date, req.party_kind, facts
    )


def rate(fn: Any, items: list[Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for x in items:
            fn(x)
        best = min(best, time.process_time() - t)
    return len(items) / best if best > 0 else float("inf")


# --- DMN export (pyDMNrules' Excel format) --------------------------------------------------------


def _dnf(expr: Any) -> list[list[list[Any]]]:
    """A condition as a disjunction of conjunctions of leaves."""
    if isinstance(expr, list):
        return [[expr]]
    ((key, parts),) = expr.items()
    if key == "any":
        return [conj for p in parts for conj in _dnf(p)]
    out: list[list[list[Any]]] = [[]]
    for p in parts:
        out = [a + b for a in out for b in _dnf(p)]
    return out


def _feel_const(name: str, v: Any) -> str:
    return f'"{v}"' if FACTS[name].type == "enum" else str(v)


def _feel_test(name: str, leaves: list[list[Any]]) -> str:
    lo: tuple[str, Any] | None = None
    hi: tuple[str, Any] | None = None
    for _, op, v in leaves:
        if op == "bool":
            return "true" if v else "false"
        if op == "eq":
            return _feel_const(name, v)
        if op == "ne":
            return f"not({_feel_const(name, v)})"
        if op == "in":
            return ",".join(_feel_const(name, x) for x in v)
        if op == "between":
            return f"[{v[0]}..{v[1]}]"
        if op in ("gt", "ge"):
            lo = (op, v)
        if op in ("lt", "le"):
            hi = (op, v)
    if lo and hi:
        return f"{'(' if lo[0] == 'gt' else '['}{lo[1]}..{hi[1]}{']' if hi[0] == 'le' else ')'}"
    op, v = lo or hi  # type: ignore[misc]
    return f"{ {'gt': '>', 'ge': '>=', 'lt': '<', 'le': '<='}[op] } {v}".strip()


def export_dmn(
    cat: Catalogue, bm: Benchmark, statute_low: Decimal, statute_high: Decimal, path: Path
) -> list[str]:
    """Write `bm` as a first-hit (F) DMN table: rows from the most severe level down, one row per
    conjunction of its condition; outputs: level label, range (clamped to the statute) and the midpoint
    suggestion — the same decision recommend() makes for this table. Returns the input variable names."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    from zhifa.core.discretion.model import Range

    usable = [lv for lv in bm.levels if lv.when is not None and not lv.other_provision]
    order = (
        [lv for lv in usable if lv.kind is LevelKind.NO_PENALTY]
        + [lv for lv in usable if lv.kind is LevelKind.MITIGATED]
        + sorted(
            (lv for lv in usable if lv.kind not in (LevelKind.NO_PENALTY, LevelKind.MITIGATED)),
            key=lambda lv: -lv.rank,
        )
    )
    inputs = sorted(bm.declared_facts)
    wb = Workbook()
    ws = wb.active
    ws.title = "Decision"
    ws["A1"] = "Decision"
    ws["A2"], ws["B2"] = "Decisions", "Execute Decision Tables"
    ws["A3"], ws["B3"] = "Choose level", "Level"
    rules = wb.create_sheet("Level")
    rules["A1"] = "Level"
    outputs = [
        "Rank",
        "Low",
        "High",
        "Suggested",
    ]  # Rank: the level's row in the table (label by rank)
    heads = ["F", *inputs, *outputs]
    double, thin = Side(style="double"), Side(style="thin")
    plain_border = Border(left=thin, right=thin, top=thin, bottom=thin)
    split_border = Border(left=thin, right=double, top=thin, bottom=thin)
    head_border = Border(left=thin, right=thin, top=thin, bottom=double)
    head_split = Border(left=thin, right=double, top=thin, bottom=double)
    for j, h in enumerate(heads, start=1):
        c = rules.cell(
            row=2, column=j, value=h
        )  # a double line under the headings: no validity row
        c.border = head_split if j == len(inputs) + 1 else head_border
    r = 3
    stat = Range(statute_low, statute_high)
    for lv in order:
        assert lv.when is not None
        rng = None
        if lv.fine_low is not None or lv.fine_high is not None:
            rng = Range(
                lv.fine_low if lv.fine_low is not None else stat.low,
                lv.fine_high if lv.fine_high is not None else stat.high,
            ).clamp(stat)
        base = rng or stat
        suggested = (base.low + base.high) / 2
        for conj in _dnf(lv.when.expr):
            row = [r - 2]
            for name in inputs:
                leaves = [leaf for leaf in conj if leaf[0] == name]
                row.append(_feel_test(name, leaves) if leaves else "-")
            row += [
                str(lv.rank),
                str(base.low),
                str(base.high),
                str(suggested.quantize(Decimal(1))),
            ]
            for j, val in enumerate(row, start=1):
                c = rules.cell(row=r, column=j, value=val)
                c.border = split_border if j == len(inputs) + 1 else plain_border
            r += 1
    wb.save(path)
    return inputs


def calibration_ns() -> float:
    """Nanoseconds per dict.get on this machine right now (a shared CPU makes every figure move; this
    line lets two runs be compared)."""
    d = {i: i for i in range(100)}
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        for _ in range(200_000):
            d.get(5), d.get(7), d.get(9), d.get(11), d.get(13)
        best = min(best, time.process_time() - t)
    return best / 1_000_000 * 1e9


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--dmn-n", type=int, default=300)
    ap.add_argument("--benchmark", default="bm-hl-76-1-da252f")
    args = ap.parse_args()

    print(f"machine: {calibration_ns():.1f} ns per dict.get (lower is a faster or quieter core)")
    t = time.process_time()
    cat = load_from_dir()
    load_s = time.process_time() - t
    print(
        f"catalogue: {len(cat.provisions)} provisions, {len(cat.benchmarks)} benchmarks, "
        f"{len(cat.exemption_lists)} no-penalty lists, loaded and compiled in {load_s * 1000:.0f} ms"
    )

    reqs, refused = workload(cat, args.n)
    print(
        f"workload: {len(reqs)} accepted requests over {len({r.provision_id for r in reqs})} provisions "
        f"({refused} generated requests refused with a stable error code and left out)"
    )
    per_s = rate(lambda r: recommend(cat, r), reqs)
    full = rate(lambda r: (x := recommend(cat, r)).reasoning and x.reasons, reqs, repeat=1)
    print(f"recommend():                         {per_s:>10,.0f} recommendations/s (one core)")
    print(
        f"recommend() + reasons + reasoning:   {full:>10,.0f} recommendations/s (Chinese text rendered)"
    )

    # --- the same decisions through pyDMNrules --------------------------------------------------
    import importlib.metadata

    try:
        import pyDMNrules
    except ImportError:
        print(
            "\npyDMNrules is not installed: `.venv/bin/pip install pyDMNrules==1.4.5` to print the comparison"
        )
        return

    bm = cat.benchmark_index[args.benchmark]
    pid = bm.applies_to[0]
    province = bm.province or "浙江"
    prov = cat.provision(pid)
    assert prov.fine is not None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{bm.id}.xlsx"
        inputs = export_dmn(cat, bm, prov.fine.low, prov.fine.high, path)
        dmn = pyDMNrules.DMN()
        status = dmn.load(str(path))
        if "errors" in status:
            print("pyDMNrules could not load the exported table:", status["errors"])
            return
    rnd = random.Random(11)
    cases: list[dict[str, Any]] = []
    while len(cases) < args.dmn_n:
        facts = {k: _value(k, rnd) for k in inputs}
        lv = level_for(bm, facts)
        if lv is None or lv.kind in (LevelKind.NO_PENALTY, LevelKind.MITIGATED):
            continue
        cases.append(facts)
    ours = [
        RecommendationRequest(pid, province, date(2025, 3, 1), date(2025, 6, 1), "legal_person", f)
        for f in cases
    ]
    agree = 0
    for req, facts in zip(ours, cases, strict=True):
        rec = recommend(cat, req)
        (_, result) = dmn.decide(facts)
        if isinstance(result, list):
            result = result[-1]
        dmn_level = bm.levels[int(result["Result"]["Rank"])].label_zh
        dmn_suggested = Decimal(str(result["Result"]["Suggested"]))
        if (
            rec.level is not None
            and rec.level.label_zh == dmn_level
            and rec.suggested_amount == dmn_suggested
        ):
            agree += 1
    ours_rate = rate(lambda r: recommend(cat, r), ours)
    dmn_rate = rate(lambda f: dmn.decide(f), cases, repeat=1)
    version = importlib.metadata.version("pyDMNrules")
    print(
        f"\nsame decisions, benchmark {bm.id} ({bm.document}), {len(cases)} cases, {agree} agree on level and amount"
    )
    print(f"  zhifa recommend():     {ours_rate:>12,.0f} decisions/s")
    print(f"  pyDMNrules {version} decide(): {dmn_rate:>8,.0f} decisions/s")
    print(f"  ratio:                 {ours_rate / dmn_rate:>12,.0f} x")


if __name__ == "__main__":
    main()
