"""Reads of the whole-process record for the audit administrator (安全审计员, issue 10 item 7)."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import JournalEntry

AUDIT_ROLE = "audit"  # accounts.choices.AdminRole.AUDIT (records stays below accounts)


def is_auditor(user) -> bool:
    authenticated = bool(getattr(user, "is_authenticated", False))
    return authenticated and getattr(user, "admin_role", "") == AUDIT_ROLE


def audit_scope(user) -> QuerySet[JournalEntry]:
    """The auditor's agency subtree; the ministry's auditor also reads the system chain (entries
    of no agency: failed sign-ins under unknown names, jobs). Anyone else: nothing."""
    if not is_auditor(user):
        return JournalEntry.objects.none()
    agency = user.agency
    scoped = Q(agency__path__startswith=agency.path)
    if agency.parent_id is None:
        scoped |= Q(agency__isnull=True)
    return JournalEntry.objects.filter(scoped)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(
    user,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    actor: str = "",
    event_type: str = "",
    agency: str = "",
) -> QuerySet[JournalEntry]:
    """Newest first. Dates are whole days in the platform's time zone, both ends included; `actor`
    is a user name or part of a name; `agency` part of an agency's name."""
    qs = audit_scope(user).select_related("agency", "actor")
    if date_from:
        qs = qs.filter(occurred_at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=_start_of(date_to + timedelta(days=1)))
    if actor:
        qs = qs.filter(Q(actor__username=actor) | Q(actor_name__icontains=actor))
    if event_type:
        qs = qs.filter(event_type=event_type)
    if agency:
        qs = qs.filter(agency__name__icontains=agency)
    return qs.order_by("-occurred_at", "-id")
