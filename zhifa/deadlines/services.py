"""Writes of deadlines: open, close, extend (with approval), and the sweep that warns.

Other apps call these from inside their own services (the cases app opens and closes the
deadlines its transitions name, legal.md §C / zhifa/core/procedure/INTERFACE.md); each call joins
the caller's transaction and journals in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.accounts.choices import BUSINESS_ROLE_FIELDS
from zhifa.core.calendar import UNITS, Due
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.procedure.deadlines import ALL as ALL_CODES
from zhifa.core.time_limits import registry
from zhifa.notifications import choices as kinds
from zhifa.notifications.services import notify
from zhifa.records import journal
from zhifa.records.journal import subject_key
from zhifa.workcalendar.selectors import compute_deadline, deadline_for_rule, national_calendar

from . import events
from .choices import DeadlineFlag, DeadlineState, ExtensionDecision
from .errors import (
    DeadlineAlreadyOpen,
    DeadlineExpired,
    DeadlineNotExtendable,
    DeadlineNotOpen,
    ExtensionAlreadyDecided,
    ExtensionApproverRequired,
    ExtensionLimitReached,
    ExtensionNotAllowed,
    ExtensionPending,
    ExtensionThroughOwnStep,
    InvalidDeadline,
    InvalidExtension,
)
from .links import deadlines_page, subject_link
from .models import Deadline, ExtensionRequest
from .rules import PASSED_IN_TITLES, WINDOWS, domain_step, extension_rule, is_window

_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_.]{0,63}$")
DEFAULT_DUE_SOON_WORKING_DAYS = 2
CLOSE_STATES = {"met": DeadlineState.MET, "lapsed": DeadlineState.LAPSED}


# --- opening and closing -------------------------------------------------------------------------


def _title_and_reference(code: str) -> tuple[str, str]:
    try:
        rule = registry().get(code)
    except DomainError:
        return PASSED_IN_TITLES.get(code, (code, ""))
    return rule.title, rule.reference


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _aware(value: datetime) -> datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


@transaction.atomic
def open_deadline(
    *,
    subject,
    agency,
    code: str,
    start: date | datetime,
    actor=None,
    due: date | datetime | Due | None = None,
    unit: str | None = None,
    amount: int | None = None,
    basis: str | None = None,
    responsible=(),
) -> Deadline:
    """Start a period for `subject`, computed from the time-limit rule `code` unless `due` is given.

    With `due` None the rule in force on `start` gives the due day on the national holiday calendar
    (provisional when it relies on an unpublished year). With `due` given (a province's statement
    window, a court window computed elsewhere, or a `Due` from the calendar) it is stored as given.
    One open deadline per (subject, code): a second raises `deadline_already_open`.
    """
    subject_type, subject_id = subject_key(subject)
    if not isinstance(code, str) or not _CODE.match(code):
        raise InvalidDeadline("期限代码格式有误。", details={"code": code})
    if agency is None:
        raise InvalidDeadline("期限必须属于一个机构。")
    if not isinstance(start, date):
        raise InvalidDeadline("起算日格式有误。", details={"start": str(start)})
    title, reference = _title_and_reference(code)
    provisional = False
    if due is None:
        computed = deadline_for_rule(code, start)  # its basis already names the rule
    elif isinstance(due, Due):
        computed = due
        if basis is None and reference and reference not in due.basis:
            basis = f"{title}（{reference}）。{due.basis}"
    else:
        computed = None
    if computed is not None:
        due_value, provisional = computed.due, computed.provisional
        unit, amount = computed.unit, computed.amount
        if basis is None:
            basis = computed.basis
    else:
        due_value = due
        if not isinstance(due_value, date):
            raise InvalidDeadline("届满日格式有误。", details={"due": str(due)})
        if basis is None:
            basis = f"{title}（{reference}）" if reference else title
    if unit is not None and unit not in UNITS:
        raise InvalidDeadline("期限单位无法识别。", details={"unit": unit})
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int) or amount < 1
    ):
        raise InvalidDeadline("期限数值应为正整数。", details={"amount": amount})

    due_at = _aware(due_value) if isinstance(due_value, datetime) else None
    due_day = _local_date(due_value)
    start_day = _local_date(start)
    if computed is None and due_day < start_day:
        raise InvalidDeadline(
            "届满日不能早于起算日。",
            details={"start": start_day.isoformat(), "due": due_day.isoformat()},
        )

    # one open row per (subject, code) is the database's constraint: its refusal is the check
    # (a look-up before it was one more query for every period a step opens)
    try:
        with transaction.atomic():
            deadline = Deadline.objects.create(
                subject_type=subject_type,
                subject_id=subject_id,
                agency=agency,
                code=code,
                title=title[:200],
                basis=basis or "",
                start=start_day,
                due=due_day,
                due_at=due_at,
                unit=unit or "",
                amount=amount,
                provisional=provisional,
                original_due=due_day,
            )
    except IntegrityError as exc:  # already open (or a concurrent opening won the race)
        raise DeadlineAlreadyOpen(
            f"该事项的期限“{title}”已在计算中，不能重复开始。",
            details={"code": code, "subject_type": subject_type, "subject_id": subject_id},
        ) from exc
    people = list({u.pk: u for u in responsible if u is not None}.values())
    if people:  # a new row has nobody yet: one insert, no look-up of who is there
        through = Deadline.responsible.through
        through.objects.bulk_create(
            [through(deadline_id=deadline.pk, user_id=u.pk) for u in people]
        )
    journal.append(
        events.OPENED,
        actor=actor,
        subject=(subject_type, subject_id),
        agency=agency,
        payload={
            "deadline_id": deadline.pk,
            "code": code,
            "start": start_day.isoformat(),
            "due": due_day.isoformat(),
            "due_at": due_at.isoformat() if due_at else None,
            "unit": deadline.unit,
            "amount": amount,
            "provisional": provisional,
            "responsible": sorted(u.pk for u in people),
        },
    )
    return deadline


def _open_qs(subject_type: str, subject_id: str, code: str):
    return Deadline.objects.filter(
        subject_type=subject_type, subject_id=subject_id, code=code, state=DeadlineState.OPEN
    )


def _close(deadline: Deadline, *, actor, reason: str) -> Deadline:
    deadline.state = CLOSE_STATES.get(reason, DeadlineState.CANCELLED)
    deadline.closed_at = timezone.now()
    deadline.close_reason = (reason or "")[:64]
    deadline.save(update_fields=["state", "closed_at", "close_reason"])
    ExtensionRequest.objects.filter(deadline=deadline, decision=ExtensionDecision.PENDING).update(
        decision=ExtensionDecision.REJECTED,
        decided_at=deadline.closed_at,
        note="期限已结束，申请自动失效。",
    )
    journal.append(
        events.CLOSED,
        actor=actor,
        subject=(deadline.subject_type, deadline.subject_id),
        agency=deadline.agency,
        payload={
            "deadline_id": deadline.pk,
            "code": deadline.code,
            "state": deadline.state,
            "reason": deadline.close_reason,
            "due": deadline.due.isoformat(),
            "late": deadline.flag == DeadlineFlag.OVERDUE,
        },
    )
    return deadline


@transaction.atomic
def close_deadline(*, subject, code: str, actor=None, reason: str = "met") -> Deadline | None:
    """End the open period `code` of `subject`: "met" → met, "lapsed" → lapsed, any other reason
    (superseded, withdrawn…) → cancelled, the reason kept. None when none is open (no journal).

    `code="*"` closes every open deadline of the subject (closing a case, TEPP Art. 122) and
    returns None; use `close_all_deadlines` to get them.
    """
    if code == ALL_CODES:
        close_all_deadlines(subject=subject, actor=actor, reason=reason)
        return None
    subject_type, subject_id = subject_key(subject)
    deadline = _open_qs(subject_type, subject_id, code).select_for_update().first()
    if deadline is None:
        return None
    return _close(deadline, actor=actor, reason=reason)


@transaction.atomic
def close_all_deadlines(*, subject, actor=None, reason: str = "cancelled") -> list[Deadline]:
    subject_type, subject_id = subject_key(subject)
    rows = Deadline.objects.filter(
        subject_type=subject_type, subject_id=subject_id, state=DeadlineState.OPEN
    ).select_for_update()
    return [_close(d, actor=actor, reason=reason) for d in rows.order_by("id")]


@transaction.atomic
def attribute_deadlines(*, subject, codes, origin, actor=None) -> list[Deadline]:
    """Tie the open periods `codes` of `subject` to the record whose act started them (`origin`,
    e.g. the rights notice just served). Rows already tied to another record are left alone."""
    subject_type, subject_id = subject_key(subject)
    origin_type, origin_id = subject_key(origin)
    rows = list(
        Deadline.objects.filter(
            subject_type=subject_type,
            subject_id=subject_id,
            code__in=list(codes),
            state=DeadlineState.OPEN,
            origin_type="",
        )
        .select_for_update()
        .order_by("id")
    )
    for row in rows:
        row.origin_type, row.origin_id = origin_type, origin_id
        row.save(update_fields=["origin_type", "origin_id"])
        journal.append(
            events.ATTRIBUTED,
            actor=actor,
            subject=(subject_type, subject_id),
            agency=row.agency,
            payload={
                "deadline_id": row.pk,
                "code": row.code,
                "origin_type": origin_type,
                "origin_id": origin_id,
            },
        )
    return rows


# --- extensions ----------------------------------------------------------------------------------


def _today(as_of: date | None) -> date:
    return as_of if as_of is not None else timezone.localdate()


def _lock(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update().select_related("agency").get(pk=deadline.pk)


def _in_scope(user, deadline: Deadline) -> bool:
    agency = getattr(user, "agency", None)
    return (
        getattr(user, "is_authenticated", False)
        and agency is not None
        and deadline.agency.path.startswith(agency.path)
    )


def approvers_of(deadline: Deadline):
    """The users who may approve an extension of `deadline` (the role its rule names)."""
    from django.contrib.auth import get_user_model

    rule = extension_rule(deadline.code)
    if rule is None:
        return get_user_model().objects.none()
    field_name = BUSINESS_ROLE_FIELDS[rule.approver_role]
    return get_user_model().objects.filter(
        agency_id=deadline.agency_id, is_active=True, **{field_name: True}
    )


def _approved_count(deadline: Deadline) -> tuple[int, int]:
    approved = deadline.extensions.filter(decision=ExtensionDecision.APPROVED)
    return approved.count(), sum(approved.values_list("days", flat=True))


def _granted_elsewhere(deadline: Deadline, codes) -> bool:
    return (
        bool(codes)
        and Deadline.objects.filter(
            subject_type=deadline.subject_type, subject_id=deadline.subject_id, code__in=codes
        ).exists()
    )


def _check_extendable(deadline: Deadline, rule, as_of: date) -> None:
    step = domain_step(deadline.code, deadline.subject_type)
    if step is not None:  # ACL Art. 25; TEPP Arts. 56, 78: only by its own step and document
        raise ExtensionThroughOwnStep(
            f"“{deadline.title}”只能通过{step}延长，不能在期限页申请。",
            details={"code": deadline.code},
        )
    if rule is None:
        raise DeadlineNotExtendable(
            f"法律未规定“{deadline.title}”可以延长。", details={"code": deadline.code}
        )
    if deadline.state != DeadlineState.OPEN:
        raise DeadlineNotOpen("该期限已结束，不能延长。")
    if as_of > deadline.due:
        raise DeadlineExpired(
            "期限已届满，不能再延长（延长须在期限届满前批准）。",
            details={"due": deadline.due.isoformat(), "reference": rule.reference},
        )
    times, _days = _approved_count(deadline)
    if times >= rule.max_times or _granted_elsewhere(deadline, rule.granted_as):
        raise ExtensionLimitReached(
            f"该期限依法只能延长 {rule.max_times} 次，已经延长过（{rule.reference}）。",
            details={"max_times": rule.max_times, "reference": rule.reference},
        )


@transaction.atomic
def request_extension(
    deadline: Deadline, *, days: int, reason: str, actor, as_of: date | None = None
) -> ExtensionRequest:
    """Ask to extend an open deadline; the approvers are told. One pending request at a time."""
    deadline = _lock(deadline)
    if not _in_scope(actor, deadline):
        raise NotFound("期限不存在或无权查看。")
    may_request = actor.agency_id == deadline.agency_id and (
        actor.is_officer
        or actor.is_agency_head
        or deadline.responsible.filter(pk=actor.pk).exists()
    )
    if not may_request:
        raise ExtensionNotAllowed("只有本机构的执法人员或负责人可以申请延长期限。")
    rule = extension_rule(deadline.code)
    _check_extendable(deadline, rule, _today(as_of))
    if deadline.extensions.filter(decision=ExtensionDecision.PENDING).exists():
        raise ExtensionPending("该期限已有待审批的延期申请。")
    _times, used = _approved_count(deadline)
    allowed = rule.max_amount - used
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= allowed:
        raise InvalidExtension(
            f"延长数值应在 1 至 {allowed} 之间（{rule.reference}）。",
            details={"days": days, "max": allowed, "unit": rule.unit},
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidExtension("请填写延长期限的理由。")
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                deadline=deadline, days=days, unit=rule.unit, reason=reason, requested_by=actor
            )
    except IntegrityError as exc:
        raise ExtensionPending("该期限已有待审批的延期申请。") from exc
    journal.append(
        events.EXTENSION_REQUESTED,
        actor=actor,
        subject=(deadline.subject_type, deadline.subject_id),
        agency=deadline.agency,
        payload={
            "deadline_id": deadline.pk,
            "request_id": request.pk,
            "code": deadline.code,
            "days": days,
            "unit": rule.unit,
            "reason": reason,
        },
    )
    notify(
        approvers_of(deadline).exclude(pk=actor.pk),
        kind=kinds.EXTENSION_REQUESTED,
        title=f"延期申请待审批：{deadline.title}",
        body=f"{actor.full_name or actor.username} 申请延长 {days} 日，理由：{reason}",
        link=deadlines_page(),
        subject=(deadline.subject_type, deadline.subject_id),
    )
    return request


@transaction.atomic
def decide_extension(
    request: ExtensionRequest, *, approve: bool, actor, note: str = "", as_of: date | None = None
) -> ExtensionRequest:
    """Approve or refuse an extension; only the role the rule names, of the deadline's agency.

    On approval the deadline's `due` moves (its `original_due` stays) and its flag is reset, so the
    sweep warns again before the new date. Exactly one of two concurrent decisions wins.
    """
    request = ExtensionRequest.objects.select_for_update().filter(pk=request.pk).first()
    if request is None:
        raise NotFound("延期申请不存在或无权查看。")
    deadline = _lock(request.deadline)
    if not _in_scope(actor, deadline):
        raise NotFound("延期申请不存在或无权查看。")
    rule = extension_rule(deadline.code)
    role = rule.approver_role if rule else "agency_head"
    if actor.agency_id != deadline.agency_id or not actor.has_role(role):
        raise ExtensionApproverRequired(
            "只有本机构的执法部门负责人可以审批延长期限。",
            details={"role": role, "reference": rule.reference if rule else ""},
        )
    if request.decision != ExtensionDecision.PENDING:
        raise ExtensionAlreadyDecided("该延期申请已审批。")
    now = timezone.now()
    request.decided_by, request.decided_at, request.note = actor, now, (note or "").strip()
    request.old_due = deadline.due
    fields = ["decision", "decided_by", "decided_at", "note", "old_due"]
    if approve:
        _check_extendable(deadline, rule, _today(as_of))
        computed = compute_deadline(deadline.due, request.days, request.unit)
        request.decision = ExtensionDecision.APPROVED
        request.new_due, request.basis = computed.due, computed.basis
        fields += ["new_due", "basis"]
        deadline.due = computed.due
        deadline.provisional = computed.provisional
        deadline.flag = DeadlineFlag.NONE
        deadline.save(update_fields=["due", "provisional", "flag"])
    else:
        request.decision = ExtensionDecision.REJECTED
    request.save(update_fields=fields)
    journal.append(
        events.EXTENSION_DECIDED,
        actor=actor,
        subject=(deadline.subject_type, deadline.subject_id),
        agency=deadline.agency,
        payload={
            "deadline_id": deadline.pk,
            "request_id": request.pk,
            "code": deadline.code,
            "decision": request.decision,
            "old_due": request.old_due.isoformat(),
            "new_due": request.new_due.isoformat() if request.new_due else None,
            "note": request.note,
            "reference": rule.reference if rule else "",
        },
    )
    verdict = "已批准" if approve else "未获批准"
    body = f"新的届满日：{deadline.due.isoformat()}" if approve else request.note
    notify(
        [request.requested_by],
        kind=kinds.EXTENSION_DECIDED,
        title=f"延期申请{verdict}：{deadline.title}",
        body=body,
        link=deadlines_page(),
        subject=(deadline.subject_type, deadline.subject_id),
    )
    return request


# --- the sweep -----------------------------------------------------------------------------------


@dataclass
class SweepResult:
    """What one sweep changed: ids of deadlines newly flagged, and notifications sent."""

    checked: int = 0
    due_soon: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)
    notified: int = 0


def due_soon_working_days() -> int:
    return int(
        getattr(settings, "ZHIFA_DEADLINE_DUE_SOON_WORKING_DAYS", DEFAULT_DUE_SOON_WORKING_DAYS)
    )


def recipients_of(deadline: Deadline):
    """The responsible users; with none named, the agency heads of the deadline's agency."""
    from django.contrib.auth import get_user_model

    people = list(deadline.responsible.filter(is_active=True))
    if people:
        return people
    return list(
        get_user_model().objects.filter(
            agency_id=deadline.agency_id, is_agency_head=True, is_active=True
        )
    )


