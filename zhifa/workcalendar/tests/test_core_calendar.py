"""Table tests of the working-day core (zhifa/core/calendar.py) against official holiday notices.

The calendar under test is built from the `chinesecalendar` package (State Council notices,
2004–2026), exactly as the app seeds it. Each row names the notice or article it checks.
"""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.core.calendar import (
    HOURS,
    MONTHS,
    NATURAL_DAYS,
    WORKING_DAYS,
    YEARS,
    WorkingDayCalendar,
)
from zhifa.core.errors import InvalidInput

OFFICIAL = WorkingDayCalendar.build(constants.holidays, constants.workdays, range(2004, 2027))
D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "working", "provisional", "why"),
    [
        ("2024-02-04", True, False, "Sunday make-up working day, 2024 Spring Festival notice"),
        ("2024-02-18", True, False, "Sunday make-up working day, 2024 Spring Festival notice"),
        ("2024-02-09", True, False, "除夕 2024 works (the notice only encourages leave)"),
        ("2024-02-10", False, False, "2024 Spring Festival holiday (Saturday)"),
        ("2024-02-12", False, False, "2024 Spring Festival holiday (Monday)"),
        ("2025-01-26", True, False, "Sunday make-up working day, 2025 Spring Festival"),
        ("2025-01-28", False, False, "2025 Spring Festival holiday starts on 除夕"),
        ("2025-02-04", False, False, "last day of the 2025 Spring Festival holiday"),
        ("2025-02-05", True, False, "first working day after the 2025 Spring Festival"),
        ("2025-02-08", True, False, "Saturday make-up working day, 2025 Spring Festival"),
        ("2025-03-08", False, False, "an ordinary Saturday is a rest day"),
        ("2025-03-10", True, False, "an ordinary Monday"),
        ("2026-09-20", True, False, "Sunday make-up working day, 2026 National Day"),
        ("2026-10-01", False, False, "2026 National Day holiday"),
        ("2026-10-07", False, False, "last day of the 2026 National Day holiday"),
        ("2026-10-08", True, False, "first working day after the 2026 National Day"),
        ("2026-10-10", True, False, "Saturday make-up working day, 2026 National Day"),
        ("2027-01-01", False, True, "no 2027 notice: 1 January is fixed, flagged provisional"),
        ("2027-01-04", True, True, "no 2027 notice: an ordinary Monday, flagged provisional"),
        ("2027-02-06", False, True, "no 2027 notice: a Saturday, flagged provisional"),
    ],
)
def test_is_working_day(day, working, provisional, why):
    # given the official calendar
    # when a day is looked up
    answer = OFFICIAL.is_working_day(D(day))
    # then it matches the State Council notice (or the provisional fallback)
    assert answer == (working, provisional), why


@pytest.mark.parametrize(
    ("start", "n", "due", "provisional", "case"),
    [
        # A10: 5 working days to ask for a hearing (APL Art. 64(1), 85), across National Day 2025:
        # 9/30 (1), 10/1–10/8 holiday, 10/9 (2), 10/10 (3), 10/11 make-up Saturday (4), 10/13 (5).
        ("2025-09-29", 5, "2025-10-13", False, "A10 hearing request across National Day 2025"),
        # Same across National Day 2026: 9/30 (1), 10/1–10/7, 10/8, 10/9, 10/10 make-up, 10/12.
        ("2026-09-29", 5, "2026-10-12", False, "A10 hearing request across National Day 2026"),
        # A3/A14: 7 working days from the Friday before Spring Festival 2025: 1/26 make-up (1),
        # 1/27 (2), 1/28–2/4 holiday, 2/5 (3), 2/6 (4), 2/7 (5), 2/8 make-up Saturday (6), 2/10 (7).
        ("2025-01-24", 7, "2025-02-10", False, "7 WD starting just before Spring Festival 2025"),
        # 2024: Sunday 2/4 is a make-up working day: 2/4 (1), 2/5 (2), 2/6 (3).
        ("2024-02-02", 3, "2024-02-06", False, "make-up Sunday 2024-02-04 counts"),
        # 2024: 除夕 2/9 works (1); 2/10–2/17 holiday; make-up Sunday 2/18 (2).
        ("2024-02-08", 2, "2024-02-18", False, "A17 2 WD lands on make-up 2024-02-18"),
        # An ordinary week: Friday + 1 working day is Monday.
        ("2025-03-07", 1, "2025-03-10", False, "weekend skipped"),
        # The start day is not counted even when it is a working day (TEPP Art. 17).
        ("2025-03-10", 1, "2025-03-11", False, "start day not counted"),
        # Into 2027 (no notice yet): 12/29, 12/30, 12/31, [1/1 fixed holiday], 1/4, 1/5.
        ("2026-12-28", 5, "2027-01-05", True, "deadline in 2027 flagged provisional"),
    ],
)
def test_add_working_days(start, n, due, provisional, case):
    # given a start day and a number of working days
    # when the due day is computed
    result = OFFICIAL.add_working_days(D(start), n)
    # then it is the n-th working day after the start, per the official notices
    assert (result.due, result.provisional) == (D(due), provisional), case
    assert result.unit == WORKING_DAYS
    assert result.amount == n
    assert "APL Art. 85" in result.basis


