"""Two intakes at once, each with a pass of the same vehicle at the same station two seconds apart
and in different clock slots: exactly one is stored (the per-device window lock)."""

import io
import json
import threading

import pytest
from django.db import connection, connections

from zhifa.offsite.intake_files import ingest_file
from zhifa.offsite.models import LineError, Record

pytestmark = pytest.mark.postgres


def _data(moment: str, mass: int, image: str) -> bytes:
    rows = [
        {
            "station": "ZJ-HZ-001",
            "plate": "浙A12345",
            "vehicle_class": "6plus_axle_combination",
            "axles": 6,
            "gross_mass_kg": mass,
            "measured_at": moment,
            "images": [image],
        }
    ]
    return ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_keep_one_pass_per_window(offsite, world):
    if connection.vendor != "postgresql":
        pytest.skip("the window lock is PostgreSQL's advisory lock (SQLite has one writer)")
    image = offsite["image"]
    start = threading.Barrier(2)
    failures = []

    def run(name, data):
        try:
            start.wait()
            ingest_file(
                io.BytesIO(data), actor=offsite["officer"], agency=world.hangzhou, name=name
            )
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    for round_ in range(5):  # several rounds: the race is not forced, only made likely
        parts = [  # new contents each round: new batches
            (f"a{round_}.jsonl", _data("2026-03-02T08:39:59+08:00", 55000 + round_, image)),
            (f"b{round_}.jsonl", _data("2026-03-02T08:40:01+08:00", 56000 + round_, image)),
        ]
        Record.objects.all().delete()
        LineError.objects.all().delete()
        threads = [threading.Thread(target=run, args=part) for part in parts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures, failures
        assert Record.objects.filter(plate="浙A12345").count() == 1
        assert list(LineError.objects.values_list("code", flat=True)) == ["duplicate_window"]
