"""Reads of the working-day calendar, and deadlines computed with it.

The calendar is national reference data that every signed-in user may read, so these selectors
take no user: nothing here is scoped to an agency.

The whole calendar (every loaded year, under a thousand rows) is held once per process as a
frozen core value. An import clears this process's copy at once and bumps a generation number in
Django's cache; other processes see the new number on their next check (at most every
`RECHECK_SECONDS`) and reload, so with a shared cache (Redis) every worker follows within seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache

from zhifa.core.calendar import Due, WorkingDayCalendar
from zhifa.core.time_limits import TimeLimitRule, compute_rule, registry

from .models import CalendarYear, WorkCalendar

GENERATION_KEY = "workcalendar:generation"
RECHECK_SECONDS = 5.0

_lock = threading.Lock()
_state: dict = {"calendar": None, "generation": None, "checked": 0.0}


def _load() -> WorkingDayCalendar:
    years = CalendarYear.objects.values_list("year", flat=True)
    holidays, makeup = set(), set()
    for day, is_workday in WorkCalendar.objects.values_list("date", "is_workday"):
        (makeup if is_workday else holidays).add(day)
    return WorkingDayCalendar.build(holidays, makeup, years)


def national_calendar() -> WorkingDayCalendar:
    """Every loaded year as one core value, cached in this process."""
    now = time.monotonic()
    with _lock:
        calendar = _state["calendar"]
        if calendar is not None and now - _state["checked"] < RECHECK_SECONDS:
            return calendar
        generation = cache.get(GENERATION_KEY)
        if calendar is None or generation != _state["generation"]:
            calendar = _load()
            _state.update(calendar=calendar, generation=generation)
        _state["checked"] = now
        return calendar


def calendar_for(years: Iterable[int] | None = None) -> WorkingDayCalendar:
    """The calendar, restricted to `years` when given (other years then count as unpublished)."""
    calendar = national_calendar()
    if years is None:
        return calendar
    keep = set(years)
    return WorkingDayCalendar.build(
        {d for d in calendar.holidays if d.year in keep},
        {d for d in calendar.makeup_workdays if d.year in keep},
        calendar.published_years & keep,
    )


def invalidate_calendar_cache() -> None:
    """Forget this process's copy and tell the others (through the shared cache) to reload."""
    with _lock:
        _state.update(calendar=None, generation=None, checked=0.0)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def compute_deadline(start: date | datetime, amount: int, unit: str) -> Due:
    """The due day of a period of `amount` `unit` from `start`, on the national calendar."""
    return national_calendar().add(start, amount, unit)


def time_limit_rule(code: str) -> TimeLimitRule:
    return registry().get(code)


def time_limit_rules() -> tuple[TimeLimitRule, ...]:
    return registry().rules


def deadline_for_rule(code: str, start: date | datetime) -> Due:
    """The due day of the statutory period `code` (legal.md §A) starting on `start`."""
    return compute_rule(national_calendar(), registry().get(code), start)


@dataclass(frozen=True)
class YearView:
    year: int
    published: bool
    source: str
    imported_at: datetime | None
    days: list[WorkCalendar]


def year_view(year: int) -> YearView:
    """One year's special days and where they come from."""
    row = CalendarYear.objects.filter(year=year).first()
    days = list(WorkCalendar.objects.filter(year_id=year).order_by("date")) if row else []
    return YearView(
        year=year,
        published=row is not None,
        source=row.source if row else "",
        imported_at=row.imported_at if row else None,
        days=days,
    )


def loaded_years() -> list[int]:
    return list(CalendarYear.objects.order_by("-year").values_list("year", flat=True))
