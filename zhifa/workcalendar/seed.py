"""The holiday arrangements published so far, as the `chinesecalendar` package records them.

The package transcribes each year's State Council notice (国务院办公厅关于部分节假日安排的通知),
2004 to its newest year. Its names are English; the notices' Chinese names are used here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from importlib.metadata import version

from chinese_calendar import constants

# The package's English holiday names → the names the notices use.
NAMES_ZH = {holiday.value: holiday.chinese for holiday in constants.Holiday}


def package_version() -> str:
    return version("chinesecalendar")


def source_for(year: int) -> str:
    return (
        f"国务院办公厅关于{year}年部分节假日安排的通知"
        f"（数据取自 chinesecalendar {package_version()}）"
    )


def package_years() -> dict[int, list[tuple[date, bool, str]]]:
    """{year: [(date, is_workday, name_zh), ...]} for every year the package covers."""
    years: dict[int, list[tuple[date, bool, str]]] = defaultdict(list)
    for day, name in constants.holidays.items():
        years[day.year].append((day, False, NAMES_ZH.get(name, name)))
    for day, name in constants.workdays.items():
        years[day.year].append((day, True, NAMES_ZH.get(name, name)))
    return {year: sorted(days) for year, days in sorted(years.items())}
