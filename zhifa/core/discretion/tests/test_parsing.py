"""Loading: the shared data parses; bad records are refused with the record id, the field and a code."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.core.discretion import (
    compile_condition,
    parse_benchmark,
    parse_exemption_list,
    parse_provision,
)
from zhifa.core.discretion.errors import DiscretionError

GOOD = {
    "id": "x-1",
    "sector": "road_transport",
    "law": "测试条例",
    "law_year": 2020,
    "article": "第一条",
    "conduct_zh": "测试行为",
    "fine_min": 100,
    "fine_max": 200,
}


def test_shared_data_loads(cat) -> None:
    assert (
        len(cat.provisions) == 144 and len(cat.benchmarks) == 38 and len(cat.exemption_lists) == 14
    )
    # version traps are wired: the 2019 article 63 is split into three successors
    assert cat.provision("rtr2019-63").superseded_by == (
        "rtr2023-63-1",
        "rtr2023-63-2",
        "rtr2023-63-3",
    )
    assert cat.provision("rtr2019-63").effective_to == date(2023, 7, 19)
    assert cat.provision("rtr2019-68").repealed


BAD_PROVISIONS = [
    ("no id", {k: v for k, v in GOOD.items() if k != "id"}, "id"),
    ("negative fine", {**GOOD, "fine_min": -5}, "fine_min"),
    ("min above max", {**GOOD, "fine_min": 300}, "fine_min"),
    ("min without max", {**GOOD, "fine_max": None}, "fine_max"),
    ("text fine", {**GOOD, "fine_max": True}, "fine_max"),
    ("bad year", {**GOOD, "law_year": "2020"}, "law_year"),
    ("bad date", {**GOOD, "effective_from": "2020/01/01"}, "effective_from"),
    (
        "end before start",
        {**GOOD, "effective_from": "2020-01-01", "effective_to": "2019-01-01"},
        "effective_to",
    ),
    (
        "multiple min above max",
        {**GOOD, "gain_multiple_min": 5, "gain_multiple_max": 2},
        "gain_multiple_min",
    ),
    ("bad warning mode", {**GOOD, "warning_mode": "sometimes"}, "warning_mode"),
]


@pytest.mark.parametrize(
    ("case", "record", "field"), BAD_PROVISIONS, ids=[b[0] for b in BAD_PROVISIONS]
)
def test_bad_provision(case, record, field) -> None:
    with pytest.raises(DiscretionError) as exc:
        parse_provision(record)
    assert exc.value.code == "discretion.invalid_record"
    assert exc.value.details["field"] == field
    assert "数据记录" in exc.value.message


BENCH = {
    "id": "bm-t",
    "provision_id": "x-1",
    "province": "浙江",
    "document": "测试",
    "year": 2025,
    "levels": [
        {
            "level": "一般",
            "kind": "ordinary",
            "when": ["repeat_count", "eq", 1],
            "conditions_zh": "初次",
            "fine_min": 100,
            "fine_max": 150,
        }
    ],
}


def _level(**kw):
    return {**BENCH, "levels": [{**BENCH["levels"][0], **kw}]}


BAD_BENCHMARKS = [
    ("no levels", {**BENCH, "levels": []}, "levels"),
    ("unknown fact", _level(when=["colour", "eq", "red"]), "when"),
    ("unknown operator", _level(when=["repeat_count", "approx", 1]), "when"),
    ("bool op on number", _level(when=["repeat_count", "bool", True]), "when"),
    ("between reversed", _level(when=["area_m2", "between", [5, 2]]), "when"),
    ("enum ordered", _level(when=["consequence", "gt", "minor"]), "when"),
    ("bad enum value", _level(when=["consequence", "eq", "huge"]), "consequence"),
    ("no kind", _level(kind=None), "kind"),
    ("min above max", _level(fine_min=200), "fine_min"),
    ("duplicate label", {**BENCH, "levels": BENCH["levels"] * 2}, "levels[1].level"),
]


@pytest.mark.parametrize(
    ("case", "record", "field"), BAD_BENCHMARKS, ids=[b[0] for b in BAD_BENCHMARKS]
)
def test_bad_benchmark(case, record, field) -> None:
    with pytest.raises(DiscretionError) as exc:
        parse_benchmark(record)
    assert exc.value.code == "discretion.invalid_record"
    assert exc.value.details["field"] == field
    assert exc.value.details["record_id"].startswith("bm-t")


def test_list_item_must_require_all_conditions() -> None:
    d = {
        "scope": "浙江",
        "document": "测试清单",
        "year": 2025,
        "items": [{"conduct_zh": "x", "conditions": ["a", "b"], "all_conditions_required": False}],
    }
    with pytest.raises(DiscretionError) as exc:
        parse_exemption_list(d)
    assert exc.value.details["field"] == "all_conditions_required"


CONDITIONS = [
    # expression, facts, expected — 以上/以下 include the bound (TEPP Art. 130); unstated facts are false
    (["area_m2", "le", 5], {"area_m2": 5}, True),
    (["area_m2", "lt", 5], {"area_m2": 5}, False),
    (["area_m2", "ge", 5], {"area_m2": 5}, True),
    (["area_m2", "gt", 5], {"area_m2": "5.01"}, True),
    (["area_m2", "between", [2, 5]], {"area_m2": 2}, True),
    (["area_m2", "between", [2, 5]], {"area_m2": 5}, True),
    (["area_m2", "between", [2, 5]], {"area_m2": "5.001"}, False),
    (["area_m2", "le", 5], {}, False),
    (["area_m2", "ne", 5], {}, False),
    (["consequence", "in", ["none", "minor"]], {"consequence": "minor"}, True),
    (["consequence", "ne", "serious"], {"consequence": "none"}, True),
    (["corrected", "bool", False], {}, False),
    (["corrected", "bool", False], {"corrected": False}, True),
    ({"any": [["area_m2", "le", 2], ["depth_cm", "le", 30]]}, {"depth_cm": 10}, True),
    (
        {"all": [["area_m2", "gt", 2], ["area_m2", "le", 5], ["corrected", "bool", True]]},
        {"area_m2": 3, "corrected": True},
        True,
    ),
    ({"all": []}, {}, True),
    ({"any": []}, {}, False),
]


@pytest.mark.parametrize(("expr", "facts", "expected"), CONDITIONS)
def test_condition(expr, facts, expected) -> None:
    from zhifa.core.discretion.facts import coerce_facts

    assert compile_condition(expr, "t").test(coerce_facts(facts)) is expected


def test_core_imports_no_django() -> None:
    # every module of the package imports only the standard library and zhifa.core (the parent package
    # `zhifa` loads Celery, so the check reads the import statements rather than sys.modules)
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom) and node.level == 0
                    else []
                )
            )
            for name in names:
                assert not name.startswith(("django", "zhifa.")) or name.startswith("zhifa.core"), (
                    path.name,
                    name,
                )
