"""超限运输车辆行驶公路管理规定 第三条、第四十三条 at its boundaries (table tests).

Expected fines written from the article: ≤ 1,000 kg over -> warning only; > 1,000 kg -> 500 yuan per
1,000 kg over, whole units only by default ("floor"), at most 30,000; dimension tiers ≤ 4.2/3/20 m,
≤ 4.5/3.75/28 m, beyond; several parts added, total at most 30,000 (第四十三条第二款).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhifa.core.discretion import assess_overlimit
from zhifa.core.discretion.errors import DiscretionError
from zhifa.core.discretion.overlimit import dimension_tier, weight_fine, weight_limit_kg

WEIGHT = [
    # excess kg, floor, ceil, exact (None = warning only)
    ("1", None, None, None),
    ("1000", None, None, None),
    ("1000.001", 500, 1000, "500.0005"),
    ("1001", 500, 1000, "500.5"),
    ("1999", 500, 1000, "999.5"),
    ("2000", 1000, 1000, "1000"),
    ("2001", 1000, 1500, "1000.5"),
    ("59999", 29500, 30000, "29999.5"),
    ("60000", 30000, 30000, "30000"),
    ("60001", 30000, 30000, "30000"),
    ("150000", 30000, 30000, "30000"),
]


@pytest.mark.parametrize(("excess", "floor", "ceil", "exact"), WEIGHT, ids=[w[0] for w in WEIGHT])
def test_weight_fine(excess, floor, ceil, exact) -> None:
    for rounding, expected in (("floor", floor), ("ceil", ceil), ("exact", exact)):
        warning_only, fine = weight_fine(Decimal(excess), rounding)
        if expected is None:
            assert warning_only and fine == 0
        else:
            assert not warning_only and fine == Decimal(expected), rounding


def test_no_excess_is_not_overlimit() -> None:
    with pytest.raises(DiscretionError) as exc:
        weight_fine(Decimal(0))
    assert exc.value.code == "discretion.facts_contradict_provision"


def test_unknown_rounding_is_refused() -> None:
    with pytest.raises(DiscretionError):
        weight_fine(Decimal(5000), "nearest")


LIMITS = {"2_axle_truck": 18000, "6plus_axle_combination": 49000}


@pytest.mark.parametrize(
    ("vclass", "single_tyre", "limit"),
    [
        ("2_axle_truck", False, 18000),
        ("2_axle_truck", True, 15000),
        ("6plus_axle_combination", False, 49000),
    ],
)
def test_limits(vclass, single_tyre, limit) -> None:
    assert weight_limit_kg(LIMITS, vclass, single_tyre) == limit


DIMENSIONS = [
    # height, width, length, tier
    ("4", "2.55", "18.1", 0),
    ("4.01", "2.5", "18", 1),
    ("4.2", "3", "20", 1),
    ("4.21", "3", "20", 2),
    ("4.2", "3.01", "20", 2),
    ("4.2", "3", "20.1", 2),
    ("4.5", "3.75", "28", 2),
    ("4.51", "3", "20", 3),
    ("4", "3.76", "18", 3),
    ("4", "2.5", "28.01", 3),
]


@pytest.mark.parametrize(("h", "w", "ln", "tier"), DIMENSIONS)
def test_dimension_tier(h, w, ln, tier) -> None:
    assert dimension_tier(Decimal(h), Decimal(w), Decimal(ln)) == tier


def test_several_parts_are_added_and_capped() -> None:
    a = assess_overlimit(
        height_m=Decimal("4.6"), gross_mass_kg=Decimal(49000 + 58000), limit_kg=Decimal(49000)
    )
    assert (a.dimension_tier, a.weight_fine) == (3, Decimal(29000))
    assert (a.total_low, a.total_high) == (Decimal(30000), Decimal(30000))
    b = assess_overlimit(
        height_m=Decimal("4.3"), gross_mass_kg=Decimal(20500), limit_kg=Decimal(18000)
    )
    assert (b.total_low, b.total_high) == (Decimal(1200), Decimal(2000))
