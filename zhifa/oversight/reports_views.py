"""Pages of the reports to the ministry (报部) and the library of exemplary cases (典型案例)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.cases.models import Case
from zhifa.core import report_periods
from zhifa.core.errors import DomainError
from zhifa.orgs.models import Agency
from zhifa.orgs.selectors import scope_filter
from zhifa.shortcuts import found_or_404

from . import reports as files
from . import selectors, services
from .choices import ReportState
from .errors import InvalidOversightInput, OversightNotFound
from .views import _require_supervising, _status

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _province(user) -> Agency | None:
    """The province the user reports for: their own agency when it is a provincial one."""
    if user.agency_id is None or user.agency.parent_id is None:
        return None
    return user.agency if user.agency.parent.parent_id is None else None


@login_required
@require_http_methods(["GET", "POST"])
def reports(request):
    """A province generates its reports; the ministry sees every province's, per period."""
    _require_supervising(request.user)
    province = _province(request.user)
    error = None
    if request.method == "POST":
        try:
            if province is None:
                raise InvalidOversightInput("只有省级机关可以生成报部报告。")
            report = services.generate_report(
                province=province,
                period=report_periods.parse(request.POST.get("period", "")),
                actor=request.user,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("报告已生成。"))
            return redirect("oversight:report", report.pk)
    rows = selectors.visible_reports(request.user).order_by("-period_start", "province__path")
    provinces = Agency.objects.filter(
        scope_filter(request.user, "parent"), parent__parent__isnull=True
    ).order_by("path")
    by_period: dict[tuple, dict] = {}
    for r in rows:
        period = report_periods.of_kind(r.period_kind, r.period_start)
        by_period.setdefault((period.start, period.kind, period.label), {})[r.province_id] = r
    matrix = [
        (label, [(p, cells.get(p.pk)) for p in provinces])
        for (_start, _kind, label), cells in sorted(by_period.items(), reverse=True)
    ]
    return render(
        request,
        "oversight/reports.html",
        {
            "province": province,
            "reports": rows[:100],
            "provinces": provinces,
            "matrix": matrix if request.user.agency.parent_id is None else [],
            "error": error,
            "period": request.POST.get("period", ""),
        },
        status=_status(error),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request, report_id: int):
    r = found_or_404(selectors.access_report, request.user, report_id)
    error = None
    if request.method == "POST":
        try:
            services.submit_report(r, actor=request.user)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("报告已报部。"))
            return redirect("oversight:report", r.pk)
    return render(
        request,
        "oversight/report.html",
        {
            "r": r,
            "f": r.figures,
            "title": files.title_of(r),
            "may_submit": r.state == ReportState.DRAFT and _province(request.user) == r.province,
            "error": error,
        },
        status=_status(error),
    )


@login_required
@require_GET
def report_file(request, report_id: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的文件格式。")
    r = found_or_404(selectors.access_report, request.user, report_id)
    body = files.docx(r) if fmt == "docx" else files.xlsx(r)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    name = f"report-{r.province_id}-{report_periods.of_kind(r.period_kind, r.period_start).code}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def exemplary(request):
    _require_supervising(request.user)
    error = None
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            if data.get("action") == "approve":
                ex = selectors.visible_exemplary(request.user).filter(pk=data.get("id") or 0)
                if not ex.exists():
                    raise OversightNotFound("典型案例不存在或无权查看。")
                services.approve_exemplary(ex.get(), actor=request.user)
            else:
                number = (data.get("case_number") or "").strip()[:64]
                case = Case.objects.filter(scope_filter(request.user), case_number=number).first()
                if case is None:
                    raise InvalidOversightInput("未找到该案号的案件（仅限本机关及下级的案件）。")
                services.propose_exemplary(
                    case, title=data.get("title"), lesson=data.get("lesson", ""), actor=request.user
                )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("已保存。"))
            return redirect("oversight:exemplary")
    return render(
        request,
        "oversight/exemplary.html",
        {"items": selectors.visible_exemplary(request.user)[:100], "error": error, "data": data},
        status=_status(error),
    )
