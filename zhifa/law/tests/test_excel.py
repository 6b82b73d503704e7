"""Benchmark workbooks: condition text, every kind of bad row, all or nothing, lossless round trip."""

import dataclasses
import io
import json
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
from openpyxl import load_workbook

from zhifa.core.discretion import RecommendationRequest, parse_benchmark, recommend
from zhifa.core.discretion.conditions import Condition
from zhifa.law import services
from zhifa.law.condition_text import (
    ConditionSyntaxError,
    format_condition,
    format_ranges,
    parse_condition,
    parse_ranges,
)
from zhifa.law.errors import BenchmarkImportInvalid, ImportNotAllowed
from zhifa.law.excel import (
    BENCHMARK_COLUMNS,
    LEVEL_COLUMNS,
    SHEET_BENCHMARKS,
    SHEET_FACTS,
    SHEET_HELP,
    SHEET_LEVELS,
    read_workbook,
    write_workbook,
)
from zhifa.law.models import Benchmark, BenchmarkImport
from zhifa.records.models import JournalEntry

from .conftest import shared


def _mapping(name):
    text = resources.files("zhifa.core.discretion").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


def _all_condition_expressions():
    out = []
    for m in _mapping("benchmark_conditions.json")["benchmarks"].values():
        for lv in m.get("levels", {}).values():
            out.append(lv.get("when"))
            out += [r["when"] for r in lv.get("ranges", [])]
    for m in _mapping("exemption_conditions.json")["lists"].values():
        out += [it.get("when") for it in m.get("items", {}).values()]
    return out


# --- condition text --------------------------------------------------------------------------


def test_every_condition_of_the_data_survives_the_cell_text():
    exprs = _all_condition_expressions()
    assert len(exprs) > 100
    for expr in exprs:
        assert parse_condition(format_condition(expr)) == expr, expr


@pytest.mark.parametrize(
    ("text", "expr"),
    [
        ("repeat_count >= 2", ["repeat_count", "ge", 2]),
        ("repeat_count ≥ 2", ["repeat_count", "ge", 2]),
        ("corrected = 是", ["corrected", "bool", True]),
        ("corrected = 否", ["corrected", "bool", False]),
        ("area_m2 介于 5~10", ["area_m2", "between", [5, 10]]),
        ("area_m2 > 5.5", ["area_m2", "gt", 5.5]),
        (
            "road_admin_class 属于 county、township",
            ["road_admin_class", "in", ["county", "township"]],
        ),
        ("road_admin_class = 国道", ["road_admin_class", "eq", "national"]),
        ("全部()", {"all": []}),
        (
            "全部(area_m2 > 5；corrected = 否)",
            {"all": [["area_m2", "gt", 5], ["corrected", "bool", False]]},
        ),
        (
            "任一(accident = 是; 全部(area_m2 >= 10))",
            {"any": [["accident", "bool", True], {"all": [["area_m2", "ge", 10]]}]},
        ),
        ("", None),
    ],
)
def test_condition_text_parses(text, expr):
    assert parse_condition(text) == expr


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("speed_kmh > 5", "未声明的事实“speed_kmh”"),
        ("area_m2 ~ 5", "运算符"),
        ("area_m2 >= -1", "不能为负数"),
        ("corrected = 也许", "应为“是”或“否”"),
        ("corrected > 1", "只能写"),
        ("road_admin_class > national", "只能用"),
        ("road_admin_class = 天路", "不在可选值中"),
        ("repeat_count = 1.5", "应为整数"),
        ("全部(area_m2 > 5", "缺少右括号"),
        ("全部(area_m2 > 5；)", "空条件"),
        ("area_m2 > 5 多余", "应为数字"),
        ("foo(bar)", "括号"),
    ],
)
def test_condition_text_errors_are_chinese_and_precise(text, reason):
    with pytest.raises(ConditionSyntaxError) as exc:
        parse_condition(text)
    assert reason in str(exc.value)


def test_sub_ranges_survive_the_cell_text():
    ranges = [
        {
            "label_zh": "县乡村道",
            "when": ["road_admin_class", "in", ["county", "township"]],
            "low": 0,
            "high": 200,
        },
        {"label_zh": "", "when": ["road_expressway", "bool", True], "low": 500, "high": 2000},
    ]
    assert parse_ranges(format_ranges(ranges)) == ranges


