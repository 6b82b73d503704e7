"""Pages of the documents app: the case page's panel, preview, downloads, issue and correction,
batch printing of an officer's day, the case file, and the public verification page.

Thin adapters: scoped selectors, one service, a DomainError shown in Chinese, never a 500.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.cases import selectors as case_selectors
from zhifa.core import hashchain
from zhifa.core.errors import DomainError

from . import selectors, services
from .fields import build_fields
from .forms import layout
from .render import check_required

MAX_UPLOAD = 20 * 1024 * 1024


def _file(data: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(bytes(data), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _next(request, default: str) -> str:
    """Back to the page the form was on (the case page), never to another site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and ok else default


def _case_or_404(user, case_id):
    try:
        return case_selectors.access_case(user, case_id)
    except DomainError:
        raise Http404 from None


def _document_or_404(user, document_id):
    try:
        return selectors.access_document(user, document_id)
    except DomainError:
        raise Http404 from None


def _issued_or_404(user, issued_id):
    try:
        return selectors.access_issued(user, issued_id)
    except DomainError:
        raise Http404 from None


def panel_context(case, user) -> dict:
    case_file = selectors.latest_case_file(case)
    return {
        "case": case,
        "rows": selectors.case_documents(case),
        "case_file": case_file,
        # deferred at archive (the demo's bulk load): made when first downloaded
        "case_file_pending": case_file is None and case.state == "archived",
        "can_issue": user.agency_id == case.agency_id
        and (user.has_role("officer") or user.has_role("agency_head")),
        # withdrawing or correcting is the head's decision (services._check_head)
        "can_withdraw": user.agency_id == case.agency_id and user.has_role("agency_head"),
    }


@login_required
@require_GET
def case_panel(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    return render(request, "documents/panel_page.html", panel_context(case, request.user))


@login_required
@require_GET
def preview(request, document_id: int):
    """The document as HTML: the issued version's fields, or a draft from the case's data now."""
    doc = _document_or_404(request.user, document_id)
    current = selectors.current_version(doc)
    problem = None
    if current is not None:
        fields = current.fields
    else:
        fields: dict = {}
        try:
            fields = build_fields(doc)
            check_required(doc.kind, fields)
        except DomainError as exc:  # a draft shows what is missing instead of failing
            problem = exc.message
    return render(
        request,
        "documents/preview.html",
        {
            "document": doc,
            "issued": current,
            "blocks": layout(doc.kind, fields),
            "fields": fields,
            "problem": problem,
            "versions": selectors.versions(doc),
            "can_correct": request.user.agency_id == doc.case.agency_id
            and request.user.has_role("agency_head"),
        },
    )


@login_required
@require_POST
def issue(request, document_id: int):
    doc = _document_or_404(request.user, document_id)
    try:
        issued = services.issue_document(doc, actor=request.user)
        messages.success(request, f"已出具{issued.name}，文号{issued.number}。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_next(request, reverse("documents:panel", args=[doc.case_id])))


@login_required
@require_POST
def correct(request, document_id: int):
    doc = _document_or_404(request.user, document_id)
    try:
        issued = services.correct_document(
            doc, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, f"已出具更正版本（第{issued.version}版）。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("documents:preview", args=[doc.pk]))


@login_required
@require_POST
def withdraw(request, document_id: int):
    doc = _document_or_404(request.user, document_id)
    try:
        old = services.withdraw_document(
            doc, actor=request.user, reason=request.POST.get("reason", "")
        )
        messages.success(request, f"已撤回{old.name}（{old.number}）。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_next(request, reverse("documents:panel", args=[doc.case_id])))


@login_required
@require_GET
def issued_pdf(request, issued_id: int):
    i = _issued_or_404(request.user, issued_id)
    return _file(i.pdf, f"{i.name}_{i.number}_v{i.version}.pdf", "application/pdf")


@login_required
@require_GET
def issued_docx(request, issued_id: int):
    i = _issued_or_404(request.user, issued_id)
    return _file(
        i.docx,
        f"{i.name}_{i.number}_v{i.version}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
@require_GET
def case_file(request, case_id: int, fmt: str):
    case = _case_or_404(request.user, case_id)
    try:
        cf = services.ensure_case_file(case)  # made now if it was deferred at archive
    except DomainError:
        cf = None
    if cf is None:
        raise Http404
    name = f"{case.case_number or case.pk}_案卷"
    if fmt == "pdf":
        return _file(cf.pdf, f"{name}.pdf", "application/pdf")
    return _file(cf.zip, f"{name}_DOCX.zip", "application/zip")


@login_required
@require_POST
def make_case_file(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    try:
        if request.user.agency_id != case.agency_id or not request.user.has_role("agency_head"):
            raise DomainError(
                "只有本案所属机构的负责人可以重新生成案卷。", code="document_not_allowed"
            )
        services.make_case_file(case, actor=request.user)
        messages.success(request, "已生成案卷。")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("documents:panel", args=[case.pk]))


@login_required
@require_GET
def batch(request):
    """Batch printing: every document this user issued on a day, as one PDF (or the list)."""
    raw = request.GET.get("day") or timezone.localdate().isoformat()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return render(
            request,
            "documents/batch.html",
            {"error": "日期格式应为YYYY-MM-DD。", "day": raw},
            status=422,
        )
    items = list(selectors.officer_day(request.user, day))
    if request.GET.get("format") == "pdf":
        if not items:
            return render(
                request,
                "documents/batch.html",
                {"error": "当天没有您出具的文书。", "day": raw, "items": []},
                status=404,
            )
        data = services.merge_pdfs([bytes(i.pdf) for i in items])
        return _file(data, f"文书批量打印_{day.isoformat()}.pdf", "application/pdf")
    return render(request, "documents/batch.html", {"day": day.isoformat(), "items": items})


# --- public verification (no login) -------------------------------------------------------------


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _rate_limited(request) -> bool:
    """A fixed window per address; wrong and right codes count the same, so probing is slow."""
    limit = getattr(settings, "ZHIFA_VERIFY_RATE_PER_MINUTE", 20)
    key = f"verify-rate:{_client_ip(request)}:{int(timezone.now().timestamp() // 60)}"
    added = cache.add(key, 1, 70)
    count = 1 if added else cache.incr(key)
    return count > limit


@csrf_protect
@require_http_methods(["GET", "POST"])
def verify(request, code: str):
    if _rate_limited(request):
        return render(request, "documents/verify.html", {"limited": True}, status=429)
    issued = selectors.by_code(code)
    ctx: dict = {"issued": issued, "code": code[:16]}
    if issued is not None:
        ctx["standing"] = selectors.verification_status(issued)
    if request.method == "POST" and issued is not None:
        upload = request.FILES.get("file")
        if upload is None:
            ctx["upload_error"] = "请选择要核对的PDF文件。"
        elif upload.size > MAX_UPLOAD:
            ctx["upload_error"] = "文件过大（不超过20MB）。"
        else:
            data = upload.read()
            ctx["uploaded_digest"] = hashchain.digest(issued.algorithm, data)
            ctx["match"] = ctx["uploaded_digest"] == issued.pdf_digest
    return render(request, "documents/verify.html", ctx)
