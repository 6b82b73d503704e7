"""Two stateless application nodes on one machine (issue 15 item 6, docs/deployment.md).

Starts two gunicorn nodes (A and B, two ports) and one Celery worker against one PostgreSQL database
(zhifa_nodes, created and migrated if absent) and Redis (db 7, key prefix zhifa_nodes), then shows:

1. a session made by signing in on node A is accepted on node B (and a sign-out on A ends it on B);
2. a cache entry written through A is read through B;
3. a Celery job enqueued through A is run by the worker and its result read through B;
4. with DATABASE_REPLICA_URL set (here: the same database under another application_name, as no
   streaming replica runs on this machine), a read that declares it may lag is served by the
   replica connection and every other read by the primary.

Prints what it did and one line per point: `goal met` or `goal NOT met` (with what went wrong).
Stops every process it started. Exit status 0 only when every goal is met.

    .venv/bin/python tools/two_nodes.py [--pg postgres://postgres@127.0.0.1:5432] [--redis-db 7]
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
DB_NAME = "zhifa_nodes"
USERNAME = "two_nodes_probe"
REPLICA_NAME = "zhifa_nodes_replica"
PASSWORD = "Liang-Jie-Dian-2026"  # noqa: S105 -- a throwaway account in a throwaway database


def child_env(pg: str, redis_db: int) -> dict:
    redis = f"redis://127.0.0.1:6379/{redis_db}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tools.two_nodes_site",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"{pg}/{DB_NAME}",
        "REDIS_URL": redis,
        "CACHE_KEY_PREFIX": DB_NAME,
        "CELERY_BROKER_URL": redis,
        "CELERY_RESULT_BACKEND": redis,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_REPLICA_URL": f"{pg}/{DB_NAME}?application_name={REPLICA_NAME}",
    }


def prepare_database(pg: str, env: dict) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            print(f"created database {DB_NAME}")
    run = {"cwd": ROOT, "env": env, "check": True}
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], **run)  # noqa: S603
    script = f"""
from zhifa.accounts import services as accounts
from zhifa.accounts.models import User
from zhifa.orgs import services as orgs
from zhifa.orgs.models import Agency, AgencyKind
if not User.objects.filter(username={USERNAME!r}).exists():
    ministry = Agency.objects.filter(kind=AgencyKind.MINISTRY).first() or orgs.create_agency(
        name="交通运输部", kind=AgencyKind.MINISTRY, parent=None)
    accounts.create_user(username={USERNAME!r}, full_name="两节点探针", agency=ministry,
        password={PASSWORD!r}, must_change_password=False)
"""
    subprocess.run([PY, "manage.py", "shell", "--no-imports", "-c", script], **run)  # noqa: S603
    print(f"database {DB_NAME} migrated, account {USERNAME} ready")


def start(name: str, argv: list[str], env: dict, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 -- closed with the process
    proc = subprocess.Popen(  # noqa: S603
        argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    proc.log = log
    print(
        f"started {name} (pid {proc.pid}): {' '.join(Path(a).name if i == 0 else a for i, a in enumerate(argv))}"
    )
    return proc


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: gunicorn's and celery's children
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.log.close()
    print(f"stopped {len(procs)} processes")


class Client:
    """A browser of one: its own cookie jar, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, jar=None):
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def request(self, url: str, data: dict | None = None, headers=None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(req, timeout=90) as resp:
                return resp.status, resp.read().decode(), dict(resp.headers)
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode(errors="replace"), dict(err.headers)

    def json(self, url: str) -> dict:
        status, body, _ = self.request(url)
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}: {body[:200]}")
        return json.loads(body)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")


