"""同案不同罚 monitor bench (issue 13 item 7): the monitor over N decided penalties (default one
million) on PostgreSQL, set-based (the database groups, takes the medians and returns the group
figures and candidate flags) against the Python version it replaced (every decided case read as
an instance and grouped in Python, `_reference` of the monitor's equivalence test), in one run,
printed side by side as a ratio; also the lean Python grouping of value rows (the SQLite path).
All three must give the same groups, spreads, flags and rates (checked, printed).

The Python version holds every case as an instance (about 10 KB each here): it is compared at
BENCH_COMPARE_AT decided cases (default 100,000; 1,000,000 would need some 10 GB on a shared
machine), then the cases are copied on up to N and the set-based monitor is timed there beside
the value-row grouping.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_bench_monitor \\
        DJANGO_SETTINGS_MODULE=zhifa.settings.dev .venv/bin/python bench/monitor.py [N]

PostgreSQL only (a throwaway database of the bench's own name is created and dropped). The cases
are a bench fixture, not the case flow: 2,000 seed cases made through the ORM (50 agencies, 20
provisions, three levels, the stored recommendation's shape with about 1 KB of reasons), then
copied in SQL up to N with their decisions, fines shifted a little per copy; 0.2 % of the seeds are
planted outliers. Prints figures and one goal line; asserts nothing.
"""

import os
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from _throwaway import test_database  # noqa: E402

GOAL_RATIO = 10.0  # the set-based monitor at least ten times the Python version's speed
SEEDS = 2000
YEAR = 2026
LEVELS = (
    ("较轻", 200, 1000, 300, 600),
    ("一般", 1000, 5000, 2000, 3500),
    ("较重", 5000, 10000, 6000, 8000),
)


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print(
            "bench/monitor.py needs DATABASE_URL=postgres://… (the set-based path is PostgreSQL's)"
        )
        print("monitor ≥ 10× the Python version at 1M decided cases: goal NOT met (not measured)")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings.dev")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    drop = test_database("zhifa_bench_monitor")
    try:
        run(n)
    finally:
        drop()


def _recommendation(label, low, high, rec_low, rec_high):
    return {
        "outcome": "penalty",
        "level": {"label": label, "kind": "fine", "kind_text": "罚款", "conditions": "情节" * 40},
        "benchmark": {"id": "zj-bench", "version": "2025"},
        "benchmark_range": {"low": str(low), "high": str(high), "text": f"{low}元至{high}元"},
        "recommended_range": {"low": str(rec_low), "high": str(rec_high)},
        "reasons": ["依据裁量基准，结合违法事实、情节和社会危害程度确定裁量阶次。" * 3] * 6,
    }


