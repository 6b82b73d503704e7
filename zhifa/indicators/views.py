"""Pages of the supervision dashboard (supervisors and agency heads): the figures per child agency
(per province at the national level), cases by stage, deadline kinds, officers and complaints; the
cases behind any figure; the same figures as an Excel workbook and as JSON for the charts."""

from __future__ import annotations

from functools import partial, wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zhifa.core.errors import DomainError
from zhifa.core.indicators import CATALOGUE, DIRECTION_ZH, Source
from zhifa.nodes import on_replica
from zhifa.web.middleware import error_response

from . import excel, selectors


def _page(view):
    """Signed in, GET only, domain errors as the Chinese error page (never a 500)."""

    @login_required
    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return error_response(request, error)

    return wrapper


def _viewer(request):
    user = request.user
    if not (user.is_supervisor or user.is_agency_head) or user.admin_role:
        raise PermissionDenied("监督指标仅供监督人员和机构负责人查看。")
    return user


def _replica_reads() -> bool:
    """Dashboards may lag the primary by seconds: they read the replica when there is one
    (ZHIFA_INDICATORS_ON_REPLICA, default on; docs/deployment.md)."""
    return bool(getattr(settings, "ZHIFA_INDICATORS_ON_REPLICA", True))


def _context(request) -> dict:
    return on_replica(partial(_read_context, request), enabled=_replica_reads())


def _read_context(request) -> dict:
    user = _viewer(request)
    today = timezone.localdate()
    period = selectors.parse_period(request.GET.get("year"), request.GET.get("month"), today=today)
    root = selectors.root_for(user, request.GET.get("agency"))
    rows, total = selectors.case_table(root, period)
    shown = [i for i in CATALOGUE if i.source in (Source.CASES, Source.DEADLINES)]
    return {
        "period": period,
        "root": root,
        "rows": rows,
        "total": total,
        "indicators": shown,
        "table": [(row, [(i, row.value(i)) for i in shown]) for row in [*rows, total]],
        "catalogue": [(i, DIRECTION_ZH[i.direction]) for i in CATALOGUE],
        "stages": selectors.by_stage(root, period),
        "deadline_kinds": selectors.deadline_kinds(root, period),
        "refreshed_at": selectors.deadlines_refreshed_at(),
        "officers": selectors.officer_figures(root, period.year),
        "complaints": selectors.complaint_figures(user, period),
        "years": range(today.year, today.year - 6, -1),
        "months": range(1, 13),
        "query": request.GET.urlencode(),
        "fines_rule": "APL Art. 74 para 3",  # fines never linked to assessment (legal.md §B.3)
        "monthly": selectors.monthly(root, period.year),
    }


@_page
def dashboard(request):
    ctx = _context(request)
    ctx["chart"] = chart_data(ctx)
    return render(request, "indicators/dashboard.html", ctx)


def chart_data(ctx) -> dict:
    """What the charts draw (read by indicators.js from a JSON data block or /data.json)."""
    bars = ("review_coverage", "overdue_rate", "evidence_rate", "deviation_rate")
    by = {i.code: i for i in ctx["indicators"]}
    return {
        "agencies": [r.agency.name for r in ctx["rows"]],
        "cases": [r.counters["cases"] for r in ctx["rows"]],
        "series": [
            {"name": by[c].label, "values": [r.value(by[c]) for r in ctx["rows"]]} for c in bars
        ],
        "monthly": ctx["monthly"],
    }


@_page
def data(request):
    return JsonResponse(chart_data(_context(request)))


@_page
def export(request):
    ctx = _context(request)
    body = excel.workbook(ctx)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"indicators-{ctx['root'].pk}-{ctx['period'].year}"
    if ctx["period"].month:
        name += f"-{ctx['period'].month:02d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@_page
def drill(request, code: str):
    user = _viewer(request)
    today = timezone.localdate()
    period = selectors.parse_period(request.GET.get("year"), request.GET.get("month"), today=today)
    root = selectors.root_for(user, request.GET.get("agency"))
    state = request.GET.get("state", "")

    def read():
        cases = selectors.drill_cases(user, code=code, root=root, period=period, state=state)
        page = Paginator(cases, 50).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # evaluated here, on the replica
        return page

    page = on_replica(read, enabled=_replica_reads())
    return render(
        request,
        "indicators/drill.html",
        {
            "indicator": selectors.BY_CODE[code],
            "root": root,
            "period": period,
            "state_label": selectors.STATE_LABEL.get(state, ""),
            "page": page,
            "query": request.GET.copy(),
        },
    )
