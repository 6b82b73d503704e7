"""Pages: the public form, status and evaluation card on the portal (/gongshi/complaints/, no
login, CSRF, rate limits, offline captcha, no script), and the internal work-order pages."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.core import complaint_flow as flow
from zhifa.core.errors import DomainError
from zhifa.core.identifiers import mask_phone
from zhifa.officers.choices import ConductConsequence
from zhifa.officers.selectors import conduct_items
from zhifa.orgs.divisions import agency_order
from zhifa.orgs.models import Agency
from zhifa.orgs.selectors import visible_agencies

from . import guard, selectors, services
from .choices import Category, Channel, Clock, Finding, LimitUnit, Rating, State, SubjectType
from .errors import InvalidComplaint
from .models import ProvinceTimeLimit

PUBLIC_CATEGORIES = [(c.value, c.label) for c in Category]
PUBLIC_SUBJECTS = [(s.value, s.label) for s in SubjectType]


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _occurred_on(data) -> date | None:
    """The optional 事发日期 of a public form; InvalidComplaint when it is not a date."""
    if not data.get("occurred_on"):
        return None
    try:
        return date.fromisoformat(data["occurred_on"][:10])
    except ValueError:
        raise InvalidComplaint("事发日期格式有误（如 2026-03-01）。") from None


def _public_agencies():
    # Units the public may address: prefecture level and below, the provinces too (their centres).
    return (
        Agency.objects.exclude(kind="ministry")
        .only("id", "name", "path", "depth")
        .order_by(agency_order(), "path")[:2000]
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
            occurred = _occurred_on(data)
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
    channels = selectors.open_channels()
    agencies = [(a, bool(channels.get(selectors.province_id_of(a)))) for a in _public_agencies()]
    closed = sorted({a.name for a, is_open in agencies if not is_open and a.depth == 1})
    return render(
        request,
        "complaints/public_form.html",
        {
            "agencies": agencies,
            "closed_provinces": closed,
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


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def supervisor_report(request, code: str):
    """A social supervisor's report through their personal link (no login: the code is theirs)."""
    supervisor = selectors.public_supervisor_by_code(code, timezone.localdate())
    if supervisor is None:
        return render(request, "complaints/public_supervisor.html", {"invalid": True}, status=404)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        try:
            guard.check_address(_ip(request), what="supervisor")
            occurred = _occurred_on(data)
            c = services.report_as_public_supervisor(
                supervisor,
                category=data.get("category", ""),
                content=data.get("content"),
                place=data.get("place", ""),
                occurred_on=occurred,
            )
        except DomainError as exc:
            error = exc
        else:
            return render(request, "complaints/public_done.html", {"complaint": c})
    return render(
        request,
        "complaints/public_supervisor.html",
        {
            "supervisor": supervisor,
            "categories": SUPERVISOR_CATEGORIES,
            "error": error,
            "data": data,
        },
        status=getattr(error, "status", 200) if error else 200,
    )


