"""Reads of officers, scoped to the caller's agency subtree; eligibility through the pure core."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.officers import (
    ActContext,
    CertificateFacts,
    Eligibility,
    SuspensionFacts,
    may_act,
)
from zhifa.orgs.selectors import scope_filter

from .models import Certificate, Officer, Suspension


def today() -> date:
    return timezone.localdate()


def visible_officers(user) -> QuerySet[Officer]:
    return (
        Officer.objects.filter(scope_filter(user, "user__agency", admin_roles=("system",)))
        .select_related("user", "user__agency")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.select_related("territory").order_by("-valid_until"),
            ),
            Prefetch("suspensions", queryset=Suspension.objects.order_by("-starts_on")),
        )
        .order_by("user__agency__path", "user__full_name")
    )


def access_officer(user, officer_id: int) -> Officer:
    officer = visible_officers(user).filter(pk=officer_id).first()
    if officer is None:
        raise NotFound("执法人员不存在或无权查看。")
    return officer


def certificate_facts(c: Certificate) -> CertificateFacts:
    """What `may_act` needs of a certificate (T2 Arts. 22–23, 30)."""
    return CertificateFacts(
        c.number,
        c.status,
        c.valid_until,
        c.issued_on,
        last_reviewed_on=c.last_reviewed_on,
        sectors=frozenset(c.sectors or ()),
        territory=str(c.territory_id) if c.territory_id else None,
        territory_name=c.territory.name if c.territory_id else "",
    )


def act_context(agency, sector: str | None) -> ActContext:
    """The category and territory of an act by `agency` in `sector` (T2 Arts. 22–23): the
    agency's (or its nearest parent's) region and that region's parent; an agency without one
    (ministry, maritime bureau) lies in no province, so a territorially limited certificate does not cover it."""
    from zhifa.law.choices import Sector

    region, up = agency.region, agency
    while region is None and up.parent_id is not None:  # a unit lies in its parent's region
        up = up.parent
        region = up.region
    regions = frozenset(
        str(r) for r in ((region.pk, region.parent_id) if region is not None else ()) if r
    )
    label = str(dict(Sector.choices).get(sector, sector)) if sector else ""
    return ActContext(
        sector=sector or None,
        sector_label=label,
        regions=regions,
        region_label=str(region.name) if region is not None else agency.name,
    )


def eligibility(
    officer: Officer, on: date | None = None, context: ActContext | None = None
) -> Eligibility:
    """May this officer act on `on` (default today), in `context` when given? Uses prefetched
    rows when present."""
    return may_act(
        [certificate_facts(c) for c in officer.certificates.all()],
        [
            SuspensionFacts(s.starts_on, s.ends_on, s.lifted_on, s.reason)
            for s in officer.suspensions.all()
        ],
        on or today(),
        context,
    )


def eligibility_of_user(user, on: date | None = None) -> Eligibility | None:
    """None for users who are not officers; an officer without a record holds no certificate."""
    if not user.is_officer:
        return None
    officer = Officer.objects.filter(user=user).first()
    return eligibility(officer, on) if officer else may_act([], [], on or today())
