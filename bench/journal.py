"""Journal benchmark: appends per second, and verification speed against raw hashlib over the same bytes
(issue 5 item 8; the aim is verification at least half as fast as raw hashing, printed as a ratio),
with where verification's time goes, and evidence-file re-hashing against hashlib.

    DJANGO_SETTINGS_MODULE=zhifa.settings.dev .venv/bin/python bench/journal.py [N]

Runs on a throwaway SQLite file, and also on PostgreSQL when DATABASE_URL points at one (a throwaway
database zhifa_bench_journal is created there and dropped). Prints figures; asserts nothing.
"""

import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _throwaway import each_database, test_database  # noqa: E402


def main():
    each_database(__file__, sys.argv[1] if len(sys.argv) > 1 else "3000")


def one(n: int):
    drop = test_database("zhifa_bench_journal")
    from django.db import connection, transaction

    try:
        run(n, connection, transaction)
    finally:
        drop()


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

    # Where verification's time goes: reading the rows alone, and recomputing in memory alone.
    from zhifa.records.verification import _FIELDS

    started = time.perf_counter()
    entries = [
        hashchain.ChainEntry(*row)
        for row in JournalEntry.objects.order_by("chain", "seq")
        .values_list(*_FIELDS)
        .iterator(chunk_size=2000)
    ]
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    broken = hashchain.verify_chain(entries)
    core_seconds = time.perf_counter() - started
    assert broken is None, broken
    # The fairest raw baseline: the prepared hash object copied, as the core itself hashes.
    started = time.perf_counter()
    for blob in blobs:
        hashchain.digest(algorithm, blob)
    raw_copy_seconds = time.perf_counter() - started

    total = result.entries
    ratio = raw_seconds / verify_seconds
    print(f"[{label}] {connection.vendor}, {algorithm.upper()}, {total} entries")
    print(f"  append, one transaction each : {one_each:9.0f} entries/s")
    print(f"  append, {n} in one transaction: {batched:9.0f} entries/s")
    print(
        f"  verify (read + recompute)    : {total / verify_seconds:9.0f} entries/s"
        f"  ({verify_seconds / raw_seconds:.1f}x the raw hashlib time)"
    )
    print(f"  raw hashlib over same bytes  : {total / raw_seconds:9.0f} entries/s")
    print(
        f"  ratio verify/raw speed       : {ratio:9.2f}"
        f"  (aim >= 0.50: {'met' if ratio >= 0.5 else 'NOT met'})"
    )
    print(
        f"    of which reading rows only : {total / read_seconds:9.0f} entries/s"
        f"  ({read_seconds / verify_seconds:.0%} of verify time)"
    )
    print(
        f"    recompute in memory only   : {total / core_seconds:9.0f} entries/s"
        f"  (ratio to raw {raw_seconds / core_seconds:.2f})"
    )
    print(f"    raw, copied hash object    : {total / raw_copy_seconds:9.0f} entries/s")
    bench_files(label)


def bench_files(label, count=8, size=8 * 1024 * 1024):
    """Evidence files: verify_files (streamed from storage) against hashlib over the same bytes."""
    import shutil

    from django.conf import settings

    from zhifa.core import hashchain
    from zhifa.evidence import storage
    from zhifa.evidence.models import EvidenceFile
    from zhifa.evidence.verification import verify_files

    root = tempfile.mkdtemp(prefix="bench-evidence-")
    settings.EVIDENCE_ROOT = root
    algorithm = hashchain.DEFAULT_ALGORITHM
    blobs = [os.urandom(size) for _ in range(count)]
    try:
        for blob in blobs:
            digest = hashchain.digest(algorithm, blob)
            name = storage.storage_name(digest)
            path = Path(root) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blob)
            EvidenceFile.objects.create(
                algorithm=algorithm,
                digest=digest,
                size=size,
                content_type="video/mp4",
                original_name="bench.mp4",
                storage_name=name,
            )
        started = time.perf_counter()
        result = verify_files()
        verify_seconds = time.perf_counter() - started
        assert result.ok and result.checked == count, result.broken
        started = time.perf_counter()
        for blob in blobs:
            hashlib_new(algorithm, blob)
        raw_seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(root, ignore_errors=True)
    mib = count * size / 1024**2
    print(
        f"  evidence files ({count} x {size // 1024**2} MiB): verify_files {mib / verify_seconds:6.0f} MiB/s,"
        f" raw hashlib in memory {mib / raw_seconds:6.0f} MiB/s"
        f" (ratio {raw_seconds / verify_seconds:.2f})"
    )


def hashlib_new(algorithm, blob):
    import hashlib

    return hashlib.new(algorithm, blob).hexdigest()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        one(int(sys.argv[2]))
    else:
        main()
