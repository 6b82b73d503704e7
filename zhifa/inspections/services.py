"""Writes of random inspections (双随机抽查, T1 Art. 20; opinion item 七). Each checks scope, role
and input itself, writes in one transaction with its journal entry, tells whoever must act next
(notification + to-do), and raises a DomainError with nothing changed when it refuses."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.core import draw as core_draw
from zhifa.core import identifiers
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.core.masking import PartyIn, mask_party
from zhifa.law.choices import Sector
from zhifa.notifications.services import notify
from zhifa.records import journal

from . import events, selectors
from .choices import (
    OPEN_STATES,
    DrawState,
    InspectionState,
    Outcome,
    PlanState,
    ProposalState,
    TargetKind,
)
from .errors import (
    DrawRefused,
    InspectionStateConflict,
    InvalidInspection,
    OutsideMatters,
    OutsideTerritory,
)
from .models import Draw, Finding, Inspection, JointProposal, Matter, Plan, Relation, Target

MAX_FREQUENCY = 12  # at most monthly


def window_days() -> int:
    return settings.ZHIFA_INSPECTION_WINDOW_DAYS


def yearly_cap() -> int:
    return settings.ZHIFA_INSPECTION_YEARLY_CAP


def _today() -> date:
    return timezone.localdate()


def _require_head(actor, agency) -> None:
    """Plans, pools and draws are the agency head's (commands pass actor=None)."""
    if actor is None:
        return
    if actor.admin_role or not actor.is_agency_head or actor.agency_id != agency.pk:
        raise PermissionDenied("只有本机构执法部门负责人可以制定抽查计划、维护名录库和抽取。")


