"""Reads of officers, scoped to the caller's agency subtree; eligibility through the pure core."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.officers import CertificateFacts, Eligibility, SuspensionFacts, may_act
from zhifa.orgs.selectors import scope_filter

from .models import Certificate, Officer, Suspension


def today() -> date:
    return timezone.localdate()


def visible_officers(user) -> QuerySet[Officer]:
    return (
        Officer.objects.filter(scope_filter(user, "user__agency"))
        .select_related("user", "user__agency")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("-valid_until")),
            Prefetch("suspensions", queryset=Suspension.objects.order_by("-starts_on")),
        )
        .order_by("user__agency__path", "user__full_name")
    )


def access_officer(user, officer_id: int) -> Officer:
    officer = visible_officers(user).filter(pk=officer_id).first()
    if officer is None:
        raise NotFound("执法人员不存在或无权查看。")
    return officer


def eligibility(officer: Officer, on: date | None = None) -> Eligibility:
    """May this officer act on `on` (default today)? Uses prefetched rows when present."""
    return may_act(
        [
            CertificateFacts(c.number, c.status, c.valid_until, c.issued_on)
            for c in officer.certificates.all()
        ],
        [
            SuspensionFacts(s.starts_on, s.ends_on, s.lifted_on, s.reason)
            for s in officer.suspensions.all()
        ],
        on or today(),
    )


def eligibility_of_user(user, on: date | None = None) -> Eligibility | None:
    """None for users who are not officers; an officer without a record holds no certificate."""
    if not user.is_officer:
        return None
    officer = Officer.objects.filter(user=user).first()
    return eligibility(officer, on) if officer else may_act([], [], on or today())
