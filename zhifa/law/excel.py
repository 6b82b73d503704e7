"""The benchmark workbook (裁量基准 Excel): the template, export of stored benchmarks, and reading an
upload into records of the data's shape, with every bad row named by sheet, line and reason.

Layout (documented for people in zhifa/law/README.md and in the workbook's 填写说明 sheet):
  基准      one row per table: provision, issuer, document, dates, notes;
  阶次      one row per level, tied to its table by 基准序号: level, conditions, ranges, notes;
  事实词汇  the declared facts the conditions may use (read-only, not imported);
  填写说明  how to fill it in (not imported).

Export writes the machine fields as the engine parsed them (kind, conditions, ranges…) and the source
fields as stored, plus any other keys as JSON in the last column, so export -> import is lossless.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zhifa.core.discretion.facts import FACTS
from zhifa.core.discretion.model import LEVEL_KIND_ZH, Effect, LevelKind
from zhifa.core.discretion.model import Benchmark as CoreBenchmark

from .condition_text import (
    ConditionSyntaxError,
    format_condition,
    format_ranges,
    format_value,
    parse_condition,
    parse_ranges,
)

SHEET_BENCHMARKS = "基准"
SHEET_LEVELS = "阶次"
SHEET_FACTS = "事实词汇"
SHEET_HELP = "填写说明"
MAX_ROWS = 5000
# An .xlsx is a zip: a small upload may inflate a hundredfold in memory (a "zip bomb": 215 KB became
# 200 MB). Refused before openpyxl opens it, by the sizes its directory declares and by what it
# actually inflates to (a directory can lie). A 5,000-row benchmark workbook inflates to ~3 MB.
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100  # per member larger than 1 MB; ordinary sheet XML compresses 5–20 times
MAX_MEMBERS = 500
ZIP_BOMB = "文件解压后过大（疑似压缩炸弹），已拒绝。请使用导入模板重新填写。"

# (key, header, width, help) — the header is what the import looks for; order is free on import.
BENCHMARK_COLUMNS = [
    ("ref", "基准序号", 10, "本表内的编号（1、2、3…），“阶次”表用它指向本行。必填。"),
    ("provision_id", "条款编号", 16, "处罚条款编号，如 rtr2023-63-1（见条款目录）。必填。"),
    ("applies_to", "适用条款", 24, "本基准适用的全部条款编号，用“、”分隔；留空则为上一列的条款。"),
    ("province", "省份或制定机关", 18, "如“浙江”“浙江（临海市）”；省级用户只能导入本省。必填。"),
    ("document", "文件名称", 40, "裁量基准文件全称。必填。"),
    ("year", "年份", 8, "印发年份（四位数字）。年份与施行日期至少填一项。"),
    ("effective_from", "施行日期", 12, "YYYY-MM-DD。导入时按该日施行的条文核对幅度。"),
    ("source_url", "来源", 30, "文件来源网址或文号。"),
    ("scope_note", "适用说明", 30, "适用范围等说明。"),
    ("statutory_text_version", "所依据条文版本", 30, "基准制定时依据的法律法规版本说明。"),
    ("status", "状态说明", 14, "如“征求意见稿”（征求意见稿不会被采用）。"),
    ("flags", "标记", 16, "可填：已被取代、摘录不全、未经核实（用“、”分隔）。"),
    ("extra", "附加字段（JSON）", 30, "系统导出时保存的其他字段，请勿修改。"),
]
LEVEL_COLUMNS = [
    ("ref", "基准序号", 10, "对应“基准”表的基准序号。必填。"),
    ("article", "条款（仅供阅读）", 30, "导出时填写法律名称与条款；导入时不读取。"),
    ("label", "档次名称", 14, "基准文件中的档次名称，如“轻微”“第2档”。同一基准内不得重复。必填。"),
    ("kind", "裁量阶次", 12, "不予处罚、减轻处罚、轻微、一般、较重、严重 之一。必填。"),
    ("conditions_zh", "适用情形（原文）", 40, "基准文件中该档的适用情形原文。"),
    (
        "when",
        "适用条件（机读）",
        40,
        "用事实词汇写成的条件，如：全部(repeat_count >= 2；corrected = 否)。留空则系统不会自动选用该档。",
    ),
    ("fine_min", "罚款下限（元）", 12, "非负数字；“以下”只填上限。"),
    ("fine_max", "罚款上限（元）", 12, "非负数字，不得小于下限。"),
    ("gain_multiple_min", "违法所得倍数下限", 12, "按违法所得倍数处罚时填写。"),
    ("gain_multiple_max", "违法所得倍数上限", 12, "不得小于倍数下限。"),
    ("per_unit_fine", "按单位罚款（元）", 12, "按面积、体积等计罚时每单位的金额。"),
    ("per_unit_fact", "计量事实", 14, "按单位计罚所用的事实，如 area_m2。"),
    ("per_unit", "计量单位", 10, "如“平方米”。"),
    (
        "ranges",
        "分项幅度",
        40,
        "每行一项：标签：条件 => 下限~上限，如 国省道：road_admin_class 属于 national、provincial => 500~2000",
    ),
    ("effect", "不予处罚效果", 14, "不予处罚档：应当不予处罚（默认）或 可以不予处罚。"),
    ("other_provision", "适用其他条款", 10, "该档实为其他条款的情形，仅供显示时填“是”。"),
    ("other", "其他处理及说明", 40, "没收、责令改正等其他处理及说明。"),
    ("unconfirmed", "未经核实", 10, "该档内容未经原文核实时填“是”。"),
    ("extra", "附加字段（JSON）", 30, "系统导出时保存的其他字段，请勿修改。"),
]
KIND_BY_TEXT = {
    **{v: k.value for k, v in LEVEL_KIND_ZH.items()},
    **{k.value: k.value for k in LevelKind},
}
EFFECT_TEXT = {Effect.MUST: "应当不予处罚", Effect.MAY: "可以不予处罚"}
EFFECT_BY_TEXT = {
    "应当不予处罚": "must",
    "应当": "must",
    "must": "must",
    "可以不予处罚": "may",
    "可以": "may",
    "may": "may",
}
FLAG_TEXT = {"superseded": "已被取代", "partial": "摘录不全", "unconfirmed": "未经核实"}
FLAG_BY_TEXT = {v: k for k, v in FLAG_TEXT.items()} | {k: k for k in FLAG_TEXT}
YES = {"是", "true", "True", "TRUE", "1", "Y", "y"}
NO = {"", "否", "false", "False", "FALSE", "0", "N", "n"}

# Keys with a column of their own; any other key travels in the JSON column.
BENCHMARK_KEYS = {
    "id",
    "provision_id",
    "applies_to",
    "province",
    "document",
    "year",
    "effective_from",
    "source_url",
    "scope_note",
    "statutory_text_version",
    "status",
    "superseded",
    "partial",
    "unconfirmed",
    "levels",
}
LEVEL_KEYS = {
    "level",
    "kind",
    "conditions_zh",
    "when",
    "fine_min",
    "fine_max",
    "gain_multiple_min",
    "gain_multiple_max",
    "per_unit_fine",
    "per_unit_fact",
    "per_unit",
    "ranges",
    "effect",
    "other_provision",
    "other",
    "unconfirmed",
}


@dataclass(frozen=True)
class RowError:
    sheet: str
    line: int
    reason: str
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }

    def __str__(self) -> str:
        where = f"“{self.sheet}”表第{self.line}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.reason}"


@dataclass
class ImportedBenchmark:
    """One table read from the workbook: its record (the data's shape) and where it came from."""

    line: int
    record: dict[str, Any]
    level_lines: dict[str, int] = field(default_factory=dict)
    broken: bool = False  # one of its level rows has an error


@dataclass
class ReadResult:
    benchmarks: list[ImportedBenchmark]
    errors: list[RowError]
    level_rows: int


# --- numbers ---------------------------------------------------------------------------------


def _plain(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def _cell_number(value: Any) -> Decimal | None:
    """A cell as a Decimal; None when empty. Raises ValueError with a Chinese reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("应为数字")
    if isinstance(value, (int, float, Decimal)):
        d = Decimal(str(value))
    else:
        try:
            d = Decimal(str(value).strip().replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(f"应为数字，而非“{value}”") from None
    if not d.is_finite():
        raise ValueError("应为有限数字")
    if d < 0:
        raise ValueError("金额或倍数不能为负数")
    return d


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- export ----------------------------------------------------------------------------------


def benchmark_rows(
    ref: int, d: Mapping[str, Any], b: CoreBenchmark, article: str = ""
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Cells of one stored benchmark: the machine fields as parsed, the source fields as stored."""
    extra = {k: v for k, v in d.items() if k not in BENCHMARK_KEYS}
    flags = [FLAG_TEXT[f] for f in ("superseded", "partial", "unconfirmed") if getattr(b, f)]
    head = {
        "ref": ref,
        "provision_id": b.provision_id or "",
        "applies_to": "、".join(b.applies_to),
        "province": b.province or "",
        "document": b.document,
        "year": b.year,
        "effective_from": b.effective_from.isoformat()
        if b.effective_from and b.effective_precision == "day"
        else "",
        "source_url": b.source_url,
        "scope_note": b.scope_note,
        "statutory_text_version": b.statutory_text_version,
        "status": d.get("status") or "",
        "flags": "、".join(flags),
        "extra": _json(extra),
    }
    levels = []
    raw_levels = list(d.get("levels") or [])
    for lv, raw in zip(b.levels, raw_levels, strict=True):
        lv_extra = {k: v for k, v in raw.items() if k not in LEVEL_KEYS}
        ranges = [
            {
                "label_zh": s.label_zh,
                "when": s.when.expr,
                "low": _plain(s.low),
                "high": _plain(s.high),
            }
            for s in lv.sub_ranges
        ]
        levels.append(
            {
                "ref": ref,
                "article": article,
                "label": lv.label_zh,
                "kind": LEVEL_KIND_ZH[lv.kind],
                "conditions_zh": lv.source_zh,
                "when": format_condition(lv.when.expr) if lv.when is not None else "",
                "fine_min": _plain(lv.fine_low),
                "fine_max": _plain(lv.fine_high),
                "gain_multiple_min": _plain(lv.gain_multiple_low),
                "gain_multiple_max": _plain(lv.gain_multiple_high),
                "per_unit_fine": _plain(lv.per_unit_fine),
                "per_unit_fact": lv.per_unit_fact,
                "per_unit": raw.get("per_unit") or "",
                "ranges": format_ranges(ranges),
                "effect": EFFECT_TEXT[lv.effect] if lv.effect is not Effect.MUST else "",
                "other_provision": "是" if lv.other_provision else "",
                "other": lv.other_zh,
                "unconfirmed": "是" if lv.unconfirmed else "",
                "extra": _json(lv_extra),
            }
        )
    return head, levels


def _json(d: Mapping[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, sort_keys=True) if d else ""


def write_workbook(items: Iterable[tuple[Mapping[str, Any], CoreBenchmark, str]] = ()) -> bytes:
    """The workbook with the given (record, parsed benchmark, article) triples; none = the template."""
    wb = Workbook()
    help_ws = wb.active
    help_ws.title = SHEET_HELP
    _write_help(help_ws)
    bws = wb.create_sheet(SHEET_BENCHMARKS)
    lws = wb.create_sheet(SHEET_LEVELS)
    _header(bws, BENCHMARK_COLUMNS)
    _header(lws, LEVEL_COLUMNS)
    bline = lline = 2
    for ref, (d, b, article) in enumerate(items, 1):
        head, levels = benchmark_rows(ref, d, b, article)
        _row(bws, bline, BENCHMARK_COLUMNS, head)
        bline += 1
        for lv in levels:
            _row(lws, lline, LEVEL_COLUMNS, lv)
            lline += 1
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(LEVEL_KIND_ZH.values()) + '"', allow_blank=True
    )
    kinds.error = "请从列表中选择裁量阶次。"
    lws.add_data_validation(kinds)
    kinds.add(f"{_col(LEVEL_COLUMNS, 'kind')}2:{_col(LEVEL_COLUMNS, 'kind')}{MAX_ROWS}")
    effects = DataValidation(type="list", formula1='"应当不予处罚,可以不予处罚"', allow_blank=True)
    lws.add_data_validation(effects)
    effects.add(f"{_col(LEVEL_COLUMNS, 'effect')}2:{_col(LEVEL_COLUMNS, 'effect')}{MAX_ROWS}")
    _write_facts(wb.create_sheet(SHEET_FACTS))
    wb.active = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _col(columns, key: str) -> str:
    return get_column_letter([c[0] for c in columns].index(key) + 1)


def _header(ws, columns) -> None:
    fill = PatternFill("solid", fgColor="DCE7F3")
    for i, (_key, header, width, help_text) in enumerate(columns, 1):
        cell = ws.cell(row=1, column=i, value=header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(help_text, "Zhifa")
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def _row(ws, line: int, columns, values: Mapping[str, Any]) -> None:
    for i, (key, *_rest) in enumerate(columns, 1):
        v = values.get(key)
        cell = ws.cell(row=line, column=i, value=None if v == "" else v)
        if isinstance(v, str):
            cell.number_format = "@"
            if "\n" in v:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


HELP_LINES = [
    "交通运输行政处罚裁量基准导入模板",
    "",
    "一、“基准”表每行是一个裁量基准（一个处罚条款的分档表），“阶次”表每行是其中一个裁量阶次，以“基准序号”对应。",
    "二、导入时逐行核对：条款编号须存在；适用条件只能使用“事实词汇”表中的事实与运算符；金额与倍数不得为负、下限不得大于上限；",
    "    各档罚款与倍数必须在施行日期当天施行的法定幅度之内，超出的整份文件不予导入。",
    "三、导入要么全部成功，要么全部不导入；有错误时系统列出每一行的表名、行号与原因，改正后重新上传即可。",
    "四、适用条件写法：事实 运算符 值，运算符为 =、!=、<、<=、>、>=、介于（如 area_m2 介于 5~10）、属于（如 road_admin_class 属于 county、township）；",
    "    是/否事实写作 corrected = 是；多个条件同时满足写作 全部(条件1；条件2)，满足其一写作 任一(条件1；条件2)，可以嵌套。",
    "    “以上”“以下”包含本数（《交通运输行政执法程序规定》第一百三十条）：“5平方米以上”写作 area_m2 >= 5，“5平方米以下”写作 area_m2 <= 5。",
    "五、适用条件留空的档次，系统不会自动选用，只作展示。",
    "六、“附加字段（JSON）”列由系统导出时填写，用于无损往返，请勿手工修改。",
    "七、各列含义见表头批注，以及 zhifa/law/README.md。",
]


def _write_help(ws) -> None:
    ws.column_dimensions["A"].width = 120
    for i, line in enumerate(HELP_LINES, 1):
        cell = ws.cell(row=i, column=1, value=line)
        if i == 1:
            cell.font = Font(bold=True, size=14)


def _write_facts(ws) -> None:
    columns = [
        ("name", "事实", 28),
        ("label", "含义", 40),
        ("type", "类型", 10),
        ("unit", "单位", 10),
        ("choices", "可选值", 60),
        ("article", "依据", 30),
    ]
    type_zh = {"bool": "是/否", "int": "整数", "number": "数值", "enum": "类别"}
    for i, (_k, header, width) in enumerate(columns, 1):
        ws.cell(row=1, column=i, value=header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    for line, spec in enumerate(FACTS.values(), 2):
        values = [
            spec.name,
            spec.label_zh,
            type_zh.get(spec.type, spec.type),
            spec.unit,
            "；".join(f"{c}（{label}）" for c, label in spec.choices),
            spec.article,
        ]
        for i, v in enumerate(values, 1):
            ws.cell(row=line, column=i, value=v or None)
    ws.freeze_panes = "A2"


# --- import ----------------------------------------------------------------------------------


def archive_problem(content: bytes) -> str | None:
    """Why this upload must not be opened (zip bomb, not a zip), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                return f"文件内部条目过多（超过 {MAX_MEMBERS} 个），不是有效的导入模板。"
            declared = 0
            for info in members:
                declared += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if declared > MAX_UNCOMPRESSED or (info.file_size > 2**20 and ratio > MAX_RATIO):
                    return ZIP_BOMB
            actual = 0
            for info in members:
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        actual += len(chunk)
                        if actual > MAX_UNCOMPRESSED:
                            return ZIP_BOMB
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "无法读取：请上传 .xlsx 格式的 Excel 文件。"
    except Exception:
        return "无法读取：请上传 .xlsx 格式的 Excel 文件。"
    return None


def read_workbook(content: bytes, progress: Callable[[int, int], None] | None = None) -> ReadResult:
    """Records of every table in the upload and every row-level error (nothing is stored here)."""
    errors: list[RowError] = []
    problem = archive_problem(content)
    if problem:
        return ReadResult([], [RowError("（文件）", 0, problem)], 0)
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a non-workbook
        return ReadResult(
            [], [RowError("（文件）", 0, "无法读取：请上传 .xlsx 格式的 Excel 文件。")], 0
        )
    missing = [s for s in (SHEET_BENCHMARKS, SHEET_LEVELS) if s not in wb.sheetnames]
    if missing:
        return ReadResult(
            [], [RowError(s, 0, f"缺少工作表“{s}”（请使用导入模板）。") for s in missing], 0
        )
    heads, head_errors = _rows(wb[SHEET_BENCHMARKS], BENCHMARK_COLUMNS, SHEET_BENCHMARKS)
    levels, level_errors = _rows(wb[SHEET_LEVELS], LEVEL_COLUMNS, SHEET_LEVELS)
    wb.close()
    errors += head_errors + level_errors
    if head_errors or level_errors:
        return ReadResult([], errors, len(levels))
    total = len(heads) + len(levels)
    done = 0

    tables: dict[str, ImportedBenchmark] = {}
    for line, row in heads:
        done += 1
        rec, errs = _benchmark_record(line, row)
        errors += errs
        ref = _text(row.get("ref"))
        if not ref:
            errors.append(RowError(SHEET_BENCHMARKS, line, "基准序号必填。", "基准序号"))
        elif ref in tables:
            errors.append(
                RowError(
                    SHEET_BENCHMARKS,
                    line,
                    f"基准序号“{ref}”与第{tables[ref].line}行重复。",
                    "基准序号",
                )
            )
        elif rec is not None:
            tables[ref] = ImportedBenchmark(line, rec)
        if progress:
            progress(done, total)
    seen_refs: set[str] = set()
    for line, row in levels:
        done += 1
        ref = _text(row.get("ref"))
        lv, errs = _level_record(line, row)
        errors += errs
        if errs and ref in tables:
            tables[ref].broken = True
        if not ref:
            errors.append(RowError(SHEET_LEVELS, line, "基准序号必填。", "基准序号"))
        elif ref not in tables:
            if not any(e.sheet == SHEET_BENCHMARKS for e in errors):
                errors.append(
                    RowError(SHEET_LEVELS, line, f"“基准”表中没有基准序号“{ref}”。", "基准序号")
                )
        elif lv is not None:
            table = tables[ref]
            seen_refs.add(ref)
            if lv["level"] in table.level_lines:
                errors.append(
                    RowError(
                        SHEET_LEVELS,
                        line,
                        f"档次名称“{lv['level']}”在同一基准中与第{table.level_lines[lv['level']]}行重复。",
                        "档次名称",
                    )
                )
            else:
                table.level_lines[lv["level"]] = line
                table.record["levels"].append(lv)
        if progress:
            progress(done, total)
    for ref, table in tables.items():
        if ref not in seen_refs and not any(e.sheet == SHEET_LEVELS for e in errors):
            errors.append(
                RowError(SHEET_BENCHMARKS, table.line, f"基准序号“{ref}”在“阶次”表中没有任何档次。")
            )
    if not tables and not errors:
        errors.append(RowError(SHEET_BENCHMARKS, 2, "没有任何裁量基准（“基准”表为空）。"))
    return ReadResult(list(tables.values()), errors, len(levels))


def _rows(ws, columns, sheet: str) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    by_header = {header: key for key, header, *_ in columns}
    rows = ws.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        return [], [RowError(sheet, 1, "缺少表头行。")]
    index: dict[str, int] = {}
    for i, h in enumerate(header or ()):
        key = by_header.get(_text(h))
        if key:
            index[key] = i
    required = {"ref"} | ({"document"} if sheet == SHEET_BENCHMARKS else {"label", "kind"})
    missing = [h for k, h, *_ in columns if k in required and k not in index]
    if missing:
        return [], [RowError(sheet, 1, f"缺少列：{'、'.join(missing)}（请使用导入模板）。")]
    out = []
    for line, values in enumerate(rows, 2):
        if line > MAX_ROWS + 1:
            return out, [RowError(sheet, line, f"行数超过上限 {MAX_ROWS} 行，请拆分文件。")]
        row = {k: values[i] if i < len(values) else None for k, i in index.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
            continue
        out.append((line, row))
    return out, []


def _extra(value: Any, sheet: str, line: int) -> tuple[dict[str, Any], list[RowError]]:
    text = _text(value)
    if not text:
        return {}, []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return {}, [RowError(sheet, line, "附加字段不是有效的 JSON。", "附加字段（JSON）")]
    if not isinstance(data, dict):
        return {}, [RowError(sheet, line, "附加字段应为 JSON 对象。", "附加字段（JSON）")]
    return data, []


def _benchmark_record(line: int, row: Mapping[str, Any]) -> tuple[dict | None, list[RowError]]:
    errs: list[RowError] = []
    S = SHEET_BENCHMARKS

    def err(reason: str, column: str = "") -> None:
        errs.append(RowError(S, line, reason, column))

    extra, e = _extra(row.get("extra"), S, line)
    errs += e
    rec: dict[str, Any] = dict(extra)
    pid = _text(row.get("provision_id"))
    if pid:
        rec["provision_id"] = pid
    applies = [
        x.strip()
        for x in _text(row.get("applies_to")).replace(",", "、").replace("，", "、").split("、")
        if x.strip()
    ]
    if applies:
        rec["applies_to"] = applies
    province = _text(row.get("province"))
    if province:
        rec["province"] = province
    document = _text(row.get("document"))
    if not document:
        err("文件名称必填。", "文件名称")
    rec["document"] = document
    year_raw = row.get("year")
    if year_raw not in (None, ""):
        try:
            year = int(Decimal(_text(year_raw)))
            if not 1949 <= year <= 2100:
                raise ValueError
            rec["year"] = year
        except (InvalidOperation, ValueError):
            err(f"年份“{year_raw}”应为四位数字。", "年份")
    eff = row.get("effective_from")
    if isinstance(eff, datetime):
        rec["effective_from"] = eff.date().isoformat()
    elif isinstance(eff, date):
        rec["effective_from"] = eff.isoformat()
    elif _text(eff):
        try:
            rec["effective_from"] = date.fromisoformat(_text(eff)).isoformat()
        except ValueError:
            err(f"施行日期“{_text(eff)}”应为 YYYY-MM-DD。", "施行日期")
    for key in ("source_url", "scope_note", "statutory_text_version", "status"):
        text = _text(row.get(key))
        if text:
            rec[key] = text
    for word in [w.strip() for w in _text(row.get("flags")).split("、") if w.strip()]:
        flag = FLAG_BY_TEXT.get(word)
        if flag is None:
            err(f"标记“{word}”无法识别：可填 已被取代、摘录不全、未经核实。", "标记")
        else:
            rec[flag] = True
    rec["levels"] = []
    return (rec if not errs else None), errs


def _level_record(line: int, row: Mapping[str, Any]) -> tuple[dict | None, list[RowError]]:
    errs: list[RowError] = []
    S = SHEET_LEVELS
    headers = {k: h for k, h, *_ in LEVEL_COLUMNS}

    def err(reason: str, key: str = "") -> None:
        errs.append(RowError(S, line, reason, headers.get(key, "")))

    extra, e = _extra(row.get("extra"), S, line)
    errs += e
    rec: dict[str, Any] = dict(extra)
    label = _text(row.get("label"))
    if not label:
        err("档次名称必填。", "label")
    rec["level"] = label
    kind_text = _text(row.get("kind"))
    kind = KIND_BY_TEXT.get(kind_text)
    if kind is None:
        err(f"裁量阶次“{kind_text or '（空）'}”应为：{'、'.join(LEVEL_KIND_ZH.values())}。", "kind")
    rec["kind"] = kind
    text = _text(row.get("conditions_zh"))
    if text:
        rec["conditions_zh"] = text
    try:
        rec["when"] = parse_condition(_text(row.get("when")))
    except ConditionSyntaxError as exc:
        err(str(exc), "when")
    numbers: dict[str, Decimal | None] = {}
    for key in ("fine_min", "fine_max", "gain_multiple_min", "gain_multiple_max", "per_unit_fine"):
        try:
            numbers[key] = _cell_number(row.get(key))
        except ValueError as exc:
            err(f"{headers[key]}{exc}。", key)
            numbers[key] = None
        if numbers[key] is not None:
            rec[key] = _plain(numbers[key])
    for lo, hi, what in (
        ("fine_min", "fine_max", "罚款"),
        ("gain_multiple_min", "gain_multiple_max", "违法所得倍数"),
    ):
        if numbers[lo] is not None and numbers[hi] is not None and numbers[lo] > numbers[hi]:
            err(f"{what}下限{format_value(numbers[lo])}大于上限{format_value(numbers[hi])}。", lo)
    fact = _text(row.get("per_unit_fact"))
    if fact:
        if fact not in FACTS:
            err(f"未声明的事实“{fact}”（见“事实词汇”表）。", "per_unit_fact")
        rec["per_unit_fact"] = fact
    unit = _text(row.get("per_unit"))
    if unit:
        rec["per_unit"] = unit
    try:
        ranges = parse_ranges(_text(row.get("ranges")) or None)
        if ranges:
            rec["ranges"] = ranges
    except ConditionSyntaxError as exc:
        err(str(exc), "ranges")
    effect_text = _text(row.get("effect"))
    if effect_text:
        effect = EFFECT_BY_TEXT.get(effect_text)
        if effect is None:
            err(f"不予处罚效果“{effect_text}”应为“应当不予处罚”或“可以不予处罚”。", "effect")
        else:
            rec["effect"] = effect
    for key in ("other_provision", "unconfirmed"):
        flag = _text(row.get(key))
        if flag in YES:
            rec[key] = True
        elif flag not in NO:
            err(f"“{headers[key]}”应填“是”或留空。", key)
    other = _text(row.get("other"))
    if other:
        rec["other"] = other
    return (rec if not errs else None), errs
