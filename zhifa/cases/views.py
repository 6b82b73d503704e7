"""Pages of case handling: the list, recording a lead, the case page and its action forms.

Thin adapters (docs/style.md 3): parse input with a form, read through scoped selectors, call one
service, map a `DomainError` to the form (the user's input kept), render. The actions offered are
exactly those of `selectors.actions_for`; whether a step is lawful is decided by the services and
the procedure core, never here.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.core.errors import DomainError, NotFound
from zhifa.core.identifiers import mask_id_number, mask_name, mask_phone
from zhifa.core.procedure.documents import DOCUMENT_KINDS
from zhifa.core.procedure.rules import KIND_LABELS
from zhifa.deadlines import selectors as deadline_selectors
from zhifa.law import selectors as law_selectors
from zhifa.law.forms import FACT_PREFIX, facts_from_post
from zhifa.officers import selectors as officer_selectors

from . import remedies, selectors, services
from .choices import PROCEDURE_CHOICES, STATE_CHOICES, RemedyOutcome
from .forms import (
    TRIGGER_LABELS,
    ActionForm,
    AssignForm,
    CaseFilterForm,
    DetailsForm,
    DeviationForm,
    EvidenceForm,
    LeadForm,
    OnSpotCaseForm,
    RecusalDecisionForm,
    RecusalForm,
    RemedyFileForm,
    RemedyFollowUpForm,
    RemedyOutcomeForm,
    new_key,
)

PAGE_SIZE = 25
DISCRETION_NOTE = "cases.discretion_note"  # the card's message after a redirect, shown in the card
EVIDENCE_KINDS = [(k, DOCUMENT_KINDS[k].name) for k in selectors.EVIDENCE_KINDS]


def _today():
    return timezone.localdate()


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _case_or_404(user, case_id: int):
    try:
        return selectors.access_case(user, case_id)
    except NotFound as exc:  # out of scope looks the same as missing
        raise Http404(exc.message) from exc


def _agency_officers(user):
    """Officers of the user's own agency (cases are handled by their agency's officers)."""
    return officer_selectors.visible_officers(user).filter(user__agency_id=user.agency_id)


def _redirect(request, url: str):
    """After a successful post: a full redirect, or HX-Redirect for htmx."""
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _add_domain_error(form, exc: DomainError) -> None:
    """The service's Chinese message on the form, with every guard refusal that explains it."""
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    if field and field in form.fields:
        form.add_error(field, exc.message)
    else:
        form.add_error(None, exc.message)
    refusals = exc.details.get("refusals") if isinstance(exc.details, dict) else None
    for r in refusals or ():
        message = r.get("message") if isinstance(r, dict) else str(r)
        if message and message != exc.message:
            form.add_error(None, message)


# --- party display --------------------------------------------------------------------------------


def _party_shown(party, *, in_list: bool) -> dict:
    """What staff pages show of a party: an organisation in full; a person's ID number and phone
    masked (first and last characters kept), and in lists the person's name as 张某."""
    if party is None:
        return {}
    person = party.kind == "person"
    return {
        "name": mask_name(party.name) if (person and in_list) else party.name,
        "kind_label": party.get_kind_display(),
        "id_number": (mask_id_number(party.id_number, public=False) if person else party.id_number)
        if party.id_number
        else "",
        "plate": party.plate,
        "phone": mask_phone(party.phone, public=False) if party.phone else "",
    }


def _list_row(case, today) -> dict:
    return {
        "case": case,
        "party": _party_shown(case.party, in_list=True).get("name", ""),
        "officers": "、".join(co.officer.user.full_name for co in case.officers.all()),
        # the same test as the "overdue" filter of `selectors.filter_cases`
        "overdue": case.next_due is not None and case.next_due < today,
    }


# --- list ----------------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    officers = _agency_officers(request.user)
    agencies = selectors.case_agencies(request.user)  # a supervisor's scope: column and filter
    form = CaseFilterForm(
        request.GET or None,
        states=STATE_CHOICES,
        procedures=PROCEDURE_CHOICES,
        officers=officers,
        agencies=agencies,
    )
    values = form.values()
    today = _today()
    qs = selectors.filter_cases(request.user, as_of=today, **values)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    prefetch_related_objects(page.object_list, "officers__officer__user")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "section": "list",
        "form": form,
        "page": page,
        "rows": [_list_row(c, today) for c in page.object_list],
        "query": query.urlencode(),
        "today": today,
        "show_agency": bool(agencies),
    }
    template = "cases/_case_rows.html" if _is_htmx(request) else "cases/list.html"
    return render(request, template, context)


