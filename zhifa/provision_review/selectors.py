"""Reads of the provision review, always scoped: a provincial supervisor sees their province's cases
and reviews, the ministry all of them; administrators see nothing (zhifa.orgs.selectors.scope_filter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet
from django.urls import reverse

from zhifa.core import provision_review as rules
from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.orgs.choices import RegionLevel
from zhifa.orgs.selectors import scope_filter, sees_case_data

from .choices import Conclusion, ReplayStatus
from .models import ProvisionReview, Replay, ReplayChange

# Remedies carry their outcome (cases.RemedyPeriod.outcome) and complaints name their case
# (complaints.Complaint.case): the figures come from the indicators' per-case counters
# (indicators.CaseFact), the same definitions as the dashboards'.
REMEDY_OUTCOMES_RECORDED = True
COMPLAINTS_LINKED_TO_CASES = True


def may_read(user) -> bool:
    return sees_case_data(user) and (user.is_supervisor or user.is_agency_head)


def require_reader(user) -> None:
    if not may_read(user):
        raise PermissionDenied(
            "只有监督人员和执法部门负责人可以查看处罚规定清理评估。",
            code="provision_review.not_allowed",
        )


def require_supervisor(user) -> None:
    if not (sees_case_data(user) and user.is_supervisor):
        raise PermissionDenied(
            "只有监督人员可以发起评估、推演拟议基准和作出评估结论。",
            code="provision_review.supervisor_only",
        )


def province_region(agency):
    """The province (Region) an agency belongs to, walking up the tree; None for the ministry."""
    node = agency
    while node is not None:
        if node.region_id is not None:
            region = node.region
            return region if region.level == RegionLevel.PROVINCE else region.parent
        node = node.parent
    return None


# --- per-provision figures -----------------------------------------------------------------------


@dataclass
class ProvisionRow:
    provision: object  # law.PenaltyProvision
    figures: rules.ProvisionFigures
    flags: tuple[rules.Flag, ...]

    @property
    def no_penalty_share(self) -> str:
        f = self.figures
        return f"{f.no_penalty * 100 / f.decided:.1f}%" if f.decided else "—"

    @property
    def remedy_share(self) -> str:
        f = self.figures
        return f"{(f.remedies or 0) * 100 / f.decided:.1f}%" if f.decided else "—"

    @property
    def reversal_share(self) -> str:
        f = self.figures
        c = f.remedy_concluded or 0
        return f"{(f.remedy_reversed or 0) * 100 / c:.1f}%" if c else "—"

    @property
    def complaint_share(self) -> str:
        f = self.figures
        return f"{(f.complaints or 0) * 100 / f.decided:.1f}%" if f.decided else "—"


def decisions_in_scope(user, *, since: date | None = None, until: date | None = None):
    from zhifa.cases.models import Decision

    qs = Decision.objects.filter(scope_filter(user, "case__agency"), case__provision__isnull=False)
    if since:
        qs = qs.filter(decided_on__gte=since)
    if until:
        qs = qs.filter(decided_on__lte=until)
    return qs


def _benchmark_spans(user, provision_ids) -> dict[int, tuple[Decimal, Decimal]]:
    """The lowest and highest fine of the active benchmarks of the user's province, per provision
    (None for the ministry, whose scope holds every province's tables)."""
    from zhifa.law.choices import BenchmarkStatus
    from zhifa.law.models import BenchmarkLevel

    province = province_region(user.agency)
    if province is None:
        return {}
    rows = (
        BenchmarkLevel.objects.filter(
            benchmark__provision_id__in=provision_ids,
            benchmark__province=province,
            benchmark__status=BenchmarkStatus.ACTIVE,
            fine_max__isnull=False,
        )
        .values("benchmark__provision_id")
        .annotate(low=Min("fine_min"), high=Max("fine_max"))
    )
    return {
        r["benchmark__provision_id"]: (Decimal(r["low"] or 0), Decimal(r["high"])) for r in rows
    }


def provision_rows(
    user, *, since: date | None = None, until: date | None = None, provision_id: int | None = None
) -> list[ProvisionRow]:
    """Use, fines against the statutory and benchmark ranges, no-penalty share, remedies and flags
    of every provision decided in the user's scope (one grouped query, one for benchmarks)."""
    from zhifa.cases.choices import DecisionKind
    from zhifa.law.models import PenaltyProvision

    require_reader(user)
    qs = decisions_in_scope(user, since=since, until=until)
    if provision_id is not None:
        qs = qs.filter(case__provision_id=provision_id)
    fined = Q(kind=DecisionKind.PENALTY, fine__gt=0)
    agg = (
        qs.values("case__provision_id")
        .annotate(
            decided=Count("id"),
            no_penalty=Count("id", filter=Q(kind=DecisionKind.NO_PENALTY)),
            fined=Count("id", filter=fined),
            mean=Avg("fine", filter=fined),
            at_max=Count("id", filter=fined & Q(fine=F("case__provision__fine_max"))),
            below_min=Count("id", filter=fined & Q(fine__lt=F("case__provision__fine_min"))),
        )
        .order_by("-decided")
    )
    agg = list(agg)
    ids = [a["case__provision_id"] for a in agg]
    if provision_id is not None and not ids:
        ids = [provision_id]
        agg = [{"case__provision_id": provision_id, "decided": 0}]
    provisions = PenaltyProvision.objects.select_related("law").in_bulk(ids)
    spans = _benchmark_spans(user, ids)
    remedy = remedy_and_complaint_figures(qs)
    rows = []
    for a in agg:
        p = provisions.get(a["case__provision_id"])
        if p is None:
            continue
        span = spans.get(p.pk)
        figures = rules.ProvisionFigures(
            decided=a["decided"],
            no_penalty=a.get("no_penalty", 0),
            fined=a.get("fined", 0),
            mean_fine=Decimal(str(a["mean"])).quantize(Decimal("0.01")) if a.get("mean") else None,
            at_maximum=a.get("at_max", 0),
            below_minimum=a.get("below_min", 0),
            statutory_low=Decimal(p.fine_min) if p.fine_min is not None else None,
            statutory_high=Decimal(p.fine_max) if p.fine_max is not None else None,
            benchmark_low=span[0] if span else None,
            benchmark_high=span[1] if span else None,
            **remedy.get(p.pk, NO_REMEDY_FIGURES),
        )
        rows.append(ProvisionRow(p, figures, rules.flags(figures)))
    return rows


NO_REMEDY_FIGURES = {"remedies": 0, "remedy_concluded": 0, "remedy_reversed": 0, "complaints": 0}


def remedy_and_complaint_figures(decisions) -> dict[int, dict]:
    """Per provision, among the `decisions`' cases: remedies brought, remedies concluded, decisions
    corrected (reversal), cases with a complaint linked. Read from the indicators' per-case counters
    (CaseFact: remedied, remedy_concluded, remedy_reversed, complained), one grouped query."""
    from django.db.models import Sum

    from zhifa.indicators.models import CaseFact

    rows = (
        CaseFact.objects.filter(case_id__in=decisions.values("case_id"))
        .values("case__provision_id")
        .annotate(
            remedies=Sum("remedied"),
            remedy_concluded=Sum("remedy_concluded"),
            remedy_reversed=Sum("remedy_reversed"),
            complaints=Sum("complained"),
        )
        .order_by()
    )
    return {r.pop("case__provision_id"): {k: int(v or 0) for k, v in r.items()} for r in rows}


def figures_json(row: ProvisionRow) -> dict:
    f = row.figures
    return {
        "decided": f.decided,
        "no_penalty": f.no_penalty,
        "fined": f.fined,
        "mean_fine": None if f.mean_fine is None else str(f.mean_fine),
        "at_maximum": f.at_maximum,
        "below_minimum": f.below_minimum,
        "statutory_low": None if f.statutory_low is None else str(f.statutory_low),
        "statutory_high": None if f.statutory_high is None else str(f.statutory_high),
        "benchmark_low": None if f.benchmark_low is None else str(f.benchmark_low),
        "benchmark_high": None if f.benchmark_high is None else str(f.benchmark_high),
        "remedies": f.remedies,
        "remedy_concluded": f.remedy_concluded,
        "remedy_reversed": f.remedy_reversed,
        "complaints": f.complaints,
        "flags": [{"code": g.code, "ground": g.ground, "reason": g.reason_zh} for g in row.flags],
    }


def access_provision(user, data_id: str):
    from zhifa.law.models import PenaltyProvision

    require_reader(user)
    p = PenaltyProvision.objects.select_related("law").filter(data_id=data_id).first()
    if p is None:
        raise NotFound("处罚条款不存在。", code="provision_review.provision_not_found")
    return p


# --- reviews and replays -------------------------------------------------------------------------


def visible_reviews(user) -> QuerySet[ProvisionReview]:
    """Reviews made by the user's agency or below (the ministry sees every province's)."""
    if not may_read(user):
        return ProvisionReview.objects.none()
    return (
        ProvisionReview.objects.filter(scope_filter(user, "agency"))
        .select_related("provision__law", "agency", "opened_by", "concluded_by")
        .annotate(replay_count=Count("replays"))
    )


def access_review(user, review_id: int) -> ProvisionReview:
    require_reader(user)
    review = visible_reviews(user).filter(pk=review_id).first()
    if review is None:
        raise NotFound("评估不存在或无权查看。", code="provision_review.not_found")
    return review


def proposals_for_ministry(user) -> QuerySet[ProvisionReview]:
    """Conclusions proposing amendment or repeal, for the ministry's list (scoped as ever)."""
    return visible_reviews(user).filter(conclusion__in=[Conclusion.AMEND, Conclusion.REPEAL])


def access_replay(user, replay_id: int) -> Replay:
    require_reader(user)
    replay = (
        Replay.objects.filter(scope_filter(user, "review__agency"), pk=replay_id)
        .select_related("review__provision__law", "review__agency", "base", "started_by")
        .first()
    )
    if replay is None:
        raise NotFound("推演不存在或无权查看。", code="provision_review.replay_not_found")
    return replay


def replay_changes(user, replay: Replay) -> QuerySet[ReplayChange]:
    """The changed cases of a replay, limited to the cases the reader may see."""
    return ReplayChange.objects.filter(
        scope_filter(user, "case__agency"), replay=replay
    ).select_related("case__agency")


def base_benchmarks(user, provision) -> QuerySet:
    """The active benchmarks of a provision a proposal may start from (the user's province; the
    ministry: every province's)."""
    from zhifa.law.choices import BenchmarkStatus
    from zhifa.law.models import Benchmark

    qs = Benchmark.objects.filter(
        Q(provision=provision) | Q(also_provisions=provision), status=BenchmarkStatus.ACTIVE
    ).select_related("province")
    province = province_region(user.agency)
    if province is not None:
        qs = qs.filter(province=province)
    return qs.distinct().order_by("province_id", "-effective_from", "id")


def workbench_group(user, today):
    """The workbench's "provision reviews" group: the user's agency's open reviews whose replay has
    finished, waiting for the conclusion (registered in apps.py)."""
    from zhifa.workbench.selectors import Group, Item

    if not (sees_case_data(user) and user.is_supervisor):
        return []
    qs = (
        ProvisionReview.objects.filter(
            agency=user.agency, conclusion="", replays__status=ReplayStatus.DONE
        )
        .select_related("provision__law")
        .distinct()
    )
    items = [
        Item(
            title=f"{r.provision.law.name}{r.provision.article}",
            subject="推演已完成，待作出评估结论",
            url=reverse("provision_review:review", args=[r.pk]) + "#conclusion",
        )
        for r in qs[:20]
    ]
    if not items:
        return []
    return [
        Group(
            key="provision_reviews",
            label="处罚规定清理评估",
            items=items,
            count=qs.count(),
            order=95,
        )
    ]