# --- workbook helpers ------------------------------------------------------------------------


def _workbook(heads: list[dict], levels: list[dict]) -> bytes:
    """The template with these rows (dicts keyed by column key)."""
    wb = load_workbook(io.BytesIO(write_workbook()))
    for sheet, columns, rows in (
        (SHEET_BENCHMARKS, BENCHMARK_COLUMNS, heads),
        (SHEET_LEVELS, LEVEL_COLUMNS, levels),
    ):
        ws = wb[sheet]
        keys = [c[0] for c in columns]
        for line, row in enumerate(rows, 2):
            for key, value in row.items():
                ws.cell(row=line, column=keys.index(key) + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _head(**kw):
    row = {
        "ref": 1,
        "provision_id": "rtr2023-63-1",
        "province": "浙江",
        "document": "浙江省道路运输行政处罚裁量基准（货运，测试）",
        "year": 2024,
        "effective_from": "2024-03-01",
    }
    row.update(kw)
    return row


def _level(**kw):
    row = {
        "ref": 1,
        "label": "一般",
        "kind": "一般",
        "conditions_zh": "初次被查处",
        "when": "repeat_count = 1",
        "fine_min": 3000,
        "fine_max": 6000,
    }
    row.update(kw)
    return row


def _good_levels():
    return [
        _level(),
        _level(
            label="较重",
            kind="较重",
            conditions_zh="再次被查处",
            when="repeat_count >= 2",
            fine_min=6000,
            fine_max=10000,
        ),
        _level(
            label="严重",
            kind="严重",
            conditions_zh="情节严重",
            when="serious = 是",
            fine_min=10000,
            fine_max=50000,
        ),
    ]


# --- template --------------------------------------------------------------------------------


def test_template_has_its_sheets_headers_and_vocabulary(tmp_path):
    wb = load_workbook(io.BytesIO(write_workbook()))
    assert wb.sheetnames == [SHEET_HELP, SHEET_BENCHMARKS, SHEET_LEVELS, SHEET_FACTS]
    assert [c.value for c in wb[SHEET_LEVELS][1]] == [c[1] for c in LEVEL_COLUMNS]
    assert [c.value for c in wb[SHEET_BENCHMARKS][1]] == [c[1] for c in BENCHMARK_COLUMNS]
    facts = {row[0].value for row in wb[SHEET_FACTS].iter_rows(min_row=2)}
    assert {"repeat_count", "area_m2", "corrected"} <= facts


def test_committed_template_matches_the_code():
    from pathlib import Path

    import zhifa.law

    path = Path(zhifa.law.__file__).parent / "data" / "benchmark-template.xlsx"
    committed = load_workbook(path)
    fresh = load_workbook(io.BytesIO(write_workbook()))
    for sheet in fresh.sheetnames:
        assert [[c.value for c in r] for r in committed[sheet].iter_rows()] == [
            [c.value for c in r] for r in fresh[sheet].iter_rows()
        ], f"run manage.py write_benchmark_template ({sheet})"


# --- import errors ---------------------------------------------------------------------------


def _errors(content, user):
    with pytest.raises(BenchmarkImportInvalid) as exc:
        services.import_benchmarks(content, actor=user)
    return exc.value.details["errors"]


@pytest.mark.parametrize(
    ("head", "level", "sheet", "line", "reason"),
    [
        ({"provision_id": "xx-99"}, {}, SHEET_BENCHMARKS, 2, "条款编号“xx-99”不存在"),
        ({"provision_id": None}, {}, SHEET_BENCHMARKS, 2, "条款编号必填"),
        ({"province": "火星"}, {}, SHEET_BENCHMARKS, 2, "无法识别的省份"),
        ({"document": None}, {}, SHEET_BENCHMARKS, 2, "文件名称必填"),
        ({"effective_from": "2024-02-30"}, {}, SHEET_BENCHMARKS, 2, "应为 YYYY-MM-DD"),
        ({"year": None, "effective_from": None}, {}, SHEET_BENCHMARKS, 2, "至少填写一项"),
        ({}, {"when": "speed_kmh > 80"}, SHEET_LEVELS, 2, "未声明的事实“speed_kmh”"),
        ({}, {"when": "repeat_count ~ 1"}, SHEET_LEVELS, 2, "运算符"),
        ({}, {"fine_min": 5000, "fine_max": 4000}, SHEET_LEVELS, 2, "罚款下限5000大于上限4000"),
        ({}, {"fine_min": -100}, SHEET_LEVELS, 2, "不能为负数"),
        ({}, {"fine_max": "三千"}, SHEET_LEVELS, 2, "应为数字"),
        (
            {},
            {"gain_multiple_min": 3, "gain_multiple_max": 2},
            SHEET_LEVELS,
            2,
            "违法所得倍数下限3大于上限2",
        ),
        ({}, {"kind": "非常严重"}, SHEET_LEVELS, 2, "裁量阶次“非常严重”应为"),
        ({}, {"ref": 9}, SHEET_LEVELS, 2, "没有基准序号“9”"),
        ({}, {"per_unit_fact": "speed_kmh", "per_unit_fine": 50}, SHEET_LEVELS, 2, "未声明的事实"),
        ({}, {"effect": "也许"}, SHEET_LEVELS, 2, "不予处罚效果"),
        (
            {},
            {"ranges": "国道：road_admin_class = national => 9~1"},
            SHEET_LEVELS,
            2,
            "下限大于上限",
        ),
        ({}, {"when": "area_m2 介于 9~1"}, SHEET_LEVELS, 2, "下限大于上限"),
        # 道路运输条例 第六十三条第（一）项 (2023): no gains -> 3,000–10,000 for an ordinary level
        (
            {},
            {"fine_max": 20000},
            SHEET_LEVELS,
            2,
            "超过《中华人民共和国道路运输条例》第六十三条第（一）项的法定上限10,000元",
        ),
        (
            {},
            {"fine_min": 1000},
            SHEET_LEVELS,
            2,
            "低于《中华人民共和国道路运输条例》第六十三条第（一）项的法定下限3,000元",
        ),
        ({}, {"gain_multiple_min": 1, "gain_multiple_max": 8}, SHEET_LEVELS, 2, "超出"),
    ],
)
def test_each_kind_of_bad_row_is_named(
    law_data, ministry_supervisor, head, level, sheet, line, reason
):
    # given a valid file with one cell made bad
    levels = _good_levels()
    levels[0] = {**levels[0], **level}
    content = _workbook([{**_head(), **head}], levels)

    # when
    errors = _errors(content, ministry_supervisor)

    # then the row is named with its sheet, line and a Chinese reason
    assert any(
        e["sheet"] == sheet and e["line"] == line and reason in e["reason"] for e in errors
    ), errors
    assert Benchmark.objects.filter(origin="excel").count() == 0


def test_every_bad_row_is_reported_at_once(law_data, ministry_supervisor):
    # given three bad rows in different places
    levels = _good_levels()
    levels[0]["when"] = "speed_kmh > 80"
    levels[2]["fine_min"] = -1
    heads = [_head(), _head(ref=2, provision_id="nope", document="另一份文件")]
    levels.append(_level(ref=2))
    content = _workbook(heads, levels)

    # when
    errors = _errors(content, ministry_supervisor)

    # then each is there, with its line
    where = {(e["sheet"], e["line"]) for e in errors}
    assert {(SHEET_BENCHMARKS, 3), (SHEET_LEVELS, 2), (SHEET_LEVELS, 4)} <= where


def test_an_illegal_level_is_named_on_its_own_line(law_data, ministry_supervisor):
    levels = _good_levels()
    levels[1]["fine_max"] = 60000  # 较重 may reach the 情节严重 range (10,000–50,000), not beyond
    errors = _errors(_workbook([_head()], levels), ministry_supervisor)
    assert [(e["sheet"], e["line"]) for e in errors] == [(SHEET_LEVELS, 3)]
    assert "法定上限50,000元" in errors[0]["reason"]


def test_import_is_all_or_nothing(law_data, ministry_supervisor):
    # given a good table and an illegal one in the same file
    heads = [_head(), _head(ref=2, document="第二份")]
    levels = [*_good_levels(), _level(ref=2, fine_max=99999)]
    journal_before = JournalEntry.objects.count()

    # when
    _errors(_workbook(heads, levels), ministry_supervisor)

    # then nothing at all was stored or journaled
    assert Benchmark.objects.filter(origin="excel").count() == 0
    assert JournalEntry.objects.count() == journal_before


def test_a_file_that_is_not_a_workbook(law_data, ministry_supervisor):
    errors = _errors(b"not a workbook", ministry_supervisor)
    assert "xlsx" in errors[0]["reason"]


def test_a_workbook_without_the_sheets(law_data, ministry_supervisor):
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    errors = _errors(out.getvalue(), ministry_supervisor)
    assert {e["sheet"] for e in errors} == {SHEET_BENCHMARKS, SHEET_LEVELS}


# --- successful import -----------------------------------------------------------------------


def test_a_valid_file_is_stored_journaled_and_used(law_data, ministry_supervisor):
    # when
    rows = services.import_benchmarks(
        _workbook([_head()], _good_levels()), actor=ministry_supervisor
    )

    # then one table, three levels, one journal entry
    (row,) = rows
    assert row.origin == "excel" and row.status == "active"
    assert row.province.name == "浙江省"
    assert row.levels.count() == 3
    assert (
        JournalEntry.objects.filter(event_type="benchmark.imported", subject_id=str(row.pk)).count()
        == 1
    )
    # and the engine picks it for a 浙江 freight case decided after it took effect
    rec = recommend(
        services.current_catalogue(),
        RecommendationRequest(
            "rtr2023-63-1",
            "浙江",
            date(2024, 5, 1),
            date(2024, 6, 1),
            "legal_person",
            {"repeat_count": 2, "illegal_gain": 0},
        ),
    )
    assert rec.benchmark_id == row.key
    assert rec.level.label_zh == "较重"


def test_importing_the_same_table_again_updates_it(law_data, ministry_supervisor):
    content = _workbook([_head()], _good_levels())
    (first,) = services.import_benchmarks(content, actor=ministry_supervisor)
    (again,) = services.import_benchmarks(content, actor=ministry_supervisor)
    assert first.pk == again.pk
    assert Benchmark.objects.filter(origin="excel").count() == 1


def test_a_new_effective_date_is_a_new_version(law_data, ministry_supervisor):
    services.import_benchmarks(_workbook([_head()], _good_levels()), actor=ministry_supervisor)
    services.import_benchmarks(
        _workbook([_head(effective_from="2025-01-01")], _good_levels()), actor=ministry_supervisor
    )
    assert Benchmark.objects.filter(origin="excel").count() == 2


# --- who may import --------------------------------------------------------------------------


def test_an_officer_may_not_import(law_data, officer):
    with pytest.raises(ImportNotAllowed):
        services.import_benchmarks(_workbook([_head()], _good_levels()), actor=officer)


def test_a_department_officer_without_the_role_may_not_import(
    law_data, zhejiang_officer_at_department
):
    with pytest.raises(ImportNotAllowed):
        services.import_benchmarks(
            _workbook([_head()], _good_levels()), actor=zhejiang_officer_at_department
        )


def test_a_province_imports_its_own_tables_only(law_data, zhejiang_supervisor):
    errors = _errors(_workbook([_head(province="江西")], _good_levels()), zhejiang_supervisor)
    assert "只能导入本省（浙江省）" in errors[0]["reason"]


@pytest.mark.parametrize("who", ["zhejiang_supervisor", "zhejiang_sysadmin"])
def test_a_province_supervisor_or_sysadmin_imports_its_tables(law_data, request, who):
    user = request.getfixturevalue(who)
    (row,) = services.import_benchmarks(_workbook([_head()], _good_levels()), actor=user)
    assert row.imported_by == user


# --- the job and its progress ----------------------------------------------------------------


def test_the_job_records_progress_and_outcome(
    law_data, ministry_supervisor, django_capture_on_commit_callbacks
):
    # when an upload is started (the job runs inline without a broker)
    with django_capture_on_commit_callbacks(execute=True):
        record = services.start_benchmark_import(
            actor=ministry_supervisor,
            filename="a.xlsx",
            content=_workbook([_head()], _good_levels()),
        )

    # then
    record.refresh_from_db()
    assert record.status == "done"
    assert record.rows_total > 0 and record.rows_done == record.rows_total
    assert record.benchmarks.count() == 1


def test_a_failed_job_keeps_every_error(
    law_data, ministry_supervisor, django_capture_on_commit_callbacks
):
    levels = _good_levels()
    levels[0]["fine_max"] = 99999
    levels[1]["when"] = "speed_kmh > 1"
    with django_capture_on_commit_callbacks(execute=True):
        record = services.start_benchmark_import(
            actor=ministry_supervisor, filename="b.xlsx", content=_workbook([_head()], levels)
        )
    record.refresh_from_db()
    assert record.status == "failed"
    assert {e["line"] for e in record.errors} == {2, 3}
    assert BenchmarkImport.objects.get(pk=record.pk).benchmarks.count() == 0
    # running the job again does nothing more
    assert services.run_benchmark_import(record.pk).status == "failed"


# --- lossless round trip ---------------------------------------------------------------------


def _view(b, *, keep_id=True):
    """A parsed benchmark as plain data (conditions by their JSON), for comparison."""

    def plain(v):
        if isinstance(v, Condition):
            return v.expr
        if dataclasses.is_dataclass(v):
            return {
                f.name: plain(getattr(v, f.name))
                for f in dataclasses.fields(v)
                if f.name != "mapping_note"
            }
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, frozenset):
            return sorted(v)
        return v

    out = plain(b)
    if not keep_id:
        out.pop("id")
    return out


