"""The double-random draw (T1 Art. 20): reproducible, uniform, at least two fit inspectors free of
conflicts; the duplication and cap rules (opinion item 七)."""

from collections import Counter
from datetime import date
from itertools import combinations

import pytest

from zhifa.core.draw import (
    DrawProblem,
    Scheduled,
    check_seed,
    draw,
    over_cap,
    overlaps,
    sample,
)

TARGETS = [f"t{i:02d}" for i in range(10)]
INSPECTORS = [f"o{i}" for i in range(6)]
# A fixed list of seeds: the statistical tests below are deterministic.
SEEDS = [f"2026-plan-{i}" for i in range(3000)]

# Upper 0.1 % points of the chi-square distribution (any statistics table), by degrees of freedom.
CHI2_999 = {9: 27.877, 44: 78.750}


def chi_square(counts: Counter, cells: list, total: int) -> float:
    expected = total / len(cells)
    return sum((counts[c] - expected) ** 2 / expected for c in cells)


def test_same_seed_same_draw_whatever_the_pool_order():
    # given the same seed, when the pools come in another order, then the draw is the same
    a = draw("公示种子-001", targets=TARGETS, inspectors=INSPECTORS, target_count=3)
    b = draw(
        "公示种子-001",
        targets=list(reversed(TARGETS)),
        inspectors=INSPECTORS[::-1],
        target_count=3,
    )
    assert a == b
    assert a.as_dict()["seed"] == "公示种子-001"


def test_another_seed_another_draw():
    draws = {sample(s, "targets", TARGETS, 3) for s in SEEDS[:50]}
    assert len(draws) > 40


def test_single_target_uniform_chi_square():
    # one target of ten over 3,000 fixed seeds: chi-square below the 0.1 % point (df 9)
    counts = Counter(sample(s, "targets", TARGETS, 1)[0] for s in SEEDS)
    assert set(counts) == set(TARGETS)
    assert chi_square(counts, TARGETS, len(SEEDS)) < CHI2_999[9]


def test_pairs_uniform_chi_square():
    # two of ten: each of the 45 unordered pairs equally likely (df 44)
    pairs = [tuple(sorted(p)) for p in combinations(TARGETS, 2)]
    counts = Counter(tuple(sorted(sample(s, "targets", TARGETS, 2))) for s in SEEDS)
    assert chi_square(counts, pairs, len(SEEDS)) < CHI2_999[44]


def test_a_biased_draw_would_fail_the_test():
    # the test has teeth: always favouring the first key is far above the critical value
    counts = Counter(
        TARGETS[0] if i % 5 == 0 else sample(s, "targets", TARGETS, 1)[0]
        for i, s in enumerate(SEEDS)
    )
    assert chi_square(counts, TARGETS, len(SEEDS)) > CHI2_999[9]


def test_inspectors_uniform_among_those_left():
    counts = Counter()
    for s in SEEDS[:1500]:
        result = draw(
            s,
            targets=["t"],
            inspectors=INSPECTORS,
            target_count=1,
            excluded={"t": {"o0": "曾检查"}},
        )
        counts.update(result.assignments[0].inspectors)
    assert "o0" not in counts
    # five left, two drawn each time: 600 each expected
    assert chi_square(counts, INSPECTORS[1:], 3000) < 18.467  # 0.1 % point, df 4


EXCLUSION_ROWS = [
    # (excluded, who may never be drawn for t00, why)
    ({"t00": {"o1": "亲属关系"}}, {"o1"}, "a relative of the target steps aside (TEPP Art. 12)"),
    ({"t00": {"o2": "上次检查人员"}}, {"o2"}, "who inspected it last time is not sent again"),
    ({"*": {"o3": "暂停执法"}}, {"o3"}, "an officer unfit to act is in no draw (T2 Arts. 31–32)"),
]


@pytest.mark.parametrize(("excluded", "never", "why"), EXCLUSION_ROWS)
def test_excluded_inspectors_are_never_drawn(excluded, never, why):
    for s in SEEDS[:200]:
        result = draw(s, targets=["t00"], inspectors=INSPECTORS, target_count=1, excluded=excluded)
        assert not never & set(result.assignments[0].inspectors), why


BAD_ROWS = [
    # (kwargs, code, why)
    (dict(targets=[], inspectors=INSPECTORS, target_count=1), "draw_empty_target_pool", "空库"),
    (dict(targets=TARGETS, inspectors=[], target_count=1), "draw_empty_inspector_pool", "空库"),
    (
        dict(targets=TARGETS, inspectors=INSPECTORS, target_count=1, inspectors_per_target=1),
        "draw_too_few_inspectors",
        "APL Art. 42: at least two",
    ),
    (
        dict(targets=TARGETS, inspectors=INSPECTORS, target_count=11),
        "draw_count_out_of_range",
        "more targets than the pool",
    ),
    (
        dict(targets=TARGETS, inspectors=["o1", "o2"], target_count=1, excluded={"*": {"o1": "x"}}),
        "draw_not_enough_inspectors",
        "one fit inspector left",
    ),
]


@pytest.mark.parametrize(("kwargs", "code", "why"), BAD_ROWS)
def test_impossible_draws_are_refused(kwargs, code, why):
    with pytest.raises(DrawProblem) as exc:
        draw("seed", **kwargs)
    assert exc.value.code == code, why


@pytest.mark.parametrize("seed", ["", " ", "a|b", "x" * 129])
def test_bad_seed(seed):
    with pytest.raises(DrawProblem):
        check_seed(seed)


OTHERS = [
    Scheduled("1", "91330100716105852F", "province", "2026-05-10", 1),
    Scheduled("2", "91330100716105852F", "city", "2026-05-12", 2),
    Scheduled("3", "91330100716105852F", "other", "2026-09-01", 2),
    Scheduled("4", "OTHER", "province", "2026-05-10", 1),
]

OVERLAP_ROWS = [
    # (agency, on, window, expected keys, why)
    ("city", date(2026, 5, 1), 30, {"1"}, "the province plans it within the window: caught"),
    ("county", date(2026, 5, 1), 30, {"1", "2"}, "two levels above already plan it"),
    ("city", date(2026, 5, 1), 5, set(), "outside a narrower window"),
    ("city", date(2026, 8, 20), 30, {"3"}, "another agency of the same level"),
]


@pytest.mark.parametrize(("agency", "on", "window", "expected", "why"), OVERLAP_ROWS)
def test_overlaps(agency, on, window, expected, why):
    found = overlaps("91330100716105852F", on, agency, OTHERS, window)
    assert {s.key for s in found} == expected, why


@pytest.mark.parametrize(
    ("count", "cap", "over"),
    [(0, 2, False), (1, 2, False), (2, 2, True), (5, 0, False)],
)
def test_yearly_cap(count, cap, over):
    assert over_cap(count, cap) is over