def _text(value, what: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInspection(f"请填写{what}。", code="inspection_field_required")
    if len(value) > limit:
        raise InvalidInspection(f"{what}不超过{limit}字。", code="inspection_field_too_long")
    return value


def _items(values, what: str = "检查内容") -> list[str]:
    out = []
    for v in values or []:
        v = _text(str(v), what, 100)
        if v not in out:
            out.append(v)
    if not out or len(out) > 50:
        raise InvalidInspection(f"{what}应为 1 至 50 项。", code="inspection_items_invalid")
    return out


# --- the list of matters, the target pool, relations ------------------------------------------


@transaction.atomic
def create_matter(agency, *, name: str, sector: str, basis: str, items, actor=None) -> Matter:
    _require_head(actor, agency)
    name = _text(name, "抽查事项", 128)
    if sector not in Sector.values:
        raise InvalidInspection("执法门类无效。", code="inspection_sector_invalid")
    if sector not in selectors.agency_sectors(agency):
        # Opinion item 七: 不得超越检查范围和权限 — only matters within the agency's powers.
        raise OutsideMatters(
            f"“{Sector(sector).label}”不在本机构的执法职权（执法人员证件载明的执法门类）之内。"
        )
    if Matter.objects.filter(agency=agency, name=name).exists():
        raise InvalidInspection("本机构已有同名抽查事项。", code="inspection_matter_taken")
    matter = Matter.objects.create(
        agency=agency,
        name=name,
        sector=sector,
        basis=_text(basis, "检查依据", 300),
        items=_items(items),
        created_by=actor,
    )
    journal.append(
        events.MATTER_CREATED,
        actor=actor,
        subject=matter,
        agency=agency,
        payload={"name": name, "sector": sector, "basis": matter.basis, "items": matter.items},
    )
    return matter


def _identity(kind: str, id_number: str) -> str:
    if kind == TargetKind.PERSON:
        check = identifiers.validate_resident_id(id_number or "", as_of=_today())
    elif kind == TargetKind.ORGANISATION:
        check = identifiers.validate_uscc(id_number or "")
    else:
        raise InvalidInspection("检查对象类别应为单位或个人。", code="inspection_target_kind")
    try:
        return check.require()
    except DomainError as exc:
        raise InvalidInspection(exc.message, code="inspection_target_id_invalid") from None


@transaction.atomic
def add_target(
    agency, *, kind: str, name: str, id_number: str, region, address: str = "", actor=None
) -> Target:
    """Put a target in the agency's pool; a target in another agency's territory is refused."""
    _require_head(actor, agency)
    name = _text(name, "检查对象名称", 128)
    number = _identity(kind, id_number)
    if region is None:
        raise InvalidInspection("请选择检查对象所在地。", code="inspection_target_region")
    if not selectors.in_territory(agency, region):
        raise OutsideTerritory(f"检查对象所在地{region}不在本机构的管辖区域内，不能纳入名录库。")
    if Target.objects.filter(agency=agency, id_number=number).exists():
        raise InvalidInspection("该检查对象已在本机构名录库中。", code="inspection_target_taken")
    target = Target.objects.create(
        agency=agency,
        kind=kind,
        name=name,
        id_number=number,
        region=region,
        address=_text(address, "地址", 200, required=False),
        created_by=actor,
    )
    journal.append(
        events.TARGET_CREATED,
        actor=actor,
        subject=target,
        agency=agency,
        payload={"kind": kind, "name": name, "id_number": number, "region_id": region.pk},
    )
    return target


@transaction.atomic
def declare_relation(officer, target: Target, *, reason: str, actor=None) -> Relation:
    """An officer's relation to a target: never drawn to inspect it (TEPP Arts. 12–16)."""
    _require_head(actor, target.agency)
    if not officer.user.agency.is_within(target.agency):
        raise InvalidInspection("只能登记本机构执法人员的回避关系。", code="inspection_officer_out")
    reason = _text(reason, "关系", 200)
    relation, created = Relation.objects.get_or_create(
        officer=officer, target=target, defaults={"reason": reason, "created_by": actor}
    )
    if created:
        journal.append(
            events.RELATION_DECLARED,
            actor=actor,
            subject=relation,
            agency=target.agency,
            payload={"officer_id": officer.pk, "target_id": target.pk, "reason": reason},
        )
    return relation


# --- plans and the draw -------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    agency,
    *,
    matter: Matter,
    year: int,
    title: str,
    planned_on: date,
    target_count: int,
    targets,
    inspectors,
    inspectors_per_target: int = core_draw.MIN_INSPECTORS,
    frequency: int = 1,
    actor=None,
) -> Plan:
    """A yearly plan for one matter: pools, counts and how often (次/年) it is inspected. A
    frequency past the per-target yearly cap takes every drawn target past it, so such a plan
    waits for a superior agency's head before any draw (opinion item 七)."""
    _require_head(actor, agency)
    if matter.agency_id != agency.pk:
        raise OutsideMatters("抽查事项不在本机构的随机抽查事项清单中。")
    title = _text(title, "计划名称", 128)
    if not isinstance(planned_on, date) or planned_on.year != year:
        raise InvalidInspection("计划检查日期应在计划年度内。", code="inspection_plan_date")
    if inspectors_per_target < core_draw.MIN_INSPECTORS or inspectors_per_target > 10:
        raise InvalidInspection(
            "每个检查对象的执法人员应为 2 至 10 人（《行政处罚法》第四十二条）。",
            code="draw_too_few_inspectors",
        )
    targets, inspectors = list(targets), list(inspectors)
    if not targets:
        raise InvalidInspection("检查对象名录为空。", code="draw_empty_target_pool")
    if not inspectors:
        raise InvalidInspection("执法检查人员名录为空。", code="draw_empty_inspector_pool")
    for t in targets:
        if t.agency_id != agency.pk:
            raise OutsideTerritory(f"检查对象“{t.name}”不在本机构的名录库中。")
        if not selectors.in_territory(agency, t.region):
            raise OutsideTerritory(f"检查对象“{t.name}”不在本机构的管辖区域内。")
    for o in inspectors:
        if not o.user.agency.is_within(agency):
            raise InvalidInspection(
                f"执法人员{o}不属于本机构，不能列入执法检查人员名录。",
                code="inspection_officer_out",
            )
    if not 1 <= target_count <= len(targets):
        raise InvalidInspection(
            f"抽取的检查对象数应在 1 至 {len(targets)} 之间。", code="draw_count_out_of_range"
        )
    if not isinstance(frequency, int) or not 1 <= frequency <= MAX_FREQUENCY:
        raise InvalidInspection(
            f"抽查频次应为每年 1 至 {MAX_FREQUENCY} 次。", code="inspection_plan_frequency"
        )
    capped = core_draw.over_cap(frequency - 1, yearly_cap())
    plan = Plan.objects.create(
        agency=agency,
        matter=matter,
        year=year,
        title=title,
        planned_on=planned_on,
        target_count=target_count,
        inspectors_per_target=inspectors_per_target,
        frequency=frequency,
        state=PlanState.AWAITING_APPROVAL if capped else PlanState.OPEN,
        created_by=actor,
    )
    plan.targets.set(targets)
    plan.inspectors.set(inspectors)
    journal.append(
        events.PLAN_CREATED,
        actor=actor,
        subject=plan,
        agency=agency,
        payload={
            "matter_id": matter.pk,
            "year": year,
            "title": title,
            "planned_on": planned_on,
            "target_count": target_count,
            "inspectors_per_target": inspectors_per_target,
            "frequency": frequency,
            "awaiting_approval": capped,
            "targets": sorted(t.pk for t in targets),
            "inspectors": sorted(o.pk for o in inspectors),
        },
    )
    if capped:
        _ask_superiors(plan, f"抽查频次每年{frequency}次，超过每个对象每年{yearly_cap()}次的上限")
    return plan


