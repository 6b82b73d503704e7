"""Reporting periods of the reports to the ministry (报部): a month, a quarter or a year, written
"2026-11", "2026-Q4" or "2026". Pure, no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTH, QUARTER, YEAR = "month", "quarter", "year"
_FORMS = (
    (MONTH, re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")),
    (QUARTER, re.compile(r"^(\d{4})-[Qq]([1-4])$")),
    (YEAR, re.compile(r"^(\d{4})$")),
)


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    start: date
    end: date  # the last day, inclusive

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == QUARTER:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    @property
    def code(self) -> str:
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse(text: str) -> Period | None:
    """The period written as "2026-11", "2026-Q4" or "2026"; None for anything else."""
    value = (text or "").strip()
    for kind, pattern in _FORMS:
        m = pattern.match(value)
        if not m:
            continue
        year = int(m.group(1))
        if not 2000 <= year <= 2100:
            return None
        if kind == MONTH:
            month = int(m.group(2))
            return Period(MONTH, date(year, month, 1), _month_end(year, month))
        if kind == QUARTER:
            first = (int(m.group(2)) - 1) * 3 + 1
            return Period(QUARTER, date(year, first, 1), _month_end(year, first + 2))
        return Period(YEAR, date(year, 1, 1), date(year, 12, 31))
    return None


def of_kind(kind: str, start: date) -> Period:
    """The period of `kind` that begins on `start` (as stored on a report)."""
    if kind == MONTH:
        return Period(MONTH, start, _month_end(start.year, start.month))
    if kind == QUARTER:
        return Period(QUARTER, start, _month_end(start.year, start.month + 2))
    return Period(YEAR, start, date(start.year, 12, 31))
