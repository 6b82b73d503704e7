"""What-if replay benchmark (issue 13 item 8): decided cases replayed per second by the replay job
(batches read from the database, the engine, the comparison, changed cases and progress written per
batch) against calling the discretion engine alone on the same requests in a loop, side by side in
one run, printed as a ratio. Goal: the job runs at ≥ 50 % of the bare engine's rate. Also prints the
minutes one million cases would take at the measured rate (one worker process).

    DJANGO_SETTINGS_MODULE=zhifa.settings.dev .venv/bin/python bench/replay.py [N]

Runs on a throwaway SQLite file (and on PostgreSQL when DATABASE_URL points at one: a throwaway
database is created there and dropped). The cases are inserted in bulk (a bench fixture, not the
case flow): a Zhejiang agency, 《公路法》第七十六条第（一）项, random dug areas; each case stores the
recommendation the engine made for it, as cases.recommend_penalty does. Prints figures; asserts nothing.
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _throwaway import each_database, test_database  # noqa: E402

PROVISION = "hl-76-1"


def main():
    each_database(__file__, sys.argv[1] if len(sys.argv) > 1 else "20000")


def one(n: str):
    drop = test_database("zhifa_bench_replay")
    try:
        run(n)
    finally:
        drop()


def setup(n: int):
    """The tree, the law data, a supervisor and n decided cases with their stored recommendation."""
    from django.conf import settings

    from zhifa import testing
    from zhifa.cases.models import Case, Decision, Party
    from zhifa.core.discretion import RecommendationRequest, recommend
    from zhifa.law import services as law
    from zhifa.law.discretion import serialize
    from zhifa.law.models import PenaltyProvision
    from zhifa.orgs.choices import RegionLevel
    from zhifa.orgs.models import Agency, Region

    ministry = testing.make_ministry()
    zj_region = Region.objects.create(name="浙江省", level=RegionLevel.PROVINCE)
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    Agency.objects.filter(pk=zhejiang.pk).update(region=zj_region)
    zhejiang = Agency.objects.get(pk=zhejiang.pk)
    squads = [testing.make_agency(zhejiang, name=f"第{i}支队") for i in range(10)]
    law.load_law_data(Path(settings.REFDATA_DIR), as_of=date(2026, 1, 1))
    supervisor = testing.make_user(zhejiang, roles=("supervisor",), username="bench_sup")
    cat = law.current_catalogue()
    provision = PenaltyProvision.objects.get(data_id=PROVISION)
    rnd = random.Random(13)
    parties = Party.objects.bulk_create(
        Party(
            kind="organisation",
            name=f"运输公司{i}",
            id_number="91330100716105852F",
            agency=squads[i % 10],
        )
        for i in range(n)
    )
    cases, decisions, requests = [], [], []
    for i in range(n):
        decided = date(2025, 1, 2) + timedelta(days=rnd.randrange(600))
        facts = {"area_m2": rnd.choice([1, 2, 3, 4, 4.5, 6, 8, 11, 14, 18])}
        req = RecommendationRequest(
            provision_id=PROVISION,
            province="浙江",
            violation_date=decided - timedelta(days=20),
            decision_date=decided,
            party_kind="legal_person",
            facts=facts,
            discovered_on=decided - timedelta(days=19),
            maritime=None,
        )
        requests.append(req)
        rec = serialize(recommend(cat, req))
        rec["as_of"] = decided.isoformat()
        cases.append(
            Case(
                agency=squads[i % 10],
                party=parties[i],
                case_number=f"浙交罚〔2025〕{i}号",
                provision=provision,
                state="decided_penalty",
                violation_date=req.violation_date,
                lead_received_on=req.discovered_on,
                facts=facts,
                recommendation=rec,
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=2000)
    for case, req in zip(cases, requests, strict=True):
        amount = case.recommendation["suggested_amount"] or "0"
        decisions.append(
            Decision(case=case, kind="penalty", fine=amount, decided_on=req.decision_date)
        )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    return supervisor, requests


def run(n_text: str):
    from django.urls import reverse

    from zhifa.core.discretion import recommend
    from zhifa.law.models import Benchmark
    from zhifa.provision_review import services
    from zhifa.provision_review.models import Replay

    n = int(n_text)
    label = os.environ["BENCH_LABEL"]
    supervisor, requests = setup(n)
    reverse("home")  # a worker loads the URL map once (the job's notification links to the replay)
    review = services.open_review(actor=supervisor, provision_data_id=PROVISION)
    table = Benchmark.objects.get(province__name="浙江省", provision__data_id=PROVISION)
    levels = {
        i: (lv.get("fine_min"), lv.get("fine_max")) for i, lv in enumerate(table.data["levels"])
    }
    levels[1] = (2000, 4000)  # 一般: 3,000–5,000 → 2,000–4,000
    services._schedule = lambda replay_id: None  # queued, not run: the job is timed below
    replay = services.start_form_replay(
        actor=supervisor, review_id=review.pk, base_id=table.pk, levels=levels
    )

    # baseline: the engine alone, the same requests, a fresh catalogue with the proposal in place
    replay = Replay.objects.select_related("review", "base").get(pk=replay.pk)
    cat = services.replay_catalogue(replay)
    started = time.perf_counter()
    for req in requests:
        recommend(cat, req)
    engine_s = time.perf_counter() - started
    engine_rate = n / engine_s

    started = time.perf_counter()
    done = services.run_replay(replay.pk)
    replay_s = time.perf_counter() - started
    replay_rate = done.done / replay_s
    ratio = replay_rate / engine_rate
    minutes = 1_000_000 / replay_rate / 60
    print(
        f"[{label}] {n} decided cases, batch {services.BATCH_SIZE}; {done.tally['changed']} changed"
    )
    print(f"[{label}] engine alone:  {engine_rate:10.0f} cases/s ({engine_s:.2f} s)")
    print(f"[{label}] replay job:    {replay_rate:10.0f} cases/s ({replay_s:.2f} s)")
    print(f"[{label}] ratio replay/engine: {ratio:.2f}")
    print(f"[{label}] 1,000,000 cases at this rate: {minutes:.1f} minutes on one worker")
    met = ratio >= 0.5
    gap = "" if met else f" (gap: {ratio:.2f} < 0.50)"
    print(
        f"[{label}] replay ≥ 50 % of the bare engine rate: {'goal met' if met else 'goal NOT met'}{gap}"
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        one(sys.argv[2])
    else:
        main()
