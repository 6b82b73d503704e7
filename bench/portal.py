"""Benchmark of the public portal: the decision list and a decision page under 32 concurrent
clients on loopback, side by side with a bare Django view reading the same rows (no template, no
masking, one query), as requests/s and p99 latency.

Run: .venv/bin/python bench/portal.py [--clients 32] [--seconds 8] [--rows 5000] [--port 8301]
A throw-away SQLite database under a temporary directory (or DATABASE_URL when set) is migrated and
filled with `--rows` published decisions; gunicorn serves it (2 sync workers: the machine's cores)
and threads of this process are the clients (keep-alive off, as browsers behind many addresses).
The portal and the bare view are run alternately, twice each, so both see the same machine load.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# goals: the portal keeps at least this share of the bare view's throughput, and its p99 stays
# within this multiple of the bare view's p99 (the price of templates, masking is done at write)
GOAL_THROUGHPUT_RATIO = 0.33
GOAL_P99_MULTIPLE = 4.0


def write_settings(tmp: Path) -> None:
    (tmp / "portal_bench_settings.py").write_text(
        textwrap.dedent(
            """
            from zhifa.settings.base import *  # noqa
            DEBUG = False
            ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
            ROOT_URLCONF = "portal_bench_urls"
            """
        )
    )
    (tmp / "portal_bench_urls.py").write_text(
        textwrap.dedent(
            """
            from django.http import HttpResponse
            from django.urls import path
            from zhifa.urls import urlpatterns as zhifa_patterns
            from zhifa.disclosure.models import Disclosure

            FIELDS = ("id", "agency__name", "document_number", "party_name", "cause",
                      "penalty_text", "decided_on")

            def bare_list(request):
                rows = Disclosure.objects.filter(state__in=("published", "withdrawn")).order_by(
                    "-decided_on", "-id").values_list(*FIELDS)[:30]
                return HttpResponse("\\n".join("\\t".join(map(str, r)) for r in rows),
                                    content_type="text/plain; charset=utf-8")

            def bare_detail(request, pk):
                row = Disclosure.objects.filter(pk=pk, state__in=("published", "withdrawn")
                                                ).values_list(*FIELDS, "facts", "provision").first()
                return HttpResponse("\\t".join(map(str, row or ())),
                                    content_type="text/plain; charset=utf-8")

            urlpatterns = [
                path("bare/decisions/", bare_list),
                path("bare/decisions/<int:pk>/", bare_detail),
                *zhifa_patterns,
            ]
            """
        )
    )


def seed(rows: int) -> int:
    import django

    django.setup()
    from datetime import date, timedelta
    from decimal import Decimal

    from django.core.management import call_command

    from zhifa import testing
    from zhifa.cases.models import Case, Party
    from zhifa.disclosure.models import Disclosure

    call_command("migrate", verbosity=0)
    ministry = testing.make_ministry()
    province = testing.make_agency(ministry, name="浙江省交通运输厅")
    agencies = [testing.make_agency(province, name=f"第{i}交通运输执法支队") for i in range(20)]
    for a in agencies[:3]:
        for j in range(5):
            testing.make_officer(a, full_name=f"执法员{j}", username=f"o{a.pk}_{j}")
    day = date(2026, 6, 1)
    parties = Party.objects.bulk_create(
        Party(kind="person", name="张三", id_number="11010519491231002X", agency=agencies[0])
        for _ in range(rows)
    )
    cases = Case.objects.bulk_create(
        Case(agency=agencies[i % 20], party=p, lead_received_on=day, state="decided_penalty")
        for i, p in enumerate(parties)
    )
    Disclosure.objects.bulk_create(
        Disclosure(
            case=c,
            agency_id=c.agency_id,
            kind="penalty",
            state="published",
            decided_on=day - timedelta(days=i % 300),
            published_on=day,
            document_number=f"杭交执罚〔2026〕{i}号",
            party_kind="person",
            party_name="张某",
            party_address="浙江省杭州市西湖区",
            party_plate="浙A·1****",
            cause="未经许可擅自挖掘公路",
            provision="《中华人民共和国公路法》第七十六条",
            penalty_text="罚款人民币3,000元",
            fine=Decimal(3000),
            facts="当事人张某未经许可擅自挖掘公路，造成路面损坏。" * 3,
        )
        for i, c in enumerate(cases)
    )
    return Disclosure.objects.order_by("id").values_list("id", flat=True)[rows // 2]


def run(port: int, path: str, clients: int, seconds: float) -> tuple[float, float, int]:
    """(requests/s, p99 ms, errors) of `clients` threads hitting `path` for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client():
        mine, bad = [], 0
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                conn.close()
                if r.status != 200:
                    bad += 1
            except OSError:
                bad += 1
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")
    return len(latencies) / elapsed, p99, errors[0]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--port", type=int, default=8301)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    write_settings(tmp)
    (tmp / "static").mkdir()  # WhiteNoise wants STATIC_ROOT to exist
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    env["DJANGO_SETTINGS_MODULE"] = "portal_bench_settings"
    env["ZHIFA_VAR_DIR"] = str(tmp)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp), str(ROOT)])
    os.environ.update(env)
    sys.path.insert(0, str(tmp))
    print(f"seeding {args.rows} published decisions ...", flush=True)
    pk = seed(args.rows)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "zhifa.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
                c.request("GET", "/bare/decisions/")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        pairs = {
            "decision list": ("/gongshi/decisions/", "/bare/decisions/"),
            "decision page": (f"/gongshi/decisions/{pk}/", f"/bare/decisions/{pk}/"),
        }
        results: dict[str, dict[str, list]] = {}
        for name, (portal, bare) in pairs.items():
            run(args.port, portal, 4, 1)  # warm both workers
            run(args.port, bare, 4, 1)
            got = results.setdefault(name, {"portal": [], "bare": []})
            for _ in range(2):  # alternate, so both see the same machine
                got["portal"].append(run(args.port, portal, args.clients, args.seconds))
                got["bare"].append(run(args.port, bare, args.clients, args.seconds))
        print(f"\n{args.clients} clients, {args.seconds:g} s per run, 2 runs each, loopback\n")
        print(
            f"{'':16}{'portal req/s':>14}{'bare req/s':>12}{'ratio':>8}"
            f"{'portal p99':>12}{'bare p99':>10}{'errors':>8}"
        )
        goals = []
        for name, got in results.items():
            p_rps = statistics.mean(r[0] for r in got["portal"])
            b_rps = statistics.mean(r[0] for r in got["bare"])
            p_p99 = max(r[1] for r in got["portal"])
            b_p99 = max(r[1] for r in got["bare"])
            errs = sum(r[2] for r in got["portal"] + got["bare"])
            ratio = p_rps / b_rps
            print(
                f"{name:16}{p_rps:14.0f}{b_rps:12.0f}{ratio:8.2f}"
                f"{p_p99:10.0f}ms{b_p99:8.0f}ms{errs:8d}"
            )
            goals.append(
                (
                    f"{name}: throughput ≥ {GOAL_THROUGHPUT_RATIO:.0%} of the bare view",
                    ratio >= GOAL_THROUGHPUT_RATIO and errs == 0,
                )
            )
            goals.append(
                (
                    f"{name}: p99 ≤ {GOAL_P99_MULTIPLE:g}× the bare view's",
                    p_p99 <= GOAL_P99_MULTIPLE * b_p99,
                )
            )
        print()
        for text, ok in goals:
            print(f"{text}: {'goal met' if ok else 'goal NOT met'}")
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
