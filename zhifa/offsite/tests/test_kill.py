"""kill -9 in the middle of intake and of review, then a restart: nothing lost, nothing twice."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from zhifa.cases.models import Case
from zhifa.offsite.models import IntakeBatch, LineError, Record
from zhifa.records.verification import verify

pytestmark = pytest.mark.postgres

LINES = 24000
BAD_EVERY = 10  # every tenth line is below the limit: a line error, no record
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def plate(n: int) -> str:
    serial = ""
    for _ in range(5):
        n, r = divmod(n, len(LETTERS))
        serial += LETTERS[r]
    return "浙A" + serial


def write_file(path: Path, image: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for n in range(1, LINES + 1):
            bad = n % BAD_EVERY == 0
            f.write(
                json.dumps(
                    {
                        "station": "ZJ-HZ-001",
                        "plate": plate(n),
                        "vehicle_class": "6plus_axle_combination",
                        "axles": 6,
                        "gross_mass_kg": 40000 if bad else 50000 + n % 20000,
                        "measured_at": f"2026-03-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00+08:00",
                        "images": [image],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def command(*args) -> list[str]:
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]


def environment() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url}


def kill_when(proc, progressed, timeout=300) -> None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {proc.stderr.read()[-2000:]}")
        if progressed():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return
        time.sleep(0.05)
    pytest.fail("no progress within the timeout")


@pytest.mark.django_db(transaction=True)
def test_kill_9_in_the_middle_then_restart_loses_nothing_and_doubles_nothing(
    offsite, world, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("the kill -9 test runs against PostgreSQL (DATABASE_URL)")
    path = tmp_path / "big.jsonl"
    write_file(path, offsite["image"])
    env = environment()
    intake = command(
        "offsite_intake", str(path), "--agency", str(world.hangzhou.pk), "--chunk", "1000"
    )
    proc = subprocess.Popen(  # noqa: S603 -- this interpreter, fixed arguments
        intake, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    kill_when(
        proc,
        lambda: IntakeBatch.objects.filter(processed_lines__gte=LINES // 4).exists(),
    )
    batch = IntakeBatch.objects.get()
    assert 0 < batch.processed_lines < LINES, "killed in the middle"
    done = subprocess.run(  # noqa: S603 -- this interpreter, fixed arguments
        intake, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr
    batch.refresh_from_db()
    good = LINES - LINES // BAD_EVERY
    assert (batch.state, batch.processed_lines) == ("done", LINES)
    assert Record.objects.count() == good == batch.accepted
    assert Record.objects.values("digest").distinct().count() == good
    assert LineError.objects.count() == LINES // BAD_EVERY == batch.rejected_lines
    assert set(LineError.objects.values_list("code", flat=True)) == {"below_limit"}
    lines = set(Record.objects.values_list("line_no", flat=True)) | set(
        LineError.objects.values_list("line_no", flat=True)
    )
    assert lines == set(range(1, LINES + 1))

    review = command("offsite_review", "--user", offsite["officer"].username, "--confirm")
    proc = subprocess.Popen(  # noqa: S603 -- this interpreter, fixed arguments
        review, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    kill_when(proc, lambda: Case.objects.count() >= 2000)
    assert 0 < Case.objects.count() < good, "killed in the middle of the review"
    done = subprocess.run(  # noqa: S603 -- this interpreter, fixed arguments
        review, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr
    assert Case.objects.count() == good
    assert Record.objects.filter(state="confirmed", case__isnull=False).count() == good
    assert Case.objects.filter(offsite_record__isnull=True).count() == 0
    assert verify().ok
