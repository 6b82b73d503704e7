"""API and page bench (issue 15, item 5): the platform under load on PostgreSQL, each figure against
a bare Django view running the same scoped query in the same run.

    .venv/bin/python bench/api.py [--cases N] [--requests N] [--transitions N] [--port P]
                                  [--only reads|transitions]

It (re)creates the database `perf_bench` on 127.0.0.1:5432 (user postgres, or BENCH_DATABASE_URL),
seeds two prefecture agencies with officers, heads and filed cases plus leads to file, starts
gunicorn (4 workers, settings bench.apiapp.settings, whose urlconf adds the bare views) on a free
port from 8201, and drives it with threaded clients (wrk is not installed here): case list with
filters, case page (HTML), API case read, deadlines list at 32 and at 8 connections, then case
transitions (filing a lead, with its journal entry) at 32 connections, and `verify_journal`.

Goals: every read ≥ 50 % of the bare view's requests/s with p99 within 1.5× the bare view's at 32
connections; p99 < 100 ms at 8 connections; transitions ≥ 300/s with the journal intact. The last
lines say, one per goal, `goal met` or `goal NOT met` and the gap.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# BENCH_DB_NAME (or BENCH_DB): several people benching on one server each use their own database.
DB_NAME = os.environ.get("BENCH_DB_NAME") or os.environ.get("BENCH_DB", "perf_bench")
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
SETTINGS = "bench.apiapp.settings"
ORG = {"kind": "organisation", "name": "杭州某建设工程有限公司", "id_number": "91330100716105852F"}


# --- set-up (in this process, Django configured on the bench database) ---------------------------


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [DB_NAME]
        )
        c.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        c.execute(f'CREATE DATABASE "{DB_NAME}"')


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(cases_per_agency: int, leads_per_agency: int) -> dict:
    """Two prefectures under one province; per agency: officers, a head, filed cases, leads."""
    from datetime import date, timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from zhifa import testing
    from zhifa.cases import services
    from zhifa.cases.models import ProvinceParameter
    from zhifa.law import services as law
    from zhifa.orgs.choices import RegionLevel
    from zhifa.orgs.models import Agency, Region

    call_command("migrate", verbosity=0)
    ministry = testing.make_ministry()
    province = testing.make_agency(ministry, name="浙江省交通运输厅")
    region = Region.objects.create(name="浙江省", level=RegionLevel.PROVINCE)
    Agency.objects.filter(pk=province.pk).update(region=region)
    law.load_law_data(Path(settings.REFDATA_DIR), as_of=date(2026, 1, 1))
    for key, value in (("large_fine_person", 10000), ("large_fine_organisation", 100000)):
        ProvinceParameter.objects.create(
            province="浙江",
            key=key,
            value=value,
            source="基准测试数据（非真实省级规定）",
            effective_from=date(2000, 1, 1),
        )
    today = timezone.localdate()
    out = {"agencies": []}
    for name in ("杭州市交通运输综合行政执法支队", "宁波市交通运输综合行政执法支队"):
        agency = testing.make_agency(province, name=name)
        o1, o2 = testing.make_officer(agency), testing.make_officer(agency)
        head = testing.make_user(agency, roles=("agency_head",))

        def lead(o1=o1, o2=o2, agency=agency):
            return services.create_lead(
                actor=o1.user,
                agency=agency,
                source="inspection",
                facts="擅自在公路用地范围内挖掘",
                received_on=today - timedelta(days=3),
                violation_date=today - timedelta(days=4),
                party=ORG,
                provision="hl-76-1",
                officers=[o1, o2],
            )

        filed = []
        for _ in range(cases_per_agency):
            case = lead()
            services.fire_step(case, "file_case", actor=head, as_of=today - timedelta(days=2))
            filed.append(case.pk)
        leads = [lead().pk for _ in range(leads_per_agency)]
        out["agencies"].append(
            {
                "id": agency.pk,
                "officer": o1.pk,
                "officer_session": session_for(o1.user),
                "head_session": session_for(head),
                "cases": filed,
                "leads": leads,
            }
        )
    return out


def session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Production asks every account for a second factor (ZHIFA_REQUIRE_2FA): a session without a
    # verified device is sent to the enrolment page, and the figures would be those of a redirect.
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s[DEVICE_ID_SESSION_KEY] = device.persistent_id
    s.create()
    return s.session_key


# --- server ---------------------------------------------------------------------------------------


def free_port(start: int) -> int:
    for port in range(start, start + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port")


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": SETTINGS}
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "zhifa.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
            "--timeout=120",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            status, _body = request(port, "GET", "/login/", "")
            if status < 500:
                return proc
        except OSError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


# --- client ---------------------------------------------------------------------------------------

CSRF = "b" * 32


def request(port: int, method: str, path: str, session: str, body: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        return response.status, payload
    finally:
        conn.close()


def drive(port: int, jobs: list[tuple], concurrency: int) -> dict:
    """Run every (method, path, session, body) with `concurrency` threads; latencies in ms."""
    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker():
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                return
            t0 = time.perf_counter()
            status, payload = request(port, *job)
            took = (time.perf_counter() - t0) * 1000
            with lock:
                times.append(took)
                if status >= 300:  # a redirect (sign-in, second factor) is not the page
                    errors.append(f"{status} {job[1]} {payload[:120]!r}")

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    times.sort()
    return {
        "rps": len(times) / wall,
        "p50": times[len(times) // 2],
        "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
        "errors": errors,
    }


# --- the run --------------------------------------------------------------------------------------


def read_jobs(seeded: dict, n: int) -> dict[str, tuple[list, list]]:
    """Per read: (the platform's requests, the bare view's requests)."""
    out: dict[str, tuple[list, list]] = {}
    ag = seeded["agencies"]

    def cycle(make):
        return [make(ag[i % len(ag)], i) for i in range(n)]

    def case_id(a, i):
        return a["cases"][i % len(a["cases"])]

    out["case list (HTML, state filter)"] = (
        cycle(lambda a, i: ("GET", "/cases/?state=filed", a["officer_session"], None)),
        cycle(lambda a, i: ("GET", "/bare/cases/?state=filed", a["officer_session"], None)),
    )
    out["API case list (officer filter)"] = (
        cycle(
            lambda a, i: (
                "GET",
                f"/api/v1/cases?officer={a['officer']}&state=filed",
                a["officer_session"],
                None,
            )
        ),
        cycle(lambda a, i: ("GET", "/bare/cases/?state=filed", a["officer_session"], None)),
    )
    out["case page (HTML)"] = (
        cycle(lambda a, i: ("GET", f"/cases/{case_id(a, i)}/", a["officer_session"], None)),
        cycle(lambda a, i: ("GET", f"/bare/cases/{case_id(a, i)}/", a["officer_session"], None)),
    )
    out["API case read"] = (
        cycle(lambda a, i: ("GET", f"/api/v1/cases/{case_id(a, i)}", a["officer_session"], None)),
        cycle(lambda a, i: ("GET", f"/bare/cases/{case_id(a, i)}/", a["officer_session"], None)),
    )
    out["deadlines list (HTML)"] = (
        cycle(lambda a, i: ("GET", "/deadlines/", a["officer_session"], None)),
        cycle(lambda a, i: ("GET", "/bare/deadlines/", a["officer_session"], None)),
    )
    return out


def query_counts(jobs: dict[str, tuple[list, list]]) -> dict[str, tuple[int, int]]:
    """Queries of one request of each read, the platform's and the bare view's (Django's test
    client in this process, same database): where the gap between the two comes from."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out = {}
    for label, (real_jobs, bare_jobs) in jobs.items():
        counts = []
        for method, path, session, _body in (real_jobs[0], bare_jobs[0]):
            client = Client()
            client.cookies["sessionid"] = session
            client.generic(method, path)  # per-process caches (calendar, law catalogue) warm
            with CaptureQueriesContext(connection) as ctx:
                client.generic(method, path)
            counts.append(len(ctx.captured_queries))
        out[label] = (counts[0], counts[1])
    return out