def _cells(content: bytes) -> dict:
    wb = load_workbook(io.BytesIO(content))
    return {
        s: [[c.value for c in r] for r in wb[s].iter_rows()]
        for s in (SHEET_BENCHMARKS, SHEET_LEVELS)
    }


@pytest.mark.parametrize("index", range(len(shared("benchmarks.json"))))
def test_every_data_benchmark_survives_the_workbook(index):
    # given one record of benchmarks.json as the core parses it
    d = shared("benchmarks.json")[index]
    b = parse_benchmark(d)

    # when it is written to a workbook and read back
    content = write_workbook([(d, b, "")])
    result = read_workbook(content)
    assert result.errors == []
    (table,) = result.benchmarks
    again = parse_benchmark({**table.record, "id": b.id})

    # then the engine sees the same benchmark, and writing it again gives the same cells
    assert _view(again) == _view(b)
    assert _cells(write_workbook([(table.record, again, "")])) == _cells(content)


def test_export_import_export_is_lossless(law_data, ministry_supervisor):
    # given loaded benchmarks with dates (重庆 2022, 威海 2023), exported
    keys = ["bm-hl-74-2c39fb", "bm-hl-75-ca6e30", "bm-nrh-34-2-de96a2", "bm-nrh-34-3-de96a2"]
    rows = list(Benchmark.objects.filter(key__in=keys).order_by("id"))
    exported = services.export_benchmarks(ministry_supervisor, rows)

    # when the export is imported
    imported = services.import_benchmarks(exported, actor=ministry_supervisor)

    # then each imported table is the same benchmark for the engine (only its id differs)
    cat = services.current_catalogue()
    assert len(imported) == len(rows)
    for original, new in zip(rows, imported, strict=True):
        assert _view(cat.benchmark_index[new.key], keep_id=False) == _view(
            cat.benchmark_index[original.key], keep_id=False
        )
        assert [
            (lv.label, lv.tier, lv.fine_min, lv.fine_max, lv.conditions) for lv in new.levels.all()
        ] == [
            (lv.label, lv.tier, lv.fine_min, lv.fine_max, lv.conditions)
            for lv in original.levels.all()
        ]
    # and exporting the imported tables gives the very same cells
    assert _cells(services.export_benchmarks(ministry_supervisor, imported)) == _cells(exported)


def test_export_reads_numbers_as_numbers(law_data, ministry_supervisor):
    row = Benchmark.objects.get(key="bm-hl-74-2c39fb")
    cells = _cells(services.export_benchmarks(ministry_supervisor, [row]))[SHEET_LEVELS]
    header = cells[0]
    assert cells[1][header.index("罚款上限（元）")] == 1000
    assert Decimal(cells[1][header.index("违法所得倍数上限")]) == 1
