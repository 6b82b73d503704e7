"""Demo load benchmark (issue 8): `load_demo` on a fresh SQLite file, against `migrate` on the same
file as the baseline run side by side (printed as a ratio), and the goal: the default demo (300 cases)
in under 60 s of CPU on this 2-core machine, so that a newcomer's `make run` is quick.

    .venv/bin/python bench/demo.py [CASES]      # default 60; 300 measures the default demo directly

Each step runs as its own `manage.py` process on a throwaway directory (database, evidence files);
times are the child's CPU (user + system: the machine is shared, wall time depends on the others) and
wall time. The 300-case figure is measured when CASES is 300, else extrapolated: the fixed part
(`load_demo --cases 0`: tree, law data, accounts) plus 300 times the cost of one case (a run with
the cases less an idempotent re-run that adds nothing).
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_CASES = 300
GOAL_SECONDS = 60.0


def timed(args: list[str], env: dict) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one manage.py run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    var = tempfile.mkdtemp(prefix="zhifa-bench-demo-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhifa.settings.dev",
        "ZHIFA_VAR_DIR": var,
        "DATABASE_URL": f"sqlite:///{var}/demo.sqlite3",
    }
    load_before = os.getloadavg()[0]
    migrate = timed(["migrate", "-v0"], env)
    fixed = timed(["load_demo", "--cases", "0"], env)
    again = timed(["load_demo", "--cases", "0"], env)  # a re-run: finds everything, adds nothing
    load = timed(["load_demo", "--cases", str(cases)], env)  # the same re-run, plus the cases
    per_case = max(load[0] - again[0], 0.0) / cases
    # a shared machine: CPU seconds grow too when the cores are oversubscribed (caches, turbo)
    print(
        f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    print(f"migrate (baseline):             {migrate[0]:7.1f} s CPU {migrate[1]:7.1f} s wall")
    print(f"load_demo --cases 0 (fixed):    {fixed[0]:7.1f} s CPU {fixed[1]:7.1f} s wall")
    print(f"load_demo again (adds nothing): {again[0]:7.1f} s CPU {again[1]:7.1f} s wall")
    print(
        f"load_demo --cases {cases:<4} (cases): {load[0]:7.1f} s CPU {load[1]:7.1f} s wall, "
        f"{per_case:.3f} s CPU a case"
    )
    if cases == GOAL_CASES:
        total, how = fixed[0] + load[0] - again[0], "measured"
    else:
        total, how = fixed[0] + GOAL_CASES * per_case, "extrapolated"
    print(
        f"load_demo, {GOAL_CASES} cases ({how}): {total:.1f} s CPU = "
        f"{total / migrate[0]:.1f} × migrate"
    )
    met = total < GOAL_SECONDS
    print(
        f"goal: load_demo with {GOAL_CASES} cases under {GOAL_SECONDS:.0f} s CPU — "
        f"{'goal met' if met else 'goal NOT met'}"
    )


if __name__ == "__main__":
    main()