def _ask_superiors(plan: Plan, why: str) -> None:
    notify(
        _superiors(plan.agency),
        kind=events.NOTIFY_CAP,
        title=f"{plan.agency.name}“{plan.title}”{why}，待批准",
        link=reverse("inspections:plan", args=[plan.pk]) + "#approval",
        subject=plan,
    )


def _exclusions(plan: Plan, targets, inspectors, day: date) -> dict[str, dict[str, str]]:
    """Who may not inspect what: declared relations and the last inspection of the target
    (TEPP Arts. 12–16), and everyone not fit to act on the day in the matter's category and the
    agency's territory (T2 Arts. 22–23, 30–32, core.officers.may_act)."""
    from zhifa.officers.selectors import act_context, eligibility

    out: dict[str, dict[str, str]] = {"*": {}}
    context = act_context(plan.agency, plan.matter.sector)
    for o in inspectors:
        e = eligibility(o, day, context)
        if not e.allowed:
            out["*"][str(o.pk)] = f"不具备执法资格：{e.message}"
    ids = {str(o.pk) for o in inspectors}
    for r in Relation.objects.filter(target__in=targets):
        if str(r.officer_id) in ids:
            out.setdefault(str(r.target_id), {})[str(r.officer_id)] = f"存在利害关系：{r.reason}"
    for t in targets:
        last = (
            Inspection.objects.filter(target__id_number=t.id_number, state=InspectionState.DONE)
            .order_by("-inspected_on", "-id")
            .prefetch_related("inspectors")
            .first()
        )
        if last is not None:
            for o in last.inspectors.all():
                if str(o.pk) in ids:
                    out.setdefault(str(t.pk), {}).setdefault(str(o.pk), "上次检查过该对象")
    return out


def _heads(agency_ids):
    from zhifa.accounts.models import User

    return User.objects.filter(agency_id__in=agency_ids, is_agency_head=True, is_active=True)


def _superiors(agency):
    """The heads of the agencies above (who approve an inspection past the yearly cap)."""
    return _heads([int(x) for x in agency.path.strip("/").split("/")[:-1] if x])


