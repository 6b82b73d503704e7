"""Evidence pages: a case's evidence with the upload form, an item with its custody history, the
journaled download, and the hand-over. Adapters only: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.core.errors import DomainError, NotFound

from . import rules, selectors, services, storage, uploads
from .api import file_response
from .errors import UploadTooLarge
from .forms import HandOverForm, UploadForm


def _case_or_404(user, case_id):
    from zhifa.cases.selectors import access_case

    try:
        return access_case(user, case_id)
    except NotFound as exc:  # out of scope looks the same as missing
        raise Http404(exc.message) from exc


def _evidence_or_404(user, evidence_id):
    try:
        return selectors.access_evidence(user, evidence_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _case_officers(case):
    from zhifa.cases.selectors import case_officers

    return [row.officer for row in case_officers(case) if not row.recused]


_FIELD_OF_CODE = {
    f"evidence_{name}_{suffix}": name
    for name in (
        "kind", "title", "description", "collected_by", "collected_at", "place", "method",
        "device_kind", "device_id", "act",
    )
    for suffix in ("invalid", "required", "too_long", "future")
} | {
    code: "file"
    for code in (
        "evidence_too_large", "evidence_type_unsupported", "evidence_type_mismatch",
        "evidence_duplicate", "evidence_file_empty", "evidence_file_missing",
    )
} | {
    "evidence_collector_not_on_case": "collected_by",
    "evidence_collector_not_eligible": "collected_by",
}  # fmt: skip


def _add_error(form, exc: DomainError) -> None:
    """The service's Chinese message beside the field it concerns (or above the form)."""
    form.add_error(_FIELD_OF_CODE.get(exc.code), exc.message)


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def case_evidence(request, case_id: int):
    """The upload's body is read through the staging handler (uploads.py), installed before the
    CSRF check reads it. An upload refused for its size is answered before the CSRF check: the
    refusal changes nothing, and the token may be in the part of the body never read."""
    refused = None
    if request.method != "POST":
        return _case_evidence(request, case_id, refused)
    handler = uploads.install(request)
    try:
        uploads.parse(request)
    except UploadTooLarge as exc:
        refused = exc
    try:
        return _case_evidence(request, case_id, refused)
    finally:  # a CSRF or scope refusal, or a bad form: the staging files go
        uploads.discard_unused(handler, used=getattr(request, "_evidence_kept", None))


def _inline(request) -> bool:
    """The upload card in the case page's evidence section (`?inline=1`): answered with the card
    alone, never a redirect, so the officer stays on the case."""
    return request.GET.get("inline") == "1"


def _render_case(request, case, form, status=200, upload_error="", uploaded=None):
    upload = {
        "case": case,
        "form": form,
        "limit_label": storage.size_label(storage.max_upload_size()),
        "accepted": _accepted(),
        "upload_error": upload_error,
        "uploaded": uploaded,
        "inline": _inline(request),
    }
    if upload["inline"]:
        return render(request, "evidence/_upload_card.html", upload, status=status)
    evidence = list(selectors.case_evidence(request.user, case.pk))
    context = {
        **upload,
        "evidence": evidence,
        "recordings": selectors.recording_overview(case),
        "mandatory": [r for r in rules.RULES.values() if r.mandatory],
        "status": selectors.record_status(case),
    }
    return render(request, "evidence/case.html", context, status=status)


def _accepted() -> str:
    from .sniffing import accepted_labels

    return accepted_labels()


def _case_evidence(request, case_id, refused):
    case = _case_or_404(request.user, case_id)
    officers = _case_officers(case)
    if request.method != "POST":
        return _render_case(request, case, UploadForm(officers=officers))
    if refused is not None:
        htmx = request.headers.get("HX-Request") == "true"
        return _render_case(
            request,
            case,
            UploadForm(officers=officers),
            status=200 if htmx else 413,
            upload_error=refused.message,
        )
    return _upload(request, case, officers)


@csrf_protect
def _upload(request, case, officers):
    handler = uploads.handler_of(request)
    form = UploadForm(request.POST, request.FILES, officers=officers)
    evidence = None
    try:
        if form.is_valid():
            d = form.cleaned_data
            collector = next((o for o in officers if str(o.pk) == d["collected_by"]), None)
            try:
                evidence = services.upload_evidence(
                    case,
                    actor=request.user,
                    file=d["file"],
                    kind=d["kind"],
                    title=d["title"],
                    description=d["description"],
                    collected_by=collector,
                    collected_at=d["collected_at"],
                    place=d["place"],
                    method=d["method"],
                    device_kind=d["device_kind"],
                    device_id=d["device_id"],
                    act=d["act"],
                )
            except DomainError as exc:
                _add_error(form, exc)
    finally:
        used = form.cleaned_data.get("file") if evidence is not None else None
        request._evidence_kept = used
        uploads.discard_unused(handler, used=used)
    if evidence is None:
        return _render_case(request, case, form)
    if _inline(request):  # a fresh form under the new item's number and digest; the list reloads
        response = _render_case(request, case, UploadForm(officers=officers), uploaded=evidence)
        response["HX-Trigger"] = "evidence-uploaded"
        return response
    messages.success(request, _("已登记证据%(n)s。") % {"n": evidence.number})
    url = reverse("evidence:detail", args=[evidence.pk])
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _recipients(case):
    """Who may be offered an item: active officers of the case's agency who may act today
    (certificate valid, not suspended) and the agency's head — never administrators, supervisors,
    reviewers who are not officers, or suspended or expired officers (the service checks scope)."""
    from zhifa.accounts.models import User
    from zhifa.officers.models import Officer
    from zhifa.officers.selectors import eligibility

    officers = Officer.objects.filter(
        user__agency_id=case.agency_id, user__is_active=True, user__is_officer=True
    ).prefetch_related("certificates", "suspensions")
    able = [o.user_id for o in officers if eligibility(o).allowed]
    return (
        User.objects.filter(is_active=True, agency_id=case.agency_id, admin_role="")
        .filter(Q(pk__in=able) | Q(is_agency_head=True))
        .select_related("agency")
        .order_by("full_name")
    )


def _render_detail(request, evidence, form=None, status=200):
    context = {
        "evidence": evidence,
        "case": evidence.case,
        "custody": selectors.custody_history(evidence),
        "advice": selectors.recording_advice(evidence.act),
        "form": form or HandOverForm(users=_recipients(evidence.case)),
        "problem": _file_problem(evidence),
    }
    return render(request, "evidence/detail.html", context, status=status)


def _file_problem(evidence):
    from .verification import file_problem

    return file_problem(evidence.file)


@login_required
@require_GET
def evidence_detail(request, evidence_id: int):
    return _render_detail(request, _evidence_or_404(request.user, evidence_id))


@login_required
@require_GET
def evidence_file(request, evidence_id: int):
    """The file, streamed and journaled (evidence.viewed); `?inline=1` opens it in the browser."""
    evidence = _evidence_or_404(request.user, evidence_id)
    try:
        return file_response(
            evidence, actor=request.user, via="page", inline=request.GET.get("inline") == "1"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("evidence:detail", args=[evidence.pk]))


@login_required
@require_POST
def evidence_hand_over(request, evidence_id: int):
    evidence = _evidence_or_404(request.user, evidence_id)
    users = _recipients(evidence.case)
    form = HandOverForm(request.POST, users=users)
    if form.is_valid():
        to_user = users.filter(pk=form.cleaned_data["to_user"]).first()
        try:
            services.hand_over(
                evidence, to_user=to_user, reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("证据已交接。"))
            return redirect(reverse("evidence:detail", args=[evidence.pk]))
    return _render_detail(request, evidence, form)
