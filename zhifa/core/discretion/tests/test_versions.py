"""A violation date before the earliest catalogued version of a rule that already existed answers
"that version is not in the catalogue" (naming the rule), never "no law in force" (APL Art. 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from zhifa.core.discretion import RecommendationRequest, recommend
from zhifa.core.discretion.errors import DiscretionError


def _first_versions(cat):
    return [p for p in cat.provisions.values() if not cat.predecessors.get(p.id)]


@pytest.mark.parametrize(
    ("pid", "on", "law_from"),
    [
        # 超限运输车辆行驶公路管理规定: the 2016 order replaced the 2000 one of the same name
        ("ovl-43-1a", date(2010, 5, 1), date(2000, 4, 1)),
        # 巡游出租汽车经营服务管理规定: renamed in 2016 from the 2015 出租汽车经营服务管理规定
        ("ct-unlicensed", date(2016, 3, 1), date(2015, 1, 1)),
        # 道路运输从业人员管理规定 (交通部令2006年第9号, in force 2007-03-01)
        ("per-45", date(2012, 1, 1), date(2007, 3, 1)),
    ],
)
def test_rule_existed_but_version_missing(cat, pid, on, law_from) -> None:
    with pytest.raises(DiscretionError) as exc:
        cat.resolve(pid, on)
    assert exc.value.code == "discretion.version_missing"
    p = cat.provision(pid)
    assert p.citation in exc.value.message and "未收录" in exc.value.message
    assert pid not in exc.value.message  # Chinese citation, never the internal id
    assert p.law_in_force_from == law_from


def test_no_rule_before_its_first_day(cat) -> None:
    with pytest.raises(DiscretionError) as exc:
        cat.resolve("upt-45-1", date(2024, 6, 1))
    assert exc.value.code == "discretion.no_law_in_force"


def test_unknown_first_day_never_claims_no_law(cat) -> None:
    """Across the whole catalogue: the day before a rule's earliest version is "no law" only where
    the catalogue knows the rule's first day and that day is the version's own."""
    for p in _first_versions(cat):
        day = p.effective_from - timedelta(days=1)
        try:
            cat.resolve(p.id, day)
        except DiscretionError as exc:
            if exc.code == "discretion.no_law_in_force":
                assert p.law_in_force_from is not None and day < p.law_in_force_from, p.id


def test_recommendation_names_the_missing_version(cat) -> None:
    req = RecommendationRequest(
        "per-45", "北京", date(2012, 1, 1), date(2012, 3, 1), "natural_person", {}
    )
    with pytest.raises(DiscretionError) as exc:
        recommend(cat, req)
    assert exc.value.code == "discretion.version_missing"
    assert "道路运输从业人员管理规定" in exc.value.message
