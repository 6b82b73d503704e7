"""Off-site intake benchmark (issue 15 item 4): records → reviewed cases per second on PostgreSQL,
against raw COPY of the same rows into a bare table in the same run (ratio), and the goal of one
million records in under a minute.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhifa_intake .venv/bin/python bench/intake.py [N ...]

Each size N (default 50000) runs in its own throwaway database (<name of DATABASE_URL>_bench, created
and dropped). Prints figures, where the time goes (each stage timed around the service functions
that do it), and one goal line per size; asserts nothing.
"""

import io
import json
import os
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_RECORDS, GOAL_SECONDS = 1_000_000, 60.0


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [50_000]
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("bench/intake.py needs DATABASE_URL=postgres://… (COPY is PostgreSQL's)")
        print("goal NOT met: not measured (no PostgreSQL)")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = f"{db['NAME']}_bench"
    from django.db import connection

    instrument()
    goals = []
    for n in sizes:
        original = db["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            goals.append(run(n, connection))
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)
        print()
    for line in goals:
        print(line)


STAGES = defaultdict(float)
CALLS = defaultdict(int)
NESTED = "(part of the above)"


def timed(owner, name, stage):
    """Wrap owner.name so its time adds to STAGES[stage] (nested stages are not subtracted)."""
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        CALLS[stage] += 1
        try:
            return inner(*args, **kwargs)
        finally:
            STAGES[stage] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def instrument():
    from zhifa.offsite import bulk, services
    from zhifa.records import journal

    timed(services, "_classify", "intake: read, validate, digest, assess (Python per line)")
    timed(services, "_lock_windows", "intake: window lock")
    timed(services, "_drop_conflicts", "intake: digest / window / image checks (queries)")
    timed(services, "_insert_records", "intake: COPY of the records")
    timed(services._Engine, "recommendation", "review: discretion recommendation")
    timed(services._Engine, "_compute", "review: discretion engine runs (part of the above)")
    timed(services, "_Engine", "review: engine set-up")
    timed(services, "_party_for", "review: owner checks")
    timed(bulk, "insert_rows", "review: COPY of parties, cases, leads, evidence")
    timed(services, "_mark_confirmed", "review: records marked confirmed")
    timed(services, "facts_text", "review: fact and notice texts")
    timed(journal, "append_many", "review: journal, 3 entries a case (seal + COPY)")


def setup():
    import tempfile

    from django.conf import settings

    from zhifa import testing
    from zhifa.law import services as law
    from zhifa.offsite import services
    from zhifa.orgs.choices import RegionLevel
    from zhifa.orgs.models import Agency, Region

    settings.EVIDENCE_ROOT = tempfile.mkdtemp()
    ministry = testing.make_ministry()
    region = Region.objects.create(name="浙江省", level=RegionLevel.PROVINCE)
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    Agency.objects.filter(pk=zhejiang.pk).update(region=region)
    hangzhou = testing.make_agency(
        Agency.objects.get(pk=zhejiang.pk), name="杭州市交通运输综合行政执法支队"
    )
    hangzhou = Agency.objects.get(pk=hangzhou.pk)
    law.load_law_data(Path(settings.REFDATA_DIR), as_of=date(2026, 1, 1))
    testing.plant_province_figures("浙江")
    head = testing.make_user(hangzhou, roles=("agency_head",))
    officer = testing.make_officer(hangzhou).user
    services.save_device(
        actor=head,
        agency=hangzhou,
        code="ZJ-HZ-001",
        kind="weigh_station",
        name="治超检测站",
        location="G60沪昆高速杭州段K123",
        approved_on=date(2025, 1, 1),
        published_on=date(2025, 1, 10),
        calibrated_on=date(2025, 6, 1),
        calibration_valid_until=date(2027, 5, 31),
    )
    image = io.BytesIO(b"\xff\xd8\xff\xe0 photo \xff\xd9")
    image.name = "photo.jpg"
    digest = services.store_images([image], actor=officer)["photo.jpg"]
    return hangzhou, officer, digest


LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def plate(n):
    serial = ""
    for _ in range(5):
        n, r = divmod(n, len(LETTERS))
        serial += LETTERS[r]
    return "浙A" + serial


def lines(n, image):
    for i in range(1, n + 1):
        yield json.dumps(
            {
                "station": "ZJ-HZ-001",
                "plate": plate(i),
                "vehicle_class": "6plus_axle_combination",
                "axles": 6,
                "gross_mass_kg": 50000 + i % 20000,
                "measured_at": f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+08:00",
                "images": [image],
            },
            ensure_ascii=False,
        )