def setup(n: int):
    from zhifa import testing
    from zhifa.cases.models import Case, Decision
    from zhifa.law.models import Law, PenaltyProvision

    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    agencies = [testing.make_agency(zhejiang, name=f"第{i}支队") for i in range(50)]
    supervisor = testing.make_user(zhejiang, roles=("supervisor",), username="bench_sup")
    law = Law.objects.create(
        name="道路运输条例", level="administrative_regulation", version_year=2023
    )
    provisions = [
        PenaltyProvision.objects.create(
            data_id=f"bench-{i}",
            law=law,
            article=f"第{60 + i}条",
            conduct="违法行为",
            sector="road_transport",
            fine_min=200,
            fine_max=20000,
            data={},
        )
        for i in range(20)
    ]
    rnd = random.Random(7)
    cases, fines = [], []
    for i in range(SEEDS):
        label, low, high, rec_low, rec_high = LEVELS[i % 3]
        step = (high - low) // 10
        fine = low + step * rnd.randrange(2, 9)
        if rnd.random() < 0.002:
            fine = high * 2  # a planted outlier, beyond the range
        fines.append(fine)
        cases.append(
            Case(
                agency=agencies[i % 50],
                provision=provisions[(i // 3) % 20],
                state="decided_penalty",
                procedure="general",
                case_number=f"浙交罚〔{YEAR}〕{i}号",
                lead_received_on=date(YEAR, 1, 2),
                recommendation=_recommendation(label, low, high, rec_low, rec_high),
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=1000)
    Decision.objects.bulk_create(
        Decision(case=c, kind="penalty", fine=f, decided_on=date(YEAR, 1 + c.pk % 12, 15))
        for c, f in zip(cases, fines, strict=True)
    )
    grow(n)
    return supervisor


def grow(n: int) -> int:
    """Copy the seed cases with their decisions (fines shifted a little) up to about n."""
    from django.db import connection

    from zhifa.cases.models import Case, Decision

    have = Decision.objects.count()
    first = have // SEEDS
    last = n // SEEDS - 1
    case_cols = [
        f.column for f in Case._meta.concrete_fields if f.column not in ("id", "case_number")
    ]
    dec_cols = [
        f.column
        for f in Decision._meta.concrete_fields
        if f.column not in ("id", "case_id", "fine")
    ]
    cols = ", ".join(case_cols)
    if last >= first:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH new AS (
                  INSERT INTO cases_case ({cols}, case_number)
                  SELECT {", ".join("s." + c for c in case_cols)}, s.case_number || '#' || g
                  FROM cases_case s, generate_series(%s, %s) g
                  WHERE strpos(s.case_number, '#') = 0
                  RETURNING id, case_number
                )
                INSERT INTO cases_decision ({", ".join(dec_cols)}, case_id, fine)
                SELECT {", ".join("d." + c for c in dec_cols)}, new.id,
                       greatest(0, d.fine + ((new.id * 7919) %% 21 - 10) * 20)
                FROM new
                JOIN cases_case s ON s.case_number = split_part(new.case_number, '#', 1)
                JOIN cases_decision d ON d.case_id = s.id
                """,
                [first, last],
            )
            cursor.execute("ANALYZE cases_case; ANALYZE cases_decision")
    return Decision.objects.count()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(supervisor, decided: int, *, reference: bool) -> tuple[float, bool]:
    """The set-based monitor timed beside the other two; the ratio and whether all agree."""
    from zhifa.oversight import selectors
    from zhifa.oversight.tests.test_fine_monitor_sql import _as_compared, _reference

    period = {"since": date(YEAR, 1, 1), "until": date(YEAR, 12, 31)}
    started = time.perf_counter()
    monitor = selectors.fine_monitor(supervisor, **period)
    sql_s = time.perf_counter() - started
    print(
        f"[{decided}] set-based (PostgreSQL):  {sql_s:8.2f} s, {len(monitor.groups)} groups, "
        f"{monitor.flag_count} flags; peak memory so far {peak_mb():.0f} MB"
    )
    started = time.perf_counter()
    lean = selectors._monitor_view(
        selectors._figures_in_python(selectors.decided_penalties(supervisor, **period))
    )
    lean_s = time.perf_counter() - started
    print(f"[{decided}] value rows in Python:    {lean_s:8.2f} s (the SQLite path, on PostgreSQL)")
    same = _as_compared(monitor) == _as_compared(lean)
    if reference:
        started = time.perf_counter()
        expected = _reference(supervisor, **period)
        ref_s = time.perf_counter() - started
        print(
            f"[{decided}] Python version (before): {ref_s:8.2f} s; "
            f"peak memory so far {peak_mb():.0f} MB"
        )
        same = same and _as_compared(monitor) == expected
        print(f"[{decided}] ratio Python version / set-based: {ref_s / sql_s:.1f}×")
    print(f"[{decided}] same groups, spreads, flags and rates: {'yes' if same else 'NO'}")
    print(f"[{decided}] ratio value rows / set-based: {lean_s / sql_s:.1f}×")
    return (ref_s / sql_s if reference else lean_s / sql_s), same


def run(n: int):
    compare_at = min(n, int(os.environ.get("BENCH_COMPARE_AT", "100000")))
    started = time.perf_counter()
    supervisor = setup(compare_at)
    decided = grow(compare_at)
    print(f"{decided} decided penalties made in {time.perf_counter() - started:.0f} s")
    ratio, same = measure(supervisor, decided, reference=True)
    if n > compare_at:
        started = time.perf_counter()
        big = grow(n)
        print(f"{big} decided penalties made in {time.perf_counter() - started:.0f} s more")
        _, big_same = measure(supervisor, big, reference=False)
        same = same and big_same
    met = ratio >= GOAL_RATIO and same
    gap = (
        ""
        if met
        else f" (gap: {ratio:.1f}× < {GOAL_RATIO:.0f}×{'' if same else ', results differ'})"
    )
    print(
        f"monitor ≥ {GOAL_RATIO:.0f}× the Python version at {decided} decided cases: "
        f"{'goal met' if met else 'goal NOT met'}{gap}"
    )


if __name__ == "__main__":
    main()
