"""Benchmarks against the statute (国办发〔2022〕27号 §(六)): narrower is fine, outside is illegal."""

from __future__ import annotations

from datetime import date

from zhifa.core.discretion import legality_check
from zhifa.core.discretion.parsing import parse_benchmark

TODAY = date(2026, 1, 1)


def versions(cat, b):
    return [v for pid in b.applies_to for v in cat.versions_of(pid)]


def test_freight_table_written_before_the_2023_revision_is_caught(cat) -> None:
    # given the Jiangxi freight table written against the old 3万–10万 range
    b = cat.benchmark_index["bm-rtr2019-63-cd2572"]
    # when checked on its own date (the old statute) and today (the 2023 freight range 3,000–10,000)
    then_ = legality_check(b, versions(cat, b))
    now = legality_check(b, versions(cat, b), TODAY)
    # then it was lawful when written and is obsolete now, level by level, with the reason
    assert then_ == []
    assert {(p.level, p.code) for p in now} >= {
        ("首次", "level_above_statutory_maximum"),
        ("再次", "level_above_statutory_maximum"),
    }
    assert all(p.provision_id == "rtr2023-63-1" and p.kind == "illegal" for p in now)
    assert "10,000" in now[0].message


def test_passenger_table_of_the_same_era_stays_lawful(cat) -> None:
    b = cat.benchmark_index[
        "bm-rtr2019-63-c9f37a"
    ]  # 甘肃, passenger: 30,000–100,000 within 10,000–100,000
    assert legality_check(b, versions(cat, b), TODAY) == []


def test_mixed_table_is_obsolete_for_freight_only(cat) -> None:
    b = cat.benchmark_index["bm-rtr2019-63-d0486e"]  # 安徽, 客货
    problems = legality_check(b, versions(cat, b), TODAY)
    assert problems and {p.provision_id for p in problems} == {"rtr2023-63-1"}


def test_taxi_driver_table_below_the_new_minimum(cat) -> None:
    b = cat.benchmark_index["bm-ct-2014-driver-1482f8"]
    problems = legality_check(b, versions(cat, b), TODAY)
    assert {p.code for p in problems} == {"level_below_statutory_minimum"}


def test_superseded_draft_and_repealed_are_flagged(cat) -> None:
    old = cat.benchmark_index["bm-hl-76-5-99cba8"]
    assert [p.code for p in legality_check(old, versions(cat, old))] == ["benchmark_superseded"]
    assert "benchmark_draft" in [
        p.code for p in legality_check(cat.benchmark_index["bm-general-1768f9"], [])
    ]
    b = cat.benchmark_index["bm-rtr2019-68-87442f"]
    assert "provision_repealed" in [p.code for p in legality_check(b, versions(cat, b), TODAY)]


def test_import_of_an_illegal_level_is_rejected(cat) -> None:
    # given a new table for 公路法 第七十八条 (up to 1,000) with a 2,000 level
    d = {
        "id": "bm-test",
        "provision_id": "hl-78",
        "province": "浙江",
        "document": "测试基准",
        "year": 2025,
        "levels": [
            {
                "level": "一般",
                "kind": "ordinary",
                "when": {"all": []},
                "conditions_zh": "一般",
                "fine_min": 0,
                "fine_max": 500,
            },
            {
                "level": "严重",
                "kind": "grave",
                "when": ["accident", "bool", True],
                "conditions_zh": "事故",
                "fine_min": 500,
                "fine_max": 2000,
            },
        ],
    }
    b = parse_benchmark(d)
    problems = legality_check(b, cat.versions_of("hl-78"))
    assert [(p.level, p.code) for p in problems] == [("严重", "level_above_statutory_maximum")]


def test_obsolete_table_is_not_used_and_the_reason_says_so(cat) -> None:
    from zhifa.core.discretion import RecommendationRequest, recommend

    rec = recommend(
        cat,
        RecommendationRequest(
            "rtr2023-63-1",
            "江西",
            date(2025, 3, 1),
            date(2025, 6, 1),
            "legal_person",
            {"illegal_gain": 0, "repeat_count": 1},
        ),
    )
    assert rec.benchmark is None
    codes = [r.code for r in rec.reasons]
    assert "benchmark_obsolete" in codes and "no_benchmark" in codes
