"""Pages: the public form, status and evaluation card on the portal (/gongshi/complaints/, no
login, CSRF, rate limits, offline captcha, no script), and the internal work-order pages."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.core import complaint_flow as flow
from zhifa.core.errors import DomainError
from zhifa.orgs.divisions import agency_order
from zhifa.orgs.models import Agency
from zhifa.orgs.selectors import visible_agencies

from . import guard, selectors, services
from .choices import Category, Channel, Rating, State, SubjectType
from .errors import InvalidComplaint

PUBLIC_CATEGORIES = [(c.value, c.label) for c in Category]
PUBLIC_SUBJECTS = [(s.value, s.label) for s in SubjectType]


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _public_agencies():
    # Units the public may address: prefecture level and below, the provinces too (their centres).
    return (
        Agency.objects.exclude(kind="ministry").only("id", "name", "path").order_by("path")[:2000]
    )


# --- public --------------------------------------------------------------------------------------


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def public_form(request):
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            guard.check_address(_ip(request))
            guard.check_captcha(data.get("captcha_token", ""), data.get("captcha", ""))
            agency = (
                Agency.objects.filter(pk=_int(data.get("agency"))).exclude(kind="ministry").first()
            )
            if agency is None:
                raise InvalidComplaint("请选择向哪个执法机构反映。")
            phone = services.clean_phone(data.get("phone"))
            guard.check_phone(phone)
            occurred = None
            if data.get("occurred_on"):
                try:
                    occurred = date.fromisoformat(data["occurred_on"][:10])
                except ValueError:
                    raise InvalidComplaint("事发日期格式有误（如 2026-03-01）。") from None
            c = services.receive(
                agency=agency,
                channel=Channel.WEB,
                category=data.get("category", ""),
                subject_type=data.get("subject_type", SubjectType.OTHER),
                content=data.get("content"),
                phone=phone,
                complainant_name=data.get("name", ""),
                place=data.get("place", ""),
                occurred_on=occurred,
                certificate_number=data.get("certificate_number", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            return render(request, "complaints/public_done.html", {"complaint": c})
    question, token = guard.new_captcha()
    return render(
        request,
        "complaints/public_form.html",
        {
            "agencies": _public_agencies(),
            "categories": PUBLIC_CATEGORIES,
            "subjects": PUBLIC_SUBJECTS,
            "question": question,
            "token": token,
            "error": error,
            "data": data,
        },
        status=getattr(error, "status", 200) if error else 200,
    )


@never_cache
@require_GET
def public_status(request):
    code = (request.GET.get("code") or "").strip()[:40]
    complaint, error = None, None
    if code:
        try:
            guard.check_address(_ip(request), what="status")
        except DomainError as exc:
            error = exc
        else:
            complaint = selectors.by_tracking_code(code)
            if complaint is None:
                error = InvalidComplaint("未查到该查询码对应的诉求，请核对后重试。")
    return render(
        request,
        "complaints/public_status.html",
        {"complaint": complaint, "error": error, "code": code},
        status=getattr(error, "status", 200) if error else 200,
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def evaluation_card(request):
    """执法评议卡: the party enters the served document's verification code and rates the act."""
    from zhifa.documents.selectors import by_code

    data = request.POST if request.method == "POST" else {}
    error, done = None, None
    code = (data.get("code") or request.GET.get("code") or "").strip()[:40]
    if request.method == "POST":
        try:
            guard.check_address(_ip(request), what="card")
            issued = by_code(code)
            if issued is None:
                raise InvalidComplaint("未查到该核验码对应的文书，请核对文书上的核验码。")
            done = services.rate_document(
                code=issued.code,
                agency=issued.agency,
                conduct=data.get("conduct"),
                legality=data.get("legality"),
                attitude=data.get("attitude"),
                comment=data.get("comment", ""),
            )
        except DomainError as exc:
            error = exc
    return render(
        request,
        "complaints/public_card.html",
        {"error": error, "done": done, "code": code, "scores": range(1, 6)},
        status=getattr(error, "status", 200) if error else 200,
    )


# --- internal ------------------------------------------------------------------------------------


@login_required
@require_GET
def complaint_list(request):
    qs = selectors.search(
        request.user, state=request.GET.get("state", ""), category=request.GET.get("category", "")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/list.html",
        {
            "page": page,
            "states": State.choices,
            "waiting": selectors.waiting_on(request.user)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_order(request):
    """A 12328 operator (or the front desk) enters an order taken by phone, letter or visit."""
    if not (request.user.is_officer or request.user.is_agency_head) or request.user.admin_role:
        raise PermissionDenied("无权登记工单。")
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            c = services.receive(
                agency=request.user.agency,
                channel=data.get("channel", ""),
                category=data.get("category", ""),
                subject_type=data.get("subject_type", SubjectType.OTHER),
                content=data.get("content"),
                phone=data.get("phone"),
                complainant_name=data.get("name", ""),
                place=data.get("place", ""),
                certificate_number=data.get("certificate_number", ""),
                actor=request.user,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, f"已受理，查询码 {c.tracking_code}。")
            return redirect("complaints:detail", c.pk)
    return render(
        request,
        "complaints/new.html",
        {
            "channels": Channel.choices,
            "categories": Category.choices,
            "subjects": SubjectType.choices,
            "error": error,
            "data": data,
        },
        status=getattr(error, "status", 200) if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, complaint_id: int):
    try:
        c = selectors.access_complaint(request.user, complaint_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    error = None
    if request.method == "POST":
        target = None
        if request.POST.get("target"):
            target = visible_agencies(request.user).filter(pk=_int(request.POST["target"])).first()
        try:
            services.step(
                c,
                request.POST.get("action", ""),
                actor=request.user,
                text=request.POST.get("text", ""),
                target=target,
                rating=request.POST.get("rating", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, "已办理。")
            return redirect("complaints:detail", c.pk)
    actions = services.allowed_actions(request.user, c)
    targets = []
    if any(a.code in ("transfer", "reroute") for a in actions):
        base = c.intake_agency if c.state == State.RECEIVED else c.agency
        targets = Agency.objects.filter(path__startswith=base.path).order_by(
            agency_order(), "path"
        )[:500]  # prefectures in GB/T 2260 order, each followed by its own units
    from zhifa.deadlines.selectors import deadlines_for

    return render(
        request,
        "complaints/detail.html",
        {
            "c": c,
            "actions": actions,
            "targets": targets,
            "ratings": Rating.choices,
            "error": error,
            "deadlines": deadlines_for(c),
        },
        status=getattr(error, "status", 200) if error else 200,
    )


@login_required
@require_GET
def indicators(request):
    """The eight national indicators of §6.1 per unit, for a month (supervisors and heads)."""
    if not (request.user.is_supervisor or request.user.is_agency_head) or request.user.admin_role:
        raise PermissionDenied("无权查看考核指标。")
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        month = date.fromisoformat(f"{raw[:7]}-01") if raw else today.replace(day=1)
    except ValueError:
        month = today.replace(day=1)
    return render(
        request,
        "complaints/indicators.html",
        {
            "month": month,
            "rows": selectors.indicator_table(request.user, month),
            "labels": [label for _, label in flow.INDICATORS],
        },
    )