def _target_flag(deadline: Deadline, now: datetime, today: date, soon_until: date) -> str:
    if deadline.due_at is not None:
        if deadline.due_at < now:
            return DeadlineFlag.OVERDUE
    elif deadline.due < today:  # the due day itself is still on time (TEPP Art. 17)
        return DeadlineFlag.OVERDUE
    if not is_window(deadline.code) and deadline.due <= soon_until:
        return DeadlineFlag.DUE_SOON
    return DeadlineFlag.NONE


RANK = {DeadlineFlag.NONE: 0, DeadlineFlag.DUE_SOON: 1, DeadlineFlag.OVERDUE: 2}


def sweep(*, now: datetime | None = None, batch_size: int = 500) -> SweepResult:
    """Flag open deadlines due soon (within N working days, default 2) or past due, and tell the
    people responsible once per change of flag. Running it again changes and sends nothing.

    Each deadline is flagged in its own short transaction with its row locked, so two sweeps at
    once (a cron run and a beat run) never notify twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon_until = national_calendar().add_working_days(today, due_soon_working_days()).due
    result = SweepResult()
    # Only rows whose flag would change: an idle sweep reads nothing but the index.
    past_due = Q(due_at__isnull=True, due__lt=today) | Q(due_at__isnull=False, due_at__lt=now)
    turning_overdue = past_due & ~Q(flag=DeadlineFlag.OVERDUE)
    turning_due_soon = Q(flag=DeadlineFlag.NONE) & ~Q(code__in=WINDOWS)
    candidates = (
        Deadline.objects.filter(state=DeadlineState.OPEN, due__lte=soon_until)
        .filter(turning_overdue | turning_due_soon)
        .order_by("id")
        .values_list("id", flat=True)
    )
    last_id = 0
    while True:
        ids = list(candidates.filter(id__gt=last_id)[:batch_size])
        if not ids:
            break
        last_id = ids[-1]
        for deadline_id in ids:
            result.checked += 1
            _sweep_one(deadline_id, now, today, soon_until, result)
    return result


@transaction.atomic
def _sweep_one(deadline_id: int, now, today, soon_until, result: SweepResult) -> None:
    deadline = (
        Deadline.objects.select_for_update()
        .select_related("agency")
        .filter(pk=deadline_id, state=DeadlineState.OPEN)
        .first()
    )
    if deadline is None:
        return
    target = _target_flag(deadline, now, today, soon_until)
    if RANK[target] <= RANK[deadline.flag]:
        return
    deadline.flag = target
    deadline.save(update_fields=["flag"])
    window = is_window(deadline.code)
    subject = (deadline.subject_type, deadline.subject_id)
    due_text = deadline.due_at.isoformat() if deadline.due_at else deadline.due.isoformat()
    if target == DeadlineFlag.OVERDUE:
        result.overdue.append(deadline.pk)
        event = events.OVERDUE
        kind = kinds.DEADLINE_EXPIRED if window else kinds.DEADLINE_OVERDUE
        title = f"期限已届满：{deadline.title}" if window else f"期限已逾期：{deadline.title}"
        body = (
            f"届满日 {due_text} 已过，可以进行下一步。"
            if window
            else f"届满日 {due_text} 已过，请尽快处理并说明理由。"
        )
    else:
        result.due_soon.append(deadline.pk)
        event = events.DUE_SOON
        kind = kinds.DEADLINE_DUE_SOON
        title = f"期限即将届满：{deadline.title}"
        body = f"届满日 {due_text}。"
    if deadline.provisional:
        body += "（该届满日依赖尚未发布的放假安排，为临时结果。）"
    journal.append(
        event,
        actor=None,
        subject=subject,
        agency=deadline.agency,
        payload={
            "deadline_id": deadline.pk,
            "code": deadline.code,
            "due": due_text,
            "flag": target,
        },
    )
    sent = notify(
        recipients_of(deadline),
        kind=kind,
        title=title,
        body=body,
        link=subject_link(*subject) or deadlines_page(),
        subject=subject,
    )
    result.notified += len(sent)
