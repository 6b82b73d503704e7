"""The figures behind the automatic items, against hand counts."""

from datetime import timedelta
from decimal import Decimal

from zhifa.deadlines.services import close_deadline, open_deadline
from zhifa.evaluation import feeds

from .conftest import make_case, make_provision, today


def test_overdue_rate_counts_late_and_still_open_past_their_day(ppl):
    w, t = ppl.world, today()
    p = make_provision(1)
    cases = [make_case(w.hangzhou, p, state="investigation") for _ in range(4)]

    def deadline(case, due):
        return open_deadline(
            subject=case, agency=w.hangzhou, code="E_appeal", start=t - timedelta(days=20), due=due
        )

    deadline(cases[0], t - timedelta(days=1))  # open past its day: late
    deadline(cases[1], t - timedelta(days=2))
    close_deadline(subject=cases[1], code="E_appeal", reason="met")  # met today, 2 days late
    deadline(cases[2], t + timedelta(days=5))  # open, not yet due: on time
    deadline(cases[3], t)
    close_deadline(subject=cases[3], code="E_appeal", reason="withdrawn")  # cancelled: not counted
    # by hand: 2 late of 3
    rate = feeds.overdue_rate(w.zhejiang, t - timedelta(days=30), t + timedelta(days=30))
    assert rate == Decimal("0.667")
    # Ningbo has none: nothing to measure
    assert feeds.overdue_rate(w.ningbo, t - timedelta(days=30), t + timedelta(days=30)) is None


def test_figures_name_every_feed_of_their_target(ppl):
    t = today()
    unit = feeds.figures_for(ppl.world.hangzhou, "unit", t, t)
    assert set(unit) == {k for k, f in feeds.FEEDS.items() if f.target == "unit"}
    assert unit["legal_review_coverage"] is None  # no decision in the period
