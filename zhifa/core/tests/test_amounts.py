"""Amounts written as the statutes write them, never a Python value (table test)."""

from decimal import Decimal

import pytest

from zhifa.core.amounts import multiple_zh, range_zh, sanctions_zh, yuan_zh


@pytest.mark.parametrize(
    ("n", "zh"),
    [
        (200, "二百元"),
        (2000, "二千元"),
        (10000, "一万元"),
        (20000, "二万元"),
        (25000, "二万五千元"),
        (30500, "三万零五百元"),
        (100000, "十万元"),
        (1500000, "一百五十万元"),
        (Decimal("0.5"), "0.5元"),
    ],
)
def test_yuan(n, zh):
    assert yuan_zh(n) == zh


@pytest.mark.parametrize(
    ("low", "high", "zh"),
    [
        (0, 50000, "五万元以下"),
        (None, 50000, "五万元以下"),
        (20000, 100000, "二万元以上十万元以下"),
        (200, None, "二百元以上"),
        (None, None, ""),
        (2000, 2000, "二千元"),
    ],
)
def test_ranges(low, high, zh):
    assert range_zh(low, high) == zh


def test_multiples():
    assert multiple_zh(1, 5) == "一倍以上五倍以下"
    assert multiple_zh(Decimal("0"), Decimal("3")) == "三倍以下"
    assert multiple_zh(Decimal("0.5"), 2) == "0.5倍以上二倍以下"


def test_a_gain_provision_without_threshold_says_no_gains_never_none():
    # 《公路法》第七十四条: 违法所得三倍以下；没有违法所得的，二万元以下
    text = "；".join(
        sanctions_zh(
            gain_multiple_min=0,
            gain_multiple_max=3,
            small_gain_threshold=None,
            fallback_fine_min=0,
            fallback_fine_max=20000,
        )
    )
    assert text == "处违法所得三倍以下的罚款；没有违法所得的，处二万元以下的罚款"
    assert "None" not in text


def test_a_gain_provision_with_threshold():
    text = sanctions_zh(
        warning=True,
        gain_multiple_min=1,
        gain_multiple_max=5,
        small_gain_threshold=10000,
        fallback_fine_min=3000,
        fallback_fine_max=10000,
    )
    assert text == [
        "警告",
        "处违法所得一倍以上五倍以下的罚款",
        "没有违法所得或者违法所得不足一万元的，处三千元以上一万元以下的罚款",
    ]
