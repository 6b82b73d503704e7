"""Deviation from the recommended range: written reason and approval (国办发〔2022〕27号 §(十二))."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.discretion import RecommendationRequest, check_deviation, recommend
from zhifa.core.discretion.deviation import APPROVAL
from zhifa.core.discretion.errors import DiscretionError

V, D = date(2025, 3, 1), date(2025, 6, 1)


@pytest.fixture
def rec(cat):
    # 浙江 hl-76-1 一般 level: 3,000–5,000 within 0–30,000
    return recommend(
        cat, RecommendationRequest("hl-76-1", "浙江", V, D, "legal_person", {"area_m2": 4})
    )


CASES = [
    ("inside the range", 4000, "", False),
    ("at the bound", 5000, "", False),
    ("above, with reason", 8000, "当事人拒不配合，多次违法", True),
    ("below, with reason", 1000, "当事人经济困难且已修复", True),
]


@pytest.mark.parametrize(("case", "amount", "reason", "approval"), CASES, ids=[c[0] for c in CASES])
def test_deviation(rec, case, amount, reason, approval) -> None:
    d = check_deviation(rec, amount, reason)
    assert d.requires_approval is approval
    assert d.approval == (APPROVAL if approval else "")


REFUSED = [
    ("outside without reason", 8000, "", "discretion.deviation_reason_required"),
    ("above the statutory maximum", 30001, "理由", "discretion.above_statutory_maximum"),
    ("negative", -1, "理由", "discretion.negative_amount"),
]


@pytest.mark.parametrize(("case", "amount", "reason", "code"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused(rec, case, amount, reason, code) -> None:
    with pytest.raises(DiscretionError) as exc:
        check_deviation(rec, amount, reason)
    assert exc.value.code == code


def test_below_minimum_only_with_mitigation(cat) -> None:
    plain = recommend(cat, RecommendationRequest("rtr2023-64", "北京", V, D, "natural_person", {}))
    with pytest.raises(DiscretionError) as exc:
        check_deviation(plain, 100, "理由")
    assert exc.value.code == "discretion.below_statutory_minimum"
    minor = recommend(
        cat, RecommendationRequest("rtr2023-64", "北京", V, D, "natural_person", {"age": 15})
    )
    d = check_deviation(minor, Decimal(100), "未成年人，减轻处罚")
    assert d.below_statutory_minimum and d.requires_approval


def test_no_fine_on_a_no_penalty_outcome(cat) -> None:
    rec = recommend(
        cat, RecommendationRequest("rtr2023-64", "北京", V, D, "natural_person", {"age": 12})
    )
    with pytest.raises(DiscretionError) as exc:
        check_deviation(rec, 200, "理由")
    assert exc.value.code == "discretion.fine_on_no_penalty"
