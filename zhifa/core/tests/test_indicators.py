"""The indicator catalogue and one case's contribution to the counters (table tests)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.citations import render_text, unknown_abbreviations
from zhifa.core.indicators import (
    CASE_COUNTERS,
    CATALOGUE,
    CaseRow,
    Source,
    case_counters,
    ratio,
)

D = date
DECIDED = {"filed_on": D(2026, 3, 2), "decided_on": D(2026, 3, 12)}

# (row, counters expected to be non-zero, why)
ROWS = [
    (CaseRow(open=True, general=False), {"cases": 1, "open": 1}, "a lead: counted and open"),
    (
        CaseRow(open=True, general=True, review_required=True, filed_on=D(2026, 3, 2)),
        {"cases": 1, "open": 1},
        "APL Art. 58: coverage counts decided cases only; review may still come",
    ),
    (
        CaseRow(open=True, general=True, review_required=True, review_passed=True, **DECIDED),
        {
            "cases": 1, "open": 1, "decided": 1, "decided_general": 1, "days_decided": 10,
            "n_decided_days": 1, "review_required": 1, "review_done": 1,
        },
        "APL Arts. 58, 60: decided after a required review, 10 days from filing",
    ),
    (
        CaseRow(open=False, general=True, review_required=True, **DECIDED),
        {
            "cases": 1, "decided": 1, "decided_general": 1, "days_decided": 10,
            "n_decided_days": 1, "review_required": 1,
        },
        "APL Art. 58: required and not reviewed — the gap the indicator shows",
    ),
    (
        CaseRow(open=False, general=True, no_penalty=True, first_violation=True,
                recommended=True, deviated=True, **DECIDED),
        {
            "cases": 1, "decided": 1, "decided_general": 1, "days_decided": 10,
            "n_decided_days": 1, "no_penalty": 1, "first_violation": 1,
        },
        "APL Art. 33 para 1: first violation not penalised; no fine, so no deviation counted",
    ),
    (
        CaseRow(open=False, general=True, recommended=True, deviated=True, evidence=True,
                hearing_offered=True, remedied=True, **DECIDED),
        {
            "cases": 1, "decided": 1, "decided_general": 1, "days_decided": 10,
            "n_decided_days": 1, "recommended": 1, "deviated": 1, "with_evidence": 1,
            "hearing_offered": 1, "remedied": 1,
        },
        "APL Art. 34: a fine departing from the recommendation; a hearing offered, not held",
    ),
    (
        CaseRow(open=False, general=False, decided_on=D(2026, 3, 2), evidence=True),
        {"cases": 1, "decided": 1},
        "summary procedure: no handling days (APL Art. 60 is the general procedure's)",
    ),
    (
        CaseRow(open=True, general=True, filed_on=D(2026, 3, 9), report_on=D(2026, 3, 2)),
        {"cases": 1, "open": 1},
        "a report dated before the filing gives no (negative) days",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("row", "expected", "why"), ROWS)
def test_case_counters(row, expected, why):
    got = {k: v for k, v in case_counters(row).items() if v}
    assert got == expected, why


def test_every_indicator_is_well_formed():
    for ind in CATALOGUE:
        assert ind.definition and ind.label
        assert render_text(ind.article) != ind.article, ind.code  # rendered as a Chinese cite
        assert not unknown_abbreviations(ind.article), ind.code
        if ind.source == Source.CASES:
            assert ind.numerator in CASE_COUNTERS, ind.code
            assert ind.denominator is None or ind.denominator in CASE_COUNTERS, ind.code


def test_no_fine_amounts_among_the_indicators():
    # APL Art. 74 para 3 (legal.md §B.3): never fine totals or counts of fines as a target
    for ind in CATALOGUE:
        text = f"{ind.code} {ind.numerator} {ind.denominator}"
        assert "fine" not in text and "amount" not in text, ind.code


RATIOS = [
    (1, 3, True, 33.3, "a rate in percent, one decimal"),
    (14, 2, False, 7.0, "an average (days)"),
    (5, None, False, 5, "a count"),
    (7.5, None, False, 7.5, "a count of hours keeps its fraction"),
    (0, 0, True, None, "nothing to divide by: no figure, not zero"),
]


@pytest.mark.parametrize(("num", "den", "percent", "expected", "why"), RATIOS)
def test_ratio(num, den, percent, expected, why):
    got = ratio(num, den, percent=percent)
    assert got == expected, why
    assert type(got) is type(expected), f"{why}: shown as {got!r}"  # 10 cases, never "10.0"


dates = st.one_of(st.none(), st.dates(D(2024, 1, 1), D(2026, 12, 31)))


@given(
    st.builds(
        CaseRow,
        open=st.booleans(),
        general=st.booleans(),
        filed_on=dates,
        report_on=dates,
        review_submitted_on=dates,
        review_decided_on=dates,
        decided_on=dates,
        no_penalty=st.booleans(),
        first_violation=st.booleans(),
        review_required=st.booleans(),
        review_passed=st.booleans(),
        deliberation_required=st.booleans(),
        deliberation_resolved=st.booleans(),
        hearing_offered=st.booleans(),
        hearing_held=st.booleans(),
        recommended=st.booleans(),
        deviated=st.booleans(),
        evidence=st.booleans(),
        remedied=st.booleans(),
    )
)
def test_every_rate_stays_within_its_denominator(row):
    c = case_counters(row)
    assert all(v >= 0 for v in c.values())
    for ind in CATALOGUE:
        if ind.source == Source.CASES and ind.is_rate:
            assert c[ind.numerator] <= c[ind.denominator], ind.code