@pytest.mark.parametrize(
    ("start", "n", "due", "nominal", "provisional", "case"),
    [
        # A16: 15 days to pay a fine (APL Art. 67); day 15 is National Day, roll to 10/9.
        ("2025-09-16", 15, "2025-10-09", "2025-10-01", False, "A16 payment ends on a holiday"),
        # Day 15 is a Saturday: roll to Monday (weekends are rest days, CPL Art. 85).
        ("2025-02-14", 15, "2025-03-03", "2025-03-01", False, "ends on a Saturday"),
        # Day 15 is a make-up Saturday: a working day, no roll-forward.
        ("2025-09-26", 15, "2025-10-11", "2025-10-11", False, "ends on a make-up Saturday"),
        # A9: 5 days to file an on-the-spot decision (TEPP Art. 61(8)); day 5 is 春节 2026.
        ("2026-02-10", 5, "2026-02-24", "2026-02-15", False, "A9 filing ends in Spring Festival"),
        # A13: 90 days to decide from filing (APL Art. 60); day 90 is 2025-10-01.
        ("2025-07-03", 90, "2025-10-09", "2025-10-01", False, "A13 90 days ends on National Day"),
        # An ordinary working day: nothing to roll.
        ("2025-03-03", 15, "2025-03-18", "2025-03-18", False, "ordinary"),
        # Into 2027: day 15 is 1 January (fixed), next working day Monday 1/4, provisional.
        ("2026-12-17", 15, "2027-01-04", "2027-01-01", True, "ends on 2027 New Year, provisional"),
        # Ends in 2026 although 2027 is near: not provisional.
        ("2026-12-01", 15, "2026-12-16", "2026-12-16", False, "ends in a published year"),
    ],
)
def test_add_natural_days(start, n, due, nominal, provisional, case):
    # given a start day and a number of natural days
    # when the due day is computed
    result = OFFICIAL.add_natural_days(D(start), n)
    # then the last day rolls forward past holidays and rest days (TEPP Art. 17)
    assert (result.due, result.nominal, result.provisional) == (
        D(due),
        D(nominal),
        provisional,
    ), case
    assert result.rolled_forward is (due != nominal)
    if result.rolled_forward:
        assert "顺延" in result.basis


@pytest.mark.parametrize(
    ("start", "n", "unit", "due", "provisional", "case"),
    [
        # Civil Code Art. 202: no corresponding day, so the month's last day.
        ("2025-01-31", 1, MONTHS, "2025-02-28", False, "31 Jan + 1 month = 28 Feb"),
        ("2024-01-31", 1, MONTHS, "2024-02-29", False, "leap year: 31 Jan + 1 month = 29 Feb"),
        ("2024-03-31", 1, MONTHS, "2024-04-30", False, "31 Mar + 1 month = 30 Apr"),
        ("2025-08-31", 1, MONTHS, "2025-09-30", False, "31 Aug + 1 month = 30 Sep"),
        # 30 Nov + 3 months = 28 Feb 2026, a Saturday but a make-up working day: no roll.
        ("2025-11-30", 3, MONTHS, "2026-02-28", False, "clamped onto make-up Saturday"),
        # 31 Mar + 2 months = 31 May 2025, 端午 holiday (5/31–6/2): roll to 3 June.
        ("2025-03-31", 2, MONTHS, "2025-06-03", False, "month end on Dragon Boat holiday"),
        # A22: 3 months to apply to court (ACL Art. 53); 10/1 is a holiday, roll to 10/9.
        ("2025-07-01", 3, MONTHS, "2025-10-09", False, "A22 ends on National Day"),
        ("2024-02-29", 1, YEARS, "2025-02-28", False, "29 Feb + 1 year = 28 Feb"),
        # A2: 2-year limitation (APL Art. 36) ending on National Day 2025.
        ("2023-10-01", 2, YEARS, "2025-10-09", False, "A2 ends on National Day"),
        # A2: 5 years reaches 2029: no notice yet, flagged.
        ("2024-06-01", 5, YEARS, "2029-06-01", True, "A2 5 years into 2029, provisional"),
    ],
)
def test_add_months_and_years(start, n, unit, due, provisional, case):
    # given a period in months or years
    # when the due day is computed
    result = OFFICIAL.add(D(start), n, unit)
    # then month ends clamp and the last day rolls forward
    assert (result.due, result.provisional) == (D(due), provisional), case


