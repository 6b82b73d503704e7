"""Paying a fine: due date, late surcharge, deferral and instalments, court-enforcement window; pure.

Money is `Decimal` yuan with at most two places (fen, 分). Rounding (documented once, used
everywhere): amounts are computed exactly and rounded **once**, at the end, to the fen with
ROUND_HALF_UP (四舍五入到分); the surcharge cap is applied after rounding, so a capped surcharge
equals the fine exactly. Instalments split a total into whole fen, the odd fen going to the last
instalment, so the instalments always add up to the total.

Dates: nothing here knows the holiday calendar. Functions that end a period take the period
arithmetic as a callable — `zhifa.core.calendar.WorkingDayCalendar.add_natural_days` and
`.add_months` fit as they are (a returned `Due` is read through its `.due`); `plain_days` and
`plain_months` do the same arithmetic without holiday roll-forward, for callers who mean that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import pairwise

from zhifa.core.errors import InvalidInput

FEN = Decimal("0.01")
ZERO = Decimal(0)
SURCHARGE_RATE = Decimal("0.03")  # APL Art. 72(1); TEPP Art. 103: 3% of the fine per day
PAYMENT_DAYS = 15  # APL Art. 67 para 3; TEPP Art. 99: 15 days from receipt of the decision
DEMAND_BEFORE_ENFORCEMENT_DAYS = 30  # ACL Art. 46; TEPP Art. 104: surcharge beyond 30 days
RECONSIDERATION_DAYS = 60  # ARL Art. 20
LITIGATION_MONTHS = 6  # ALL Art. 46
LITIGATION_AFTER_RECONSIDERATION_DAYS = 15  # ALL Art. 45
REMEDY_NOT_TOLD_MONTHS = 12  # ARL Art. 20 para 2; SPC 2018 Interpretation Art. 64: at most 1 year
COURT_WINDOW_MONTHS = 3  # ACL Art. 53; SPC 2018 Interpretation Art. 156; TEPP Art. 118

PeriodEnd = Callable[[date, int], object]  # (start, n) -> date, or an object with `.due`


def _due(value: object) -> date:
    due = getattr(value, "due", value)
    if not isinstance(due, date):
        raise TypeError("period arithmetic must return a date or an object with .due")
    return due


def plain_days(start: date, n: int) -> date:
    """`start` + n natural days, the start day not counted, with NO holiday roll-forward."""
    return start + timedelta(days=n)


def plain_months(start: date, n: int) -> date:
    """Same day n months later, month end if none (Civil Code Art. 202), NO roll-forward."""
    index = start.year * 12 + start.month - 1 + n
    year, month0 = divmod(index, 12)
    next_month = date(year + (month0 + 1) // 12, (month0 + 1) % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month0 + 1, min(start.day, last_day))


def money(amount: Decimal | int | str, *, what: str = "金额") -> Decimal:
    """A non-negative amount in yuan with at most two decimal places, or `InvalidInput`."""
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise InvalidInput(
            f"{what}应为非负数", code="payment_amount_invalid", details={"amount": str(amount)}
        )
    if value != value.quantize(FEN):
        raise InvalidInput(
            f"{what}最多保留两位小数（到分）",
            code="payment_amount_precision",
            details={"amount": str(amount)},
        )
    return value.quantize(FEN)


# --- due date -----------------------------------------------------------------------------------


def payment_due(received_on: date, *, add_natural_days: PeriodEnd) -> date:
    """Last day to pay: 15 days after receipt of the decision (APL Art. 67 para 3; TEPP Art. 99);
    the receipt day is not counted and a last day on a holiday rolls forward (TEPP Art. 17) — the
    roll-forward is whatever `add_natural_days` does (pass the working-day calendar's)."""
    return _due(add_natural_days(received_on, PAYMENT_DAYS))


# --- late surcharge (加处罚款) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pause:
    """A span during which reconsideration or litigation was pending, both days included; `end`
    None while still pending. No surcharge accrues on these days (APL Art. 73 para 3)."""

    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Surcharge:
    """A late surcharge as of a day, with the count that produced it."""

    fine: Decimal
    payment_due: date
    counted_until: date
    days: int  # surcharge days counted (paused days excluded)
    paused_days: int
    amount: Decimal  # rounded to the fen, capped at the fine
    capped: bool
    rate: Decimal = SURCHARGE_RATE
    basis: str = ""

    @property
    def total_due(self) -> Decimal:
        """Fine plus surcharge."""
        return self.fine + self.amount


def surcharge_days(payment_due: date, until: date, pauses: Iterable[Pause] = ()) -> tuple[int, int]:
    """(days counted, days paused) from the day after `payment_due` to `until`, both included.

    APL Art. 72(1): the surcharge runs per natural day after the payment deadline; APL Art. 73
    para 3: days while reconsideration or litigation is pending are not counted. Overlapping
    pauses count once.
    """
    first, last = payment_due + timedelta(days=1), until
    if last < first:
        return 0, 0
    spans = sorted(
        (max(p.start, first), min(p.end or last, last))
        for p in pauses
        if p.start <= last and (p.end is None or p.end >= first)
    )
    paused, reach = 0, first - timedelta(days=1)
    for start, end in spans:
        start = max(start, reach + timedelta(days=1))
        if end >= start:
            paused += (end - start).days + 1
            reach = end
    total = (last - first).days + 1
    return total - paused, paused


def late_surcharge(
    fine: Decimal | int | str,
    payment_due: date,
    as_of: date,
    *,
    pauses: Sequence[Pause] = (),
    paid_on: date | None = None,
    rate_notified: bool = True,
) -> Surcharge:
    """The late surcharge (加处罚款) on an unpaid fine, as of `as_of` (or up to `paid_on`).

    3% of the fine per natural day from the day after `payment_due` (APL Art. 72(1); TEPP Art.
    103), never more than the fine (APL Art. 72(1); ACL Art. 45 para 2), not counted while a
    remedy is pending (APL Art. 73 para 3). The day of payment counts as a late day when it is
    after the due date. ACL Art. 45 para 1: the rate must have been told to the party; if it was
    not (`rate_notified=False`), no surcharge is charged (amount 0) and `basis` says why.
    The base is the fine as decided (APL Art. 72(1) "罚款数额"); partial payments do not reduce
    it — the statute is silent on partial payment, see INTERFACE.md.
    """
    fine = money(fine, what="罚款数额")
    until = min(as_of, paid_on) if paid_on else as_of
    days, paused = surcharge_days(payment_due, until, pauses)
    if not rate_notified:
        return Surcharge(
            fine,
            payment_due,
            until,
            days,
            paused,
            ZERO,
            False,
            SURCHARGE_RATE,
            "加处罚款标准未告知当事人，不得加处罚款（ACL Art. 45 para 1）",
        )
    exact = fine * SURCHARGE_RATE * days
    amount = exact.quantize(FEN, rounding=ROUND_HALF_UP)
    capped = amount >= fine and days > 0
    amount = min(amount, fine)
    basis = (
        f"自{(payment_due + timedelta(days=1)).isoformat()}起每日按罚款数额3%加处罚款，"
        f"计{days}日"
        + (f"（复议、诉讼期间{paused}日不计）" if paused else "")
        + ("，以罚款数额为限" if capped else "")
        + "（APL Art. 72(1), Art. 73; ACL Art. 45）"
    )
    return Surcharge(fine, payment_due, until, days, paused, amount, capped, SURCHARGE_RATE, basis)


def surcharge_over_30_days(payment_due: date, as_of: date, pauses: Iterable[Pause] = ()) -> bool:
    """True once the surcharge has run more than 30 days (ACL Art. 46; TEPP Art. 104)."""
    return surcharge_days(payment_due, as_of, pauses)[0] > DEMAND_BEFORE_ENFORCEMENT_DAYS


# --- deferral and instalments (暂缓或者分期缴纳) -------------------------------------------------------

DEFERRAL = "deferral"
INSTALMENTS = "instalments"


@dataclass(frozen=True)
class Instalment:
    number: int
    due: date
    amount: Decimal


@dataclass(frozen=True)
class PaymentPlan:
    """A party's deferral or instalment schedule (APL Art. 66 para 2; TEPP Art. 101).

    It takes effect only when approved by the deciding department (`approve`); a separate notice
    (form 17, 分期（延期）缴纳罚款通知书) is issued for each instalment.
    """

    kind: str
    total: Decimal
    instalments: tuple[Instalment, ...]
    applied_on: date
    hardship: str
    approved: bool = False
    approved_on: date | None = None
    approved_by_role: str | None = None

    @property
    def end(self) -> date:
        """The end of the deferral or instalment period: the court-enforcement window runs from
        here (APL Art. 72 para 2; TEPP Art. 118 para 2)."""
        return self.instalments[-1].due

    def paid_through(self, paid_total: Decimal) -> int:
        """How many instalments `paid_total` covers in full."""
        covered, running = 0, ZERO
        for inst in self.instalments:
            running += inst.amount
            if paid_total >= running:
                covered += 1
        return covered

    def overdue(self, paid_total: Decimal | int | str, as_of: date) -> tuple[Instalment, ...]:
        """Instalments due before `as_of` and not covered by `paid_total` (paid in order)."""
        covered = self.paid_through(money(paid_total, what="已缴金额"))
        return tuple(i for i in self.instalments[covered:] if i.due < as_of)


APPROVER_ROLES = frozenset({"agency_head"})  # TEPP Art. 101: the deciding department (rank open)


def _check_plan(
    kind: str,
    total: Decimal,
    dues: Sequence[date],
    applied_on: date,
    hardship: str,
    original_due: date | None,
) -> None:
    if total <= 0:
        raise InvalidInput("暂缓或分期缴纳的金额应大于零", code="payment_plan_amount")
    if not hardship.strip():
        raise InvalidInput(
            "申请暂缓或分期缴纳须说明确有经济困难的情况（APL Art. 66 para 2）",
            code="payment_plan_no_hardship",
        )
    if not dues:
        raise InvalidInput("缴纳期限不能为空", code="payment_plan_no_dates")
    if any(b <= a for a, b in pairwise(dues)):
        raise InvalidInput("分期缴纳的各期期限应依次递增", code="payment_plan_dates_order")
    if dues[0] <= applied_on:
        raise InvalidInput("缴纳期限应晚于申请日", code="payment_plan_dates_past")
    if original_due is not None and dues[-1] <= original_due:
        raise InvalidInput("暂缓或分期的最后期限应晚于原缴纳期限", code="payment_plan_not_later")
    if kind == INSTALMENTS and len(dues) < 2:
        raise InvalidInput("分期缴纳至少分两期", code="payment_plan_one_instalment")


def deferral_plan(
    total: Decimal | int | str,
    new_due: date,
    *,
    applied_on: date,
    hardship: str,
    original_due: date | None = None,
) -> PaymentPlan:
    """A deferral to `new_due` (暂缓缴纳), not yet approved."""
    amount = money(total, what="罚款数额")
    _check_plan(DEFERRAL, amount, (new_due,), applied_on, hardship, original_due)
    return PaymentPlan(DEFERRAL, amount, (Instalment(1, new_due, amount),), applied_on, hardship)


def instalment_plan(
    total: Decimal | int | str,
    dues: Sequence[date],
    *,
    applied_on: date,
    hardship: str,
    original_due: date | None = None,
) -> PaymentPlan:
    """Equal instalments in whole fen due on `dues`; the odd fen go to the last instalment."""
    amount = money(total, what="罚款数额")
    dues = tuple(dues)
    _check_plan(INSTALMENTS, amount, dues, applied_on, hardship, original_due)
    share = (amount / len(dues)).quantize(FEN, rounding=ROUND_DOWN)
    if share <= 0:
        raise InvalidInput("每期金额不足一分", code="payment_plan_amount")
    amounts = [share] * (len(dues) - 1) + [amount - share * (len(dues) - 1)]
    return PaymentPlan(
        INSTALMENTS,
        amount,
        tuple(Instalment(i + 1, d, a) for i, (d, a) in enumerate(zip(dues, amounts, strict=True))),
        applied_on,
        hardship,
    )


def approve_plan(plan: PaymentPlan, *, actor_roles: Iterable[str], on: date) -> PaymentPlan:
    """The deciding department approves the plan (APL Art. 66 para 2; TEPP Art. 101)."""
    if plan.approved:
        raise InvalidInput("该缴纳计划已经批准", code="payment_plan_already_approved")
    if not APPROVER_ROLES & set(actor_roles):
        raise InvalidInput(
            "暂缓或分期缴纳须经执法部门负责人批准（TEPP Art. 101）",
            code="payment_plan_approver_role",
        )
    if on < plan.applied_on:
        raise InvalidInput("批准日期不能早于申请日期", code="payment_plan_approved_before_applied")
    if on >= plan.instalments[0].due:
        raise InvalidInput("批准日期应早于第一期缴纳期限", code="payment_plan_approved_too_late")
    return PaymentPlan(
        plan.kind,
        plan.total,
        plan.instalments,
        plan.applied_on,
        plan.hardship,
        True,
        on,
        sorted(APPROVER_ROLES & set(actor_roles))[0],
    )


# --- remedies and the court-enforcement window -------------------------------------------------------


def litigation_period_end(
    received_on: date,
    *,
    onspot: bool,
    add_natural_days: PeriodEnd,
    add_months: PeriodEnd,
    remedy_notice_given: bool = True,
    reconsideration_concluded_on: date | None = None,
) -> date:
    """The last day on which the party could still challenge the decision (法定起诉期限届满日).

    - After reconsideration (the decision received, or the period to decide having run out):
      15 days to sue (ALL Art. 45; ARL Art. 34).
    - On-the-spot decisions must go to reconsideration first (ARL Art. 23(1)), so without an
      application the last day is the end of the 60-day reconsideration period (ARL Art. 20).
    - Otherwise 6 months to sue directly (ALL Art. 46), which outlasts the 60 days.
    - If the decision did not tell the party the remedy routes and periods, both run at most one
      year from knowing the decision (ARL Art. 20 para 2; SPC 2018 Interpretation Art. 64).
    """
    if reconsideration_concluded_on is not None:
        if reconsideration_concluded_on < received_on:
            raise InvalidInput(
                "复议结束日期不能早于收到处罚决定书的日期", code="payment_remedy_dates_order"
            )
        return _due(
            add_natural_days(reconsideration_concluded_on, LITIGATION_AFTER_RECONSIDERATION_DAYS)
        )
    if not remedy_notice_given:
        return _due(add_months(received_on, REMEDY_NOT_TOLD_MONTHS))
    if onspot:
        return _due(add_natural_days(received_on, RECONSIDERATION_DAYS))
    return _due(add_months(received_on, LITIGATION_MONTHS))


@dataclass(frozen=True)
class Window:
    """The days on which an application to the People's Court may be filed, both included."""

    start: date
    end: date
    base: date  # the expiry the 3 months run from
    basis: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def court_enforcement_window(
    litigation_period_end: date, *, add_months: PeriodEnd, plan_end: date | None = None
) -> Window:
    """Within 3 months after the party's statutory period to challenge has expired (ACL Art. 53;
    SPC 2018 Interpretation Art. 156; TEPP Art. 118); with an approved deferral or instalments,
    from the end of that period (APL Art. 72 para 2; TEPP Art. 118 para 2) — but never before the
    challenge period itself has run out. The expiry day is the party's last day, so the window
    opens the next day; it closes 3 months after the expiry (Civil Code Art. 202; TEPP Art. 17).
    Where litigation was actually brought, the court's judgment is enforced instead
    (ALL Arts. 95–96): this window does not apply.
    """
    base = max(litigation_period_end, plan_end) if plan_end else litigation_period_end
    start = base + timedelta(days=1)
    end = _due(add_months(base, COURT_WINDOW_MONTHS))
    from_plan = plan_end is not None and plan_end >= litigation_period_end
    basis = (
        ("自暂缓或分期缴纳期限结束之日" if from_plan else "自法定起诉期限届满之日")
        + f"（{base.isoformat()}）起三个月内申请人民法院强制执行"
        + "（ACL Art. 53; SPC 2018 Interpretation Art. 156; APL Art. 72 para 2; TEPP Art. 118）"
    )
    return Window(start, end, base, basis)