# --- leads ---------------------------------------------------------------------------------------


def _lead_form(request, data=None):
    return LeadForm(
        data,
        officers=_agency_officers(request.user),
        provisions=law_selectors.search_provisions(request.user),
        initial={"received_on": _today()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_new(request):
    if not selectors.may_register_lead(request.user):  # e.g. a supervisor: never offered the form
        raise PermissionDenied(_("线索由本机构执法人员或执法部门负责人登记。"))
    form = _lead_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = {int(pk) for pk in d["officers"]}
        officers = [o for o in _agency_officers(request.user) if o.pk in chosen]
        try:
            case = services.create_lead(
                actor=request.user,
                agency=request.user.agency,
                source=d["source"],
                facts=d["facts"],
                received_on=d["received_on"],
                party=form.party(),
                violation_date=d["violation_date"],
                provision=d["provision"] or None,
                officers=officers,
                idempotency_key=d["idempotency_key"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("线索已登记。"))
            return _redirect(request, reverse("cases:detail", args=[case.pk]))
    return render(request, "cases/lead_new.html", {"section": "lead_new", "form": form})


# --- the summary procedure on the spot, also filled offline ---------------------------------------


def _wants_json(request) -> bool:
    """The offline sync (zhifa/web/static/zhifa/offline.js) asks for JSON: the device keeps the
    draft and shows the reason when the submission is refused."""
    return "application/json" in request.headers.get("Accept", "")


def _form_errors(form) -> dict:
    return {
        (name if name != "__all__" else ""): [str(m) for m in messages_]
        for name, messages_ in form.errors.items()
    }


@login_required
@require_http_methods(["GET", "POST"])
def onspot_new(request):
    """当场处罚（简易程序）: the lead and the on-the-spot decision in one form (APL Arts. 51–52)."""
    if not selectors.may_register_lead(request.user):
        raise PermissionDenied(_("当场处罚由本机构执法人员作出。"))
    form = OnSpotCaseForm(
        request.POST or None,
        officers=_agency_officers(request.user),
        provisions=law_selectors.search_provisions(request.user),
        initial={"received_on": _today(), "violation_date": _today()},
    )
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            chosen = {int(pk) for pk in d["officers"]}
            try:
                result = services.create_onspot_case(
                    actor=request.user,
                    agency=request.user.agency,
                    facts=d["facts"],
                    decided_on=d["received_on"],
                    party=form.party(),
                    violation_date=d["violation_date"],
                    provision=d["provision"] or None,
                    officers=[o for o in _agency_officers(request.user) if o.pk in chosen],
                    penalty={"kinds": ["fine"], "fine": str(d["fine"])},
                    onspot_steps=d["onspot_steps"],
                    facts_conclusive=d["facts_conclusive"],
                    has_legal_basis=d["has_legal_basis"],
                    idempotency_key=d["idempotency_key"],
                )
            except DomainError as exc:
                _add_domain_error(form, exc)
            else:
                url = reverse("cases:detail", args=[result.case.pk])
                if _wants_json(request):
                    return JsonResponse(
                        {
                            "ok": True,
                            "replayed": result.replayed,
                            "case_id": result.case.pk,
                            "number": result.case.case_number or "",
                            "url": url,
                            "message": _("已当场作出处罚决定：%(party)s，罚款%(fine)s元。")
                            % {"party": result.case.party.name, "fine": d["fine"]},
                        }
                    )
                messages.success(request, _("已当场作出处罚决定。"))
                return _redirect(request, url)
        if _wants_json(request):
            errors = _form_errors(form)
            first = next((m for ms in errors.values() for m in ms), _("提交未被受理。"))
            return JsonResponse({"ok": False, "message": first, "errors": errors}, status=422)
    return render(request, "cases/onspot_new.html", {"section": "onspot_new", "form": form})


# --- case page -----------------------------------------------------------------------------------


def _open_deadlines(case, today):
    rows = []
    for d in deadline_selectors.deadlines_for(case):
        if not d.is_open:
            continue
        rows.append({"row": d, "overdue": d.is_overdue or d.due < today})
    return rows


def _officer_rows(case, today):
    rows = []
    # T2 Arts. 22–23: eligibility for this case's category and territory.
    context = officer_selectors.act_context(
        case.agency, case.provision.sector if case.provision_id else None
    )
    for co in selectors.case_officers(case):
        rows.append(
            {
                "assignment": co,
                "eligibility": officer_selectors.eligibility(co.officer, today, context),
            }
        )
    return rows


TASK_LABELS = {
    "details": (_lazy("补充案件信息"), "details"),
    "assign": (_lazy("指派承办人员"), "assign"),
    "evidence": (_lazy("记录调查取证笔录"), "evidence"),
    "recusal": (_lazy("申请回避"), "recusal"),
    "deviation": (_lazy("批准偏离裁量建议"), "deviation"),
}


def _tasks(request, case, today) -> list[dict]:
    """Work beside the transitions the user may do now (`selectors.tasks_for`, the services' role
    and state checks): never offered and then refused."""
    allowed = selectors.tasks_for(request.user, case, today)
    return [
        {"code": code, "label": label, "url": reverse(f"cases:{name}", args=[case.pk])}
        for code, (label, name) in TASK_LABELS.items()
        if code in allowed
    ]


def _pending_recusals(case, roles) -> list[dict]:
    """Requests awaiting the head's decision (through the case, already in the user's scope)."""
    rows = case.recusals.filter(status="pending").select_related("officer__user")
    return [
        {
            "recusal": r,
            "form": RecusalDecisionForm(initial={"as_of": _today()})
            if "agency_head" in roles
            else None,
        }
        for r in rows
    ]


# --- penalty, evidence and discretion on the case page ----------------------------------------------

KIND_TEXT = {k.value: label for k, label in KIND_LABELS.items()}


def _yuan(value) -> str:
    """An amount as officers write it: 5,000 or 1,234.50 (yuan), never a Python value."""
    if value in (None, ""):
        return ""
    try:
        q = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return ""
    text = f"{q:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def _penalty_shown(data) -> dict | None:
    """A stored penalty (notice or decision JSON) in words: kinds, fine and confiscation in yuan."""
    if not data:
        return None
    fine = Decimal(str(data.get("fine") or 0))
    confiscation = Decimal(str(data.get("confiscation") or 0))
    return {
        "kinds": "、".join(KIND_TEXT.get(k, k) for k in data.get("kinds") or ()),
        "fine": _yuan(fine) if fine > 0 else "",
        "confiscation": _yuan(confiscation) if confiscation > 0 else "",
        "mitigated": bool(data.get("mitigated")),
    }


def _penalties(case) -> dict:
    """What the top of the page always shows: the notified (proposed) and the decided penalty, and
    the recommendation's suggested fine while nothing was notified."""
    notice = selectors.current_notice(case)
    decision = selectors.decision_of(case)
    decided = None
    if decision is not None:
        decided = (
            {"no_penalty": True}
            if decision.kind == "no_penalty"
            else _penalty_shown(decision.penalty)
        )
    rec = case.recommendation or {}
    return {
        "proposed": _penalty_shown(notice.penalty) if notice is not None else None,
        "decided": decided,
        "suggested": _yuan(rec.get("suggested_amount")),
        "recommended_range": (rec.get("recommended_range") or {}).get("text", ""),
    }


def _evidence(request, case) -> dict:
    """The case's evidence: uploaded items (evidence app) and the investigation records."""
    from zhifa.evidence import selectors as evidence_selectors

    try:
        items = list(evidence_selectors.case_evidence(request.user, case.pk))
    except NotFound:
        items = []
    return {"items": items, "records": list(selectors.record_documents(case))}


# Help beside the facts officers most often enter (the declared labels and units come from the
# discretion engine's vocabulary, zhifa/core/discretion/facts.py).
FACT_HELP = {
    "gross_mass_kg": _("称重检测单记载的车货总质量。"),
    "excess_kg": _("车货总质量超过该车型限定标准的部分；不清楚可留空，按车货总质量和车型计算。"),
    "vehicle_class": _("按行驶证和现场勘验确定的轴数与车辆类型。"),
    # 超限规定第四十三条第二款: dimensions over as well add their fine to the weight fine
    "height_m": _(
        "从地面算起的车货总高度，未测量的留空。质量与外廓尺寸同时超限的，两项罚款累计，"
        "最高不超过30000元（《超限运输车辆行驶公路管理规定》第四十三条第二款）。"
    ),
    "width_m": _("车货总宽度，未测量的留空。"),
    "length_m": _("车货总长度，未测量的留空。"),
    "illegal_gain": _("经查实的违法所得金额。"),
    "first_violation": _("近一年内未因同一违法行为受过行政处罚。"),
}


def _fact_value(value) -> str:
    if value is True:
        return "1"
    if value is False:
        return "0"
    return "" if value is None else str(value)


def _discretion_fields(request, case, data=None) -> list[dict]:
    """The fact form generated from the provision's declared facts: Chinese label, unit, help; the
    case's stored facts (or the typed values) filled in. Provision-specific facts first."""
    if case.provision_id is None:
        return []
    from zhifa.law import discretion as law_discretion

    try:
        fields = law_discretion.fact_fields(
            request.user, case.provision.data_id, selectors.province_of(case.agency)
        )
    except DomainError:
        return []
    from zhifa.core.discretion.facts import GENERAL_FACTS

    stored = case.facts or {}
    for f in fields:
        f["key"] = FACT_PREFIX + f["name"]
        f["value"] = (
            data.get(f["key"], "") if data is not None else _fact_value(stored.get(f["name"]))
        )
        f["general"] = f["name"] in GENERAL_FACTS
        help_text = FACT_HELP.get(f["name"], "")
        if f["article"]:
            help_text = f"{help_text}{_('依据')}{f['article']}。"
        f["help"] = help_text
    # measured facts first (the excess, derived from them, after): what the weighing slip gives
    fields.sort(key=lambda f: (f["general"], f["name"] == "excess_kg"))
    return fields


INTERNAL_CODE = re.compile(r"[（(][a-z][a-z0-9_]*[)）]")


def _shown_recommendation(rec: dict | None) -> dict | None:
    """The stored recommendation for the page, an internal status code in a reason's text (such
    as "（in_force_unconfirmed）") left out: a person reads the Chinese sentence only."""
    if not rec:
        return None
    shown = dict(rec)
    shown["reasons"] = [
        {**r, "text": INTERNAL_CODE.sub("", r.get("text") or "")} for r in rec.get("reasons") or ()
    ]
    shown["reasoning"] = INTERNAL_CODE.sub("", rec.get("reasoning") or "")
    return shown


def _calculator_url(case) -> str:
    """The calculator opened from this case: its provision, violation date and facts filled in,
    with "apply to this case" on the result."""
    query = {"case": case.pk, "provision": case.provision.data_id}
    if case.violation_date:
        query["violation_date"] = case.violation_date.isoformat()
    for name, value in (case.facts or {}).items():
        query[FACT_PREFIX + name] = _fact_value(value)
    return reverse("law:calculator") + "?" + urlencode(query)


def _discretion_context(request, case, roles, *, data=None, note=None, errors=()) -> dict:
    fields = _discretion_fields(request, case, data)
    decided = selectors.decision_of(case) is not None
    may = bool(roles & {"officer", "agency_head"}) and case.provision_id is not None
    return {
        "case": case,
        "recommendation": _shown_recommendation(case.recommendation),
        "suggested_text": _yuan((case.recommendation or {}).get("suggested_amount")),
        "fact_fields": [f for f in fields if not f["general"]],
        "general_fields": [f for f in fields if f["general"]],
        "may_recommend": may and not decided,
        "discretion_note": note,
        "discretion_errors": list(errors),
        "calculator_url": _calculator_url(case) if case.provision_id else "",
    }


def _case_context(request, case, today):
    roles = selectors.roles_for(request.user, case, today)
    deadlines = _open_deadlines(case, today)
    tasks = _tasks(request, case, today)
    return {
        "case": case,
        "lead": getattr(case, "lead", None),
        "party": _party_shown(case.party, in_list=False),
        "today": today,
        "decision_due": selectors.decision_due_of(case),
        "decision_extended": selectors.decision_period_extended(case),
        "roles": roles,
        "actions": _page_actions(request, case, today),
        "officers": _officer_rows(case, today),
        "deadlines": deadlines,
        "overdue": any(d["overdue"] for d in deadlines),
        "timeline": selectors.case_timeline(case),
        "documents": selectors.case_documents(case),
        **_discretion_context(
            request, case, roles, note=request.session.pop(DISCRETION_NOTE, None)
        ),
        "penalties": _penalties(case),
        "evidence": _evidence(request, case),
        "may_upload_evidence": "officer" in roles,
        "tasks": tasks,
        "may_record_evidence": any(t["code"] == "evidence" for t in tasks),
        "recusals": _pending_recusals(case, roles),
        "facts": _facts(request, case, today),
        "triggers": [
            TRIGGER_LABELS[k] for k, v in (case.triggers or {}).items() if v and k in TRIGGER_LABELS
        ],
        **_remedy_context(request, case, roles),
    }


@login_required
@require_GET
def case_detail(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    return render(request, "cases/detail.html", _case_context(request, case, _today()))


# --- actions (transitions) -----------------------------------------------------------------------


def _chairs(user):
    """People the head may designate as hearing chair: users of the agency (the core refuses an
    investigator of the case)."""
    return [o.user for o in _agency_officers(user)]


def _action_initial(case, code: str, inputs, today) -> dict:
    """Suggested values, for the officer to check: the notified penalty for the decision, the
    recommended amount for a notice, the amount still owed for a payment, the party's address."""
    initial: dict = {"as_of": today}
    if "penalty" in inputs:
        notice = selectors.current_notice(case) if code == "decide_penalty" else None
        if notice is not None and notice.penalty:
            initial["penalty_kinds"] = list(notice.penalty.get("kinds") or ())
            initial["penalty_fine"] = notice.penalty.get("fine")
            initial["penalty_confiscation"] = notice.penalty.get("confiscation")
            initial["penalty_mitigated"] = notice.penalty.get("mitigated")
        else:
            suggested = (case.recommendation or {}).get("suggested_amount")
            if suggested:
                initial["penalty_kinds"] = ["fine"]
                initial["penalty_fine"] = suggested
    if "amount" in inputs:
        initial["amount"] = selectors.outstanding(case, today)
    if case.party is not None:
        initial["recipient"] = case.party.name
        initial["address"] = case.party.address
    return initial


# Steps where a head or reviewer approves or decides: the form shows what is approved.
APPROVAL_CODES = frozenset(
    {
        "file_case",
        "decline_filing",
        "terminate_investigation",
        "transfer_to_agency",
        "transfer_crime",
        "review_report",
        "return_report",
        "approve_report",
        "pass_legal_review",
        "return_review_for_investigation",
        "return_review_for_report",
        "resolve_deliberation",
        "extend_decision_period",
        "decide_penalty",
        "decide_no_penalty",
        "approve_deferral",
    }
)
# Of those, the ones whose inputs hold no opinion or reason yet: the approver's opinion is asked.
OPINION_CODES = frozenset(
    {"file_case", "review_report", "approve_report", "decide_penalty", "approve_deferral",
     "transfer_crime"}
)  # fmt: skip
RENOTICE_LABEL = _lazy("重新告知（重新送达违法行为通知书）")


def _renotice(case, code: str) -> bool:
    """A rights notice served before: serving another is an explicit re-notice with its reason."""
    return code == "serve_rights_notice" and case.notices.exists()


def _page_actions(request, case, today) -> list:
    """The transitions offered (selectors.available_actions), a second notice named as such."""
    out = []
    for a in selectors.available_actions(request.user, case, today):
        if _renotice(case, a.code):
            a = dataclasses.replace(a, label=str(RENOTICE_LABEL))
        out.append(a)
    return out


def _action_inputs(case, code: str, inputs) -> tuple[str, ...]:
    inputs = tuple(inputs)
    if code in OPINION_CODES and "opinion" not in inputs:
        inputs += ("opinion",)
    if _renotice(case, code):
        inputs += ("renotice_reason",)
    if code == "decide_on_spot":  # APL Art. 51: facts conclusive and a legal basis, stated here
        inputs += tuple(k for k in ("facts_conclusive", "has_legal_basis") if k not in inputs)
    if code == "collect_on_spot" and "reference" not in inputs:
        inputs += ("reference",)  # the receipt's number (APL Art. 70)
    return inputs


def _approval(request, case, code: str) -> dict | None:
    """What the approver approves: the lead or the report, the evidence list, the proposed penalty,
    the recommendation and any deviation, the legal review and the deliberation so far."""
    if code not in APPROVAL_CODES:
        return None
    lead = getattr(case, "lead", None)
    report = selectors.report_step(case)
    review = selectors.latest_review(case)
    deliberation = selectors.current_deliberation(case)
    rec = case.recommendation or {}
    return {
        "lead_facts": lead.facts if lead is not None else "",
        "report": (report.inputs or {}).get("summary", "") if report is not None else "",
        "report_on": report.as_of if report is not None else None,
        "evidence": _evidence(request, case),
        "penalties": _penalties(case),
        "recommendation": rec or None,
        "deviations": list(case.deviations.select_related("approved_by").order_by("id")),
        "review": review if review is not None and review.opinion else None,
        "deliberation": deliberation
        if deliberation is not None and deliberation.resolution
        else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request, case_id: int, code: str):
    case = _case_or_404(request.user, case_id)
    today = _today()
    offered = {a.code: a for a in _page_actions(request, case, today)}
    action = offered.get(code)
    if action is None:  # not a step this user may take on this case now
        raise Http404(_("当前不能办理此事项。"))
    inputs = _action_inputs(case, code, action.form)
    form = ActionForm(
        request.POST or None,
        code=code,
        inputs=inputs,
        chairs=_chairs(request.user),
        initial=_action_initial(case, code, inputs, today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.fire_step(
                case,
                code,
                actor=request.user,
                as_of=form.cleaned_data["as_of"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                **form.service_inputs(),
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            label = action.label
            if getattr(result, "replayed", False):
                messages.info(request, _("“%(step)s”此前已提交，未重复办理。") % {"step": label})
            else:
                messages.success(request, _("已办理：%(step)s。") % {"step": label})
            for w in getattr(result, "warnings", None) or ():
                text = w.get("message") if isinstance(w, dict) else getattr(w, "message", str(w))
                messages.warning(request, text)
            return _redirect(request, reverse("cases:detail", args=[case.pk]))
    context = {
        "case": case,
        "action": action,
        "form": form,
        "approval": _approval(request, case, code),
    }
    template = "cases/_action_form.html" if _is_htmx(request) else "cases/action.html"
    return render(request, template, context)


# --- other tasks: details, evidence, recommendation, recusal --------------------------------------


def _task_page(
    request, case, form, *, title, url, submit, template="cases/task.html", approval=None
):
    context = {
        "case": case,
        "form": form,
        "title": title,
        "url": url,
        "submit": submit,
        "approval": approval,
    }
    if _is_htmx(request):
        return render(request, "cases/_task_form.html", context)
    return render(request, template, context)


def _details_form(request, case, data=None):
    facts = selectors.case_facts(case, as_of=_today())
    triggers = case.triggers or {}
    return DetailsForm(
        data,
        provisions=law_selectors.search_provisions(request.user),
        trigger_choices=list(TRIGGER_LABELS.items()),
        initial={
            "provision": case.provision.data_id if case.provision_id else "",
            "violation_date": case.violation_date,
            "limitation_years": facts.limitation_years,
            "triggers": [k for k, v in triggers.items() if v],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_details(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    form = _details_form(request, case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = set(d["triggers"])
        try:
            services.update_case_details(
                case,
                actor=request.user,
                provision=d["provision"] or None,
                violation_date=d["violation_date"],
                limitation_years=d["limitation_years"],
                triggers={k: k in chosen for k in TRIGGER_LABELS},
                reason=d.get("reason") or "",
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("案件信息已保存。"))
            return _redirect(request, reverse("cases:detail", args=[case.pk]))
    return _task_page(
        request,
        case,
        form,
        title=_("案件信息"),
        url=reverse("cases:details", args=[case.pk]),
        submit=_("保存"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_evidence(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    form = EvidenceForm(request.POST or None, kinds=EVIDENCE_KINDS, initial={"as_of": _today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_investigation_record(
                case, actor=request.user, as_of=d["as_of"], kind=d["kind"], summary=d["summary"]
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("调查笔录已记录。"))
            return _redirect(request, reverse("cases:detail", args=[case.pk]))
    return _task_page(
        request,
        case,
        form,
        title=_("记录调查取证笔录"),
        url=reverse("cases:evidence", args=[case.pk]),
        submit=_("记录"),
    )


@login_required
@require_http_methods(["POST"])
def case_recommend(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    try:
        services.recommend_penalty(case, actor=request.user, as_of=_today())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已计算裁量建议。"))
    return _redirect(request, reverse("cases:detail", args=[case.pk]) + "#recommendation")


@login_required
@require_http_methods(["GET", "POST"])
def case_discretion(request, case_id: int):
    """The discretion card's fact form (and the calculator's "apply to this case"): the facts are
    stored on the case first (`update_case_details`), then the recommendation is computed
    (`recommend_penalty`); the outcome is told in the card, the typed values kept on an error."""
    case = _case_or_404(request.user, case_id)
    url = reverse("cases:detail", args=[case.pk]) + "#recommendation"
    if request.method == "GET":
        return redirect(url)
    facts, errors = facts_from_post(request.POST)
    note = None
    if not errors:
        try:
            services.update_case_details(case, actor=request.user, facts=facts)
        except DomainError as exc:
            errors = [exc.message]
    if not errors:
        case.refresh_from_db()
        try:
            services.recommend_penalty(case, actor=request.user, as_of=_today())
        except DomainError as exc:
            note = {"level": "error", "text": _("事实已保存，但未能计算裁量建议：") + exc.message}
        else:
            note = {"level": "success", "text": _("事实已保存，已计算裁量建议。")}
    if errors:  # nothing stored: the card again with the typed values and every error
        roles = selectors.roles_for(request.user, case, _today())
        context = _discretion_context(request, case, roles, data=request.POST, errors=errors)
        context["penalties"] = _penalties(case)
        if _is_htmx(request):
            return render(request, "cases/_section_discretion.html", context)
        full = _case_context(request, case, _today())
        full.update(context)
        return render(request, "cases/detail.html", full)
    request.session[DISCRETION_NOTE] = note
    return _redirect(request, url)


@login_required
@require_http_methods(["GET", "POST"])
def case_recusal(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    officers = [co.officer for co in selectors.case_officers(case)]
    form = RecusalForm(request.POST or None, officers=officers, initial={"as_of": _today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        officer = next(o for o in officers if str(o.pk) == d["officer"])
        try:
            services.request_recusal(
                case,
                actor=request.user,
                officer=officer,
                requested_by=d["requested_by"],
                ground=d["ground"],
                reason=d["reason"],
                as_of=d["as_of"],
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("回避申请已记录，待执法部门负责人决定。"))
            return _redirect(request, reverse("cases:detail", args=[case.pk]))
    return _task_page(
        request,
        case,
        form,
        title=_("申请回避"),
        url=reverse("cases:recusal", args=[case.pk]),
        submit=_("提交"),
    )


# --- facts that are not transitions (waivers, court and police acknowledgements) ------------------


def _facts(request, case, today) -> list[dict]:
    """The facts the user may record now (the core's table the fact services follow): allowed ones
    as buttons, blocked ones disabled with their reason."""
    return [
        {"code": f.code, "label": f.label, "allowed": f.allowed, "refusals": f.refusals,
         "key": new_key()}
        for f in selectors.facts_for(request.user, case, today)
    ]  # fmt: skip


@login_required
@require_http_methods(["POST"])
def case_fact(request, case_id: int, code: str):
    case = _case_or_404(request.user, case_id)
    offered = {f.code: f for f in selectors.facts_for(request.user, case, _today())}
    fact = offered.get(code)
    if fact is None or not fact.allowed:  # never offered now: nothing is recorded
        raise Http404(_("当前不能办理此事项。"))
    service = getattr(services, code)
    try:
        service(case, actor=request.user, as_of=_today())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已记录：%(fact)s。") % {"fact": fact.label})
    return _redirect(request, reverse("cases:detail", args=[case.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    on_case = {co.officer_id for co in selectors.case_officers(case)}
    candidates = [o for o in _agency_officers(request.user) if o.pk not in on_case]
    form = AssignForm(request.POST or None, officers=candidates, initial={"as_of": _today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = [o for o in candidates if str(o.pk) in set(d["officers"])]
        try:
            services.assign_officers(case, actor=request.user, officers=chosen, as_of=d["as_of"])
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("已指派承办人员。"))
            return _redirect(request, reverse("cases:detail", args=[case.pk]))
    return _task_page(
        request,
        case,
        form,
        title=_("指派承办人员"),
        url=reverse("cases:assign", args=[case.pk]),
        submit=_("指派"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_deviation(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    form = DeviationForm(request.POST or None, initial={"as_of": _today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.approve_deviation(
                case, actor=request.user, amount=d["amount"], reason=d["reason"], as_of=d["as_of"]
            )
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            messages.success(request, _("已批准偏离裁量建议。"))
            return _redirect(request, reverse("cases:detail", args=[case.pk]))
    return _task_page(
        request,
        case,
        form,
        title=_("批准偏离裁量建议"),
        url=reverse("cases:deviation", args=[case.pk]),
        submit=_("批准"),
        approval=_approval(request, case, "decide_penalty"),  # what the deviation departs from
    )


@login_required
@require_http_methods(["POST"])
def case_recusal_decide(request, case_id: int, recusal_id: int):
    case = _case_or_404(request.user, case_id)
    recusal = case.recusals.filter(pk=recusal_id).first()
    if recusal is None:
        raise Http404(_("回避申请不存在。"))
    form = RecusalDecisionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.decide_recusal(
                recusal,
                actor=request.user,
                approved=d["approved"],
                as_of=d["as_of"],
                earlier_acts_stand=d["earlier_acts_stand"],
                opinion=d["opinion"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已对回避申请作出决定。"))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return _redirect(request, reverse("cases:detail", args=[case.pk]))


# --- remedies (救济): reconsideration and litigation against the decision, and their outcome ------


def _remedy_context(request, case, roles) -> dict:
    """The 救济 panel: the case's remedies with their follow-ups, the complaints linked to the case
    (complaints app), and the forms the user may use."""
    from zhifa.complaints import selectors as complaint_selectors

    staff = bool({"officer", "agency_head"} & set(roles))
    head = "agency_head" in roles
    rows = remedies.remedy_rows(case)
    pending = any(r["pending"] for r in rows)
    standing = remedies.case_standing([r["remedy"] for r in rows])
    linked, linkable = complaint_selectors.complaints_of_case(request.user, case)
    return {
        "remedies": rows,
        "remedy_standing": RemedyOutcome(standing).label if standing else "",
        "remedy_file_form": RemedyFileForm()
        if staff and not pending and selectors.decision_of(case)
        else None,
        "remedy_outcome_form": RemedyOutcomeForm() if staff and pending else None,
        "remedy_follow_up_form": RemedyFollowUpForm() if head else None,
        "linked_complaints": linked,
        "complaint_link_choices": linkable if staff else [],
    }


@login_required
@require_http_methods(["POST"])
def case_remedy(request, case_id: int, what: str, remedy_id: int | None = None):
    """File a remedy, record its outcome, or (head) record the follow-up; errors go back as
    messages on the case page's 救济 panel."""
    case = _case_or_404(request.user, case_id)
    form_class = {
        "file": RemedyFileForm,
        "outcome": RemedyOutcomeForm,
        "follow-up": RemedyFollowUpForm,
    }.get(what)
    if form_class is None or (what != "file" and remedy_id is None):
        raise Http404(_("当前不能办理此事项。"))
    form = form_class(request.POST)
    back = reverse("cases:detail", args=[case.pk]) + "#remedies"
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return _redirect(request, back)
    d = form.cleaned_data
    try:
        if what == "file":
            remedies.file_remedy(case, actor=request.user, as_of=_today(), **d)
            done = _("已登记行政复议或诉讼。")
        elif what == "outcome":
            remedies.record_outcome(case, remedy_id, actor=request.user, as_of=_today(), **d)
            done = _("已登记复议或诉讼结果。")
        else:
            remedies.record_follow_up(case, remedy_id, actor=request.user, as_of=_today(), **d)
            done = _("已登记纠错落实情况。")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _redirect(request, back)
