"""The 同案不同罚 rule: benchmark range, then median ± k·MAD within a provision and level."""

from decimal import Decimal as D

import pytest

from zhifa.core import fine_dispersion as fd


def fine(case_id, amount, low=None, high=None, agency=1):
    return fd.DecidedFine(
        case_id,
        agency,
        D(amount),
        None if low is None else D(low),
        None if high is None else D(high),
    )


@pytest.mark.parametrize(
    "values, expected",
    [
        (["5"], D("5")),
        (["1", "3"], D("2")),
        (["9", "1", "5"], D("5")),
        (["4", "1", "3", "2"], D("2.5")),
    ],
)
def test_median(values, expected):
    assert fd.median([D(v) for v in values]) == expected


def test_median_of_nothing_refused():
    with pytest.raises(ValueError):
        fd.median([])


@pytest.mark.parametrize(
    "amounts, expected_flagged",
    [
        # a tight group and one far above it
        (["1000", "1100", "1000", "900", "1000", "1050", "5000"], [7]),
        # a tight group and one far below it
        (["2000", "2100", "1900", "2000", "2050", "200"], [6]),
        # an even spread: nothing stands out
        (["1000", "1200", "1400", "1600", "1800", "2000"], []),
        # more than half identical (MAD 0): the mean absolute deviation stands in
        (["1000", "1000", "1000", "1000", "1000", "1000", "9000"], [7]),
        # every fine equal: nothing disperses
        (["500"] * 6, []),
        # fewer than MIN_GROUP decisions: no dispersion rule at all
        (["100", "100", "100", "9000"], []),
    ],
)
def test_dispersion_flags(amounts, expected_flagged):
    group = [fine(i, a) for i, a in enumerate(amounts, start=1)]
    found = fd.flags(group)
    assert [f.case_id for f in found] == expected_flagged
    assert all(f.reasons == (fd.DISPERSION,) for f in found)


@pytest.mark.parametrize(
    "amount, low, high, flagged",
    [
        ("1000", "500", "2000", False),
        ("500", "500", "2000", False),  # the bounds are inside
        ("2000", "500", "2000", False),
        ("499.99", "500", "2000", True),
        ("2000.01", "500", "2000", True),
        ("3000", None, None, False),  # no known range: the range rule says nothing
    ],
)
def test_outside_the_benchmark_range_is_always_flagged(amount, low, high, flagged):
    found = fd.flags([fine(1, amount, low, high)])
    assert bool(found) is flagged
    if flagged:
        assert found[0].reasons == (fd.OUTSIDE_RANGE,)
        assert found[0].score is None  # a single decision has no group to compare with


def test_both_reasons_and_score():
    group = [fine(i, "1000", "500", "2000") for i in range(1, 7)] + [
        fine(7, "1100", "500", "2000"),
        fine(8, "9000", "500", "2000"),
    ]
    [flag] = fd.flags(group)
    assert flag.case_id == 8
    assert flag.reasons == (fd.OUTSIDE_RANGE, fd.DISPERSION)
    assert flag.score > fd.K
    assert flag.labels[0] == "罚款数额超出该裁量阶次的基准范围"


def test_spread():
    s = fd.spread([fine(1, "100", agency=1), fine(2, "300", agency=2), fine(3, "200", agency=2)])
    assert (s.count, s.median, s.mad, s.low, s.high, s.agencies) == (
        3,
        D("200"),
        D("100"),
        D("100"),
        D("300"),
        2,
    )


@pytest.mark.parametrize(
    "decided, deviated, expected",
    [(0, 0, None), (4, 1, D("0.25")), (3, 3, D("1")), (3, 0, D("0"))],
)
def test_deviation_rate(decided, deviated, expected):
    assert fd.deviation_rate(decided, deviated) == expected
