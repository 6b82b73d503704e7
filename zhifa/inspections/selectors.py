"""Reads of random inspections, scoped to the caller's agency subtree; the territory and powers of
an agency; the public list (随机抽查事项清单 and results, masked)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from zhifa.core.errors import NotFound
from zhifa.core.masking import PartyIn, mask_party
from zhifa.orgs.selectors import scope_filter, sees_case_data

from .choices import InspectionState, PlanState, ProposalState
from .models import Draw, Finding, Inspection, JointProposal, Matter, Plan, Target


def region_of(agency):
    """The agency's region, or its nearest parent's; None: no territorial limit (the ministry and
    the directly administered bodies act nationwide)."""
    region, up = agency.region, agency
    while region is None and up.parent_id is not None:
        up = up.parent
        region = up.region
    return region


def in_territory(agency, region) -> bool:
    """T2 Arts. 22–23; opinion item 七 (不得超越检查范围和权限): a prefecture inspects targets in its
    prefecture, a province in its province."""
    own = region_of(agency)
    if own is None:
        return True
    return region.pk == own.pk or region.parent_id == own.pk


def agency_sectors(agency) -> set[str]:
    """The agency's powers as enforcement categories: those its officers' valid certificates
    carry (the same catalogue the portal publishes as its powers and legal bases)."""
    from zhifa.officers.models import Certificate

    sectors: set[str] = set()
    rows = Certificate.objects.filter(
        officer__user__agency__path__startswith=agency.path, status="valid"
    ).values_list("sectors", flat=True)
    for row in rows:
        sectors.update(row or [])
    return sectors


def visible_matters(user) -> QuerySet[Matter]:
    return Matter.objects.filter(scope_filter(user, "agency")).select_related("agency")


def visible_targets(user) -> QuerySet[Target]:
    return (
        Target.objects.filter(scope_filter(user, "agency"))
        .select_related("agency", "region")
        .prefetch_related("relations__officer__user")
    )


def visible_plans(user) -> QuerySet[Plan]:
    return Plan.objects.filter(scope_filter(user, "agency")).select_related("agency", "matter")


def visible_inspections(user) -> QuerySet[Inspection]:
    """The agency tree's inspections, and a joint inspection of another agency the user was
    sent to (综合查一次: the joining agency's inspectors take part in it)."""
    scope = scope_filter(user, "agency")
    if sees_case_data(user):
        joined = Inspection.objects.filter(inspectors__user=user).values("pk")
        scope |= Q(pk__in=joined)
    return (
        Inspection.objects.filter(scope)
        .select_related("agency", "target__region", "plan__matter", "joined_into__agency")
        .prefetch_related("inspectors__user", "findings")
    )


def _one(qs, pk: int, what: str):
    row = qs.filter(pk=pk).first()
    if row is None:
        raise NotFound(f"{what}不存在或无权查看。")
    return row


def access_matter(user, pk: int) -> Matter:
    return _one(visible_matters(user), pk, "抽查事项")


def access_target(user, pk: int) -> Target:
    return _one(visible_targets(user), pk, "检查对象")


def access_plan(user, pk: int) -> Plan:
    return _one(visible_plans(user).prefetch_related("targets", "inspectors__user"), pk, "抽查计划")


def access_inspection(user, pk: int) -> Inspection:
    return _one(visible_inspections(user), pk, "行政检查")


def access_finding(user, pk: int) -> Finding:
    qs = Finding.objects.filter(scope_filter(user, "inspection__agency")).select_related(
        "inspection__agency", "inspection__target"
    )
    return _one(qs, pk, "检查发现的问题")


def access_proposal(user, pk: int) -> JointProposal:
    """A joint proposal is seen by both agencies: the proposing one and the one asked."""
    qs = JointProposal.objects.filter(
        scope_filter(user, "inspection__agency") | scope_filter(user, "other__agency")
    ).select_related("inspection__agency", "other__agency", "inspection__target")
    return _one(qs, pk, "联合检查提议")


def same_target(id_number: str) -> QuerySet[Inspection]:
    """Every live inspection of a target by its identity, whatever the agency (for the
    duplication check; not shown as such to a user)."""
    return (
        Inspection.objects.filter(target__id_number=id_number)
        .exclude(state__in=[InspectionState.CANCELLED, InspectionState.JOINED])
        .select_related("agency")
    )


def pool_overlaps(plan: Plan, window_days: int) -> dict[int, list[dict]]:
    """For each target of the plan's pool: the other agencies' inspections of it within the
    window (opinion item 七), so the head sees them before drawing."""
    from . import services

    out = {}
    for t in plan.targets.all():
        found = services.overlaps_of(t, plan.planned_on, plan.agency, window_days)
        if found:
            out[t.pk] = found
    return out


def workbench_group(user, today):
    """To-dos (registered in apps.py): inspections drawn to the officer; for heads, joint
    proposals to their agency and inspections past the cap awaiting their approval below."""
    from zhifa.workbench.selectors import Group, Item

    groups = []
    if user.is_officer:
        qs = Inspection.objects.filter(
            inspectors__user=user, state=InspectionState.SCHEDULED
        ).select_related("target")
        items = [
            Item(
                title=f"检查 {i.target.name}",
                subject=str(i.get_state_display()),
                url=reverse("inspections:inspection", args=[i.pk]),
                due=i.planned_on,
            )
            for i in qs[:20]
        ]
        if items:
            groups.append(
                Group(
                    key="inspections",
                    label="待实施的行政检查",
                    items=items,
                    count=qs.count(),
                    order=60,
                )
            )
    if user.is_agency_head and user.agency_id:
        proposals = JointProposal.objects.filter(
            other__agency=user.agency_id, state=ProposalState.PROPOSED
        ).select_related("inspection__agency", "other__target")
        waiting = (
            Plan.objects.filter(
                agency__path__startswith=user.agency.path,
                state=PlanState.AWAITING_APPROVAL,
            )
            .exclude(agency=user.agency_id)
            .select_related("agency")
        )
        items = [
            Item(
                title=f"{p.inspection.agency.name}提议联合检查 {p.other.target.name}",
                subject="综合查一次",
                url=reverse("inspections:inspection", args=[p.other_id]) + "#joint",
                due=p.other.planned_on,
            )
            for p in proposals[:20]
        ] + [
            Item(
                title=f"{p.agency.name}“{p.title}”超出年度检查上限",
                subject="待批准",
                url=reverse("inspections:plan", args=[p.pk]) + "#approval",
                due=p.planned_on,
            )
            for p in waiting[:20]
        ]
        if items:
            count = proposals.count() + waiting.count()
            groups.append(
                Group(
                    key="inspection_approvals",
                    label="行政检查待确认",
                    items=items,
                    count=count,
                    order=61,
                )
            )
    return groups


# --- the public portal (执法公示: 随机抽查事项清单 and results, T1 Art. 20) -------------------


def public_matters(agency_id: int | None = None) -> QuerySet[Matter]:
    qs = Matter.objects.select_related("agency").order_by("agency__path", "id")
    return qs.filter(agency_id=agency_id) if agency_id else qs


def public_results(agency_id: int | None = None, limit: int = 200) -> list[dict]:
    """Done inspections with their results; the target masked (a person's name as 张某某, the
    address cut to county; organisations by name), never an identity number."""
    qs = (
        Inspection.objects.filter(state=InspectionState.DONE)
        .select_related("agency", "target", "plan__matter", "draw")
        .order_by("-inspected_on", "-id")
    )
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    rows = []
    for i in qs[:limit]:
        t = i.target
        masked = mask_party(PartyIn(kind=t.kind, name=t.name, address=t.address))
        rows.append(
            {
                "agency": i.agency.name,
                "matter": i.plan.matter.name,
                "target": masked["name"],
                "address": masked["address"],
                "inspected_on": i.inspected_on,
                "outcome": i.get_outcome_display(),
                "seed": i.draw.seed,
                "plan": i.plan.title,
            }
        )
    return rows


def public_draws(agency_id: int | None = None) -> QuerySet[Draw]:
    """Draws with their published seed and pools (anyone can redo them, tools/verify_draw.py)."""
    qs = Draw.objects.select_related("plan__agency", "plan__matter").order_by("-drawn_at", "-id")
    return qs.filter(plan__agency_id=agency_id) if agency_id else qs


def public_draw(pk: int) -> Draw:
    try:
        return public_draws().get(pk=pk)
    except Draw.DoesNotExist:
        raise NotFound("没有该抽取记录。") from None


def verification_record(d: Draw) -> dict:
    """What anyone needs to redo a draw offline (tools/verify_draw.py): the algorithm, the seed,
    the pools' keys in the draw's order (identities masked), the counts, who was left out per
    drawn target, and the published result."""
    return {
        "plan": d.plan.title,
        "agency": d.plan.agency.name,
        "round": d.round,
        "planned_on": d.planned_on.isoformat(),
        "state": d.state,
        "algorithm": d.result.get("algorithm"),
        "seed": d.seed,
        **d.published,
        "assignments": [
            {"target": a["target"], "inspectors": a["inspectors"]} for a in d.result["assignments"]
        ],
    }


def plan_draws(plan: Plan) -> QuerySet[Draw]:
    return plan.draws.order_by("round")


def plan_inspections(plan: Plan) -> QuerySet[Inspection]:
    return plan.inspections.select_related("target", "joined_into__agency").prefetch_related(
        Prefetch("inspectors"), "inspectors__user"
    )
