"""Jobs of the cases app: thin, take ids or a day, call a service (as the `system` role)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.core.procedure import State

from . import services
from .models import Case


def mark_overdue_payments(as_of: date | None = None) -> dict:
    """Mark overdue every case whose payment period (or approved plan) ran out before `as_of`
    (APL Art. 72(1)): the surcharge runs from the day after. Idempotent: a case already overdue
    is not touched; a case the core refuses (paid meanwhile, …) is counted and left alone."""
    as_of = as_of or timezone.localdate()
    marked, refused = [], {}
    # a plan's intermediate instalment may be missed before its end (APL Art. 66 para 2)
    candidates = Case.objects.filter(
        Q(state=State.AWAITING_PERFORMANCE.value, next_due__lt=as_of)
        | Q(state=State.DEFERRAL_OR_INSTALMENTS.value)
    ).values_list("pk", flat=True)
    for pk in candidates:
        case = Case.objects.get(pk=pk)
        try:
            services.mark_overdue(case, actor=None, as_of=as_of)
        except DomainError as error:
            if error.code != "payment_not_yet_due" or case.state != State.DEFERRAL_OR_INSTALMENTS:
                refused[pk] = error.code
        else:
            marked.append(pk)
    return {"as_of": as_of.isoformat(), "marked": marked, "refused": refused}


@shared_task
def mark_overdue_payments_task(as_of: str | None = None) -> dict:
    return mark_overdue_payments(date.fromisoformat(as_of) if as_of else None)