def _link(inspection, anchor: str = "") -> str:
    return reverse("inspections:inspection", args=[inspection.pk]) + anchor


def _round_date(plan: Plan, number: int, planned_on: date | None) -> date:
    """Round 1 is on the plan's date; later rounds on the date given, or spread evenly over the
    rest of the year; always within the plan's year and not before the previous round."""
    if planned_on is None:
        if number == 1:
            return plan.planned_on
        step = (date(plan.year, 12, 31) - plan.planned_on).days // plan.frequency
        planned_on = plan.planned_on + timedelta(days=step * (number - 1))
    previous = plan.draws.order_by("-round").values_list("planned_on", flat=True).first()
    if not isinstance(planned_on, date) or planned_on.year != plan.year:
        raise InvalidInspection("计划检查日期应在计划年度内。", code="inspection_plan_date")
    if previous and planned_on < previous:
        raise InvalidInspection("本轮检查日期不能早于上一轮。", code="inspection_plan_date")
    return planned_on


def publish_pools(targets, inspectors) -> dict:
    """The draw's pools as anyone may see them: keys in the draw's canonical order (sorted as
    text, zhifa/core/draw.py), a target's identity masked as the portal shows it, never an
    identity number; an officer by name (officers act openly, APL Art. 55)."""
    masked = {
        str(t.pk): mask_party(PartyIn(kind=t.kind, name=t.name, address=t.address))["name"]
        for t in targets
    }
    names = {str(o.pk): str(o) for o in inspectors}
    return {
        "targets": [{"key": k, "name": masked[k]} for k in sorted(masked)],
        "inspectors": [{"key": k, "name": names[k]} for k in sorted(names)],
    }


@transaction.atomic
def draw_plan(plan: Plan, *, seed: str = "", planned_on: date | None = None, actor=None) -> Plan:
    """The next round of the double-random draw (T1 Art. 20) from the plan's pools with `seed`
    (a fresh random one when empty; each round its own), published with the pools' keys. Each
    drawn target becomes an inspection; where another agency or level already inspects it within
    the window, the inspection lists those (the head may propose a joint inspection). A draw that
    would take a target past the yearly cap is kept as drawn (no redraw with another seed) but
    held: no inspection goes out until a superior agency's head approves the plan."""
    plan = Plan.objects.select_for_update().select_related("agency", "matter").get(pk=plan.pk)
    _require_head(actor, plan.agency)
    if plan.state == PlanState.AWAITING_APPROVAL:
        raise InspectionStateConflict(
            "该计划超出年度检查上限，待上级批准后才能抽取。", code="plan_awaiting_approval"
        )
    if plan.state != PlanState.OPEN:
        raise InspectionStateConflict(
            "该计划各轮均已抽取或已被否决，抽取结果不能更改。", code="draw_already_made"
        )
    number = plan.draws.count() + 1
    day = _round_date(plan, number, planned_on)
    targets = list(plan.targets.select_related("region"))
    inspectors = list(plan.inspectors.select_related("user__agency"))
    seed = (seed or "").strip() or secrets.token_hex(8)
    if plan.draws.filter(seed=seed).exists():
        raise InvalidInspection("每轮抽取应使用新的随机种子。", code="draw_seed_reused")
    exclusions = _exclusions(plan, targets, inspectors, day)
    try:
        result = core_draw.draw(
            seed,
            targets=[str(t.pk) for t in targets],
            inspectors=[str(o.pk) for o in inspectors],
            target_count=plan.target_count,
            inspectors_per_target=plan.inspectors_per_target,
            excluded=exclusions,
        )
    except core_draw.DrawProblem as exc:
        raise DrawRefused(exc.message, code=exc.code, details=exc.details) from None
    by_id = {str(t.pk): t for t in targets}
    over = {}
    if plan.cap_decided_by_id is None:
        for a in result.assignments:
            n = selectors.same_target(by_id[a.target].id_number).filter(planned_on__year=plan.year)
            if core_draw.over_cap(n.count(), yearly_cap()):
                over[a.target] = n.count()
    published = {
        **publish_pools(targets, inspectors),
        "target_count": plan.target_count,
        "inspectors_per_target": plan.inspectors_per_target,
        # who was left out for each drawn target (keys only; the reasons stay internal)
        "excluded": {a.target: [k for k, _ in a.excluded] for a in result.assignments},
    }
    the_draw = Draw.objects.create(
        plan=plan,
        round=number,
        planned_on=day,
        seed=seed,
        state=DrawState.HELD if over else DrawState.MADE,
        over_cap=over,
        result=result.as_dict(),
        published=published,
    )
    if over:
        plan.state = PlanState.AWAITING_APPROVAL
    elif number == plan.frequency:
        plan.state = PlanState.DRAWN
    plan.save(update_fields=["state"])
    created = [] if over else _dispatch(the_draw, targets, inspectors)
    journal.append(
        events.PLAN_DRAWN,
        actor=actor,
        subject=plan,
        agency=plan.agency,
        payload={
            **result.as_dict(),
            "round": number,
            "planned_on": day,
            "published": published,
            "inspections": [i.pk for i in created],
            "over_cap": over,
        },
    )
    if over:
        names = "、".join(by_id[k].name for k in over)
        _ask_superiors(plan, f"第{number}轮抽中的{names}将超过每年{yearly_cap()}次的检查上限")
    return plan


