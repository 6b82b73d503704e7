"""Working-day calendar and period arithmetic for statutory time limits (legal.md §0.1); pure.

A `WorkingDayCalendar` is built from the State Council's annual holiday notices: the holidays
(放假日), the make-up working days (调休上班日) and the years whose notice is loaded. Every
computation returns a `Due` that says how it was counted (`basis`) and whether it relied on a year
with no published notice (`provisional`). For such a year the calendar falls back to "Monday to
Friday, except 1 January" and flags the result: never an exception, never silently wrong.

Counting rules (each cited where it is applied):
- The starting day or hour is not counted (TEPP Art. 17; Civil Code Art. 201; CPL Art. 85).
- "N working days" counts the N working days after the start day; weekends and holidays are
  skipped, make-up working days count (APL Art. 85, ACL Art. 69, ARL Art. 88).
- Natural days, months and years: if the last day is not a working day, the period ends on the
  next working day (TEPP Art. 17; CPL Art. 85 para 3).
- Months and years end on the same-numbered day; when the last month has no such day, on its last
  day (Civil Code Art. 202): 31 January + 1 month = 28 (or 29) February.
- Hours run on the clock with no roll-forward: a 24-hour limit such as the report after an
  emergency coercive measure (ACL Art. 19) is 24 clock hours, night or holiday.

Nothing here reads the clock: every function takes its start date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from zhifa.core.errors import InvalidInput

WORKING_DAYS = "working_days"
NATURAL_DAYS = "natural_days"
HOURS = "hours"
MONTHS = "months"
YEARS = "years"
UNITS = (WORKING_DAYS, NATURAL_DAYS, HOURS, MONTHS, YEARS)
UNIT_LABELS = {
    WORKING_DAYS: "工作日",
    NATURAL_DAYS: "日（自然日）",
    HOURS: "小时",
    MONTHS: "个月",
    YEARS: "年",
}

# The dates the calendar answers for. Far enough back for any live case and forward for any
# limitation period; beyond this a date is a typing error, not a deadline.
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2199, 12, 31)
# Amounts above these are typing errors: the longest periods in legal.md §A are 5 years (A2),
# 90 days (A13) and 20 working days (A28, A31); the bounds leave ample room for other laws.
MAX_AMOUNT = {WORKING_DAYS: 2000, NATURAL_DAYS: 3660, HOURS: 24 * 366, MONTHS: 240, YEARS: 20}

# How each unit is counted, in Chinese with its articles: returned in `Due.basis`.
BASIS = {
    WORKING_DAYS: (
        "按工作日计算：开始之日不计入，法定节假日和休息日不计入，调休上班日计入"
        "（TEPP Art. 17; APL Art. 85; ACL Art. 69; ARL Art. 88）"
    ),
    NATURAL_DAYS: "按自然日计算：开始之日不计入（TEPP Art. 17）",
    MONTHS: (
        "按月计算：到期月的对应日为届满日，没有对应日的以该月末日为届满日"
        "（民法典第二百零二条；TEPP Art. 17）"
    ),
    YEARS: (
        "按年计算：到期年的对应日为届满日，没有对应日的以该月末日为届满日"
        "（民法典第二百零二条；TEPP Art. 17）"
    ),
    HOURS: "按小时计算：开始之时不计入，不因节假日顺延（TEPP Art. 17; ACL Art. 19）",
}
BASIS_BEFORE = (
    "按工作日倒算：送达之日不计入，于该日或之前送达，距事项日期不少于规定的工作日数"
    "（APL Art. 64(2), Art. 85; TEPP Art. 17）"
)

ONE_DAY = timedelta(days=1)
SATURDAY = 5


@dataclass(frozen=True, slots=True)
class Due:
    """The end of a period: the last day (or instant, for hours) on which it is still on time.

    `nominal` is the day the arithmetic gave before any roll-forward; `basis` explains the count
    in Chinese with its articles; `provisional` is True when a year the count relied on has no
    published holiday notice yet, so the date may move once it is published.
    """

    due: date | datetime
    provisional: bool
    unit: str
    amount: int
    basis: str
    start: date | datetime
    nominal: date | datetime
    provisional_years: tuple[int, ...] = ()

    @property
    def rolled_forward(self) -> bool:
        return self.due != self.nominal


@dataclass(frozen=True, slots=True)
class WorkingDayCount:
    """How many working days lie in a span, and whether that relied on an unpublished year."""

    days: int
    provisional: bool
    provisional_years: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkingDayCalendar:
    """The national holiday arrangement as a value: holidays, make-up working days, loaded years.

    Data for a year outside `published_years` is ignored: such a year is counted with weekends
    and 1 January only, and every answer that touches it is flagged provisional.
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)
    published_years: frozenset[int] = field(default_factory=frozenset)

    def __post_init__(self):
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "makeup_workdays", frozenset(self.makeup_workdays))
        object.__setattr__(self, "published_years", frozenset(self.published_years))
        both = self.holidays & self.makeup_workdays
        if both:
            raise ValueError(f"dates both holiday and make-up working day: {sorted(both)[:5]}")

    @classmethod
    def build(
        cls,
        holidays: Iterable[date],
        makeup_workdays: Iterable[date],
        published_years: Iterable[int],
    ) -> WorkingDayCalendar:
        return cls(frozenset(holidays), frozenset(makeup_workdays), frozenset(published_years))

    # --- single days -------------------------------------------------------------------------

    def is_published(self, year: int) -> bool:
        return year in self.published_years

    def is_working_day(self, d: date) -> tuple[bool, bool]:
        """(is it a working day, is that answer provisional).

        Published year: a make-up working day (调休上班日) works even on a weekend; a holiday does
        not; otherwise Monday to Friday work. Saturdays and Sundays are rest days (休息日): periods
        the ARL and ALL leave open follow the Civil Procedure Law (ARL Art. 88, ALL Art. 101), whose
        Art. 85 "法定休假日" courts apply to weekends as well as holidays; TEPP Art. 17's "节假日"
        is read the same way, so a period ending on a non-make-up weekend rolls forward.
        Unpublished year: Monday to Friday except 1 January (元旦 is fixed by the State Council's
        national holiday measures; every other holiday moves with the notice), flagged provisional.
        """
        d = _as_date(d)
        if d.year in self.published_years:
            if d in self.makeup_workdays:
                return True, False
            if d in self.holidays:
                return False, False
            return d.weekday() < SATURDAY, False
        return d.weekday() < SATURDAY and not (d.month == 1 and d.day == 1), True

    def next_working_day(self, d: date) -> tuple[date, set[int]]:
        """The first working day on or after `d`, and the unpublished years consulted."""
        unpublished: set[int] = set()
        while True:
            working, provisional = self.is_working_day(d)
            if provisional:
                unpublished.add(d.year)
            if working:
                return d, unpublished
            d += ONE_DAY

    # --- periods -----------------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> Due:
        """The n-th working day after `start` (the start day itself is not counted).

        APL Art. 85 (2, 3, 5, 7 days), ACL Art. 69 (≤10 days), ARL Art. 88: working days exclude
        statutory holidays and rest days; TEPP Art. 17: the starting day is not counted.
        """
        start = _check_start(start)
        _check_amount(WORKING_DAYS, n)
        d, counted, unpublished = start, 0, set()
        while counted < n:
            d += ONE_DAY
            working, provisional = self.is_working_day(d)
            if provisional:
                unpublished.add(d.year)
            if working:
                counted += 1
        return _due(d, d, start, WORKING_DAYS, n, BASIS[WORKING_DAYS], unpublished)

    def add_natural_days(self, start: date, n: int) -> Due:
        """`start` + n days, rolled forward to the next working day if that day is not one.

        TEPP Art. 17: the starting day is not counted; if the last day is a holiday the period ends
        on the first day after it (weekends count as rest days, see `is_working_day`).
        """
        start = _check_start(start)
        _check_amount(NATURAL_DAYS, n)
        nominal = start + timedelta(days=n)
        return self._rolled(nominal, start, NATURAL_DAYS, n, BASIS[NATURAL_DAYS])

    def add_months(self, start: date, n: int) -> Due:
        """The same-numbered day n months later (month end if there is none), rolled forward.

        Civil Code Art. 202: the corresponding day of the last month ends the period; without one,
        the last day of that month (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year).
        TEPP Art. 17: a last day that is not a working day rolls forward.
        """
        start = _check_start(start)
        _check_amount(MONTHS, n)
        nominal = _shift_months(start, n)
        return self._rolled(nominal, start, MONTHS, n, BASIS[MONTHS])

    def add_years(self, start: date, n: int) -> Due:
        """The same day n years later (29 Feb → 28 Feb in a common year), rolled forward."""
        start = _check_start(start)
        _check_amount(YEARS, n)
        nominal = _shift_months(start, 12 * n)
        return self._rolled(nominal, start, YEARS, n, BASIS[YEARS])

    def add_hours(self, start: datetime, n: int) -> Due:
        """`start` + n clock hours, without roll-forward (ACL Art. 19, TEPP Art. 127: 24 hours).

        TEPP Art. 17: the starting hour is not counted, which the arithmetic already does. Aware
        datetimes are added in UTC, so the answer is right across any offset change.
        """
        if not isinstance(start, datetime):
            raise InvalidInput(
                "按小时计算的期限需要起算时刻（日期和时间）。", code="calendar_start_needs_time"
            )
        _check_start(start.date())
        _check_amount(HOURS, n)
        if start.tzinfo is not None:
            due = (start.astimezone(UTC) + timedelta(hours=n)).astimezone(start.tzinfo)
        else:
            due = start + timedelta(hours=n)
        return Due(due, False, HOURS, n, BASIS[HOURS], start, due)

    def add(self, start: date | datetime, amount: int, unit: str) -> Due:
        """Dispatch on `unit` (one of UNITS)."""
        if unit not in UNITS:
            raise InvalidInput(
                "期限单位无法识别，应为 working_days、natural_days、hours、months 或 years。",
                code="calendar_unknown_unit",
                details={"unit": unit, "allowed": list(UNITS)},
            )
        if unit == HOURS:
            return self.add_hours(start, amount)  # type: ignore[arg-type]
        start = _as_date(start)
        return {
            WORKING_DAYS: self.add_working_days,
            NATURAL_DAYS: self.add_natural_days,
            MONTHS: self.add_months,
            YEARS: self.add_years,
        }[unit](start, amount)

    # --- spans -------------------------------------------------------------------------------

    def count_working_days_between(self, a: date, b: date) -> WorkingDayCount:
        """Working days d with a < d <= b: `a` is not counted (TEPP Art. 17), `b` is.

        It is the inverse of `add_working_days`: count(a, add_working_days(a, n).due) == n. A
        hearing notice served on `a` is "7 working days ahead" of a hearing on `b` (APL Art. 64(2))
        when this count is at least 7. Zero when b <= a.
        """
        a, b = _check_start(a), _check_start(b)
        days, d, unpublished = 0, a, set()
        while d < b:
            d += ONE_DAY
            working, provisional = self.is_working_day(d)
            if provisional:
                unpublished.add(d.year)
            if working:
                days += 1
        return WorkingDayCount(days, bool(unpublished), tuple(sorted(unpublished)))

    def latest_start_before(self, event: date, n: int) -> Due:
        """The latest day from which `event` is still n working days ahead.

        For "at least N working days before" rules (APL Art. 64(2): hearing notice 7 days before the
        hearing; ACL Art. 51: 3 days before substitute performance): serving on the returned day or
        earlier satisfies count_working_days_between(served, event) >= n. The returned day may be a
        weekend: serving a notice on a rest day is allowed; only the count matters.
        """
        event = _check_start(event)
        _check_amount(WORKING_DAYS, n)
        d, counted, unpublished = event + ONE_DAY, 0, set()
        while counted < n:
            d -= ONE_DAY
            working, provisional = self.is_working_day(d)
            if provisional:
                unpublished.add(d.year)
            if working:
                counted += 1
        latest = d - ONE_DAY
        return _due(latest, latest, event, WORKING_DAYS, n, BASIS_BEFORE, unpublished)

    # --- helpers -----------------------------------------------------------------------------

    def _rolled(self, nominal: date, start: date, unit: str, n: int, basis: str) -> Due:
        _check_start(nominal)
        due, unpublished = self.next_working_day(nominal)
        if due != nominal:
            basis += (
                f"；届满日 {nominal.isoformat()} 为节假日或休息日，"
                f"顺延至其后第一个工作日 {due.isoformat()}（TEPP Art. 17）"
            )
        return _due(due, nominal, start, unit, n, basis, unpublished)


