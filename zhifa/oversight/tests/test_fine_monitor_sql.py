"""The set-based 同案不同罚 monitor (the database groups and takes the medians on PostgreSQL) gives
the same groups, spreads, flags and rates as the rule applied case by case in Python — the
monitor as it was before, kept here as the reference — on fixtures with a planted outlier, equal
fines (MAD 0, the mean-deviation fallback), half-cent medians, amounts stored as JSON numbers or
as text that is no amount, a case without a level, and decisions outside the period."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from zhifa.cases.models import Case, Decision
from zhifa.core import fine_dispersion as fd
from zhifa.law.models import PenaltyProvision
from zhifa.oversight import selectors
from zhifa.oversight.tests.conftest import _recommendation

_numbers = count(1)


def _reference(user, since=None, until=None):
    """The monitor as it was: every decided penalty read as an instance, grouped here."""
    qs = Decision.objects.filter(
        selectors.scope_filter(user, "case__agency"),
        kind="penalty",
        case__provision__isnull=False,
    ).select_related("case")
    if since:
        qs = qs.filter(decided_on__gte=since)
    if until:
        qs = qs.filter(decided_on__lte=until)
    by_group, labels = defaultdict(list), {}
    per_agency = defaultdict(lambda: [0, 0])
    for d in qs.order_by("case_id"):
        case = d.case
        rec = case.recommendation or {}
        level = (rec.get("level") or {}).get("label") or "未生成裁量建议"
        bench_range = rec.get("benchmark_range") or {}
        key = (case.provision_id, level)
        labels[key] = bench_range.get("text") or ""
        by_group[key].append(
            fd.DecidedFine(
                case.pk,
                case.agency_id,
                d.fine,
                selectors._money(bench_range.get("low")),
                selectors._money(bench_range.get("high")),
                d.deviation_id is not None,
            )
        )
        recommended = rec.get("recommended_range") or {}
        low = selectors._money(recommended.get("low"))
        high = selectors._money(recommended.get("high"))
        if low is not None and high is not None:
            per_agency[case.agency_id][0] += 1
            per_agency[case.agency_id][1] += int(not (low <= d.fine <= high))
    groups = {}
    for key, fines in by_group.items():
        per = defaultdict(list)
        for f in fines:
            per[f.agency_id].append(f)
        agencies = {}
        for a, rows in per.items():
            s = fd.spread(rows)
            agencies[a] = (s.count, s.median, s.low, s.high)
        groups[key] = (labels[key], fd.spread(fines), fd.flags(fines), agencies)
    rates = {a: (n, dev, fd.deviation_rate(n, dev)) for a, (n, dev) in per_agency.items()}
    return groups, rates


def _as_compared(monitor):
    groups = {
        (g.provision.pk, g.level): (
            g.range_text,
            g.spread,
            [row.flag for row in g.flags],
            {a.pk: tuple(rest) for a, *rest in g.by_agency},
        )
        for g in monitor.groups
    }
    rates = {r.agency.pk: (r.decided, r.deviated, r.rate) for r in monitor.rates}
    return groups, rates


def _case(agency, provision, fine, recommendation, decided_on=date(2026, 5, 1)):
    n = next(_numbers)
    case = Case.objects.create(
        agency=agency,
        provision=provision,
        state="decided_penalty",
        procedure="general",
        case_number=f"测同〔2026〕{n}号",
        lead_received_on=date(2026, 3, 1),
        recommendation=recommendation,
    )
    Decision.objects.create(case=case, kind="penalty", fine=Decimal(fine), decided_on=decided_on)
    return case


@pytest.fixture
def spread_out(world, provision):
    other = PenaltyProvision.objects.create(
        data_id="rtr2023-64",
        law=provision.law,
        article="第六十四条",
        conduct="不按照规定携带车辆营运证",
        sector="road_transport",
        fine_min=200,
        fine_max=2000,
        data={},
    )
    heavy = _recommendation()
    made = {}
    # one group over two agencies with an outlier inside the range and one beyond it
    for amount in ("7000", "7000", "7500", "6500", "7000", "7200.01", "6800"):
        _case(world.hangzhou, provision, amount, heavy)
    made["outlier"] = _case(world.ningbo, provision, "9900", heavy)
    made["beyond"] = _case(world.hangzhou, provision, "15000", heavy)
    # equal fines but one (MAD 0: the mean absolute deviation stands in), even count, a cent apart
    light = _recommendation(level="较轻", low="200", high="1000", rec_low="200", rec_high="500")
    for amount in ("500", "500", "500", "500", "500", "500.01", "500", "980"):
        _case(world.ningbo, other, amount, light)
    # amounts stored as JSON numbers, and as text that is no amount; a later range text
    odd = _recommendation(level="一般", low="300", high="800", rec_low="400", rec_high="600")
    odd["benchmark_range"] = {"low": 300, "high": "八百", "text": "300元至800元"}
    odd["recommended_range"] = {"low": 400.5, "high": "600"}
    for amount in ("350", "1200", "450.5", "451.5", "452.5"):
        _case(world.hangzhou, other, amount, odd)
    later = {**odd, "benchmark_range": {**odd["benchmark_range"], "text": "300元至800元（修订）"}}
    _case(world.hangzhou, other, "460", later)
    # a recommendation without a level, and none at all
    _case(world.hangzhou, provision, "5000", {"level": None, "benchmark_range": None})
    _case(world.ningbo, provision, "6000", {})
    # decided last year: out of the period below
    _case(world.hangzhou, provision, "99999", heavy, decided_on=date(2025, 6, 1))
    return made


def test_set_based_monitor_equals_the_case_by_case_rule(people, spread_out):
    for user in (people.zj_supervisor, people.nb_head, people.mot_supervisor):
        for period in ({}, {"since": date(2026, 1, 1), "until": date(2026, 12, 31)}):
            expected = _reference(user, **period)
            assert _as_compared(selectors.fine_monitor(user, **period)) == expected


def test_the_planted_outlier_is_among_the_same_flags(people, spread_out):
    groups, _ = _as_compared(selectors.fine_monitor(people.zj_supervisor))
    flagged = {f.case_id: f.reasons for _t, _s, flags, _a in groups.values() for f in flags}
    assert flagged[spread_out["outlier"].pk] == ("dispersion",)
    assert flagged[spread_out["beyond"].pk] == ("outside_range", "dispersion")
    assert {"未生成裁量建议", "较轻", "一般"} <= {level for _p, level in groups}
