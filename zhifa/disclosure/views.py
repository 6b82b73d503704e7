"""The public portal (/gongshi/: no login, no script needed, cacheable) and the one internal page
where an officer or the head sees what blocks a case's publication and records an exception, a
revocation or a withdrawal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.core.errors import DomainError

from . import selectors, services, signing
from .choices import ExceptionGround, WithdrawalGround
from .models import Disclosure

PUBLIC_MAX_AGE = 300  # five minutes: fresh enough for "always current", cheap under load
public = cache_control(public=True, max_age=PUBLIC_MAX_AGE)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _day(value):
    try:
        return date.fromisoformat((value or "").strip()) if value else None
    except ValueError:
        return None


@require_GET
@public
def index(request):
    q = (request.GET.get("q") or "").strip()[:64]
    agencies = selectors.public_agencies(q)[:200]
    return render(
        request,
        "disclosure/index.html",
        {
            "agencies": agencies,
            "q": q,
            "latest": selectors.search_decisions(selectors.Search())[:10],
        },
    )


@require_GET
@public
def agency(request, agency_id: int):
    try:
        a = selectors.public_agency(agency_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    return render(
        request,
        "disclosure/agency.html",
        {
            "agency": a,
            "officers": selectors.agency_officers(a),
            "benchmarks": selectors.benchmarks_in_force(a)[:300],
            "bases": selectors.legal_bases(a),
            "remedy": selectors.remedy_channels(a),
            "year": timezone.localdate().year - 1,
        },
    )


@require_GET
@public
def decisions(request):
    s = selectors.Search(
        agency=_int(request.GET.get("agency")),
        date_from=_day(request.GET.get("from")),
        date_to=_day(request.GET.get("to")),
        cause=(request.GET.get("cause") or "").strip()[:100],
        provision=(request.GET.get("provision") or "").strip()[:100],
    )
    page = Paginator(selectors.search_decisions(s).values(*selectors.LIST_FIELDS), 30).get_page(
        _int(request.GET.get("page"), 1)
    )
    return render(
        request,
        "disclosure/decisions.html",
        {"page": page, "s": s, "agencies": selectors.agency_options()},
    )


@require_GET
@public
def decision(request, disclosure_id: int):
    try:
        d = selectors.public_decision(disclosure_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    proof = selectors.inclusion_proof(d)
    head = None
    if proof:
        head = next((h for h in proof["anchor"]["heads"] if h[0] == proof["entry"][1]), None)
    return render(
        request,
        "disclosure/decision.html",
        {
            "d": d,
            "proof": proof,
            "head": head,
            "proof_ok": selectors.check_proof(proof) if proof else None,
        },
    )


@require_GET
@public
def decision_proof(request, disclosure_id: int):
    try:
        d = selectors.public_decision(disclosure_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    proof = selectors.inclusion_proof(d)
    if proof is None:
        return JsonResponse(
            {"code": "proof_not_ready", "message": "本条公示尚未被公开锚点覆盖，请一小时后再查。"},
            status=404,
        )
    response = JsonResponse(proof, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="inclusion-{d.pk}.json"'
    return response


@require_GET
@public
def statistics(request, agency_id: int, year: int):
    try:
        a = selectors.public_agency(agency_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404("年份无效")
    return render(
        request,
        "disclosure/statistics.html",
        {"agency": a, "stats": selectors.annual_statistics(a, year)},
    )


@require_GET
@public
def anchors(request):
    today = timezone.localdate()
    return render(
        request,
        "disclosure/anchors.html",
        {
            "daily": selectors.daily_anchors(),
            "hourly": selectors.hourly_anchors(today),
            "today": today,
            "key_id": signing.key_id(),
            "public_key": signing.public_key_hex(),
        },
    )


@require_GET
@public
def verifier(request):
    """The offline verifier itself (tools/verify_inclusion.py, standard library only), so that the
    public can check a proof without this project's source (issue 12 item 7)."""
    script = Path(settings.BASE_DIR) / "tools" / "verify_inclusion.py"
    if not script.is_file():  # a deployment without the tools folder
        raise Http404("核验脚本未随本系统部署。")
    response = HttpResponse(script.read_bytes(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verify_inclusion.py"'
    return response


@require_GET
@public
def public_key(request):
    """The anchors' Ed25519 public key (SubjectPublicKeyInfo PEM), to verify them offline."""
    response = HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="zhifa-anchor-public-key.pem"'
    return response


@require_GET
@public
def anchor_file(request, day: date):
    data = selectors.daily_file(day)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="zhifa-anchors-{day.isoformat()}.json"'
    return response


@require_GET
@public
def inspections(request):
    """双随机抽查: the random-inspection list (随机抽查事项清单), the drawn plans with their seeds and
    the results, masked (T1 Art. 20; T4 §二(四))."""
    from zhifa.inspections import selectors as inspections

    agency = _int(request.GET.get("agency"))
    return render(
        request,
        "disclosure/inspections.html",
        {
            "matters": inspections.public_matters(agency)[:300],
            "draws": inspections.public_draws(agency)[:100],
            "results": inspections.public_results(agency),
            "agencies": selectors.agency_options(),
            "agency": agency,
        },
    )


@require_GET
@public
def inspection_draw(request, draw_id: int):
    """One draw's verification record: seed, pools' keys in the draw's order (identities masked)
    and the result, for anyone to redo it offline with tools/verify_draw.py (T1 Art. 20)."""
    from zhifa.core.errors import NotFound
    from zhifa.inspections import selectors as inspections

    try:
        d = inspections.public_draw(draw_id)
    except NotFound:
        raise Http404 from None
    return JsonResponse(
        inspections.verification_record(d), json_dumps_params={"ensure_ascii": False}
    )


@require_GET
@public
def procedures(request):
    return render(request, "disclosure/procedures.html")


# --- internal: the case's publication page (login, the case's own agency) ----------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_publication(request, case_id: int):
    from zhifa.cases.selectors import access_case

    try:
        case = access_case(request.user, case_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    if request.method == "POST":
        action = request.POST.get("action")
        today = timezone.localdate()
        try:
            if action == "exception":
                services.flag_exception(
                    case,
                    ground=request.POST.get("ground", ""),
                    legal_ground=request.POST.get("legal_ground", ""),
                    actor=request.user,
                    as_of=today,
                )
                messages.success(request, "已批准不予公示。")
            elif action == "withdraw":
                services.withdraw(
                    case,
                    actor=request.user,
                    as_of=today,
                    ground=request.POST.get("ground", ""),
                    reason=request.POST.get("reason", ""),
                    revoked_on=_day(request.POST.get("revoked_on")),
                )
                messages.success(request, "公示信息已撤回。")
            elif action == "publish_other":
                services.publish_other(case, actor=request.user, as_of=today)
                messages.success(request, "已公示。")
            else:
                messages.error(request, "未知的操作。")
        except DomainError as exc:
            messages.error(request, exc.message)
            return render(
                request, "disclosure/case.html", _case_ctx(case, request.POST), status=422
            )
        return redirect("disclosure_internal:case", case_id=case.pk)
    return render(request, "disclosure/case.html", _case_ctx(case, {}))


def _case_ctx(case, data) -> dict:
    record, findings = services.build_record(case) if hasattr(case, "decision") else ({}, [])
    return {
        "case": case,
        "disclosure": Disclosure.objects.filter(case=case).first(),
        "record": record,
        "findings": [f.as_dict() for f in findings],
        "exception_grounds": ExceptionGround.choices,
        "withdrawal_grounds": WithdrawalGround.choices,
        "data": data,
        "record_json": json.dumps(record, ensure_ascii=False, indent=1),
    }
