"""Pages of supervisory checks, rectification (with the prefill from a complaint hot spot),
accountability referrals and the 同案不同罚 monitor. Thin: services write, selectors read."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zhifa.accounts.models import User
from zhifa.core.errors import DomainError
from zhifa.deadlines.selectors import deadlines_for
from zhifa.shortcuts import found_or_404

from . import selectors, services
from .choices import CheckKind, FlagConclusion, RectificationState, SourceKind
from .errors import InvalidOversightInput
from .models import Finding

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Sources a person picks on the form (the monitor's own source is set by its conclusion page).
FORM_SOURCES = [(k.value, k.label) for k in SourceKind if k != SourceKind.FINE_DISPERSION]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _require_supervising(user) -> None:
    if not selectors.is_supervising(user):
        raise PermissionDenied("只有监督人员或负责人可以使用此页面。")


def _status(error) -> int:
    return getattr(error, "status", 200) if error else 200


@login_required
@require_GET
def index(request):
    user = request.user
    state = request.GET.get("state", "")
    return render(
        request,
        "oversight/index.html",
        {
            "rectifications": selectors.search_rectifications(user, state=state)[:100],
            "checks": selectors.visible_checks(user)[:50],
            "referrals": selectors.visible_referrals(user)[:50],
            "states": RectificationState.choices,
            "state": state,
            "supervising": selectors.is_supervising(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_check(request):
    _require_supervising(request.user)
    data = request.POST if request.method == "POST" else {}
    error = None
    if request.method == "POST":
        agency = selectors.subordinate_agencies(request.user).filter(pk=_int(data.get("agency")))
        try:
            if not agency.exists():
                raise InvalidOversightInput("请选择被检查单位（本机关下级单位）。")
            check = services.record_check(
                agency=agency.get(),
                kind=data.get("kind", ""),
                title=data.get("title"),
                checked_on=data.get("checked_on"),
                summary=data.get("summary", ""),
                findings=(data.get("findings") or "").splitlines(),
                actor=request.user,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("督查检查已记录。"))
            return redirect("oversight:check", check.pk)
    return render(
        request,
        "oversight/new_check.html",
        {
            "agencies": selectors.subordinate_agencies(request.user)[:500],
            "kinds": [(k.value, k.label) for k in CheckKind if k != CheckKind.FOLLOW_UP],
            "data": data,
            "error": error,
            "today": timezone.localdate(),
        },
        status=_status(error),
    )


@login_required
@require_GET
def check_detail(request, check_id: int):
    check = found_or_404(selectors.access_check, request.user, check_id)
    return render(
        request,
        "oversight/check.html",
        {
            "check": check,
            "findings": check.findings.prefetch_related("rectifications"),
            "may_order": services.is_superior(request.user, check.agency),
        },
    )


def _prefill(user, query) -> tuple[dict, str | None]:
    """The form's initial values from the query (a complaint hot spot, a check's finding …),
    each validated; a bad value is dropped with the reason shown, never a 500."""
    initial = {"source_kind": "", "agency": None, "title": "", "source_ref": "", "finding": None}
    problems = []
    source = query.get("source", "")
    if source:
        if source in dict(FORM_SOURCES):
            initial["source_kind"] = source
        else:
            problems.append(_("问题来源无法识别"))
    if query.get("agency"):
        agency = selectors.subordinate_agencies(user).filter(pk=_int(query.get("agency"))).first()
        if agency is None:
            problems.append(_("所指单位不存在或不在本机关监督范围内"))
        initial["agency"] = agency
    month = query.get("month", "")
    if month and not _MONTH.match(month):
        problems.append(_("月份格式应为 2026-03"))
        month = ""
    topic = ""
    if query.get("topic"):
        try:
            topic = services.clean_text(query.get("topic"), "热点主题", max_length=100)
        except DomainError as exc:
            problems.append(exc.message.rstrip("。"))
    finding = None
    if query.get("finding"):
        finding = (
            Finding.objects.filter(
                pk=_int(query.get("finding")),
                check_record__in=selectors.visible_checks(user),
            )
            .select_related("check_record__agency")
            .first()
        )
        if finding is None:
            problems.append(_("所指督查问题不存在"))
    if finding is not None:
        initial.update(
            finding=finding,
            agency=finding.check_record.agency,
            source_kind=SourceKind.CHECK_FINDING,
            title=finding.text[:200],
            source_ref=f"{finding.check_record.title}（{finding.check_record.checked_on:%Y-%m-%d}）",
        )
    elif initial["source_kind"] == SourceKind.HOT_SPOT:
        where = initial["agency"].name if initial["agency"] else ""
        initial["title"] = f"投诉举报热点整改：{topic}" if topic else "投诉举报热点整改"
        initial["source_ref"] = "，".join(
            x for x in (f"{month} 投诉举报热点" if month else "投诉举报热点", where, topic) if x
        )
    return initial, ("；".join(problems) + "。") if problems else None


@login_required
@require_http_methods(["GET", "POST"])
def new_rectification(request):
    """下达整改. From a complaint hot spot the complaints pages link here with
    ?source=hot_spot&agency=<id>&month=<YYYY-MM>&topic=<words>; usable without any query."""
    _require_supervising(request.user)
    initial, notice = _prefill(request.user, request.GET)
    data = request.POST if request.method == "POST" else {}
    error = None
    agency = initial["agency"]
    if request.method == "POST":
        agency = selectors.subordinate_agencies(request.user).filter(pk=_int(data.get("agency")))
        agency = agency.first()
        try:
            if agency is None:
                raise InvalidOversightInput("请选择整改单位（本机关下级单位）。")
            owner = None
            if data.get("owner"):
                owner = User.objects.filter(pk=_int(data.get("owner")), agency=agency).first()
                if owner is None:
                    raise InvalidOversightInput("整改责任人应为整改单位的人员。")
            finding = initial["finding"] if data.get("finding") else None
            r = services.open_rectification(
                agency=agency,
                title=data.get("title"),
                detail=data.get("detail", ""),
                source_kind=data.get("source_kind", ""),
                source_ref=data.get("source_ref", ""),
                owner=owner,
                due=data.get("due"),
                actor=request.user,
                finding=finding,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("整改已下达，已通知整改责任人。"))
            return redirect("oversight:rectification", r.pk)
    people = (
        User.objects.filter(agency=agency, is_active=True, admin_role="").order_by(
            "-is_agency_head", "full_name"
        )
        if agency
        else []
    )
    return render(
        request,
        "oversight/new_rectification.html",
        {
            "initial": initial,
            "notice": notice,
            "agencies": selectors.subordinate_agencies(request.user)[:500],
            "agency": agency,
            "people": people,
            "sources": FORM_SOURCES,
            "data": data,
            "error": error,
        },
        status=_status(error),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification(request, rectification_id: int):
    r = found_or_404(selectors.access_rectification, request.user, rectification_id)
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "respond":
                services.respond(r, actor=request.user, text=request.POST.get("text"))
            elif action == "follow_up":
                passed = request.POST.get("passed")
                if passed not in ("yes", "no"):  # no answer is not "not done"
                    raise InvalidOversightInput("请选择回头看结论：整改到位或整改未到位。")
                services.follow_up(
                    r,
                    actor=request.user,
                    passed=passed == "yes",
                    summary=request.POST.get("summary"),
                    new_due=request.POST.get("new_due") or None,
                )
            else:
                raise InvalidOversightInput("无法识别的操作。")
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("已办理。"))
            return redirect("oversight:rectification", r.pk)
    return render(
        request,
        "oversight/rectification.html",
        {
            "r": r,
            "error": error,
            "deadlines": deadlines_for(r),
            "follow_ups": r.follow_ups.select_related("checker").order_by("id"),
            "referrals": r.referrals.all(),
            "may_respond": r.state == RectificationState.OPEN
            and services.may_respond(request.user, r),
            "may_follow_up": services.follow_up_due(r) and services.may_follow_up(request.user, r),
            "may_refer": services.is_superior(request.user, r.agency),
        },
        status=_status(error),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_referral(request):
    _require_supervising(request.user)
    data = request.POST if request.method == "POST" else {}
    r = None
    ref_id = _int(request.GET.get("rectification") or data.get("rectification"))
    if ref_id:
        r = selectors.visible_rectifications(request.user).filter(pk=ref_id).first()
    error = None
    if request.method == "POST":
        agency = r.agency if r else None
        if agency is None:
            agency = selectors.subordinate_agencies(request.user).filter(
                pk=_int(data.get("agency"))
            )
            agency = agency.first()
        try:
            if agency is None:
                raise InvalidOversightInput("请选择涉及单位。")
            ref = services.refer_accountability(
                agency=agency,
                person=data.get("person"),
                body=data.get("body"),
                reason=data.get("reason"),
                referred_on=data.get("referred_on"),
                rectification=r,
                actor=request.user,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("问责移送已记录。"))
            return redirect("oversight:referral", ref.pk)
    return render(
        request,
        "oversight/new_referral.html",
        {
            "r": r,
            "agencies": selectors.subordinate_agencies(request.user)[:500],
            "data": data,
            "error": error,
            "today": timezone.localdate(),
        },
        status=_status(error),
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral(request, referral_id: int):
    ref = found_or_404(selectors.access_referral, request.user, referral_id)
    error = None
    if request.method == "POST":
        try:
            services.record_referral_outcome(
                ref,
                outcome=request.POST.get("outcome"),
                outcome_on=request.POST.get("outcome_on"),
                actor=request.user,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("处理结果已记录。"))
            return redirect("oversight:referral", ref.pk)
    return render(
        request,
        "oversight/referral.html",
        {
            "ref": ref,
            "error": error,
            "may_conclude": ref.state == "referred"
            and services.is_superior(request.user, ref.agency),
            "today": timezone.localdate(),
        },
        status=_status(error),
    )


# --- 同案不同罚 ----------------------------------------------------------------------------------


def _year_bounds(query) -> tuple[date, date, str]:
    """The decision year asked for, else the current one (the monitor reads one year at a time)."""
    raw = (query.get("year") or "").strip()
    y = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year
    return date(y, 1, 1), date(y, 12, 31), str(y)


@login_required
@require_GET
def fine_monitor(request):
    _require_supervising(request.user)
    since, until, year = _year_bounds(request.GET)
    return render(
        request,
        "oversight/fines.html",
        {"monitor": selectors.fine_monitor(request.user, since=since, until=until), "year": year},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fine_flag(request, case_id: int):
    _require_supervising(request.user)
    try:
        group, row = selectors.flagged_case(request.user, case_id)
    except DomainError as exc:
        raise Http404(exc.message) from None
    error = None
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            services.conclude_flag(
                case=row.case,
                reasons=row.flag.reasons,
                conclusion=data.get("conclusion", ""),
                note=data.get("note"),
                due=data.get("due") or None,
                actor=request.user,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("核查结论已记录。"))
            return redirect("oversight:fines")
    return render(
        request,
        "oversight/fine_flag.html",
        {
            "group": group,
            "row": row,
            "conclusions": FlagConclusion.choices,
            "may_conclude": services.is_superior(request.user, row.case.agency),
            "data": data,
            "error": error,
        },
        status=_status(error),
    )