def run(n, connection):
    STAGES.clear()
    CALLS.clear()
    from zhifa.offsite import services
    from zhifa.offsite.intake_files import ingest_file
    from zhifa.offsite.models import Record
    from zhifa.offsite.selectors import review_queue

    agency, officer, image = setup()
    data = ("\n".join(lines(n, image)) + "\n").encode()

    # baseline: raw COPY of the same rows' columns into a bare table (no checks, no journal)
    sample = Record._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNLOGGED TABLE bench_raw (LIKE {sample} INCLUDING DEFAULTS)")
        cursor.execute("ALTER TABLE bench_raw ALTER COLUMN id DROP NOT NULL")
    rows = [
        (
            f"{i:064x}",
            f"k{i}",
            1,
            i,
            agency.pk,
            1,
            plate(i),
            "6plus_axle_combination",
            6,
            50000 + i % 20000,
            49000,
            1000 + i % 20000,
            None,
            None,
            None,
            0,
            False,
            "2026-03-01T08:00:00+08:00",
            json.dumps([image]),
            False,
            500,
            500,
            "",
            "",
            "",
            "pending",
            "",
        )
        for i in range(1, n + 1)
    ]
    cols = ", ".join(services.RECORD_COLUMNS)
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY bench_raw ({cols}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
    t_copy = time.perf_counter() - started
    del rows
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw")

    started = time.perf_counter()
    batch = ingest_file(io.BytesIO(data), actor=officer, agency=agency, name="bench.jsonl")
    t_intake = time.perf_counter() - started
    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    reviewed = 0
    while True:
        ids = list(review_queue(officer).values_list("pk", flat=True)[: services.REVIEW_CHUNK * 5])
        if not ids:
            break
        services.review(actor=officer, record_ids=ids, confirm=True)
        reviewed += len(ids)
    t_review = time.perf_counter() - started
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    total = t_intake + t_review
    rate, copy_rate = n / total, n / t_copy
    engine_runs = CALLS["review: discretion engine runs (part of the above)"]
    print(
        f"records: {n} (accepted {batch.accepted}, refused {batch.rejected_lines}, cases {reviewed})"
    )
    print(f"raw COPY of the same rows: {t_copy:.2f} s, {copy_rate:,.0f} rows/s")
    print(
        f"intake (read, validate, digest, dedup, COPY, journal): {t_intake:.2f} s, {n / t_intake:,.0f}/s"
    )
    print(
        f"review into cases (party, case, lead, evidence, journal x3): {t_review:.2f} s, {n / t_review:,.0f}/s"
    )
    print(f"discretion engine runs: {engine_runs:,} for {n:,} records")
    print(f"records → reviewed cases: {rate:,.0f}/s; ratio to raw COPY {rate / copy_rate:.3f}")
    print("where the time goes (seconds, share of intake + review):")
    for stage, seconds in sorted(STAGES.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:8.2f} s  {seconds / total:6.1%}  {stage}")
    rest = total - sum(v for k, v in STAGES.items() if NESTED not in k)
    print(
        f"  {rest:8.2f} s  {rest / total:6.1%}  other (reading the queue, locks, batches, commits)"
    )
    projected = GOAL_RECORDS / rate
    print(
        f"projected for {GOAL_RECORDS:,} records: {projected:.0f} s (intake {GOAL_RECORDS / n * t_intake:.0f} s, "
        f"review {GOAL_RECORDS / n * t_review:.0f} s)"
    )
    main_stages = sorted(
        ((k, v) for k, v in STAGES.items() if NESTED not in k), key=lambda kv: -kv[1]
    )
    top = ", ".join(f"{k.split(': ', 1)[1]} {v / total:.0%}" for k, v in main_stages[:3])
    if projected < GOAL_SECONDS:
        return f"[{n:,} records] goal met: one million records in {projected:.0f} s < {GOAL_SECONDS:.0f} s"
    return (
        f"[{n:,} records] goal NOT met: one million records would take {projected:.0f} s, "
        f"{projected - GOAL_SECONDS:.0f} s over the minute ({rate:,.0f}/s against "
        f"{GOAL_RECORDS / GOAL_SECONDS:,.0f}/s needed, {GOAL_RECORDS / GOAL_SECONDS / rate:.0f}x short); "
        f"most time: {top}"
    )


if __name__ == "__main__":
    main()
