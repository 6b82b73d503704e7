"""Property: whatever sequence of changes the cases go through (moving between agencies, months,
procedures and states, counters going up and down), the rollup kept by `refresh_case` equals the
group-by of the facts and a rebuild."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.cases.models import Case
from zhifa.core.indicators import CASE_COUNTERS
from zhifa.indicators import services
from zhifa.indicators.models import CaseRollup

from .test_rollups import rollup_snapshot

STATES = ["lead", "filed", "investigation", "decided_penalty", "closed"]


def _values(world, agency_ix, month, procedure, state, counters):
    agency = [world.hangzhou, world.ningbo, world.chengdu][agency_ix]
    ids = [p for p in agency.path.split("/") if p]
    return {
        "agency_id": agency.pk,
        "province_id": int(ids[1]),
        "path": agency.path,
        "month": date(2026, month, 1),
        "procedure": procedure,
        "state": state,
        **dict(zip(CASE_COUNTERS, counters, strict=True)),
    }


change = st.tuples(
    st.integers(0, 2),  # which case
    st.integers(0, 2),  # agency
    st.integers(1, 3),  # month
    st.sampled_from(["", "general", "summary"]),
    st.sampled_from(STATES),
    st.lists(st.integers(0, 3), min_size=len(CASE_COUNTERS), max_size=len(CASE_COUNTERS)),
)


class _Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=False)
def test_incremental_rollups_equal_the_group_by(world, monkeypatch):
    cases = [
        Case.objects.create(agency=world.hangzhou, lead_received_on=date(2026, 1, 5), state="lead")
        for _ in range(3)
    ]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(change, min_size=1, max_size=12))
    def run(changes):
        try:
            with transaction.atomic():
                for ix, agency_ix, month, procedure, state, counters in changes:
                    values = _values(world, agency_ix, month, procedure, state, counters)
                    monkeypatch.setattr(services, "fact_values", lambda case, v=values: v)
                    services.refresh_case(cases[ix])
                incremental = rollup_snapshot()
                services.rollup_from_facts()
                assert rollup_snapshot() == incremental
                assert not CaseRollup.objects.filter(cases__lt=0).exists()
                raise _Rollback
        except _Rollback:
            pass

    run()
