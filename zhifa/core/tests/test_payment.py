"""Fine payment: due date, late surcharge, plans and the court window (table + property tests)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.calendar import WorkingDayCalendar
from zhifa.core.errors import InvalidInput
from zhifa.core.payment import (
    Pause,
    approve_plan,
    court_enforcement_window,
    deferral_plan,
    instalment_plan,
    late_surcharge,
    litigation_period_end,
    money,
    payment_due,
    plain_days,
    plain_months,
    surcharge_days,
    surcharge_over_30_days,
)

D = date
# 2024 National Day: 1–7 October off, 29 September and 12 October make-up working days.
CAL = WorkingDayCalendar.build(
    holidays=[D(2024, 10, d) for d in range(1, 8)],
    makeup_workdays=[D(2024, 9, 29), D(2024, 10, 12)],
    published_years=[2024],
)

# --- due date: APL Art. 67 para 3 ---------------------------------------------------------------

DUE_ROWS = [
    # (received, due, why)
    (D(2024, 3, 1), D(2024, 3, 18), "1 Mar + 15 = Sat 16 Mar → Mon 18 (TEPP Art. 17 roll-forward)"),
    (D(2024, 3, 4), D(2024, 3, 19), "4 Mar + 15 = Tue 19 Mar, a working day"),
    (D(2024, 9, 18), D(2024, 10, 8), "18 Sep + 15 = 3 Oct, holiday → 8 Oct"),
]


@pytest.mark.parametrize(("received", "due", "why"), DUE_ROWS)
def test_payment_due_with_the_calendar(received, due, why):
    assert payment_due(received, add_natural_days=CAL.add_natural_days) == due, why


def test_payment_due_plain_arithmetic_is_explicit():
    assert payment_due(D(2024, 3, 1), add_natural_days=plain_days) == D(2024, 3, 16)


# --- late surcharge: APL Art. 72(1), Art. 73; ACL Art. 45 -----------------------------------------

SURCHARGE_ROWS = [
    # (fine, due, as_of, pauses, paid_on, amount, days, capped, why)
    (
        "1000",
        D(2024, 1, 15),
        D(2024, 1, 15),
        (),
        None,
        "0.00",
        0,
        False,
        "on the due date: nothing (runs from the day after)",
    ),
    ("1000", D(2024, 1, 15), D(2024, 1, 16), (), None, "30.00", 1, False, "first late day: 3%"),
    ("1000", D(2024, 1, 15), D(2024, 2, 17), (), None, "990.00", 33, False, "33 days: 99%"),
    (
        "1000",
        D(2024, 1, 15),
        D(2024, 2, 18),
        (),
        None,
        "1000.00",
        34,
        True,
        "34 days would be 102%: capped at the fine",
    ),
    (
        "1000",
        D(2024, 1, 15),
        D(2025, 1, 15),
        (),
        None,
        "1000.00",
        366,
        True,
        "a year later: still the fine",
    ),
    (
        "200",
        D(2024, 1, 15),
        D(2024, 1, 25),
        (),
        D(2024, 1, 18),
        "18.00",
        3,
        False,
        "paid on the 18th: counted to the payment day",
    ),
    (
        "1000",
        D(2024, 1, 15),
        D(2024, 1, 25),
        (Pause(D(2024, 1, 18), D(2024, 1, 22)),),
        None,
        "150.00",
        5,
        False,
        "5 days of reconsideration not counted",
    ),
    (
        "1000",
        D(2024, 1, 15),
        D(2024, 1, 25),
        (Pause(D(2024, 1, 20)),),
        None,
        "120.00",
        4,
        False,
        "litigation still pending: counting stopped on the 20th",
    ),
    (
        "33.33",
        D(2024, 1, 15),
        D(2024, 1, 16),
        (),
        None,
        "1.00",
        1,
        False,
        "0.9999 rounds half-up to the fen: 1.00",
    ),
    (
        "0.50",
        D(2024, 1, 15),
        D(2024, 1, 16),
        (),
        None,
        "0.02",
        1,
        False,
        "0.015 rounds half-up to 0.02",
    ),
    ("0.01", D(2024, 1, 15), D(2024, 1, 16), (), None, "0.00", 1, False, "0.0003 rounds to 0.00"),
]


@pytest.mark.parametrize(
    ("fine", "due", "as_of", "pauses", "paid_on", "amount", "days", "capped", "why"),
    SURCHARGE_ROWS,
)
def test_late_surcharge_table(fine, due, as_of, pauses, paid_on, amount, days, capped, why):
    # given an unpaid fine; when the surcharge is computed on as_of
    result = late_surcharge(fine, due, as_of, pauses=pauses, paid_on=paid_on)
    # then
    assert (result.amount, result.days, result.capped) == (Decimal(amount), days, capped), why
    assert "APL Art. 72(1)" in result.basis


def test_no_surcharge_when_the_rate_was_not_told():
    result = late_surcharge("1000", D(2024, 1, 15), D(2024, 2, 1), rate_notified=False)
    assert result.amount == 0 and result.days == 17
    assert "ACL Art. 45" in result.basis


def test_total_due_adds_fine_and_surcharge():
    assert late_surcharge("1000", D(2024, 1, 15), D(2024, 1, 17)).total_due == Decimal("1060.00")


BAD_MONEY = [
    ("-1", "payment_amount_invalid"),
    ("1.005", "payment_amount_precision"),
    ("abc", "payment_amount_invalid"),
    ("NaN", "payment_amount_invalid"),
]


@pytest.mark.parametrize(("amount", "code"), BAD_MONEY)
def test_bad_amounts_are_refused(amount, code):
    with pytest.raises(InvalidInput) as err:
        money(amount)
    assert err.value.code == code


def test_surcharge_over_30_days_for_the_demand():
    # ACL Art. 46: more than 30 days
    assert not surcharge_over_30_days(D(2024, 1, 15), D(2024, 2, 14))  # 30 days
    assert surcharge_over_30_days(D(2024, 1, 15), D(2024, 2, 15))  # 31 days
    assert not surcharge_over_30_days(D(2024, 1, 15), D(2024, 2, 15), [Pause(D(2024, 2, 1))])


fines = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
days_ = st.integers(min_value=0, max_value=800)
pause_lists = st.lists(
    st.tuples(st.integers(-30, 400), st.integers(0, 60), st.booleans()), max_size=4
)


def _pauses(base: date, raw) -> tuple[Pause, ...]:
    return tuple(
        Pause(base + timedelta(days=s), None if open_ else base + timedelta(days=s + n))
        for s, n, open_ in raw
    )


@given(fines, days_, pause_lists)
def test_surcharge_never_exceeds_the_fine(fine, n, raw):
    due = D(2024, 1, 15)
    result = late_surcharge(fine, due, due + timedelta(days=n), pauses=_pauses(due, raw))
    assert 0 <= result.amount <= fine
    assert result.amount == result.amount.quantize(Decimal("0.01"))


@given(fines, days_, days_)
def test_surcharge_never_decreases_with_time(fine, a, b):
    due = D(2024, 1, 15)
    early, late = sorted((a, b))
    assert (
        late_surcharge(fine, due, due + timedelta(days=early)).amount
        <= late_surcharge(fine, due, due + timedelta(days=late)).amount
    )


@given(days_, pause_lists)
def test_surcharge_days_agree_with_a_day_by_day_count(n, raw):
    # the interval arithmetic equals walking the days one by one
    due = D(2024, 1, 15)
    until = due + timedelta(days=n)
    pauses = _pauses(due, raw)
    counted = paused = 0
    day = due + timedelta(days=1)
    while day <= until:
        if any(p.covers(day) for p in pauses):
            paused += 1
        else:
            counted += 1
        day += timedelta(days=1)
    assert surcharge_days(due, until, pauses) == (counted, paused)


@given(fines, days_, pause_lists)
def test_a_pause_never_increases_the_surcharge(fine, n, raw):
    due = D(2024, 1, 15)
    as_of = due + timedelta(days=n)
    assert (
        late_surcharge(fine, due, as_of, pauses=_pauses(due, raw)).amount
        <= late_surcharge(fine, due, as_of).amount
    )


# --- deferral and instalments: APL Art. 66 para 2; TEPP Art. 101 --------------------------------


def test_instalments_add_up_with_odd_fen_last():
    plan = instalment_plan(
        "1000",
        [D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1)],
        applied_on=D(2024, 1, 10),
        hardship="经营困难",
    )
    assert [i.amount for i in plan.instalments] == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]
    assert plan.end == D(2024, 4, 1) and not plan.approved


@given(fines.filter(lambda f: f >= Decimal("0.10")), st.integers(2, 10))
def test_instalments_always_sum_to_the_total(total, count):
    dues = [D(2024, 2, 1) + timedelta(days=30 * i) for i in range(count)]
    plan = instalment_plan(total, dues, applied_on=D(2024, 1, 10), hardship="困难")
    assert sum(i.amount for i in plan.instalments) == total
    assert all(i.amount > 0 for i in plan.instalments)


PLAN_ROWS = [
    # (kwargs for instalment_plan, code, why)
    ({"dues": [D(2024, 3, 1), D(2024, 2, 1)]}, "payment_plan_dates_order", "dates out of order"),
    (
        {"dues": [D(2024, 1, 5), D(2024, 2, 1)]},
        "payment_plan_dates_past",
        "first due before applying",
    ),
    ({"dues": [D(2024, 2, 1)]}, "payment_plan_one_instalment", "one instalment is a deferral"),
    ({"hardship": " "}, "payment_plan_no_hardship", "no hardship stated (APL Art. 66 para 2)"),
    ({"total": "0"}, "payment_plan_amount", "nothing to pay"),
    ({"original_due": D(2024, 6, 1)}, "payment_plan_not_later", "ends before the original due"),
]


@pytest.mark.parametrize(("kwargs", "code", "why"), PLAN_ROWS)
def test_bad_plans_are_refused(kwargs, code, why):
    args = {
        "total": "1000",
        "dues": [D(2024, 2, 1), D(2024, 3, 1)],
        "applied_on": D(2024, 1, 10),
        "hardship": "困难",
    } | kwargs
    total, dues = args.pop("total"), args.pop("dues")
    with pytest.raises(InvalidInput) as err:
        instalment_plan(total, dues, **args)
    assert err.value.code == code, why


APPROVAL_ROWS = [
    (("agency_head",), D(2024, 1, 12), None, "head approves before the due date"),
    (("officer",), D(2024, 1, 12), "payment_plan_approver_role", "an officer may not approve"),
    (("agency_head",), D(2024, 1, 5), "payment_plan_approved_before_applied", "before applying"),
    (("agency_head",), D(2024, 3, 2), "payment_plan_approved_too_late", "after the new due"),
]


@pytest.mark.parametrize(("roles", "on", "code", "why"), APPROVAL_ROWS)
def test_plan_approval(roles, on, code, why):
    plan = deferral_plan("500", D(2024, 3, 1), applied_on=D(2024, 1, 10), hardship="困难")
    if code is None:
        approved = approve_plan(plan, actor_roles=roles, on=on)
        assert approved.approved and approved.approved_by_role == "agency_head"
        with pytest.raises(InvalidInput):
            approve_plan(approved, actor_roles=roles, on=on)
    else:
        with pytest.raises(InvalidInput) as err:
            approve_plan(plan, actor_roles=roles, on=on)
        assert err.value.code == code, why


def test_overdue_instalments_follow_payments_in_order():
    plan = instalment_plan(
        "900",
        [D(2024, 2, 1), D(2024, 3, 1), D(2024, 4, 1)],
        applied_on=D(2024, 1, 10),
        hardship="困难",
    )
    assert [i.number for i in plan.overdue("0", D(2024, 3, 2))] == [1, 2]
    assert [i.number for i in plan.overdue("300", D(2024, 3, 2))] == [2]
    assert plan.overdue("900", D(2024, 5, 1)) == ()


# --- remedy periods and the court window: ACL Art. 53; SPC Interp. Art. 156 ------------------------

REMEDY_ROWS = [
    # (received, kwargs, end, why)
    (D(2024, 1, 15), {"onspot": False}, D(2024, 7, 15), "6 months to sue (ALL Art. 46)"),
    (D(2024, 8, 31), {"onspot": False}, D(2025, 2, 28), "month end clamps (Civil Code Art. 202)"),
    (
        D(2024, 1, 15),
        {"onspot": True},
        D(2024, 3, 15),
        "on-the-spot: reconsideration first, 60 days (ARL Arts. 20, 23)",
    ),
    (
        D(2024, 1, 15),
        {"onspot": False, "reconsideration_concluded_on": D(2024, 4, 1)},
        D(2024, 4, 16),
        "15 days after reconsideration (ALL Art. 45)",
    ),
    (
        D(2024, 1, 15),
        {"onspot": True, "remedy_notice_given": False},
        D(2025, 1, 15),
        "remedies not told: one year (ARL Art. 20 para 2; SPC Interp. Art. 64)",
    ),
]


@pytest.mark.parametrize(("received", "kwargs", "end", "why"), REMEDY_ROWS)
def test_litigation_period_end_table(received, kwargs, end, why):
    got = litigation_period_end(
        received, add_natural_days=plain_days, add_months=plain_months, **kwargs
    )
    assert got == end, why


def test_litigation_period_rolls_forward_with_the_calendar():
    # 3 Apr + 6 months = 3 Oct (holiday) → 8 Oct
    got = litigation_period_end(
        D(2024, 4, 3),
        onspot=False,
        add_natural_days=CAL.add_natural_days,
        add_months=CAL.add_months,
    )
    assert got == D(2024, 10, 8)


def test_reconsideration_before_receipt_is_refused():
    with pytest.raises(InvalidInput):
        litigation_period_end(
            D(2024, 4, 3),
            onspot=False,
            add_natural_days=plain_days,
            add_months=plain_months,
            reconsideration_concluded_on=D(2024, 4, 1),
        )


WINDOW_ROWS = [
    # (litigation end, plan end, start, end, why)
    (D(2024, 7, 15), None, D(2024, 7, 16), D(2024, 10, 15), "3 months after expiry (ACL Art. 53)"),
    (
        D(2024, 7, 15),
        D(2024, 9, 30),
        D(2024, 10, 1),
        D(2024, 12, 30),
        "from the end of the instalments (APL Art. 72 para 2)",
    ),
    (
        D(2024, 7, 15),
        D(2024, 5, 1),
        D(2024, 7, 16),
        D(2024, 10, 15),
        "plan ended earlier: still not before the challenge period ran out",
    ),
    (D(2024, 11, 30), None, D(2024, 12, 1), D(2025, 2, 28), "month end clamps"),
]


@pytest.mark.parametrize(("lit_end", "plan_end", "start", "end", "why"), WINDOW_ROWS)
def test_court_window_table(lit_end, plan_end, start, end, why):
    window = court_enforcement_window(lit_end, add_months=plain_months, plan_end=plan_end)
    assert (window.start, window.end) == (start, end), why
    assert window.contains(start) and window.contains(end)
    assert not window.contains(start - timedelta(days=1))
    assert not window.contains(end + timedelta(days=1))


def test_court_window_end_rolls_forward_with_the_calendar():
    window = court_enforcement_window(D(2024, 7, 3), add_months=CAL.add_months)
    assert window.end == D(2024, 10, 8)  # 3 Oct is a holiday


@given(
    st.dates(D(2000, 1, 1), D(2100, 1, 1)),
    st.one_of(st.none(), st.dates(D(2000, 1, 1), D(2100, 1, 1))),
)
def test_the_window_opens_after_both_expiries_and_lasts_about_three_months(lit_end, plan_end):
    window = court_enforcement_window(lit_end, add_months=plain_months, plan_end=plan_end)
    assert window.start > lit_end
    if plan_end:
        assert window.start > plan_end
    assert 89 <= (window.end - window.base).days <= 92
