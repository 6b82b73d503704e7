"""Writes to the working-day calendar: importing a year's holiday notice. Journaled, all or nothing."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhifa.core.calendar import MAX_DATE, MIN_DATE
from zhifa.core.errors import InvalidInput, PermissionDenied
from zhifa.records import journal

from . import seed
from .csvimport import SpecialDay, parse_notice
from .errors import CalendarYearExists
from .models import CalendarYear, WorkCalendar
from .selectors import invalidate_calendar_cache

MAX_SOURCE = 255


def check_may_import(actor) -> None:
    """Only the system administrator loads calendars; `actor=None` is the operator's shell."""
    if actor is not None and getattr(actor, "admin_role", "") != "system":
        raise PermissionDenied(_("只有系统管理员可以导入工作日历。"), code="calendar_import_denied")


def import_calendar_csv(
    *,
    content: bytes | str,
    year: int,
    source: str,
    actor=None,
    replace: bool = False,
    filename: str = "",
) -> CalendarYear:
    """Import `year` from a notice CSV (see csvimport); nothing is written if any row is bad."""
    check_may_import(actor)
    _check_year(year)
    days = parse_notice(content, year)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return import_calendar_year(
        year=year,
        days=[(d.date, d.is_workday, d.name) for d in days],
        source=source,
        actor=actor,
        replace=replace,
        extra={"file_sha256": hashlib.sha256(raw).hexdigest(), "filename": filename[:255]},
    )


@transaction.atomic
def import_calendar_year(
    *,
    year: int,
    days: list[tuple] | list[SpecialDay],
    source: str,
    actor=None,
    replace: bool = False,
    extra: dict | None = None,
) -> CalendarYear:
    """Store `year`'s special days (date, is_workday, name) and journal it, in one transaction.

    An already imported year is refused unless `replace`: then its old days are removed first and
    the journal entry records what was replaced.
    """
    check_may_import(actor)
    _check_year(year)
    source = (source or "").strip()
    if not source:
        raise InvalidInput(_("请填写依据（通知名称和文号）。"), code="calendar_source_required")
    if len(source) > MAX_SOURCE:
        raise InvalidInput(_("依据过长（不超过 255 个字）。"), code="calendar_source_too_long")
    rows = [(d, bool(w), (n or "").strip()) for d, w, n in days]
    if any(d.year != year for d, _w, _n in rows):
        raise InvalidInput(_("日期不在所导入的年度内。"), code="calendar_date_outside_year")
    if len({d for d, _w, _n in rows}) != len(rows):
        raise InvalidInput(_("日期重复。"), code="calendar_duplicate_date")

    existing = CalendarYear.objects.select_for_update().filter(year=year).first()
    previous = None
    if existing is not None:
        if not replace:
            raise CalendarYearExists(
                _(
                    "%(y)d 年的放假安排已导入（依据：%(s)s）；如需替换，请勾选“替换已有年度”（命令行加 --replace）。"
                )
                % {"y": year, "s": existing.source},
                details={"year": year, "source": existing.source},
            )
        previous = {
            "source": existing.source,
            "imported_at": existing.imported_at.isoformat(),
            "holidays": existing.days.filter(is_workday=False).count(),
            "workdays": existing.days.filter(is_workday=True).count(),
        }
        existing.days.all().delete()

    calendar_year, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "source": source,
            "imported_at": timezone.now(),
            "imported_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    WorkCalendar.objects.bulk_create(
        WorkCalendar(date=d, is_workday=w, name=n, year=calendar_year) for d, w, n in rows
    )
    journal.append(
        "calendar.year_imported",
        actor=actor,
        subject=calendar_year,
        payload={
            "year": year,
            "source": source,
            "holidays": sorted(d.isoformat() for d, w, _n in rows if not w),
            "workdays": sorted(d.isoformat() for d, w, _n in rows if w),
            "replaced": previous,
            **(extra or {}),
        },
    )
    invalidate_calendar_cache()
    transaction.on_commit(invalidate_calendar_cache)
    return calendar_year


def seed_calendar(*, actor=None, years=None) -> list[int]:
    """Load every year the `chinesecalendar` package covers and the database lacks. Idempotent.

    A year already present (seeded before, or imported from a notice) is left as it is.
    """
    check_may_import(actor)
    available = seed.package_years()
    wanted = sorted(set(available) & set(years)) if years else sorted(available)
    present = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    added = []
    for year in wanted:
        if year in present:
            continue
        import_calendar_year(
            year=year,
            days=available[year],
            source=seed.source_for(year),
            actor=actor,
            extra={"package": f"chinesecalendar {seed.package_version()}"},
        )
        added.append(year)
    return added


def _check_year(year) -> None:
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not (MIN_DATE.year <= year <= MAX_DATE.year)
    ):
        raise InvalidInput(
            _("年度应为 %(a)d 至 %(b)d 之间的整数。") % {"a": MIN_DATE.year, "b": MAX_DATE.year},
            code="calendar_bad_year",
        )
