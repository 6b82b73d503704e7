"""Pages: a case's preservations, measures and property with their forms; the property ledger;
one item with its history. Adapters only: parse the form, fetch through a scoped selector, call
the service, show its message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from zhifa.cases import selectors as case_selectors
from zhifa.core.errors import DomainError, NotFound

from . import forms, rules, selectors, services
from .choices import Custody

PAGE_SIZE = 50


# --- pages -----------------------------------------------------------------------------------------


def _case_or_404(user, case_id):
    try:
        return case_selectors.access_case(user, case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def case_page(request, case_id: int):
    """一个案件的先行登记保存、行政强制措施和涉案财物。"""
    user = request.user
    case = _case_or_404(user, case_id)
    today = timezone.localdate()
    roles = case_selectors.roles_for(user, case, today)
    context = {
        "case": case,
        "roles": roles,
        "is_officer": "officer" in roles,
        "is_head": "agency_head" in roles,
        "summary": selectors.case_summary(user, case.pk),
        "preservations": selectors.case_preservations(user, case.pk),
        "measures": selectors.case_measures(user, case.pk),
        "items": selectors.case_property(user, case.pk),
        "now": timezone.now(),
        "today": today,
        "forms": {
            "preservation_request": forms.PreservationRequestForm(),
            "preservation_start": forms.PreservationStartForm(),
            "preservation_decision": forms.PreservationDecisionForm(),
            "approval": forms.ApprovalForm(),
            "measure_request": forms.MeasureRequestForm(),
            "emergency": forms.EmergencyForm(),
            "execute": forms.ExecuteForm(
                preservations=selectors.preservations_to_carry_over(user, case.pk)
            ),
            "report": forms.ReportForm(),
            "extend": forms.ExtendForm(),
            "pause": forms.PauseForm(),
            "release": forms.ReleaseForm(),
            "register": forms.RegisterForm(),
        },
        "release_grounds": rules.RELEASE_GROUNDS,
    }
    return render(request, "measures/case.html", context)


@login_required
def preservation_page(request, preservation_id: int):
    """A preservation's place on its case page (deadline and notification links point here)."""
    try:
        p = selectors.access_preservation(request.user, preservation_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return redirect(f"/measures/cases/{p.case_id}/#preservation-{p.pk}")


@login_required
def measure_page(request, measure_id: int):
    """A measure's place on its case page (deadline and notification links point here)."""
    try:
        m = selectors.access_measure(request.user, measure_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return redirect(f"/measures/cases/{m.case_id}/#measure-{m.pk}")


@login_required
def property_list(request):
    """涉案财物台账：本机构及下级机构的全部财物，可按保管状态筛选。"""
    custody = request.GET.get("custody") or None
    if custody not in Custody.values:
        custody = None
    q = request.GET.get("q", "")
    qs = selectors.visible_property(request.user, custody=custody, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/property_list.html",
        {
            "page": page,
            "custody": custody or "",
            "q": q,
            "custody_choices": Custody.choices,
            "now": timezone.now(),
        },
    )


def _custodians(item):
    """People of the case's agency who may keep property: not handling the case."""
    handlers = item.case.officers.filter(recused=False).values_list("officer__user_id", flat=True)
    return (
        get_user_model()
        .objects.filter(agency_id=item.case.agency_id, is_active=True, admin_role="")
        .exclude(pk__in=list(handlers))
        .order_by("full_name")
    )


@login_required
def property_detail(request, item_id: int):
    """一件涉案财物：保管状态、处置记录和全部状态变化。"""
    user = request.user
    try:
        item = selectors.access_property(user, item_id)
        history = selectors.property_history(user, item_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    roles = case_selectors.roles_for(user, item.case, timezone.localdate())
    disposals = list(item.disposals.select_related("requested_by", "approved_by").order_by("id"))
    context = {
        "item": item,
        "history": history,
        "disposals": disposals,
        "open_disposal": next((d for d in disposals if d.state in ("pending", "approved")), None),
        "is_officer": "officer" in roles,
        "is_head": "agency_head" in roles,
        "is_custodian": item.custodian_id == user.pk,
        "now": timezone.now(),
        "forms": {
            "handover": forms.HandoverForm(custodians=_custodians(item)),
            "exception": forms.ExceptionForm(),
            "appraisal": forms.AppraisalForm(),
            "appraisal_done": forms.AppraisalDoneForm(),
            "relocate": forms.RelocateForm(),
            "notice": forms.NoticeForm(),
            "disposal": forms.DisposalForm(),
            "approval": forms.ApprovalForm(),
            "carry_out": forms.CarryOutForm(),
        },
    }
    return render(request, "measures/property_detail.html", context)


# --- actions ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    form: Any
    fetch: Any  # (user, pk) -> object
    call: Any  # (object, actor, cleaned_data) -> result
    done: str  # message on success
    back: Any  # (object) -> URL


def _case_url(obj) -> str:
    case_id = getattr(obj, "case_id", None) or obj.pk
    return f"/measures/cases/{case_id}/"


def _item_url(obj) -> str:
    item_id = getattr(obj, "item_id", None) or obj.pk
    return f"/measures/property/{item_id}/"


def _signatures(d) -> dict:
    return {
        "party_signed": d["party_signed"],
        "party_refused": d["party_refused"],
        "witness": d["witness"],
    }


ACTIONS = {
    "preservation_request": Action(
        forms.PreservationRequestForm,
        case_selectors.access_case,
        lambda case, actor, d: services.request_preservation(case, actor=actor, **d),
        _("已提交先行登记保存申请，等待执法部门负责人审批。"),
        _case_url,
    ),
    "preservation_approval": Action(
        forms.ApprovalForm,
        selectors.access_preservation,
        lambda p, actor, d: services.decide_preservation_approval(p, actor=actor, **d),
        _("已作出审批决定。"),
        _case_url,
    ),
    "preservation_start": Action(
        forms.PreservationStartForm,
        selectors.access_preservation,
        lambda p, actor, d: services.start_preservation(
            p, actor=actor, items=d["items"], started_at=d["started_at"], **_signatures(d)
        ),
        _("已实施先行登记保存，物品已登记入涉案财物台账。"),
        _case_url,
    ),
    "preservation_decision": Action(
        forms.PreservationDecisionForm,
        selectors.access_preservation,
        lambda p, actor, d: services.decide_preservation(p, actor=actor, **d),
        _("已作出处理决定。"),
        _case_url,
    ),
    "measure_request": Action(
        forms.MeasureRequestForm,
        case_selectors.access_case,
        lambda case, actor, d: services.request_measure(case, actor=actor, **d),
        _("已提交行政强制措施申请，等待执法部门负责人审批。"),
        _case_url,
    ),
    "measure_emergency": Action(
        forms.EmergencyForm,
        case_selectors.access_case,
        lambda case, actor, d: services.take_emergency_measure(case, actor=actor, **d),
        _("已登记当场实施的强制措施，请在二十四小时内向负责人报告。"),
        _case_url,
    ),
    "measure_approval": Action(
        forms.ApprovalForm,
        selectors.access_measure,
        lambda m, actor, d: services.decide_measure_approval(m, actor=actor, **d),
        _("已作出审批决定。"),
        _case_url,
    ),
    "measure_execute": Action(
        forms.ExecuteForm,
        selectors.access_measure,
        lambda m, actor, d: services.execute_measure(
            m,
            actor=actor,
            items=d["items"],
            executed_at=d["executed_at"],
            preservation=(
                selectors.access_preservation(actor, d["preservation"])
                if d["preservation"]
                else None
            ),
            **_signatures(d),
        ),
        _("已实施行政强制措施，物品已登记入涉案财物台账。"),
        _case_url,
    ),
    "measure_report": Action(
        forms.ReportForm,
        selectors.access_measure,
        lambda m, actor, d: services.report_emergency_measure(m, actor=actor, **d),
        _("已登记向负责人的报告。"),
        _case_url,
    ),
    "measure_extend": Action(
        forms.ExtendForm,
        selectors.access_measure,
        lambda m, actor, d: services.extend_measure(m, actor=actor, **d),
        _("已延长查封、扣押期限。"),
        _case_url,
    ),
    "measure_pause": Action(
        forms.PauseForm,
        selectors.access_measure,
        lambda m, actor, d: services.record_pause(m, actor=actor, **d),
        _("已登记检测、鉴定期间，期限已重新计算。"),
        _case_url,
    ),
    "measure_release": Action(
        forms.ReleaseForm,
        selectors.access_measure,
        lambda m, actor, d: services.release_measure(m, actor=actor, **d),
        _("已解除行政强制措施，请立即退还财物。"),
        _case_url,
    ),
    "property_register": Action(
        forms.RegisterForm,
        case_selectors.access_case,
        lambda case, actor, d: services.register_property(case, actor=actor, **d),
        _("已登记涉案财物，请在二十四小时内移交保管。"),
        _case_url,
    ),
    "property_handover": Action(
        forms.HandoverForm,
        selectors.access_property,
        lambda item, actor, d: services.hand_over_property(
            item, actor=actor, custodian=d["custodian"], location=d["location"]
        ),
        _("已移交涉案财物管理人员保管。"),
        _item_url,
    ),
    "property_exception": Action(
        forms.ExceptionForm,
        selectors.access_property,
        lambda item, actor, d: services.record_handover_exception(item, actor=actor, **d),
        _("已登记延后移交的例外情形。"),
        _item_url,
    ),
    "property_appraisal": Action(
        forms.AppraisalForm,
        selectors.access_property,
        lambda item, actor, d: services.send_for_appraisal(item, actor=actor, **d),
        _("已登记送检。"),
        _item_url,
    ),
    "property_appraisal_done": Action(
        forms.AppraisalDoneForm,
        selectors.access_property,
        lambda item, actor, d: services.finish_appraisal(item, actor=actor, **d),
        _("已登记检测、鉴定完毕。"),
        _item_url,
    ),
    "property_relocate": Action(
        forms.RelocateForm,
        selectors.access_property,
        lambda item, actor, d: services.relocate_property(item, actor=actor, **d),
        _("已变更存放地点。"),
        _item_url,
    ),
    "property_notice": Action(
        forms.NoticeForm,
        selectors.access_property,
        lambda item, actor, d: services.record_unclaimed_notice(item, actor=actor, **d),
        _("已登记无人认领公告。"),
        _item_url,
    ),
    "disposal_request": Action(
        forms.DisposalForm,
        selectors.access_property,
        lambda item, actor, d: services.request_disposal(item, actor=actor, **d),
        _("已提交处置申请，等待执法部门负责人审批。"),
        _item_url,
    ),
    "disposal_decision": Action(
        forms.ApprovalForm,
        selectors.access_disposal,
        lambda disposal, actor, d: services.decide_disposal(disposal, actor=actor, **d),
        _("已作出审批决定。"),
        _item_url,
    ),
    "disposal_done": Action(
        forms.CarryOutForm,
        selectors.access_disposal,
        lambda disposal, actor, d: services.carry_out_disposal(disposal, actor=actor, **d),
        _("已登记处置结果。"),
        _item_url,
    ),
}


@login_required
@require_POST
def act(request, action: str, pk: int):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(_("没有这项操作。"))
    try:
        obj = spec.fetch(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    kwargs = {"custodians": _custodians(obj)} if spec.form is forms.HandoverForm else {}
    if spec.form is forms.ExecuteForm:
        kwargs = {"preservations": selectors.preservations_to_carry_over(request.user, obj.case_id)}
    form = spec.form(request.POST, **kwargs)
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, "；".join(errors))
        return redirect(spec.back(obj))
    try:
        spec.call(obj, request.user, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, spec.done)
    return redirect(spec.back(obj))