def test_add_hours_runs_on_the_clock_through_holidays():
    # given an emergency coercive measure at 08:30 on National Day (ACL Art. 19: report in 24 h)
    tz = timezone(timedelta(hours=8))
    start = datetime(2025, 10, 1, 8, 30, tzinfo=tz)
    # when the 24-hour limit is computed
    result = OFFICIAL.add(start, 24, HOURS)
    # then it is 24 clock hours later, on a holiday, with no roll-forward and no flag
    assert result.due == datetime(2025, 10, 2, 8, 30, tzinfo=tz)
    assert result.provisional is False
    assert result.rolled_forward is False


def test_add_hours_needs_a_time():
    # given only a date
    # when an hour period is computed
    # then the caller is told a time is needed
    with pytest.raises(InvalidInput) as err:
        OFFICIAL.add(date(2025, 10, 1), 24, HOURS)
    assert err.value.code == "calendar_start_needs_time"


@pytest.mark.parametrize(
    ("notice", "hearing", "count", "timely"),
    [
        # APL Art. 64(2): hearing notice at least 7 working days ahead.
        # 9/28 make-up (1), 9/29, 9/30, 10/9, 10/10, 10/11 make-up, 10/13, 10/14 (8).
        ("2025-09-26", "2025-10-14", 8, True),
        # 10/9, 10/10, 10/11, 10/13, 10/14: 5 working days only.
        ("2025-09-30", "2025-10-14", 5, False),
        ("2025-10-14", "2025-10-14", 0, False),
        ("2025-10-14", "2025-10-01", 0, False),
    ],
)
def test_count_working_days_between(notice, hearing, count, timely):
    # given a notice day and a hearing day
    # when the working days between are counted (notice day excluded, hearing day included)
    result = OFFICIAL.count_working_days_between(D(notice), D(hearing))
    # then the count decides whether the 7-working-day notice was kept
    assert result.days == count
    assert (result.days >= 7) is timely
    assert result.provisional is False


def test_latest_start_before_a_hearing():
    # given a hearing on 2025-10-14 and the 7-working-day notice period (APL Art. 64(2))
    # when the latest notice day is computed
    result = OFFICIAL.latest_start_before(D("2025-10-14"), 7)
    # then serving on 9/28 keeps 7 working days and serving a day later does not
    assert result.due == D("2025-09-28")
    assert OFFICIAL.count_working_days_between(result.due, D("2025-10-14")).days == 7
    assert OFFICIAL.count_working_days_between(D("2025-09-29"), D("2025-10-14")).days == 6


def test_count_into_unpublished_year_is_flagged():
    result = OFFICIAL.count_working_days_between(D("2026-12-30"), D("2027-01-05"))
    # 12/31, [1/1], 1/4, 1/5
    assert (result.days, result.provisional, result.provisional_years) == (3, True, (2027,))


def test_empty_calendar_is_all_provisional_but_sane():
    # given no published year at all
    empty = WorkingDayCalendar()
    # when a deadline is computed
    result = empty.add_working_days(D("2025-09-29"), 5)
    # then it counts weekdays only and says so
    assert (result.due, result.provisional) == (D("2025-10-06"), True)
    assert "2025" in result.basis


