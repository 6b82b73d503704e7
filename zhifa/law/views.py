"""Pages of the law catalogue: browser, provision, benchmarks, calculator, Excel import/export.

Thin adapters: parse input, read through selectors, call services or the engine adapter, render.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhifa.core.discretion.model import LEVEL_KIND_ZH
from zhifa.core.errors import DomainError

from . import discretion, selectors, services
from .choices import BenchmarkStatus, ImportStatus, Sector
from .condition_text import format_condition
from .forms import FACT_PREFIX, BenchmarkUploadForm, CalculatorForm, DeviationForm, facts_from_post
from .provinces import resolve_province

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WARNING_MODE_ZH = {
    "alone": "给予警告",
    "or_fine": "警告或者罚款",
    "and_fine": "警告，并处罚款",
    "overlimit": "超限不超过1000千克的，给予警告",
}
GAIN_RULE_ZH = {
    "ge": "违法所得达到界限（含本数）的按倍数处罚，不足的适用固定幅度",
    "gt": "违法所得超过界限的按倍数处罚，未超过的适用固定幅度",
    "any": "有违法所得的按倍数处罚，没有的适用固定幅度",
}
PAGE_SIZE = 40


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _error_page(request, exc: DomainError, status: int | None = None):
    return render(
        request,
        "law/error.html",
        {"error": exc.message},
        status=status or getattr(exc, "status", 400),
    )


# --- catalogue -------------------------------------------------------------------------------


@login_required
@require_GET
def catalogue(request):
    q = request.GET.get("q", "").strip()[:100]
    sector = request.GET.get("sector", "")
    sector = sector if sector in Sector.values else ""
    law = request.GET.get("law", "").strip()[:128]
    article = request.GET.get("article", "").strip()[:64]
    qs = selectors.search_provisions(request.user, q=q, sector=sector, law=law, article=article)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "section": "catalogue",
        "page": page,
        "q": q,
        "sector": sector,
        "law": law,
        "article": article,
        "sectors": Sector.choices,
        "laws": selectors.law_names(request.user),
    }
    template = "law/_provision_results.html" if _is_htmx(request) else "law/catalogue.html"
    return render(request, template, context)


@login_required
@require_GET
def provision_detail(request, data_id: str):
    try:
        p = selectors.access_provision(request.user, data_id)
    except DomainError as exc:
        return _error_page(request, exc, 404)
    cat = services.current_catalogue()
    core = cat.provisions.get(p.data_id)
    context = {
        "section": "catalogue",
        "p": p,
        "core": core,
        "versions": selectors.provision_versions(request.user, p),
        "law_versions": selectors.law_versions(request.user, p),
        "benchmarks": selectors.list_benchmarks(request.user, provision=p.data_id),
        "exemption_items": p.exemption_items.select_related("exemption_list"),
        "warning_mode_zh": WARNING_MODE_ZH.get(str(core.warning_mode), "") if core else "",
        "gain_rule_zh": GAIN_RULE_ZH.get(str(core.gain.rule), "") if core and core.gain else "",
    }
    return render(request, "law/provision.html", context)


# --- benchmarks ------------------------------------------------------------------------------


@login_required
@require_GET
def benchmark_index(request):
    province_raw = request.GET.get("province", "").strip()[:32]
    region = resolve_province(province_raw) if province_raw else None
    qs = selectors.list_benchmarks(request.user, province=region)
    if not province_raw:
        qs = qs.order_by("province__name", "status", "provision__data_id")
    context = {
        "section": "benchmarks",
        "benchmarks": qs,
        "region": region,
        "province_raw": province_raw,
        "provinces": selectors.provinces(request.user),
        "may_import": services.can_import_benchmarks(request.user),
    }
    return render(request, "law/benchmarks.html", context)


@login_required
@require_GET
def benchmark_detail(request, pk: int):
    try:
        row = selectors.access_benchmark(request.user, pk)
    except DomainError as exc:
        return _error_page(request, exc, 404)
    cat = services.current_catalogue()
    core = cat.benchmark_index.get(row.key)
    today = timezone.localdate()
    statutes = []
    if core is not None:
        for pid in core.applies_to:
            try:
                version = cat.resolve(pid, today)
            except DomainError:
                version = cat.provisions.get(pid)
            if version is not None and version.id not in [s.id for s in statutes]:
                statutes.append(version)
    found = [
        pr
        for pr in (services.benchmark_problems(cat, core, today) if core else [])
        if pr["kind"] in services.BLOCKING_KINDS
    ]
    problems = {pr["level"]: pr for pr in found if pr["level"]}
    levels = []
    for lv, stored in zip(core.levels if core else (), row.levels.all(), strict=False):
        levels.append(
            {
                "core": lv,
                "row": stored,
                "kind_text": LEVEL_KIND_ZH[lv.kind],
                "when_text": format_condition(lv.when.expr) if lv.when is not None else "",
                "problem": problems.get(lv.label_zh),
            }
        )
    context = {
        "section": "benchmarks",
        "b": row,
        "core": core,
        "statutes": statutes,
        "levels": levels,
        "today": today,
        "general_problems": [pr for pr in found if not pr["level"]],
    }
    return render(request, "law/benchmark.html", context)


@login_required
@require_GET
def benchmark_export(request, pk: int):
    try:
        row = selectors.access_benchmark(request.user, pk)
    except DomainError as exc:
        return _error_page(request, exc, 404)
    content = services.export_benchmarks(request.user, [row])
    return _xlsx(content, f"裁量基准-{row.key}.xlsx")


@login_required
@require_GET
def benchmarks_export(request):
    province_raw = request.GET.get("province", "").strip()[:32]
    region = resolve_province(province_raw) if province_raw else None
    rows = selectors.list_benchmarks(
        request.user,
        province=region,
        status=request.GET.get("status", "")
        if request.GET.get("status") in BenchmarkStatus.values
        else "",
    )
    name = f"裁量基准-{region.name if region else '全部'}.xlsx"
    return _xlsx(services.export_benchmarks(request.user, rows), name)


@login_required
@require_GET
def benchmark_template(request):
    from .excel import write_workbook

    return _xlsx(write_workbook(), "裁量基准导入模板.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_import(request):
    try:
        province = services.import_province(request.user)
    except DomainError as exc:
        return _error_page(request, exc, 403)
    form = BenchmarkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            record = services.start_benchmark_import(
                actor=request.user, filename=upload.name, content=upload.read()
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("law:import_progress", pk=record.pk)
    context = {
        "section": "benchmarks",
        "form": form,
        "province": province,
        "imports": selectors.my_imports(request.user)[:10],
    }
    return render(request, "law/import.html", context)


@login_required
@require_GET
def import_progress(request, pk: int):
    try:
        record = selectors.access_import(request.user, pk)
    except DomainError as exc:
        return _error_page(request, exc, 404)
    context = {
        "section": "benchmarks",
        "imp": record,
        "running": record.status in (ImportStatus.PENDING, ImportStatus.RUNNING),
    }
    template = "law/_import_progress.html" if _is_htmx(request) else "law/import_progress.html"
    return render(request, template, context)


# --- calculator ------------------------------------------------------------------------------


@login_required
@require_GET
def calculator(request):
    today = timezone.localdate().isoformat()
    initial = {
        "violation_date": today,
        "decision_date": today,
        "party_kind": "legal_person",
        "provision_id": request.GET.get("provision", "")[:64],
        "province": request.GET.get("province", "")[:64],
    }
    if _date_param(request.GET.get("violation_date", "")):  # opened from a case page
        initial["violation_date"] = request.GET["violation_date"]
    if not initial["province"] and getattr(request.user.agency, "region", None):
        region = request.user.agency.region
        initial["province"] = (region.parent or region).name
    context = {
        "section": "calculator",
        "form": CalculatorForm(initial=initial),
        "deviation_form": DeviationForm(),
        "provisions": selectors.search_provisions(request.user),
        "provinces": selectors.provinces(request.user),
        "fields": _fact_fields(request, initial["provision_id"], initial["province"]),
        "case_id": _case_id(request),
    }
    return render(request, "law/calculator.html", context)


def _date_param(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _case_id(request) -> int | None:
    """The case the calculator was opened from (?case=ID): its page offers "apply to this case"
    (the cases app checks the user's access when the facts are applied)."""
    raw = (request.GET.get("case") or request.POST.get("case") or "")[:12]
    return int(raw) if raw.isdigit() else None


def _fact_fields(request, provision_id: str, province: str) -> list[dict]:
    if not provision_id:
        return []
    try:
        fields = discretion.fact_fields(request.user, provision_id, province)
    except DomainError:
        return []
    source = request.POST or request.GET
    for f in fields:
        f["key"] = FACT_PREFIX + f["name"]
        f["value"] = source.get(f["key"], "")
    return fields


@login_required
@require_GET
def calculator_facts(request):
    """htmx partial: the fact inputs for the chosen provision and province."""
    fields = _fact_fields(
        request, request.GET.get("provision_id", "")[:64], request.GET.get("province", "")[:64]
    )
    return render(request, "law/_fact_fields.html", {"fields": fields})


def _recommendation(request):
    form = CalculatorForm(request.POST)
    if not form.is_valid():
        return None, form, ["；".join(e for errs in form.errors.values() for e in errs)]
    facts, errors = facts_from_post(request.POST)
    if errors:
        return None, form, errors
    data = form.cleaned_data
    try:
        rec = discretion.recommend_for(
            request.user,
            provision_id=data["provision_id"],
            province=data["province"],
            violation_date=data["violation_date"],
            decision_date=data["decision_date"],
            party_kind=data["party_kind"],
            facts=facts,
            discovered_on=data["discovered_on"],
        )
    except DomainError as exc:
        return None, form, [exc.message]
    return rec, form, []


@login_required
@require_POST
def calculator_result(request):
    rec, _form, errors = _recommendation(request)
    context = {"errors": errors, "case_id": _case_id(request)}
    if rec is not None:
        context["r"] = discretion.serialize(rec)
        context["deviation_form"] = DeviationForm()
    return render(request, "law/_calculator_result.html", context)


@login_required
@require_POST
def calculator_deviation(request):
    rec, _form, errors = _recommendation(request)
    context: dict = {"errors": errors}
    if rec is not None:
        dform = DeviationForm(request.POST)
        if not dform.is_valid():
            context["errors"] = ["；".join(e for errs in dform.errors.values() for e in errs)]
        else:
            try:
                context["d"] = discretion.deviation_for(
                    request.user, rec, dform.cleaned_data["amount"], dform.cleaned_data["reason"]
                )
            except DomainError as exc:
                context["errors"] = [exc.message]
    return render(request, "law/_deviation_result.html", context)


# --- exemptions ------------------------------------------------------------------------------


@login_required
@require_GET
def exemptions(request):
    province_raw = request.GET.get("province", "").strip()[:32]
    region = resolve_province(province_raw) if province_raw else None
    context = {
        "section": "exemptions",
        "lists": selectors.list_exemption_lists(request.user, province=region),
        "region": region,
        "provinces": selectors.provinces(request.user),
    }
    return render(request, "law/exemptions.html", context)