def _due(due, nominal, start, unit, n, basis, unpublished: set[int]) -> Due:
    years = tuple(sorted(unpublished))
    if years:
        listed = "、".join(str(y) for y in years)
        basis += f"；{listed} 年的放假安排尚未发布，暂按周末和元旦计算，结果为临时结果"
    return Due(due, bool(years), unit, n, basis, start, nominal, years)


def _as_date(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d


def _check_start(d: date | datetime) -> date:
    if not isinstance(d, date):
        raise InvalidInput("日期格式有误，应为 YYYY-MM-DD。", code="calendar_bad_date")
    d = _as_date(d)
    if not MIN_DATE <= d <= MAX_DATE:
        raise InvalidInput(
            f"日期超出可计算范围（{MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()}）。",
            code="calendar_date_out_of_range",
            details={"date": d.isoformat()},
        )
    return d


def _check_amount(unit: str, n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InvalidInput("期限数值应为整数。", code="calendar_amount_invalid")
    if not 1 <= n <= MAX_AMOUNT[unit]:
        raise InvalidInput(
            f"期限数值应在 1 至 {MAX_AMOUNT[unit]} {UNIT_LABELS[unit]}之间。",
            code="calendar_amount_out_of_range",
            details={"amount": n, "unit": unit, "max": MAX_AMOUNT[unit]},
        )


def _shift_months(d: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (Civil Code Art. 202)."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - ONE_DAY).day
