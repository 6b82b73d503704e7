"""Writes of random inspections (双随机抽查, T1 Art. 20; opinion item 七). Each checks scope, role
and input itself, writes in one transaction with its journal entry, tells whoever must act next
(notification + to-do), and raises a DomainError with nothing changed when it refuses."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.core import draw as core_draw
from zhifa.core import identifiers
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.law.choices import Sector
from zhifa.notifications.services import notify
from zhifa.records import journal

from . import events, selectors
from .choices import OPEN_STATES, InspectionState, Outcome, PlanState, ProposalState, TargetKind
from .errors import (
    DrawRefused,
    InspectionStateConflict,
    InvalidInspection,
    OutsideMatters,
    OutsideTerritory,
)
from .models import Finding, Inspection, JointProposal, Matter, Plan, Relation, Target


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
    actor=None,
) -> Plan:
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
    plan = Plan.objects.create(
        agency=agency,
        matter=matter,
        year=year,
        title=title,
        planned_on=planned_on,
        target_count=target_count,
        inspectors_per_target=inspectors_per_target,
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
            "targets": sorted(t.pk for t in targets),
            "inspectors": sorted(o.pk for o in inspectors),
        },
    )
    return plan


def _exclusions(plan: Plan, targets, inspectors) -> dict[str, dict[str, str]]:
    """Who may not inspect what: declared relations and the last inspection of the target
    (TEPP Arts. 12–16), and everyone not fit to act on the day in the matter's category and the
    agency's territory (T2 Arts. 22–23, 30–32, core.officers.may_act)."""
    from zhifa.officers.selectors import act_context, eligibility

    out: dict[str, dict[str, str]] = {"*": {}}
    context = act_context(plan.agency, plan.matter.sector)
    for o in inspectors:
        e = eligibility(o, plan.planned_on, context)
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


def overlaps_of(target: Target, on: date, agency, days: int) -> list[dict]:
    """Other agencies' (other levels') live inspections of the same target within `days` of `on`
    (opinion item 七: 不得多头多层重复检查)."""
    rows = list(selectors.same_target(target.id_number).exclude(agency=agency))
    facts = [
        core_draw.Scheduled(
            str(i.pk), target.id_number, str(i.agency_id), i.planned_on.isoformat(), i.agency.depth
        )
        for i in rows
    ]
    found = {s.key for s in core_draw.overlaps(target.id_number, on, str(agency.pk), facts, days)}
    return [
        {
            "inspection_id": i.pk,
            "agency_id": i.agency_id,
            "agency": i.agency.name,
            "planned_on": i.planned_on.isoformat(),
            "state": i.state,
            "level": "上级"
            if agency.is_within(i.agency)
            else ("下级" if i.agency.is_within(agency) else "其他"),
        }
        for i in rows
        if str(i.pk) in found
    ]


def _heads(agency_ids):
    from zhifa.accounts.models import User

    return User.objects.filter(agency_id__in=agency_ids, is_agency_head=True, is_active=True)


def _superiors(agency):
    """The heads of the agencies above (who approve an inspection past the yearly cap)."""
    return _heads([int(x) for x in agency.path.strip("/").split("/")[:-1] if x])


def _link(inspection, anchor: str = "") -> str:
    return reverse("inspections:inspection", args=[inspection.pk]) + anchor


