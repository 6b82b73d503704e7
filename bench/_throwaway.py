"""The throwaway databases the database benches run on: a fresh SQLite file, and PostgreSQL too when
DATABASE_URL points at one (a database of the bench's own name is created there and dropped).
A bench calls `each_database(__file__, n)` in its parent process; each child (`--one n`) calls
`test_database(name)` and the returned `drop()` when done."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def each_database(script: str, n: str) -> None:
    """Run `script --one n` once per database, with BENCH_LABEL naming it."""
    targets = [("SQLite", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        targets.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    for label, url in targets:
        env = {**os.environ, "DATABASE_URL": url, "BENCH_LABEL": label}
        env.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings.dev")
        subprocess.run([sys.executable, script, "--one", n], env=env, cwd=ROOT, check=True)


def test_database(postgres_name: str):
    """Set Django up on a fresh test database; returns the function that drops it."""
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = (
        str(Path(db["NAME"]).with_name("bench-test.sqlite3"))
        if db["ENGINE"].endswith("sqlite3")
        else postgres_name
    )
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return lambda: connection.creation.destroy_test_db(db["NAME"], verbosity=0)