def _dispatch(the_draw: Draw, targets, inspectors) -> list[Inspection]:
    """The drawn round's inspections, scheduled, the inspectors told."""
    plan = the_draw.plan
    by_id = {str(t.pk): t for t in targets}
    officers = {str(o.pk): o for o in inspectors}
    created = []
    for a in the_draw.result["assignments"]:
        target = by_id[a["target"]]
        inspection = Inspection.objects.create(
            plan=plan,
            draw=the_draw,
            agency=plan.agency,
            target=target,
            planned_on=the_draw.planned_on,
            state=InspectionState.SCHEDULED,
            overlaps=selectors.overlaps_of(target, the_draw.planned_on, plan.agency, window_days()),
        )
        chosen = [officers[k] for k in a["inspectors"]]
        inspection.inspectors.set(chosen)
        created.append(inspection)
        notify(
            [o.user for o in chosen],
            kind=events.NOTIFY_DRAWN,
            title=f"抽中检查任务：{target.name}（{the_draw.planned_on.isoformat()}）",
            link=_link(inspection),
            subject=inspection,
        )
    return created


def _lock(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update()
        .select_related("agency", "target", "plan__matter")
        .get(pk=inspection.pk)
    )


def may_decide_cap(user, plan: Plan) -> bool:
    """A head of an agency above the plan's (opinion item 七: a superior approves)."""
    return bool(
        user is not None
        and user.agency_id
        and user.is_agency_head
        and not user.admin_role
        and user.agency.path != plan.agency.path
        and plan.agency.is_within(user.agency)
    )