SUPERVISOR_CATEGORIES = [(c.value, c.label) for c in (Category.COMPLAINT, Category.SUGGESTION)]


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
            messages.success(request, _("已受理，查询码 %(code)s。") % {"code": c.tracking_code})
            return redirect("complaints:detail", c.pk)
    return render(
        request,
        "complaints/new.html",
        {
            "channels": [c for c in Channel.choices if c[0] != Channel.PUBLIC_SUPERVISOR],
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
        item = None
        if request.POST.get("conduct_item"):
            item = conduct_items().filter(pk=_int(request.POST["conduct_item"])).first()
        try:
            services.step(
                c,
                request.POST.get("action", ""),
                actor=request.user,
                text=request.POST.get("text", ""),
                target=target,
                rating=request.POST.get("rating", ""),
                finding=request.POST.get("finding", ""),
                conduct_item=item,
                consequence=request.POST.get("consequence", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("已办理。"))
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
            "needs_finding": services.needs_finding(c),
            "findings": Finding.choices,
            "conduct_items": conduct_items() if services.needs_finding(c) else [],
            "consequences": ConductConsequence.choices,
            "may_link": bool(services.side_of(request.user, c)),
        },
        status=getattr(error, "status", 200) if error else 200,
    )


def _month(raw: str, today: date) -> date:
    try:
        return date.fromisoformat(f"{raw[:7]}-01") if raw else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
@require_GET
def hot_spots(request):
    """投诉热点 (issue 12 item 5): topics per agency and month, for heads and supervisors in scope."""
    if not selectors.may_see_hot_spots(request.user):
        raise PermissionDenied("无权查看投诉热点。")
    month = _month(request.GET.get("month", ""), timezone.localdate())
    agencies = visible_agencies(request.user).order_by(agency_order(), "path")[:500]
    agency = request.user.agency
    if request.GET.get("agency"):
        agency = visible_agencies(request.user).filter(pk=_int(request.GET["agency"])).first()
        if agency is None:
            raise Http404("机构不存在或无权查看。")
    spots = selectors.hot_spots(request.user, agency, month)
    return render(
        request,
        "complaints/hot_spots.html",
        {
            "month": month,
            "agency": agency,
            "agencies": agencies,
            "spots": [
                (s, selectors.rectification_link(agency, month, s), TREND_LABELS[s.direction])
                for s in spots
            ],
        },
    )


TREND_LABELS = {
    "up": gettext_lazy("上升"),
    "down": gettext_lazy("下降"),
    "flat": gettext_lazy("持平"),
    "new": gettext_lazy("新出现"),
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def public_supervisors(request):
    """社会监督员: heads appoint them for their agency; heads and supervisors see those in scope.
    A new supervisor's personal link is shown once, on the answer to the appointment."""
    if not selectors.may_see_hot_spots(request.user):
        raise PermissionDenied("无权查看社会监督员。")
    data = request.POST if request.method == "POST" else {}
    error, appointed, link = None, None, ""
    if request.method == "POST":
        try:
            appointed, code = services.appoint_public_supervisor(
                agency=request.user.agency,
                name=data.get("name"),
                phone=data.get("phone"),
                term_starts_on=_date(data.get("term_starts_on")),
                term_ends_on=_date(data.get("term_ends_on")),
                actor=request.user,
            )
            link = request.build_absolute_uri(reverse("complaints_public:supervisor", args=[code]))
        except DomainError as exc:
            error = exc
    today = timezone.localdate()
    rows = [
        (s, mask_phone(s.phone, public=False), s.serves_on(today))
        for s in selectors.visible_public_supervisors(request.user)
        .annotate(report_count=Count("reports"))
        .order_by("agency__path", "-term_ends_on")[:500]
    ]
    return render(
        request,
        "complaints/public_supervisors.html",
        {
            "rows": rows,
            "may_appoint": request.user.is_agency_head,
            "appointed": appointed,
            "link": link,
            "error": error,
            "data": data if error else {},
        },
        status=getattr(error, "status", 200) if error else 200,
    )


@login_required
@require_http_methods(["POST"])
def end_public_supervisor(request, supervisor_id: int):
    supervisor = selectors.visible_public_supervisors(request.user).filter(pk=supervisor_id).first()
    if supervisor is None:
        raise Http404("社会监督员不存在或无权查看。")
    try:
        services.end_public_supervisor(
            supervisor, reason=request.POST.get("reason", ""), actor=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("已终止 %(name)s 的任期，其专用链接即日失效。") % {"name": supervisor.name}
        )
    return redirect("complaints:supervisors")


def _date(value):
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


@login_required
@require_GET
def cards(request):
    """执法评议卡 summary (issue 12 item 4): ratings per agency and officer for a month, in scope."""
    if not selectors.may_see_hot_spots(request.user):
        raise PermissionDenied("无权查看执法评议汇总。")
    month = _month(request.GET.get("month", ""), timezone.localdate())
    agencies, officers = selectors.card_summary_for(request.user, month)
    return render(
        request,
        "complaints/cards.html",
        {"month": month, "agencies": agencies, "officers": officers},
    )


@login_required
@require_http_methods(["GET", "POST"])
def time_limits(request):
    """The province's 12328 clocks (complaints-12328.md §5), set by its own supervisors; the
    ministry's supervisors set the national channels'. All rows in one go, all or nothing."""
    province = request.user.agency
    if province is None or not services.may_set_time_limits(request.user, province):
        raise PermissionDenied("只有省级（部级）执法监督人员可以设置12328工单办理时限。")
    existing = {
        (r.category, r.clock): r for r in ProvinceTimeLimit.objects.filter(province=province)
    }
    error = None
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            with transaction.atomic():
                for category, _label in Category.choices:
                    for clock, clock_label in Clock.choices:
                        key = f"{category}__{clock}"
                        raw = (data.get(f"amount__{key}") or "").strip()
                        if not raw:
                            continue
                        amount = _int(raw)
                        if amount is None:
                            raise InvalidComplaint(f"{_label}“{clock_label}”的时限应为整数。")
                        services.set_time_limit(
                            province=province,
                            category=category,
                            clock=clock,
                            amount=amount,
                            unit=data.get(f"unit__{key}", ""),
                            basis=data.get(f"basis__{key}", ""),
                            actor=request.user,
                        )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("已保存。"))
            return redirect("complaints:time-limits")

    def shown(category, clock):
        """What a row shows: what was just posted (nothing typed is lost), else what is set."""
        key, row = f"{category}__{clock}", existing.get((category, clock))
        if data:
            return {f: data.get(f"{f}__{key}", "") for f in ("amount", "unit", "basis")}
        return {
            "amount": row.amount if row else "",
            "unit": row.unit if row else "",
            "basis": row.basis if row else "",
        }

    rows = [
        (category, label, [(clock, cl, shown(category, clock)) for clock, cl in Clock.choices])
        for category, label in Category.choices
    ]
    return render(
        request,
        "complaints/time_limits.html",
        {
            "province": province,
            "rows": rows,
            "units": LimitUnit.choices,
            "open": services.open_categories(province),
            "error": error,
            "data": data,
        },
        status=getattr(error, "status", 200) if error else 200,
    )


@login_required
@require_GET
def indicators(request):
    """The eight national indicators of §6.1 per unit, for a month (supervisors and heads)."""
    if not (request.user.is_supervisor or request.user.is_agency_head) or request.user.admin_role:
        raise PermissionDenied("无权查看考核指标。")
    month = _month(request.GET.get("month", ""), timezone.localdate())
    return render(
        request,
        "complaints/indicators.html",
        {
            "month": month,
            "rows": selectors.indicator_table(request.user, month),
            "labels": [label for _code, label in flow.INDICATORS],
        },
    )


@login_required
@require_http_methods(["POST"])
def link_case(request, complaint_id: int | None = None):
    """Link the order to the case it is about (by case number, or from the case page with the
    case's id and the order chosen), or unlink it; back to where the form was."""
    from zhifa.cases.selectors import access_case

    if complaint_id is None:
        complaint_id = _int(request.POST.get("complaint", ""))
    try:
        c = selectors.access_complaint(request.user, complaint_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    from_case = request.POST.get("case_id", "")
    try:
        if request.POST.get("unlink"):
            services.unlink_case(c, actor=request.user)
            messages.success(request, "已取消关联案件。")
        elif from_case:
            case = access_case(request.user, from_case)
            services.link_case(c, actor=request.user, case=case)
            messages.success(request, "已关联投诉举报工单。")
        else:
            services.link_case(
                c, actor=request.user, case_number=request.POST.get("case_number", "")
            )
            messages.success(request, "已关联案件。")
    except DomainError as exc:
        messages.error(request, exc.message)
    if from_case and from_case.isdigit():
        return redirect(reverse("cases:detail", args=[int(from_case)]) + "#remedies")
    return redirect("complaints:detail", c.pk)
