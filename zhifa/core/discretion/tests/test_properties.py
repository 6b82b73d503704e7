"""Invariants (Hypothesis): whatever the facts, a suggested fine stays within the statutory range in
force and never exceeds its maximum; a benchmark range is always inside the statutory range; a
no-penalty outcome never suggests a fine; the over-limit fine never exceeds 30,000."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.core.discretion import Outcome, RecommendationRequest, load_from_dir, recommend
from zhifa.core.discretion.errors import DiscretionError
from zhifa.core.discretion.overlimit import CAP_YUAN, weight_fine

CAT = load_from_dir()
PIDS = sorted(
    pid
    for pid in {pid for b in CAT.benchmarks for pid in b.applies_to}
    | {"rtr2023-64", "msl-97", "nrh-35", "upt-49", "hsp-61", "ovl-43-2"}
)
PLACES = sorted({b.province for b in CAT.benchmarks if b.province} | {"北京"})
NUM = st.integers(min_value=0, max_value=400)
facts_st = st.fixed_dictionaries(
    {},
    optional={
        "illegal_gain": st.decimals(min_value=0, max_value=500000, places=2),
        "tree_value": st.integers(min_value=0, max_value=100000),
        "excess_kg": st.integers(min_value=1, max_value=90000),
        "repeat_count": st.integers(min_value=1, max_value=6),
        "area_m2": NUM,
        "months_operating": st.integers(min_value=0, max_value=24),
        "serious": st.booleans(),
        "refused_to_correct": st.booleans(),
        "accident": st.booleans(),
        "emergency_period": st.booleans(),
        "removed_harm": st.booleans(),
        "corrected": st.booleans(),
        "first_violation": st.booleans(),
        "consequence": st.sampled_from(["none", "minor", "major", "serious"]),
        "occurrences": st.integers(min_value=1, max_value=5),
        "party_role": st.sampled_from(["operator", "master"]),
        "overlimit_ratio": NUM,
        "damage_value": st.integers(min_value=0, max_value=50000),
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pid=st.sampled_from(PIDS),
    place=st.sampled_from(PLACES),
    offset=st.integers(min_value=0, max_value=3 * 365),
    wait=st.integers(min_value=0, max_value=700),
    party=st.sampled_from(["natural_person", "legal_person"]),
    age=st.one_of(st.none(), st.integers(min_value=10, max_value=70)),
    facts=facts_st,
)
def test_suggested_amount_stays_in_the_statutory_range(
    pid, place, offset, wait, party, age, facts
) -> None:
    v = date(2023, 1, 1) + timedelta(days=offset)
    d = v + timedelta(days=wait)
    if age is not None and party == "natural_person":
        facts = {**facts, "age": age}
    try:
        rec = recommend(CAT, RecommendationRequest(pid, place, v, d, party, facts))
    except DiscretionError:
        return  # refused with a stable code (undeclared fact, missing gain, version not recorded …)
    stat = rec.statutory_range
    if rec.outcome is Outcome.MUST_NOT_PENALISE:
        assert rec.suggested_amount is None
        return
    if rec.suggested_amount is not None:
        assert stat is not None
        assert stat.low <= rec.suggested_amount <= stat.high
        assert rec.recommended_range is not None and rec.suggested_amount in rec.recommended_range
    if rec.benchmark_range is not None:
        assert (
            stat is not None
            and stat.low <= rec.benchmark_range.low <= rec.benchmark_range.high <= stat.high
        )
    if rec.recommended_range is not None and stat is not None:
        assert rec.recommended_range.high <= stat.high
    assert rec.reasoning  # always explainable


@given(
    st.decimals(min_value="0.001", max_value=10**7, places=3),
    st.sampled_from(["floor", "ceil", "exact"]),
)
def test_overlimit_fine_is_capped_and_monotone(excess, rounding) -> None:
    warning_only, fine = weight_fine(excess, rounding)
    assert Decimal(0) <= fine <= CAP_YUAN
    assert warning_only == (excess <= 1000)
    _, more = weight_fine(excess + 1000, rounding)
    assert more >= fine


ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=10**7),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.decimals(allow_nan=True),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pid=st.sampled_from([*sorted(CAT.provisions), "nope"]),
    place=st.sampled_from([*PLACES, "", " "]),
    facts=st.dictionaries(
        st.sampled_from(
            [*sorted(__import__("zhifa.core.discretion.facts", fromlist=["FACTS"]).FACTS), "colour"]
        ),
        ANY_VALUE,
        max_size=5,
    ),
    party=st.sampled_from(["natural_person", "legal_person", "other_organisation", "robot"]),
    offset=st.integers(min_value=-400, max_value=4000),
)
def test_no_input_escapes_as_an_unexpected_exception(pid, place, facts, party, offset) -> None:
    # whatever a client sends, the engine answers or refuses with a stable code (no request may 500)
    v = date(2021, 1, 1) + timedelta(days=offset)
    d = date(2025, 6, 1)
    try:
        rec = recommend(CAT, RecommendationRequest(pid, place, v, d, party, facts, discovered_on=d))
    except DiscretionError as exc:
        assert exc.code.startswith("discretion.") and exc.message
        return
    assert rec.reasoning and rec.reasons is not None