@transaction.atomic
def decide_cap(plan: Plan, *, approve: bool, reason: str, actor) -> Plan:
    """A superior agency's head lets a plan past the per-target yearly cap go ahead (a held draw
    is dispatched as drawn; later rounds need no new approval), or refuses it (nothing is sent)."""
    plan = Plan.objects.select_for_update().select_related("agency").get(pk=plan.pk)
    if not may_decide_cap(actor, plan):
        raise PermissionDenied("超出年度检查上限的抽查计划须由上级机构执法部门负责人批准。")
    if plan.state != PlanState.AWAITING_APPROVAL:
        raise InspectionStateConflict("该计划不在待批准状态。")
    reason = _text(reason, "批准意见", 300)
    held = plan.draws.filter(state=DrawState.HELD).first()
    plan.cap_decided_by, plan.cap_reason = actor, reason
    created = []
    if approve:
        plan.state = (
            PlanState.DRAWN if held is not None and held.round == plan.frequency else PlanState.OPEN
        )
        if held is not None:
            held.state = DrawState.MADE
            held.save(update_fields=["state"])
            created = _dispatch(held, plan.targets.all(), plan.inspectors.select_related("user"))
    else:
        plan.state = PlanState.REFUSED
        if held is not None:
            held.state = DrawState.REFUSED
            held.save(update_fields=["state"])
    plan.save(update_fields=["state", "cap_decided_by", "cap_reason"])
    journal.append(
        events.CAP_DECIDED,
        actor=actor,
        subject=plan,
        agency=plan.agency,
        payload={
            "approved": approve,
            "reason": reason,
            "cap": yearly_cap(),
            "round": held.round if held else None,
            "inspections": [i.pk for i in created],
        },
    )
    notify(
        _heads([plan.agency_id]),
        kind=events.NOTIFY_CAP,
        title=f"“{plan.title}”超出年度检查上限{'已获批准' if approve else '未获批准'}",
        link=reverse("inspections:plan", args=[plan.pk]),
        subject=plan,
    )
    return plan


@transaction.atomic
def propose_joint(inspection: Inspection, *, other_id: int, actor) -> JointProposal:
    """Propose to join this inspection into another agency's inspection of the same target
    (综合查一次); that agency's heads are asked."""
    inspection = _lock(inspection)
    _require_head(actor, inspection.agency)
    if inspection.state not in OPEN_STATES:
        raise InspectionStateConflict("只有尚未实施的检查可以并入联合检查。")
    listed = {o["inspection_id"] for o in inspection.overlaps} | {
        o["inspection_id"]
        for o in selectors.overlaps_of(
            inspection.target, inspection.planned_on, inspection.agency, window_days()
        )
    }
    if other_id not in listed:
        raise NotFound("没有可合并的同一对象检查。")
    other = Inspection.objects.select_related("agency", "target").get(pk=other_id)
    if other.state not in OPEN_STATES:
        raise InspectionStateConflict("对方检查已实施或已取消，不能合并。")
    if JointProposal.objects.filter(
        inspection=inspection, other=other, state=ProposalState.PROPOSED
    ).exists():
        raise InspectionStateConflict(
            "已提议与该检查联合，待对方确认。", code="joint_already_proposed"
        )
    proposal = JointProposal.objects.create(inspection=inspection, other=other, proposed_by=actor)
    journal.append(
        events.JOINT_PROPOSED,
        actor=actor,
        subject=proposal,
        agency=inspection.agency,
        payload={
            "inspection_id": inspection.pk,
            "other_id": other.pk,
            "other_agency": other.agency_id,
        },
    )
    notify(
        _heads([other.agency_id]),
        kind=events.NOTIFY_JOINT,
        title=f"{inspection.agency.name}提议对{other.target.name}联合检查（综合查一次）",
        link=_link(other, "#joint"),
        subject=proposal,
    )
    return proposal


