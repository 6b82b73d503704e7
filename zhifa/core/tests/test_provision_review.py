"""处罚规定清理评估: the screening flags (交法发〔2021〕53号 第（十）项) and the replay comparison, as tables."""

from decimal import Decimal as D

import pytest

from zhifa.core import provision_review as pr
from zhifa.core.provision_review import Outcome, ProvisionFigures, Tally, changed, direction, flags

BASE = dict(statutory_low=D(1000), statutory_high=D(30000))

FLAG_ROWS = [
    # (figures, expected flag codes, why)
    (ProvisionFigures(decided=0), ["rarely_used"], "no decision in the period: 缺乏针对性实用性"),
    (
        ProvisionFigures(decided=2, no_penalty=2),
        ["rarely_used"],
        "too few cases to judge anything else",
    ),
    (ProvisionFigures(decided=19, no_penalty=19), [], "19 cases: no judgement on shares yet"),
    (ProvisionFigures(decided=20, no_penalty=10), ["mostly_no_penalty"], "half not penalised"),
    (
        ProvisionFigures(decided=20, no_penalty=9, fined=11, **BASE),
        [],
        "9 of 20: below the 50% line",
    ),
    (
        ProvisionFigures(decided=40, fined=40, below_minimum=12, **BASE),
        ["mostly_below_minimum"],
        "30% mitigated below the statutory minimum: the minimum may be too high",
    ),
    (
        ProvisionFigures(decided=40, fined=40, below_minimum=11, **BASE),
        [],
        "27.5% below the minimum: under the line",
    ),
    (
        ProvisionFigures(decided=40, fined=40, at_maximum=20, **BASE),
        ["mostly_at_maximum"],
        "half at the statutory maximum: no room for the worst cases",
    ),
    (
        ProvisionFigures(
            decided=30,
            fined=30,
            mean_fine=D(900),
            benchmark_low=D(1000),
            benchmark_high=D(5000),
            **BASE,
        ),
        ["mean_outside_benchmark"],
        "practice below the benchmark's span",
    ),
    (
        ProvisionFigures(
            decided=30,
            fined=30,
            mean_fine=D(5000),
            benchmark_low=D(1000),
            benchmark_high=D(5000),
            **BASE,
        ),
        [],
        "the bounds of the span belong to it",
    ),
    (
        ProvisionFigures(decided=50, remedies=5),
        ["many_remedies"],
        "10% taken to reconsideration or court",
    ),
    (ProvisionFigures(decided=50, remedies=4), [], "8%: under the line"),
    (
        ProvisionFigures(decided=50, remedies=None),
        [],
        "remedies not recorded: no flag, never a guess",
    ),
    (
        ProvisionFigures(decided=100, complaints=5),
        ["many_complaints"],
        "5 complaints per 100 decisions",
    ),
    (ProvisionFigures(decided=100, complaints=None), [], "complaints not linked: no flag"),
    (
        ProvisionFigures(decided=50, remedy_concluded=5, remedy_reversed=1),
        ["many_reversals"],
        "1 of 5 outcomes corrected the decision: 20%",
    ),
    (
        ProvisionFigures(decided=50, remedy_concluded=6, remedy_reversed=1),
        [],
        "1 of 6: under the line",
    ),
    (
        ProvisionFigures(decided=50, remedy_concluded=2, remedy_reversed=2),
        [],
        "two outcomes are too few to judge a provision",
    ),
]


@pytest.mark.parametrize(("figures", "codes", "why"), FLAG_ROWS)
def test_flags(figures, codes, why):
    got = flags(figures)
    assert [f.code for f in got] == codes, why
    for f in got:
        assert f.reason_zh and f.ground in (
            "明显过罚不当",
            "缺乏针对性实用性",
            "不适应经济社会发展需要",
        )


def test_a_flag_reason_states_its_figures_in_chinese():
    (flag,) = flags(ProvisionFigures(decided=40, fined=40, at_maximum=20, **BASE))
    assert (
        "40件罚款中20件" in flag.reason_zh
        and "30,000元" in flag.reason_zh
        and "50.0%" in flag.reason_zh
    )


def O(level, low, high, amount, outcome="penalise"):  # noqa: E743
    return Outcome(
        outcome,
        level,
        D(low) if low is not None else None,
        D(high) if high is not None else None,
        D(amount) if amount is not None else None,
    )


CHANGE_ROWS = [
    # (before, after, changed, direction, why)
    (O("一般", 3000, 5000, 4000), O("一般", 3000, 5000, 4000), False, "same", "nothing differs"),
    (
        O("一般", 3000, 5000, 4000),
        O("一般", 2000, 5000, 4000),
        True,
        "same",
        "range differs, amount not",
    ),
    (O("一般", 3000, 5000, 4000), O("一般", 2000, 4000, 3000), True, "lighter", "lower amount"),
    (O("一般", 3000, 5000, 4000), O("较重", 5000, 10000, 7500), True, "heavier", "another level"),
    (
        O("轻微", 0, 3000, 1500),
        O("轻微", None, None, None, outcome="must_not_penalise"),
        True,
        "lighter",
        "no penalty now: amount counts as 0",
    ),
]


@pytest.mark.parametrize(("before", "after", "is_changed", "way", "why"), CHANGE_ROWS)
def test_changed_and_direction(before, after, is_changed, way, why):
    assert changed(before, after) is is_changed, why
    assert direction(before, after) == way, why


def test_tally_counts_sums_and_distribution_and_survives_json():
    t = Tally()
    t.add(O("一般", 3000, 5000, 4000), O("一般", 3000, 5000, 4000))
    t.add(O("一般", 3000, 5000, 4000), O("轻微", 0, 3000, 1500))
    t.add(O("较重", 5000, 10000, 7500), O("较重", 5000, 12000, 8500))
    t = Tally.from_json(t.as_json())  # as stored between batches
    t.failed += 1
    assert (t.replayed, t.changed, t.heavier, t.lighter, t.failed) == (3, 2, 1, 1, 1)
    assert (t.sum_before, t.sum_after) == (D(15500), D(14000))
    assert t.distribution() == [("轻微", 0, 1), ("一般", 2, 1), ("较重", 1, 1)]  # lightest first


@pytest.mark.parametrize(
    "names, expected",
    [
        (["一般", "轻微"], ["轻微", "一般"]),
        (["严重", "较重", "一般"], ["一般", "较重", "严重"]),
        (["特别严重", "严重"], ["严重", "特别严重"]),
        ([pr.NO_LEVEL, "较轻", "减轻处罚档"], ["减轻处罚档", "较轻", pr.NO_LEVEL]),
        (["其他", "一般"], ["一般", "其他"]),
    ],
)
def test_levels_sort_lightest_first_whatever_the_stored_order(names, expected):
    assert sorted(names, key=pr.level_rank) == expected
