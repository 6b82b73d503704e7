"""Reading a year's State Council holiday notice from a CSV file (columns date,kind,name).

    # 示例 comment lines and blank lines are skipped
    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-06,workday,春节

`kind` is holiday (also 休, 放假) or workday (also 班, 上班). The file is checked as a whole: every
bad row is reported with its line number and a reason in Chinese, and nothing is imported unless
every row is good. UTF-8 (with or without BOM) and GB 18030/GBK, which Excel writes on Chinese
Windows, are both read. Dates may be written 2027-01-01 or 2027/1/1.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from .choices import KIND_SPELLINGS, DayKind
from .errors import CalendarFileInvalid

MAX_BYTES = 64 * 1024  # a year has at most 366 rows; 64 KiB is ample
MAX_NAME = 64
HEADERS = (("date", "kind", "name"), ("日期", "类型", "名称"))
WEEKDAYS = "一二三四五六日"
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


@dataclass(frozen=True, slots=True)
class SpecialDay:
    line: int
    date: date
    kind: str
    name: str

    @property
    def is_workday(self) -> bool:
        return self.kind == DayKind.WORKDAY


def decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise CalendarFileInvalid(
            _("文件过大（超过 64 KB），一年的放假安排不会这么长。"),
            details={"errors": [{"line": 0, "reason": _("文件过大")}]},
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CalendarFileInvalid(  # pragma: no cover - gb18030 decodes almost any byte string
        _("文件编码无法识别，请保存为 UTF-8 或 GBK 编码的 CSV。"),
        details={"errors": [{"line": 0, "reason": _("编码无法识别")}]},
    )


def parse_date(text: str) -> date | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_notice(content: bytes | str, year: int) -> list[SpecialDay]:
    """The special days of `year` in the file; CalendarFileInvalid listing every bad row."""
    text = decode(content) if isinstance(content, bytes) else content
    errors: list[dict] = []
    days: list[SpecialDay] = []
    seen: dict[date, int] = {}
    header_seen = False

    def bad(line: int, reason: str) -> None:
        errors.append({"line": line, "reason": reason})

    reader = csv.reader(io.StringIO(text))
    for row in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            if tuple(c.lower() for c in cells[:3]) in HEADERS:
                continue
            bad(line, _("第一行应为表头 date,kind,name（或 日期,类型,名称）。"))
            continue
        while len(cells) > 3 and not cells[-1]:
            cells.pop()  # trailing empty cells from spreadsheet exports
        if len(cells) not in (2, 3):
            bad(line, _("应有 3 列（date,kind,name），实际为 %(n)d 列。") % {"n": len(cells)})
            continue
        raw_date, raw_kind = cells[0], cells[1]
        name = cells[2] if len(cells) == 3 else ""
        day = parse_date(raw_date)
        kind = KIND_SPELLINGS.get(raw_kind.lower())
        if day is None:
            bad(line, _("日期“%(d)s”无法识别，应为 YYYY-MM-DD。") % {"d": raw_date})
        elif day.year != year:
            bad(line, _("日期 %(d)s 不在 %(y)d 年内。") % {"d": day.isoformat(), "y": year})
            day = None
        if kind is None:
            bad(
                line,
                _("类型“%(k)s”无法识别，应为 holiday（休）或 workday（班）。") % {"k": raw_kind},
            )
        if len(name) > MAX_NAME:
            bad(line, _("名称过长（不超过 %(n)d 个字）。") % {"n": MAX_NAME})
        if day is None or kind is None or len(name) > MAX_NAME:
            continue
        if day in seen:
            bad(
                line,
                _("日期 %(d)s 与第 %(l)d 行重复。") % {"d": day.isoformat(), "l": seen[day]},
            )
            continue
        seen[day] = line
        if kind == DayKind.WORKDAY and day.weekday() < 5:
            bad(
                line,
                _("%(d)s 是星期%(w)s，本就是工作日，不能标为调休上班日。")
                % {"d": day.isoformat(), "w": WEEKDAYS[day.weekday()]},
            )
            continue
        days.append(SpecialDay(line, day, kind, name))

    if not errors and not days:
        bad(0, _("文件中没有任何日期。"))
    if errors:
        raise CalendarFileInvalid(
            _("文件有 %(n)d 处错误，未导入任何数据。") % {"n": len(errors)},
            details={"errors": errors},
        )
    return days
