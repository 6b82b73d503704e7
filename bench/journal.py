"""Journal benchmark: appends per second, and verification speed against raw hashlib over the same bytes.

    DJANGO_SETTINGS_MODULE=zhifa.settings.dev .venv/bin/python bench/journal.py [N]

Runs on a throwaway SQLite file, and also on PostgreSQL when DATABASE_URL points at one (a throwaway
database zhifa_bench_journal is created there and dropped). Prints figures; asserts nothing.
"""

import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    n = sys.argv[1] if len(sys.argv) > 1 else "3000"
    targets = [("SQLite", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        targets.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    for label, url in targets:
        env = {**os.environ, "DATABASE_URL": url, "BENCH_LABEL": label}
        env.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings.dev")
        subprocess.run([sys.executable, __file__, "--one", n], env=env, cwd=ROOT, check=True)


def one(n: int):
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = (
        str(Path(db["NAME"]).with_name("bench-test.sqlite3"))
        if db["ENGINE"].endswith("sqlite3")
        else "zhifa_bench_journal"
    )
    from django.db import connection, transaction

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(n, connection, transaction)
    finally:
        connection.creation.destroy_test_db(db["NAME"], verbosity=0)


def run(n, connection, transaction):
    from zhifa.core import hashchain
    from zhifa.records import journal
    from zhifa.records.models import JournalEntry
    from zhifa.records.verification import verify

    label = os.environ["BENCH_LABEL"]

    def payload(i):
        return {
            "case_number": f"浙杭交执罚〔2026〕{i}号",
            "party": "某某运输有限公司",
            "provision": "《道路运输条例》第六十三条",
            "fine": Decimal("2000.00") + i,
            "decided_on": date(2026, 3, 1),
            "facts": "未取得道路运输经营许可，擅自从事道路普通货物运输经营。" * 3,
        }

    started = time.perf_counter()
    for i in range(n):
        journal.append("journal.verified", subject=("cases.case", i), payload=payload(i))
    one_each = n / (time.perf_counter() - started)

    started = time.perf_counter()
    with transaction.atomic():
        for i in range(n):
            journal.append("journal.verified", subject=("cases.case", i), payload=payload(i))
    batched = n / (time.perf_counter() - started)

    started = time.perf_counter()
    result = verify(chunk_size=2000)
    verify_seconds = time.perf_counter() - started
    assert result.ok, result.broken

    # The same bytes hashed by hashlib alone: each payload, and each entry's layout.
    blobs = []
    for entry in JournalEntry.objects.order_by("seq").iterator(chunk_size=2000):
        chained = entry.as_chain_entry()
        blobs += [chained.payload.encode(), hashchain.entry_bytes(chained)]
    algorithm = hashchain.DEFAULT_ALGORITHM
    started = time.perf_counter()
    for blob in blobs:
        hashlib_new(algorithm, blob)
    raw_seconds = time.perf_counter() - started

    total = result.entries
    print(f"[{label}] {connection.vendor}, {algorithm.upper()}, {total} entries")
    print(f"  append, one transaction each : {one_each:9.0f} entries/s")
    print(f"  append, {n} in one transaction: {batched:9.0f} entries/s")
    print(
        f"  verify (read + recompute)    : {total / verify_seconds:9.0f} entries/s"
        f"  ({verify_seconds / raw_seconds:.1f}x the raw hashlib time)"
    )
    print(f"  raw hashlib over same bytes  : {total / raw_seconds:9.0f} entries/s")


def hashlib_new(algorithm, blob):
    import hashlib

    return hashlib.new(algorithm, blob).hexdigest()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        one(int(sys.argv[2]))
    else:
        main()