def line(label: str, real: dict, bare: dict) -> str:
    return (
        f"  {label:34s} {real['rps']:7.1f} req/s p50 {real['p50']:6.1f} ms p99 {real['p99']:7.1f} ms"
        f" | bare {bare['rps']:7.1f} req/s p99 {bare['p99']:7.1f} ms"
        f" | ratio req/s {real['rps'] / bare['rps']:.2f}, p99 {real['p99'] / bare['p99']:.2f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20, help="filed cases per agency")
    parser.add_argument("--transitions", type=int, default=60, help="leads filed per agency")
    parser.add_argument("--requests", type=int, default=160, help="requests per read and run")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--only", choices=("reads", "transitions"), help="run one part (and verify_journal)"
    )
    args = parser.parse_args()

    recreate_database()
    setup_django()
    t0 = time.perf_counter()
    seeded = seed(args.cases, args.transitions)
    print(
        f"seeded {DB_NAME}: 2 agencies × {args.cases} filed cases + {args.transitions} leads "
        f"in {time.perf_counter() - t0:.0f} s"
    )
    from django.db import connections

    connections.close_all()
    port = free_port(args.port)
    server = start_gunicorn(port, args.workers)
    goals: list[tuple[str, bool, str]] = []
    try:
        jobs = read_jobs(seeded, args.requests)
        queries = query_counts(jobs) if args.only != "transitions" else {}
        for real_jobs, bare_jobs in jobs.values():  # warm every worker
            drive(port, real_jobs[:16] + bare_jobs[:16], 8)
        print(
            f"gunicorn {args.workers} workers on 127.0.0.1:{port}, PostgreSQL, "
            f"{args.requests} requests per figure"
        )
        for conc in (32, 8) if args.only != "transitions" else ():
            print(f"reads at {conc} connections:")
            for label, (real_jobs, bare_jobs) in jobs.items():
                real = drive(port, real_jobs, conc)
                bare = drive(port, bare_jobs, conc)
                print(line(label, real, bare))
                for err in (real["errors"] + bare["errors"])[:3]:
                    print("    error:", err)
                # the likely cause of a gap: the queries (and the page around them) the bare
                # view does not run; a failed request is a gap of its own
                cause = f"queries {queries[label][0]} vs bare {queries[label][1]}"
                if real["errors"]:
                    cause += f", {len(real['errors'])} failed requests"
                ok = not real["errors"]
                if conc == 32:
                    print(
                        f"    queries per request: {queries[label][0]} (bare {queries[label][1]})"
                    )
                    ratio = real["rps"] / bare["rps"]
                    goals.append(
                        (
                            f"{label}: req/s ≥ 0.50 of bare",
                            ok and ratio >= 0.5,
                            f"ratio {ratio:.2f}, gap {max(0.0, 0.5 - ratio):.2f}; {cause}",
                        )
                    )
                    p99 = real["p99"] / bare["p99"]
                    goals.append(
                        (
                            f"{label}: p99 ≤ 1.5× bare at 32",
                            ok and p99 <= 1.5,
                            f"{p99:.2f}×, gap {max(0.0, p99 - 1.5):.2f}×; {cause}",
                        )
                    )
                else:
                    goals.append(
                        (
                            f"{label}: p99 < 100 ms at 8",
                            ok and real["p99"] < 100,
                            f"p99 {real['p99']:.0f} ms, gap {max(0.0, real['p99'] - 100):.0f} ms;"
                            f" {cause}",
                        )
                    )
        if args.only != "reads":
            # transitions: half of each agency's leads filed through the API, half by the bare view
            real_by, bare_by = [], []  # per agency, then taken in turn so both chains are busy
            body = {"as_of": time.strftime("%Y-%m-%d"), "inputs": {}}
            for a in seeded["agencies"]:
                half = len(a["leads"]) // 2
                real_by.append(
                    [
                        ("POST", f"/api/v1/cases/{pk}/steps/file_case", a["head_session"], body)
                        for pk in a["leads"][:half]
                    ]
                )
                bare_by.append(
                    [
                        ("POST", f"/bare/cases/{pk}/transition", a["head_session"], {})
                        for pk in a["leads"][half:]
                    ]
                )

            def interleave(lists):
                return [job for group in zip(*lists, strict=False) for job in group]

            real = drive(port, interleave(real_by), 32)
            bare = drive(port, interleave(bare_by), 32)
            print("transitions at 32 connections (two agencies, each on its own journal chain):")
            print(line("file_case + journal entry", real, bare))
            for err in real["errors"][:3] + bare["errors"][:3]:
                print("    error:", err)
            goals.append(
                (
                    "transitions ≥ 300/s",
                    real["rps"] >= 300 and not real["errors"],
                    f"{real['rps']:.0f}/s, {len(real['errors'])} errors",
                )
            )
    finally:
        stop(server)
    from zhifa.records.verification import verify

    result = verify()
    print(f"verify_journal: ok={result.ok} chains={result.chains} entries={result.entries}")
    goals.append(("journal intact after the run (verify_journal)", bool(result.ok), ""))
    print()
    for label, met, gap in goals:
        print(f"{label}: {'goal met' if met else 'goal NOT met'}" + (f" ({gap})" if gap else ""))


if __name__ == "__main__":
    main()