def test_data_for_an_unpublished_year_is_ignored():
    # given holiday data for a year that is not marked published
    cal = WorkingDayCalendar.build({D("2030-02-04")}, set(), {2029})
    # then the fallback rule answers, flagged
    assert cal.is_working_day(D("2030-02-04")) == (True, True)


def test_a_day_cannot_be_both_holiday_and_makeup():
    with pytest.raises(ValueError):
        WorkingDayCalendar.build({D("2025-01-01")}, {D("2025-01-01")}, {2025})


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: OFFICIAL.add(D("2025-01-01"), 0, WORKING_DAYS), "calendar_amount_out_of_range"),
        (lambda: OFFICIAL.add(D("2025-01-01"), -3, NATURAL_DAYS), "calendar_amount_out_of_range"),
        (lambda: OFFICIAL.add(datetime(2025, 1, 1), 10**9, HOURS), "calendar_amount_out_of_range"),
        (lambda: OFFICIAL.add(D("2025-01-01"), 21, YEARS), "calendar_amount_out_of_range"),
        (lambda: OFFICIAL.add(D("2025-01-01"), True, YEARS), "calendar_amount_invalid"),
        (lambda: OFFICIAL.add(D("2025-01-01"), 1.5, MONTHS), "calendar_amount_invalid"),
        (lambda: OFFICIAL.add(D("2025-01-01"), 5, "weeks"), "calendar_unknown_unit"),
        (lambda: OFFICIAL.add(D("1900-01-01"), 5, NATURAL_DAYS), "calendar_date_out_of_range"),
        (lambda: OFFICIAL.add(D("9999-12-01"), 5, MONTHS), "calendar_date_out_of_range"),
        (lambda: OFFICIAL.add("2025-01-01", 5, NATURAL_DAYS), "calendar_bad_date"),
    ],
)
def test_bad_input_is_refused_with_a_code(call, code):
    with pytest.raises(InvalidInput) as err:
        call()
    assert err.value.code == code


# --- properties ------------------------------------------------------------------------------

days = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))
small = st.integers(min_value=1, max_value=60)


@settings(max_examples=300, deadline=None)
@given(start=days, n=small, unit=st.sampled_from([WORKING_DAYS, NATURAL_DAYS, MONTHS, YEARS]))
def test_due_is_after_start(start, n, unit):
    if unit == YEARS:
        n = min(n, 20)
    assert OFFICIAL.add(start, n, unit).due > start


@settings(max_examples=300, deadline=None)
@given(start=days, n=small)
def test_working_day_count_inverts_add(start, n):
    # count(a, add_working_days(a, n)) == n, and the due day is itself a working day
    due = OFFICIAL.add_working_days(start, n)
    count = OFFICIAL.count_working_days_between(start, due.due)
    assert count.days == n
    assert count.provisional == due.provisional
    assert OFFICIAL.is_working_day(due.due)[0]
    assert OFFICIAL.count_working_days_between(start, due.due - timedelta(days=1)).days == n - 1


@settings(max_examples=300, deadline=None)
@given(start=days, n=small)
def test_natural_days_roll_to_the_first_working_day(start, n):
    result = OFFICIAL.add_natural_days(start, n)
    assert result.nominal == start + timedelta(days=n)
    assert OFFICIAL.is_working_day(result.due)[0]
    d = result.nominal
    while d < result.due:
        assert not OFFICIAL.is_working_day(d)[0]
        d += timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(event=days, n=st.integers(min_value=1, max_value=20))
def test_latest_start_before_is_the_latest(event, n):
    latest = OFFICIAL.latest_start_before(event, n).due
    assert OFFICIAL.count_working_days_between(latest, event).days == n
    assert OFFICIAL.count_working_days_between(latest + timedelta(days=1), event).days == n - 1


@settings(max_examples=200, deadline=None)
@given(start=days, n=small)
def test_provisional_exactly_when_an_unpublished_year_is_counted(start, n):
    result = OFFICIAL.add_working_days(start, n)
    touched = range((start + timedelta(days=1)).year, result.due.year + 1)
    assert result.provisional == any(y > 2026 for y in touched)


@settings(max_examples=100, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2004, 1, 1), max_value=datetime(2030, 1, 1)),
    n=st.integers(min_value=1, max_value=72),
)
def test_hours_add_exactly(start, n):
    aware = start.replace(tzinfo=UTC)
    assert OFFICIAL.add_hours(aware, n).due - aware == timedelta(hours=n)
