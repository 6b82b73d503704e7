"""One row per item of shared/data/no_penalty_lists.json (table test), written from the item's text.

Each row: the provision, the place and dates, facts meeting every listed condition, and the expected
outcome with the article. Every listed condition is required: removing any one stated fact must take
the item away (APL Art. 33 lists are applied only when all conditions hold).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from zhifa.core.discretion import Outcome, RecommendationRequest, recommend
from zhifa.core.discretion.catalogue import shared_data_dir, without_duplicate_lists
from zhifa.core.discretion.ids import exemption_list_id

M, E, P = Outcome.MUST_NOT_PENALISE, Outcome.MAY_EXEMPT, Outcome.PENALISE
V, D = date(2025, 3, 1), date(2025, 6, 1)
HSP69 = {
    "first_violation": True,
    "obstructed": False,
    "loading_rectified": True,
    "consequence": "minor",
    "accident": False,
    "caused_congestion": False,
    "restored": True,
}
HL764 = {
    "first_violation": True,
    "obstructed": False,
    "stopped": True,
    "caused_damage": False,
    "accident": False,
    "caused_congestion": False,
}
MINOR = {"violation_minor": True, "corrected": True, "consequence": "none"}
NRH_CASE = {
    "first_violation": True,
    "obstructed": False,
    "consequence": "minor",
    "stopped": True,
    "commitment_signed": True,
}
SHANXI = {
    "vehicle_inspection_valid": True,
    "licence_lapsed_days": 20,
    "violation_minor": True,
    "corrected": True,
    "illegal_gain": 0,
}

# (list id, item index) -> None (never applied: conditions or provision not retrieved) or
# (provision, place, violation, decision, facts, outcome, article expected on the ground)
ROWS: dict[tuple[str, int], tuple[str, str, date, date, dict, Outcome, str] | None] = {
    ("npl-2021-9c93de", 0): ("hsp-69", "河南", V, D, HSP69, E, "第三十三条第一款"),
    ("npl-2021-9c93de", 1): ("hl-76-4", "河南", V, D, HL764, E, "第三十三条第一款"),
    ("npl-2021-9c93de", 2): None,
    # the township list still names a penalty deleted by the 2023 revision: the APL Art. 37 rule decides
    ("npl-2024-31ce08", 0): (
        "rtr2019-68",
        "湖南（麻阳县石羊哨乡）",
        date(2023, 5, 1),
        date(2024, 3, 1),
        {"first_violation": True, "consequence": "minor", "corrected": True},
        M,
        "第三十七条",
    ),
    # 维修备案 is a correct-first article: no fine before a refusal to correct, whatever the list says
    ("npl-2022-679f7e", 0): (
        "rtr2023-65-4",
        "湖北",
        V,
        D,
        {"first_violation": True, "violation_minor": True, "corrected": True},
        M,
        "第六十五条",
    ),
    ("npl-2022-679f7e", 1): None,
    ("npl-2022-679f7e", 2): None,
    ("npl-2022-679f7e", 3): (
        "rtr2023-69-2",
        "湖北",
        V,
        D,
        {
            "first_violation": True,
            "minor_modification": True,
            "restored": True,
            "accident": False,
            "overloaded": False,
        },
        E,
        "第三十三条第一款",
    ),
    ("npl-2022-679f7e", 4): (
        "hsp-65-2",
        "湖北",
        V,
        D,
        {"first_violation": True, "violation_minor": True, "corrected": True},
        P,
        "免予扣留车辆",
    ),
    ("npl-2022-679f7e", 5): None,
    ("npl-2022-679f7e", 6): None,
    ("npl-2022-679f7e", 7): None,
    ("npl-2022-715d2e", 0): ("hl-77-1", "江苏", V, D, MINOR, M, "第三十三条第一款"),
    ("npl-2022-715d2e", 1): ("hl-77-2", "江苏", V, D, MINOR, M, "第三十三条第一款"),
    ("npl-2022-715d2e", 2): None,
    ("npl-2022-715d2e", 3): ("ct-driver", "江苏", V, D, MINOR, M, "第三十三条第一款"),
    ("npl-2021-636cc6", 0): None,
    ("npl-2021-636cc6", 1): None,
    ("npl-2021-636cc6", 2): (
        "inl-68",
        "长江海事局",
        V,
        D,
        {"first_violation": True, **MINOR},
        M,
        "第三十三条第一款",
    ),
    **{("npl-2007-f8e92f", i): None for i in range(8)},  # 2007 Nanjing list: historical
    **{
        ("npl-2025-52322f", i): None for i in range(8)
    },  # warning-education list: no legal basis printed
    ("npl-2025-521b34", 0): (
        "nrh-34-3",
        "江苏",
        V,
        date(2025, 12, 15),
        {"first_violation": True, "consequence": "minor", "corrected": True},
        E,
        "第三十三条第一款",
    ),
    ("npl-2025-521b34", 1): (
        "nrh-34-2",
        "江苏",
        V,
        date(2025, 12, 15),
        NRH_CASE,
        E,
        "第三十三条第一款",
    ),
}


def _data_items() -> list[tuple[str, int]]:
    data = json.loads((shared_data_dir() / "no_penalty_lists.json").read_text("utf-8"))
    data = without_duplicate_lists(data)  # issue 9: duplicate lists are left out
    return [(exemption_list_id(d), i) for d in data for i in range(len(d["items"]))]


ITEMS = _data_items()


def test_every_item_of_the_data_has_a_row() -> None:
    assert set(ITEMS) == set(ROWS)


@pytest.mark.parametrize(("lid", "index"), ITEMS, ids=[f"{a}#{b}" for a, b in ITEMS])
def test_item(cat, lid: str, index: int) -> None:
    lst = next(x for x in cat.exemption_lists if x.id == lid)
    item = lst.items[index]
    row = ROWS[(lid, index)]
    if row is None:
        # then the item is never applied automatically
        assert item.when is None or lst.historical
        return
    pid, place, v, d, facts, outcome, article = row
    # given facts meeting every condition of the item
    assert item.when is not None and item.when.test(facts)
    # when the engine recommends
    rec = recommend(cat, RecommendationRequest(pid, place, v, d, "natural_person", facts))
    # then the outcome and its article are as the list and the APL say
    assert rec.outcome is outcome
    texts = [f.article for f in rec.factors] + [r.text_zh for r in rec.reasons]
    assert any(article in t for t in texts)


@pytest.mark.parametrize(
    ("lid", "index"), [k for k, v in ROWS.items() if v is not None and v[5] is Outcome.MAY_EXEMPT]
)
def test_every_condition_is_required(cat, lid: str, index: int) -> None:
    # given the facts that meet the item
    pid, place, v, d, facts, _, _ = ROWS[(lid, index)]  # type: ignore[misc]
    item = next(x for x in cat.exemption_lists if x.id == lid).items[index]
    for name in item.when.facts:  # type: ignore[union-attr]
        if name not in facts:
            continue
        # when one stated condition is dropped
        partial = {k: val for k, val in facts.items() if k != name}
        # then the item no longer applies
        assert not item.when.test(partial), name  # type: ignore[union-attr]
        rec = recommend(cat, RecommendationRequest(pid, place, v, d, "natural_person", partial))
        assert all(f.row_id != item.id for f in rec.factors), name


def test_duplicate_no_penalty_lists_are_left_out(cat) -> None:
    """Issue 9: one record per list; the 江苏 2025 list twice and the 山西 restatement of a benchmark
    tier are dropped, so the same exemption is never offered twice."""
    ids = {lst.id for lst in cat.exemption_lists}
    assert "npl-2025-521b34" in ids
    assert not ids & {"npl-2025-c261b6", "npl-2025-7037ae"}
    documents = [lst.document for lst in cat.exemption_lists]
    assert len(documents) == len(set(documents))