@transaction.atomic
def decide_joint(proposal: JointProposal, *, accept: bool, actor) -> JointProposal:
    """The other agency's head accepts (the proposing inspection is joined into theirs: its
    inspectors join the one inspection, and the target is inspected once) or declines."""
    proposal = (
        JointProposal.objects.select_for_update()
        .select_related("inspection__agency", "other__agency", "other__target")
        .get(pk=proposal.pk)
    )
    _require_head(actor, proposal.other.agency)
    if proposal.state != ProposalState.PROPOSED:
        raise InspectionStateConflict("该提议已处理。")
    mine, theirs = _lock(proposal.inspection), _lock(proposal.other)
    if accept:
        if mine.state not in OPEN_STATES or theirs.state not in OPEN_STATES:
            raise InspectionStateConflict("检查已实施或已取消，不能合并。")
        mine.state, mine.joined_into = InspectionState.JOINED, theirs
        mine.save(update_fields=["state", "joined_into"])
        theirs.inspectors.add(*mine.inspectors.all())
    proposal.state = ProposalState.ACCEPTED if accept else ProposalState.DECLINED
    proposal.decided_by = actor
    proposal.save(update_fields=["state", "decided_by"])
    journal.append(
        events.JOINT_DECIDED,
        actor=actor,
        subject=proposal,
        agency=proposal.other.agency,
        payload={"accepted": accept, "inspection_id": mine.pk, "other_id": theirs.pk},
    )
    notify(
        [proposal.proposed_by],
        kind=events.NOTIFY_JOINT,
        title=f"{theirs.agency.name}{'同意' if accept else '未同意'}对{theirs.target.name}联合检查",
        link=_link(mine),
        subject=proposal,
    )
    return proposal


# --- the record and its findings ----------------------------------------------------------------


@transaction.atomic
def record_inspection(
    inspection: Inspection,
    *,
    actor,
    inspected_on: date,
    inspectors,
    certificates_shown: bool,
    scope: str,
    items_checked,
    findings=(),
    summary: str = "",
    photos=(),
    today: date | None = None,
    idempotency_key: str | None = None,
) -> Inspection:
    """The inspection record (检查记录, TEPP Art. 29): at least two of its inspectors, fit to act
    that day, who show their certificates (APL Art. 42; TEPP Art. 23); only the matter's items
    (TEPP Art. 24); findings (each may become a lead); photos kept in the evidence storage.
    With an idempotency key (the offline form's draft), the same key sent again returns the
    recorded inspection with `replayed` set and writes nothing."""
    from zhifa.evidence.services import keep_file
    from zhifa.officers.selectors import act_context, eligibility

    key = (idempotency_key or "").strip()
    if len(key) > 64:
        raise InvalidInspection("幂等键应为不超过64个字符的文本。", code="idempotency_key_invalid")
    inspection = _lock(inspection)  # a second copy of the draft waits here, then replays
    inspection.replayed = False
    if key and inspection.state == InspectionState.DONE and inspection.record_key == key:
        if actor is None or not (
            inspection.recorded_by.filter(user_id=actor.pk).exists()
            or (actor.is_agency_head and actor.agency_id == inspection.agency_id)
        ):
            raise PermissionDenied("检查记录由派出的执法人员或本机构负责人登记。")
        inspection.replayed = True
        return inspection
    if inspection.state != InspectionState.SCHEDULED:
        raise InspectionStateConflict("该检查不在待检查状态，不能登记检查记录。")
    assigned = {o.pk: o for o in inspection.inspectors.select_related("user__agency")}
    if actor is None or not (
        any(o.user_id == actor.pk for o in assigned.values())
        or (actor.is_agency_head and actor.agency_id == inspection.agency_id)
    ):
        raise PermissionDenied("检查记录由派出的执法人员或本机构负责人登记。")
    if not isinstance(inspected_on, date) or inspected_on > (today or _today()):
        raise InvalidInspection("检查日期不能晚于今天。", code="inspection_date_in_future")
    ids = []
    for o in inspectors or []:
        pk = getattr(o, "pk", o)
        if pk not in assigned:
            raise InvalidInspection(
                "检查人员应为抽中派出的执法人员。", code="inspection_officer_not_drawn"
            )
        if pk not in ids:
            ids.append(pk)
    if len(ids) < core_draw.MIN_INSPECTORS:
        raise InvalidInspection(
            "实施检查的执法人员不得少于两人（《行政处罚法》第四十二条）。",
            code="inspection_two_officers",
        )
    if certificates_shown is not True:
        # APL Art. 55; TEPP Art. 23: 执法人员应当主动出示执法证件.
        raise InvalidInspection(
            "实施检查时执法人员应当主动出示执法证件（《行政处罚法》第五十五条），请确认已出示。",
            code="inspection_certificates_not_shown",
        )
    context = act_context(inspection.agency, inspection.plan.matter.sector)
    for pk in ids:
        e = eligibility(assigned[pk], inspected_on, context)
        if not e.allowed:
            raise InvalidInspection(
                f"执法人员{assigned[pk]}在检查之日不能执法：{e.message}",
                code="inspection_officer_not_eligible",
            )
    scope = _text(scope, "检查范围", 300)
    items = _items(items_checked)
    outside = [i for i in items if i not in inspection.plan.matter.items]
    if outside:
        # TEPP Art. 24: 不得超越检查范围，不得检查与检查事项无关的内容.
        raise InvalidInspection(
            f"检查内容超出抽查事项：{'、'.join(outside)}。", code="inspection_item_outside_matter"
        )
    texts = [_text(str(f), "发现的问题", 1000) for f in findings or [] if str(f).strip()]
    summary = _text(summary, "结果说明", 500, required=False)
    inspection.inspected_on, inspection.scope, inspection.items_checked = inspected_on, scope, items
    inspection.outcome = Outcome.PROBLEM if texts else Outcome.NO_PROBLEM
    inspection.summary, inspection.state = summary, InspectionState.DONE
    inspection.certificates_shown = True
    inspection.record_key = key
    inspection.save(
        update_fields=[
            "inspected_on",
            "certificates_shown",
            "record_key",
            "scope",
            "items_checked",
            "outcome",
            "summary",
            "state",
        ]
    )
    inspection.recorded_by.set(ids)
    rows = [Finding.objects.create(inspection=inspection, text=t) for t in texts]
    files = [keep_file(p) for p in photos or []]
    inspection.photos.add(*files)
    journal.append(
        events.RECORDED,
        actor=actor,
        subject=inspection,
        agency=inspection.agency,
        payload={
            "inspected_on": inspected_on,
            "inspectors": ids,
            "certificates_shown": True,
            "scope": scope,
            "items_checked": items,
            "outcome": inspection.outcome,
            "summary": summary,
            "findings": [{"id": f.pk, "text": f.text} for f in rows],
            "photos": [f"{f.algorithm}:{f.digest}" for f in files],
        },
    )
    return inspection


