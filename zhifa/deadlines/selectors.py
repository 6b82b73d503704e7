"""Reads of deadlines. Lists are scoped to the user's agency and its subordinates."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, IntegerField, QuerySet, Value, When

from zhifa.core.errors import NotFound
from zhifa.orgs.selectors import scope_filter
from zhifa.records.journal import subject_key

from .choices import DeadlineFlag, DeadlineState, ExtensionDecision
from .models import Deadline, ExtensionRequest
from .rules import domain_step, extension_rule


def deadlines_for(subject) -> QuerySet[Deadline]:
    """Every deadline of `subject` (open and closed), earliest due first.

    Not scoped: the caller reached `subject` through its own scoped selector.
    """
    subject_type, subject_id = subject_key(subject)
    return (
        Deadline.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .prefetch_related("extensions")
        .order_by("due", "id")
    )


def deadlines_from(origin, *, subject=None) -> QuerySet[Deadline]:
    """The periods started by `origin`'s act (see `Deadline.origin_type`), latest first; with
    `subject`, only that subject's (not scoped, as `deadlines_for`)."""
    origin_type, origin_id = subject_key(origin)
    qs = Deadline.objects.filter(origin_type=origin_type, origin_id=origin_id)
    if subject is not None:
        subject_type, subject_id = subject_key(subject)
        qs = qs.filter(subject_type=subject_type, subject_id=subject_id)
    return qs.order_by("-opened_at", "-id")


def open_deadline_of(subject, code: str) -> Deadline | None:
    """The open deadline `code` of `subject`, if any (not scoped, as `deadlines_for`)."""
    subject_type, subject_id = subject_key(subject)
    return Deadline.objects.filter(
        subject_type=subject_type, subject_id=subject_id, code=code, state=DeadlineState.OPEN
    ).first()


def visible_deadlines(
    user,
    *,
    state: str | None = None,
    overdue: bool | None = None,
    due_before: date | None = None,
    agency_id: int | None = None,
) -> QuerySet[Deadline]:
    """Deadlines of the user's agency and below; overdue first, then by due day."""
    qs = Deadline.objects.filter(scope_filter(user)).select_related("agency")
    if state:
        qs = qs.filter(state=state)
    if overdue is True:
        qs = qs.filter(flag=DeadlineFlag.OVERDUE)
    elif overdue is False:
        qs = qs.exclude(flag=DeadlineFlag.OVERDUE)
    if due_before is not None:
        qs = qs.filter(due__lte=due_before)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    rank = Case(
        When(flag=DeadlineFlag.OVERDUE, then=Value(0)),
        When(flag=DeadlineFlag.DUE_SOON, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(flag_rank=rank).order_by("flag_rank", "due", "id")


def access_deadline(user, deadline_id: int) -> Deadline:
    deadline = visible_deadlines(user).filter(pk=deadline_id).first()
    if deadline is None:
        raise NotFound("期限不存在或无权查看。")
    return deadline


def access_extension(user, request_id: int) -> ExtensionRequest:
    request = (
        ExtensionRequest.objects.filter(scope_filter(user, "deadline__agency"))
        .select_related("deadline", "deadline__agency", "requested_by", "decided_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound("延期申请不存在或无权查看。")
    return request


def pending_extensions(user) -> QuerySet[ExtensionRequest]:
    """Pending requests the user may decide: agency heads see their own agency's."""
    if not getattr(user, "is_agency_head", False):
        return ExtensionRequest.objects.none()
    return (
        ExtensionRequest.objects.filter(
            decision=ExtensionDecision.PENDING, deadline__agency_id=user.agency_id
        )
        .select_related("deadline", "requested_by")
        .order_by("requested_at")
    )


def may_extend(deadline: Deadline) -> bool:
    """Whether the law allows extending this kind of deadline at all (for showing the form)."""
    return (
        deadline.state == DeadlineState.OPEN
        and extension_rule(deadline.code) is not None
        and domain_step(deadline.code, deadline.subject_type) is None  # ACL Art. 25; TEPP Art. 78
    )


def overdue_count(user) -> int:
    """Open overdue deadlines of the user's own agency (the layout's badge)."""
    if not getattr(user, "is_authenticated", False) or not user.agency_id:
        return 0
    return Deadline.objects.filter(
        agency_id=user.agency_id, state=DeadlineState.OPEN, flag=DeadlineFlag.OVERDUE
    ).count()