def wait_ready(url: str, proc: subprocess.Popen, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited with {proc.returncode} (see its log)")
        try:
            Client().json(url + "/_nodes/whoami")
            return
        except (OSError, RuntimeError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} not ready after {seconds:.0f} s")


def goal(results: list, name: str, ok: bool, gap: str = "") -> None:
    results.append(ok)
    print(f"{name}: goal met" if ok else f"{name}: goal NOT met ({gap})")


def sign_in(base: str) -> Client:
    client = Client()
    status, body, _ = client.request(base + "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token:
        raise RuntimeError(f"login page: HTTP {status}")
    status, _, headers = client.request(
        base + "/login/",
        {"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": PASSWORD},
        headers={"Referer": base + "/login/"},
    )
    if status != 302 or "/login" in headers.get("Location", ""):
        raise RuntimeError(f"sign-in refused: HTTP {status} → {headers.get('Location')}")
    return client


def check_session(a: str, b: str, results: list) -> None:
    on_a = sign_in(a)
    session = on_a.cookie("sessionid")
    print(f"signed in as {USERNAME} on node A, session {session[:8]}…")
    # node B gets nothing but the cookie node A set
    on_b = Client()
    on_b.jar.set_cookie(next(c for c in on_a.jar if c.name == "sessionid"))
    seen = on_b.json(b + "/_nodes/whoami")
    anonymous = Client().json(b + "/_nodes/whoami")
    status, _, headers = on_b.request(b + "/")
    print(
        f"node B (pid {seen['pid']}) with that cookie sees user {seen['user']!r}; without it "
        f"{anonymous['user']!r}; its home page answers HTTP {status}"
    )
    goal(
        results,
        "session made on A accepted on B",
        seen["user"] == USERNAME and anonymous["user"] == "" and status == 200,
        f"B saw {seen['user']!r}, home HTTP {status} {headers.get('Location', '')}",
    )
    _, body, _ = on_a.request(a + "/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    status, _, _ = on_a.request(
        a + "/logout/",
        {"csrfmiddlewaretoken": token.group(1) if token else on_a.cookie("csrftoken")},
        headers={"Referer": a + "/", "X-CSRFToken": on_a.cookie("csrftoken")},
    )
    after = on_b.json(b + "/_nodes/whoami")
    print(f"signed out on node A (HTTP {status}); node B now sees {after['user']!r}")
    goal(
        results,
        "sign-out on A ends the session on B",
        after["user"] == "",
        f"B still sees {after['user']!r}",
    )


def check_cache(a: str, b: str, results: list) -> None:
    key, value = secrets.token_hex(4), secrets.token_hex(8)
    wrote = Client().json(f"{a}/_nodes/cache/set?key={key}&value={value}")
    read = Client().json(f"{b}/_nodes/cache/get?key={key}")
    print(
        f"cache: node A (pid {wrote['pid']}) wrote {key}={value}; "
        f"node B (pid {read['pid']}) read {read['value']!r}"
    )
    goal(
        results,
        "cache entry written on A read on B",
        read["value"] == value,
        f"B read {read['value']!r}",
    )


def check_job(a: str, b: str, worker: subprocess.Popen, results: list) -> None:
    x = secrets.randbelow(10_000) + 2
    sent = Client().json(f"{a}/_nodes/job/enqueue?x={x}")
    started = time.monotonic()
    got = Client().json(f"{b}/_nodes/job/result?id={sent['task_id']}")
    result = got["result"]
    print(
        f"job: node A (pid {sent['pid']}) enqueued square({x}) as {sent['task_id']}; the worker "
        f"(pid {result['worker_pid']}) ran it; node B (pid {got['pid']}) read {result['square']} "
        f"after {time.monotonic() - started:.2f} s"
    )
    goal(
        results,
        "job enqueued on A run by the worker, result seen on B",
        result["square"] == x * x
        and result["asked_by"] == "A"
        and result["worker_pid"] not in (sent["pid"], got["pid"]),
        f"result {result}",
    )


def check_replica(b: str, results: list) -> None:
    seen = Client().json(b + "/_nodes/replica")
    plain, lagging = seen["plain"], seen["may_lag"]
    print(
        f"replica: node B served a plain read on {plain['alias']!r} "
        f"(application_name {plain['application_name']!r}) and a read that may lag on "
        f"{lagging['alias']!r} ({lagging['application_name']!r}), {lagging['users']} users each"
    )
    goal(
        results,
        "only reads that may lag go to the replica",
        plain["alias"] == "default"
        and plain["application_name"] != REPLICA_NAME
        and lagging["alias"] == "replica"
        and lagging["application_name"] == REPLICA_NAME
        and plain["users"] == lagging["users"],
        f"plain {plain}, may lag {lagging}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-db", type=int, default=7)
    parser.add_argument("--ports", default="8801,8802")
    args = parser.parse_args()
    env = child_env(args.pg, args.redis_db)
    prepare_database(args.pg, env)
    import redis

    redis.Redis(db=args.redis_db).flushdb()  # this script's own Redis db: no job or entry left over
    log_dir = ROOT / "var" / "two_nodes"
    log_dir.mkdir(parents=True, exist_ok=True)
    ports = [int(p) for p in args.ports.split(",")]
    procs, results = [], []
    try:
        for name, port in zip(("A", "B"), ports, strict=True):
            procs.append(
                start(
                    f"node-{name}",
                    [
                        str(BIN / "gunicorn"),
                        "zhifa.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "--timeout",
                        "120",
                    ],
                    {**env, "NODE_NAME": name},
                    log_dir,
                )
            )
        worker = start(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "zhifa",
                "worker",
                "--pool",
                "solo",
                "-n",
                "two_nodes@%h",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "WARNING",
            ],
            {**env, "NODE_NAME": "worker"},
            log_dir,
        )
        procs.append(worker)
        a, b = (f"http://127.0.0.1:{p}" for p in ports)
        for url, proc in zip((a, b), procs, strict=False):
            wait_ready(url, proc)
        print(
            f"node A at {a}, node B at {b}, worker on redis db {args.redis_db}; logs in {log_dir}"
        )
        for check in (check_session, check_cache):
            check(a, b, results)
        check_job(a, b, worker, results)
        check_replica(b, results)
    except Exception as err:  # a point that could not be shown is a goal not met, with why
        goal(results, "two nodes ran every check", False, f"{type(err).__name__}: {err}")
    finally:
        stop(procs)
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
