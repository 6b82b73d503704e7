"""Mass and dimensions both over the limits: the fines are added, 30,000 at most (table tests).

《超限运输车辆行驶公路管理规定》第四十三条第二款 (provisions.md §3): a vehicle over the mass limit
(第一款第（二）项: ≤ 1,000 kg over -> warning; more -> 500 yuan per whole 1,000 kg) and over the
dimensions (第一款第（一）项: ≤ 4.2/3/20 m -> 0–200; ≤ 4.5/3.75/28 m -> 200–1,000; beyond ->
1,000–3,000) is fined the sum, capped at 30,000. Expected figures are worked out from the article.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.core.discretion import Outcome, RecommendationRequest, check_deviation, recommend
from zhifa.core.discretion.errors import DiscretionError
from zhifa.core.discretion.overlimit import (
    CAP_YUAN,
    DIMENSION_RANGES,
    cumulative,
    dimension_tier,
    weight_fine,
)

V, D = date(2025, 3, 1), date(2025, 6, 1)


def req(party="legal_person", **facts) -> RecommendationRequest:
    return RecommendationRequest("ovl-43-2", "北京", V, D, party, facts)


CUMULATIVE = [
    # weight fine, tier, low, high, capped
    ("0", 1, "0", "200", False),
    ("500", 1, "500", "700", False),
    ("500", 2, "700", "1500", False),
    ("500", 3, "1500", "3500", False),
    ("29000", 2, "29200", "30000", False),  # exactly at the cap: not cut
    ("29500", 2, "29700", "30000", True),
    ("29000", 3, "30000", "30000", True),
    ("30000", 1, "30000", "30000", True),
    ("1500", 0, "1500", "1500", False),
]


@pytest.mark.parametrize(("fine", "tier", "low", "high", "capped"), CUMULATIVE)
def test_cumulative_adds_and_caps(fine, tier, low, high, capped) -> None:
    c = cumulative(Decimal(fine), tier)
    assert (c.low, c.high, c.capped) == (Decimal(low), Decimal(high), capped)


ENGINE = [
    # (case, facts, statutory low, high, suggested, warning)
    # 6-axle 49,000 kg limit: 52,500 -> 3,500 over -> 3 whole units -> 1,500; 4.2 m is tier 1
    ("4.2 m is tier 1", {"excess_kg": 3500, "height_m": "4.2"}, 1500, 1700, 1600, False),
    ("4.21 m is tier 2", {"excess_kg": 3500, "height_m": "4.21"}, 1700, 2500, 2100, False),
    ("4.5 m is still tier 2", {"excess_kg": 3500, "height_m": "4.5"}, 1700, 2500, 2100, False),
    ("4.51 m is tier 3", {"excess_kg": 3500, "height_m": "4.51"}, 2500, 4500, 3500, False),
    ("width 3 m is tier 1", {"excess_kg": 3500, "width_m": "3"}, 1500, 1700, 1600, False),
    ("length 28.01 m is tier 3", {"excess_kg": 3500, "length_m": "28.01"}, 2500, 4500, 3500, False),
    # exactly 1,000 kg over: the mass gives a warning only, the dimension fine stands alone
    ("1,000 kg: warning + tier 2", {"excess_kg": 1000, "height_m": "4.3"}, 200, 1000, 600, True),
    ("1,001 kg: 500 + tier 1", {"excess_kg": 1001, "height_m": "4.1"}, 500, 700, 600, False),
    # the cap (第四十三条第二款)
    ("cap cuts the top", {"excess_kg": 59999, "height_m": "4.3"}, 29700, 30000, 29850, False),
    ("cap is the whole range", {"excess_kg": 58000, "width_m": "3.8"}, 30000, 30000, 30000, False),
    ("60,000 kg + tier 3", {"excess_kg": 60000, "height_m": "4.6"}, 30000, 30000, 30000, False),
]


@pytest.mark.parametrize(
    ("facts", "low", "high", "suggested", "warning"),
    [e[1:] for e in ENGINE],
    ids=[e[0] for e in ENGINE],
)
def test_recommendation_adds_the_dimension_tier(cat, facts, low, high, suggested, warning) -> None:
    rec = recommend(cat, req(**facts))
    assert rec.outcome is Outcome.PENALISE
    assert rec.statutory_range == (Decimal(low), Decimal(high))
    assert rec.recommended_range == rec.statutory_range
    assert rec.suggested_amount == Decimal(suggested)
    assert rec.warning is warning
    assert dict(rec.settings_used) == {"overlimit_rounding": "floor"}
    codes = [r.code for r in rec.reasons]
    for code in ("overlimit_weight_part", "overlimit_dimension_part", "overlimit_cumulative"):
        assert code in codes


def test_both_parts_and_the_cap_are_explained_with_the_article(cat) -> None:
    rec = recommend(
        cat,
        req(gross_mass_kg=107000, vehicle_class="6plus_axle_combination", width_m="3.8"),
    )
    by_code = {r.code: r for r in rec.reasons}
    weight = by_code["overlimit_weight_part"]
    assert "第四十三条第一款第（二）项" in weight.article and "计29,000元" in weight.text_zh
    dim = by_code["overlimit_dimension_part"]
    assert "第四十三条第一款第（一）项" in dim.article
    assert "宽3.8米" in dim.text_zh and "第三档" in dim.text_zh and dim.row_id == "ovl-43-1c"
    cap = by_code["overlimit_cumulative"]
    assert cap.article.endswith("第四十三条第二款")
    assert "累计为30,000元以上32,000元以下" in cap.text_zh
    assert "累计最高不超过30000元，罚款幅度为30,000元" in cap.text_zh
    text = rec.reasoning
    assert (
        "违反了《超限运输车辆行驶公路管理规定》第三条第一款第（一）至（三）项、第（四）至（八）项"
        in text
    )
    assert "第四十三条第二款" in text and "宽3.8米" in text and "拟处罚款30,000元" in text


def test_a_warning_for_the_mass_is_stated_with_the_dimension_fine(cat) -> None:
    rec = recommend(cat, req(excess_kg=800, height_m="4.1"))
    assert "拟给予警告，并处罚款100元" in rec.reasoning
    assert "质量超限只予警告，不计罚款" in rec.statutory_basis_zh


def test_lenient_lowers_only_the_dimension_part_and_deviations_are_flagged(cat) -> None:
    rec = recommend(cat, req(excess_kg=3500, height_m="4.3", removed_harm=True))
    # 1,500 formula + 200–1,000: the lower half, the dimension minimum suggested
    assert rec.recommended_range == (Decimal(1700), Decimal(2100))
    assert rec.suggested_amount == Decimal(1700)
    assert check_deviation(rec, 1900, "").within_recommended
    above = check_deviation(rec, 2500, "尺寸超限较重")
    assert above.requires_approval and not above.within_recommended
    with pytest.raises(DiscretionError) as exc:
        check_deviation(rec, 2501, "理由")
    assert exc.value.code == "discretion.above_statutory_maximum"
    # 《行政处罚法》第三十二条 permits 减轻: below the sum's minimum only with a reason and approval
    below = check_deviation(rec, 1600, "主动消除危害后果")
    assert below.below_statutory_minimum and below.requires_approval
    plain = recommend(cat, req(excess_kg=3500, height_m="4.3"))
    with pytest.raises(DiscretionError) as exc:
        check_deviation(plain, 1600, "理由")
    assert exc.value.code == "discretion.below_statutory_minimum"


def test_cap_refuses_more_than_30000(cat) -> None:
    rec = recommend(cat, req(excess_kg=59999, height_m="4.3"))
    with pytest.raises(DiscretionError) as exc:
        check_deviation(rec, 30001, "理由")
    assert exc.value.code == "discretion.above_statutory_maximum"


NO_DIMENSION = [
    # without dimension facts, or with dimensions within the limits, the formula alone, unchanged
    ({"excess_kg": 3500}, 1500),
    ({"excess_kg": 3500, "height_m": "4", "width_m": "2.55", "length_m": "18.1"}, 1500),
    ({"gross_mass_kg": 52500, "vehicle_class": "6plus_axle_combination"}, 1500),
]


@pytest.mark.parametrize(("facts", "fine"), NO_DIMENSION)
def test_without_dimension_excess_the_weight_formula_stands(cat, facts, fine) -> None:
    rec = recommend(cat, req(**facts))
    assert rec.formula and rec.statutory_range == (Decimal(fine), Decimal(fine))
    assert rec.suggested_amount == Decimal(fine)
    assert "overlimit_cumulative" not in [r.code for r in rec.reasons]


def test_dimensions_within_limits_are_said_once(cat) -> None:
    rec = recommend(cat, req(excess_kg=3500, height_m="3.9"))
    assert [r.code for r in rec.reasons if r.code.startswith("overlimit_")] == [
        "overlimit_dimension_within"
    ]


def test_a_warning_alone_stays_a_warning_without_dimensions(cat) -> None:
    rec = recommend(cat, req(excess_kg=1000, height_m="4"))
    assert rec.statutory_range is None and rec.warning and rec.suggested_amount is None


def test_dimensions_alone_point_to_the_dimension_provision(cat) -> None:
    with pytest.raises(DiscretionError) as exc:
        recommend(
            cat, req(gross_mass_kg=40000, vehicle_class="6plus_axle_combination", height_m="4.6")
        )
    assert exc.value.code == "discretion.facts_contradict_provision"
    assert exc.value.details["suggested"] == "ovl-43-1c"
    assert "ovl-43-1c" in exc.value.message


METRES = st.one_of(st.none(), st.decimals(min_value="0.5", max_value="40", places=2))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    excess=st.integers(min_value=1, max_value=90000),
    h=METRES,
    w=METRES,
    ln=METRES,
    lenient=st.booleans(),
)
def test_the_sum_never_passes_the_cap_nor_falls_below_the_formula(cat, excess, h, w, ln, lenient):
    facts = {"excess_kg": excess}
    facts |= {k: v for k, v in (("height_m", h), ("width_m", w), ("length_m", ln)) if v is not None}
    if lenient:
        facts["removed_harm"] = True
    rec = recommend(cat, req(**facts))
    _, fine = weight_fine(Decimal(excess))
    tier = dimension_tier(h, w, ln)
    if rec.statutory_range is None:  # a warning alone: within 1,000 kg and no dimension excess
        assert excess <= 1000 and tier == 0
        return
    low, high = rec.statutory_range
    assert high <= CAP_YUAN and low == min(fine + DIMENSION_RANGES.get(tier, (0, 0))[0], CAP_YUAN)
    assert rec.suggested_amount is not None and low <= rec.suggested_amount <= high
    assert rec.suggested_amount in rec.recommended_range
