"""Inspection pages (issue 14 items 5, 6, 8): the agency's list, pools and plans; a plan with its
pool's overlaps and the draw; an inspection with its record form (one plain POST form with every
field, so the offline form mechanism can take it over), findings to leads, joint inspections and
the superior's approval. Adapters over selectors and services."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhifa.core.errors import DomainError, InvalidInput, NotFound
from zhifa.law.choices import Sector
from zhifa.officers.selectors import visible_officers
from zhifa.orgs.models import Region
from zhifa.shortcuts import found_or_404

from . import selectors, services
from .choices import InspectionState, ProposalState, TargetKind


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(f"{what}格式应为 年-月-日。") from None


def _int(value, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what}无效。") from None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _act(request, fn, ok: str):
    try:
        result = fn()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, ok)
    return result


def _or_404(fn, *args):
    return found_or_404(fn, *args, catch=NotFound)


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "inspections/index.html",
        {
            "matters": selectors.visible_matters(user)[:200],
            "targets": selectors.visible_targets(user)[:500],
            "plans": selectors.visible_plans(user)[:100],
            "inspections": selectors.visible_inspections(user)
            .exclude(state=InspectionState.CANCELLED)
            .order_by("-planned_on")[:100],
            "may_manage": user.is_agency_head and not user.admin_role,
            "sectors": Sector.choices,
            "kinds": TargetKind.choices,
            "regions": Region.objects.select_related("parent").order_by("id")[:600],
            "officers": visible_officers(user).filter(user__agency=user.agency_id),
        },
    )


@login_required
@require_POST
def add_matter(request):
    p = request.POST
    _act(
        request,
        lambda: services.create_matter(
            request.user.agency,
            name=p.get("name", ""),
            sector=p.get("sector", ""),
            basis=p.get("basis", ""),
            items=_lines(p.get("items", "")),
            actor=request.user,
        ),
        _("抽查事项已列入清单。"),
    )
    return redirect("inspections:index")


@login_required
@require_POST
def add_target(request):
    p = request.POST

    def go():
        region = Region.objects.filter(pk=_int(p.get("region"), "所在地")).first()
        return services.add_target(
            request.user.agency,
            kind=p.get("kind", ""),
            name=p.get("name", ""),
            id_number=p.get("id_number", ""),
            region=region,
            address=p.get("address", ""),
            actor=request.user,
        )

    _act(request, go, _("检查对象已纳入名录库。"))
    return redirect("inspections:index")


@login_required
@require_POST
def add_relation(request, target_id: int):
    target = _or_404(selectors.access_target, request.user, target_id)

    def go():
        officer = visible_officers(request.user).filter(pk=request.POST.get("officer") or 0).first()
        if officer is None:
            raise InvalidInput("请选择执法人员。")
        return services.declare_relation(
            officer, target, reason=request.POST.get("reason", ""), actor=request.user
        )

    _act(request, go, _("回避关系已登记，该执法人员不会被抽中检查该对象。"))
    return redirect("inspections:index")


@login_required
@require_POST
def add_plan(request):
    p, user = request.POST, request.user

    def go():
        matter = selectors.access_matter(user, _int(p.get("matter"), "抽查事项"))
        targets = list(selectors.visible_targets(user).filter(pk__in=p.getlist("targets")[:1000]))
        officers = list(visible_officers(user).filter(pk__in=p.getlist("inspectors")[:1000]))
        planned_on = _date(p.get("planned_on", ""), "计划检查日期")
        return services.create_plan(
            user.agency,
            matter=matter,
            year=planned_on.year,
            title=p.get("title", ""),
            planned_on=planned_on,
            target_count=_int(p.get("target_count"), "抽取检查对象数"),
            inspectors_per_target=_int(p.get("inspectors_per_target") or 2, "每个对象执法人员数"),
            frequency=_int(p.get("frequency") or 1, "抽查频次"),
            targets=targets,
            inspectors=officers,
            actor=user,
        )

    plan = _act(request, go, _("抽查计划已制定。"))
    return redirect("inspections:plan", plan.pk) if plan else redirect("inspections:index")


@login_required
def plan_page(request, plan_id: int):
    plan = _or_404(selectors.access_plan, request.user, plan_id)
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": plan,
            "overlaps": selectors.pool_overlaps(plan, services.window_days()),
            "inspections": selectors.plan_inspections(plan),
            "draws": selectors.plan_draws(plan),
            "may_draw": request.user.is_agency_head and request.user.agency_id == plan.agency_id,
            "may_decide": services.may_decide_cap(request.user, plan),
            "cap": services.yearly_cap(),
        },
    )


@login_required
@require_POST
def draw(request, plan_id: int):
    plan = _or_404(selectors.access_plan, request.user, plan_id)
    _act(
        request,
        lambda: services.draw_plan(
            plan,
            seed=request.POST.get("seed", ""),
            planned_on=_date(day, "检查日期") if (day := request.POST.get("planned_on")) else None,
            actor=request.user,
        ),
        _("已完成双随机抽取，随机种子与结果已公示。"),
    )
    return redirect("inspections:plan", plan.pk)


@login_required
def inspection_page(request, inspection_id: int):
    user = request.user
    i = _or_404(selectors.access_inspection, user, inspection_id)
    proposals_in = i.proposals_in.filter(state=ProposalState.PROPOSED).select_related(
        "inspection__agency"
    )
    return render(
        request,
        "inspections/inspection.html",
        {
            "i": i,
            "matter": i.plan.matter,
            "inspectors": list(i.inspectors.all()),
            "findings": i.findings.select_related("case"),
            "photos": i.photos.all(),
            "proposals_in": proposals_in,
            "proposals": i.proposals.select_related("other__agency"),
            "is_head": user.is_agency_head and user.agency_id == i.agency_id,
            "may_record": i.state == InspectionState.SCHEDULED,
            "today": date.today().isoformat(),
        },
    )


def _on_inspection(request, inspection_id: int, call, ok: str):
    """An act on one inspection: scoped fetch, the service, a message, back to its page."""
    i = _or_404(selectors.access_inspection, request.user, inspection_id)
    _act(request, lambda: call(i, request.POST), ok)
    return redirect("inspections:inspection", i.pk)


def _wants_json(request) -> bool:
    """The offline form's sync (web/static/zhifa/offline.js) asks for JSON: the device keeps the
    draft and shows the reason when the record is refused (web INTERFACE.md)."""
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def record(request, inspection_id: int):
    """The record form, also filled offline: its draft comes back with its idempotency key."""
    i = _or_404(selectors.access_inspection, request.user, inspection_id)
    p = request.POST
    try:
        i = services.record_inspection(
            i,
            actor=request.user,
            inspected_on=_date(p.get("inspected_on", ""), "检查日期"),
            inspectors=[_int(x, "检查人员") for x in p.getlist("inspectors")[:20]],
            certificates_shown=p.get("certificates_shown") == "1",
            scope=p.get("scope", ""),
            items_checked=p.getlist("items_checked")[:50],
            findings=_lines(p.get("findings", ""))[:50],
            summary=p.get("summary", ""),
            photos=request.FILES.getlist("photos")[:20],
            idempotency_key=p.get("idempotency_key", ""),
        )
    except DomainError as exc:
        if _wants_json(request):
            return JsonResponse(
                {
                    "ok": False,
                    "code": exc.code,
                    "message": exc.message,
                    "errors": {"": [exc.message]},
                },
                status=exc.status if exc.status >= 400 else 422,
            )
        messages.error(request, exc.message)
        return redirect("inspections:inspection", i.pk)
    url = reverse("inspections:inspection", args=[i.pk])
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "replayed": i.replayed,
                "inspection_id": i.pk,
                "url": url,
                "message": _("检查记录已登记：%(target)s。") % {"target": i.target.name},
            }
        )
    if i.replayed:
        messages.info(request, _("该检查记录此前已提交，未重复登记。"))
    else:
        messages.success(request, _("检查记录已登记。"))
    return redirect(url)


@login_required
@require_POST
def propose_joint(request, inspection_id: int):
    return _on_inspection(
        request,
        inspection_id,
        lambda i, p: services.propose_joint(
            i, other_id=_int(p.get("other"), "检查"), actor=request.user
        ),
        _("已提议联合检查，待对方机构确认。"),
    )


@login_required
@require_POST
def decide_cap(request, plan_id: int):
    plan = _or_404(selectors.access_plan, request.user, plan_id)
    p = request.POST
    _act(
        request,
        lambda: services.decide_cap(
            plan, approve=p.get("approve") == "1", reason=p.get("reason", ""), actor=request.user
        ),
        _("审批意见已登记。"),
    )
    return redirect("inspections:plan", plan.pk)


@login_required
@require_POST
def decide_joint(request, proposal_id: int):
    proposal = _or_404(selectors.access_proposal, request.user, proposal_id)
    _act(
        request,
        lambda: services.decide_joint(
            proposal, accept=request.POST.get("accept") == "1", actor=request.user
        ),
        _("联合检查提议已处理。"),
    )
    return redirect("inspections:inspection", proposal.other_id)


@login_required
@require_POST
def finding_to_lead(request, finding_id: int):
    finding = _or_404(selectors.access_finding, request.user, finding_id)
    case = _act(
        request,
        lambda: services.finding_to_lead(finding, actor=request.user),
        _("已转为线索。"),
    )
    if case is not None:
        return redirect("cases:detail", case.pk)
    return redirect("inspections:inspection", finding.inspection_id)