@transaction.atomic
def draw_plan(plan: Plan, *, seed: str = "", actor=None) -> Plan:
    """The double-random draw (T1 Art. 20) from the plan's pools with `seed` (a fresh random one
    when empty), published with the result. Each drawn target becomes an inspection; where another
    agency or level already inspects it within the window, the inspection lists those (the head may
    propose a joint inspection); past the yearly cap it waits for a superior's approval."""
    plan = Plan.objects.select_for_update().select_related("agency", "matter").get(pk=plan.pk)
    _require_head(actor, plan.agency)
    if plan.state != PlanState.OPEN:
        raise InspectionStateConflict("该计划已抽取，抽取结果不能更改。", code="draw_already_made")
    targets = list(plan.targets.select_related("region"))
    inspectors = list(plan.inspectors.select_related("user__agency"))
    seed = (seed or "").strip() or secrets.token_hex(8)
    try:
        result = core_draw.draw(
            seed,
            targets=[str(t.pk) for t in targets],
            inspectors=[str(o.pk) for o in inspectors],
            target_count=plan.target_count,
            inspectors_per_target=plan.inspectors_per_target,
            excluded=_exclusions(plan, targets, inspectors),
        )
    except core_draw.DrawProblem as exc:
        raise DrawRefused(exc.message, code=exc.code, details=exc.details) from None
    by_id = {str(t.pk): t for t in targets}
    officers = {str(o.pk): o for o in inspectors}
    created = []
    for a in result.assignments:
        target = by_id[a.target]
        this_year = (
            selectors.same_target(target.id_number).filter(planned_on__year=plan.year).count()
        )
        capped = core_draw.over_cap(this_year, yearly_cap())
        inspection = Inspection.objects.create(
            plan=plan,
            agency=plan.agency,
            target=target,
            planned_on=plan.planned_on,
            state=InspectionState.AWAITING_APPROVAL if capped else InspectionState.SCHEDULED,
            overlaps=overlaps_of(target, plan.planned_on, plan.agency, window_days()),
        )
        inspection.inspectors.set([officers[k] for k in a.inspectors])
        created.append((inspection, capped, this_year))
    plan.seed, plan.draw, plan.drawn_at = seed, result.as_dict(), timezone.now()
    plan.state = PlanState.DRAWN
    plan.save(update_fields=["seed", "draw", "drawn_at", "state"])
    journal.append(
        events.PLAN_DRAWN,
        actor=actor,
        subject=plan,
        agency=plan.agency,
        payload={
            **result.as_dict(),
            "inspections": [i.pk for i, _, _ in created],
            "awaiting_approval": [i.pk for i, capped, _ in created if capped],
            "overlaps": {str(i.pk): i.overlaps for i, _, _ in created if i.overlaps},
        },
    )
    for inspection, capped, count in created:
        link = _link(inspection)
        if capped:
            notify(
                _superiors(plan.agency),
                kind=events.NOTIFY_CAP,
                title=f"{plan.agency.name}对{inspection.target.name}的检查超出年度上限"
                f"（今年已有{count}次），待批准",
                link=link + "#approval",
                subject=inspection,
            )
        else:
            notify(
                [o.user for o in inspection.inspectors.all()],
                kind=events.NOTIFY_DRAWN,
                title=f"抽中检查任务：{inspection.target.name}（{inspection.planned_on.isoformat()}）",
                link=link,
                subject=inspection,
            )
    return plan


def _lock(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update()
        .select_related("agency", "target", "plan__matter")
        .get(pk=inspection.pk)
    )


@transaction.atomic
def decide_cap(inspection: Inspection, *, approve: bool, reason: str, actor) -> Inspection:
    """A superior (an agency head above) lets an inspection past the yearly cap go ahead, or
    cancels it."""
    inspection = _lock(inspection)
    above = actor is not None and actor.agency_id and inspection.agency.path != actor.agency.path
    if not (above and actor.is_agency_head and inspection.agency.is_within(actor.agency)):
        raise PermissionDenied("超出年度检查上限的检查须由上级机构执法部门负责人批准。")
    if inspection.state != InspectionState.AWAITING_APPROVAL:
        raise InspectionStateConflict("该检查不在待批准状态。")
    reason = _text(reason, "批准意见", 300)
    inspection.state = InspectionState.SCHEDULED if approve else InspectionState.CANCELLED
    inspection.approved_by, inspection.approval_reason = actor, reason
    inspection.save(update_fields=["state", "approved_by", "approval_reason"])
    journal.append(
        events.CAP_DECIDED,
        actor=actor,
        subject=inspection,
        agency=inspection.agency,
        payload={"approved": approve, "reason": reason, "cap": yearly_cap()},
    )
    heads = list(_heads([inspection.agency_id]))
    notify(
        heads + [o.user for o in inspection.inspectors.all()] if approve else heads,
        kind=events.NOTIFY_CAP,
        title=f"对{inspection.target.name}的检查{'已获批准' if approve else '未获批准，已取消'}",
        link=_link(inspection),
        subject=inspection,
    )
    return inspection


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
        for o in overlaps_of(
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
    scope: str,
    items_checked,
    findings=(),
    summary: str = "",
    photos=(),
    today: date | None = None,
) -> Inspection:
    """The inspection record (检查记录, TEPP Art. 29): at least two of its inspectors, fit to act
    that day, who show their certificates (APL Art. 42; TEPP Art. 23); only the matter's items
    (TEPP Art. 24); findings (each may become a lead); photos kept in the evidence storage."""
    from zhifa.evidence.services import keep_file
    from zhifa.officers.selectors import act_context, eligibility

    inspection = _lock(inspection)
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
    inspection.save(
        update_fields=["inspected_on", "scope", "items_checked", "outcome", "summary", "state"]
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