@transaction.atomic
def finding_to_lead(finding: Finding, *, actor, received_on: date | None = None):
    """One step from a finding to a lead (线索 from an inspection, TEPP Art. 62) through the cases
    app's create_lead: the target as party, the inspectors as officers."""
    from zhifa.cases.choices import LeadSource
    from zhifa.cases.services import create_lead

    finding = (
        Finding.objects.select_for_update()
        .select_related("inspection__agency", "inspection__target", "inspection__plan__matter")
        .get(pk=finding.pk)
    )
    if finding.case_id is not None:
        raise InspectionStateConflict("该问题已转为线索。", code="finding_already_lead")
    inspection, target = finding.inspection, finding.inspection.target
    day = received_on or _today()
    case = create_lead(
        actor=actor,
        agency=inspection.agency,
        source=LeadSource.INSPECTION,
        facts=f"{inspection.inspected_on.isoformat()}对{target.name}实施“{inspection.plan.matter.name}”"
        f"随机抽查发现：{finding.text}",
        received_on=day,
        party={
            "kind": target.kind,
            "name": target.name,
            "id_number": target.id_number,
            "address": target.address,
        },
        officers=list(inspection.recorded_by.all()),
    )
    finding.case = case
    finding.save(update_fields=["case"])
    journal.append(
        events.LEAD_MADE,
        actor=actor,
        subject=finding,
        agency=inspection.agency,
        payload={"inspection_id": inspection.pk, "case_id": case.pk, "text": finding.text},
    )
    return case
