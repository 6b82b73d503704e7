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


# --- training, assessments, conduct (issue 14 items 1–3) -------------------------------------


def province_of(agency) -> str | None:
    """The name of the province the agency lies in (its own or nearest parent's region)."""
    region, up = agency.region, agency
    while region is None and up.parent_id is not None:
        up = up.parent
        region = up.region
    if region is None:
        return None
    return region.name if region.parent_id is None else region.parent.name


def training_hours(officer: Officer, year: int):
    """Hours done in `year` (by the day the training ended) against the province's figure
    (settings.ZHIFA_TRAINING_HOURS_BY_PROVINCE, else 60: T5)."""
    from decimal import Decimal

    from django.conf import settings
    from django.db.models import Sum

    from zhifa.core.training import YearHours, required_hours

    from .models import TrainingRecord

    done = TrainingRecord.objects.filter(officer=officer, ends_on__year=year).aggregate(
        s=Sum("hours")
    )["s"] or Decimal(0)
    done = Decimal(done).quantize(Decimal("0.1"))  # the database's sum: one decimal, as stored
    by_province = getattr(settings, "ZHIFA_TRAINING_HOURS_BY_PROVINCE", {}) or {}
    return YearHours(year, done, required_hours(province_of(officer.user.agency), by_province))


def own_officer(user) -> Officer | None:
    if not user.is_authenticated or not user.is_officer:
        return None
    return visible_officers(user).filter(user=user).first() or (
        Officer.objects.filter(user=user).select_related("user", "user__agency").first()
    )


def officer_file(officer: Officer, year: int) -> dict:
    """Everything an officer's page shows: the year's hours, training, assessments, conduct."""
    from .models import Assessment, ConductRecord, TrainingRecord

    return {
        "hours": training_hours(officer, year),
        "training": TrainingRecord.objects.filter(officer=officer).select_related("course")[:200],
        "assessments": Assessment.objects.filter(officer=officer).select_related("retraining")[
            :200
        ],
        "conduct": ConductRecord.objects.filter(officer=officer).select_related(
            "item", "recorded_by", "decided_by"
        )[:200],
    }


def visible_plans(user):
    from .models import TrainingPlan

    return (
        TrainingPlan.objects.filter(scope_filter(user, "agency", admin_roles=("system",)))
        .select_related("agency")
        .prefetch_related("courses__attendance__officer__user")
    )


def access_plan(user, plan_id: int):
    plan = visible_plans(user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("培训计划不存在或无权查看。")
    return plan


def visible_conduct_records(user):
    from .models import ConductRecord

    return ConductRecord.objects.filter(
        scope_filter(user, "officer__user__agency", admin_roles=("system",))
    ).select_related("officer__user", "item", "recorded_by")


def access_conduct_record(user, record_id: int):
    """In scope, or the officer's own record."""
    from .models import ConductRecord

    record = visible_conduct_records(user).filter(pk=record_id).first()
    if record is None and user.is_authenticated:
        record = ConductRecord.objects.filter(pk=record_id, officer__user=user).first()
    if record is None:
        raise NotFound("记录不存在或无权查看。")
    return record


def conduct_items(include_inactive: bool = False):
    from .models import ConductItem

    qs = ConductItem.objects.all()
    return qs if include_inactive else qs.filter(active=True)


def agency_overview(agency, year: int) -> list[dict]:
    """The head's view: each officer of the agency subtree with the year's hours."""
    rows = []
    officers = (
        Officer.objects.filter(user__agency__path__startswith=agency.path, user__is_active=True)
        .select_related("user", "user__agency")
        .order_by("user__agency__path", "user__full_name")[:500]
    )
    for o in officers:
        rows.append({"officer": o, "hours": training_hours(o, year), "eligibility": eligibility(o)})
    return rows
