"""The equipment page: the agency's devices, who holds each, register, issue and return
(issue 14 item 4). Adapters over selectors and services."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhifa.core.errors import DomainError, InvalidInput, NotFound
from zhifa.officers.selectors import visible_officers

from . import selectors, services
from .models import Device


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidInput(f"{what}格式应为 年-月-日。") from None


def _act(request, fn, ok: str) -> None:
    try:
        fn()
    except (DomainError, NotFound) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    user = request.user
    if request.method == "POST":
        p = request.POST
        _act(
            request,
            lambda: services.register_device(
                user.agency,
                kind=p.get("kind", ""),
                serial_number=p.get("serial_number", ""),
                model_name=p.get("model_name", ""),
                actor=user,
            ),
            _("执法装备已登记。"),
        )
        return redirect("equipment:index")
    return render(
        request,
        "equipment/index.html",
        {
            "devices": selectors.visible_devices(user)[:500],
            "officers": visible_officers(user),
            "kinds": Device._meta.get_field("kind").choices,
            "may_manage": user.is_agency_head and not user.admin_role,
            "today": date.today().isoformat(),
        },
    )


@login_required
@require_POST
def issue(request, device_id: int):
    try:
        device = selectors.access_device(request.user, device_id)
    except NotFound:
        raise Http404 from None
    p = request.POST

    def go():
        officer = visible_officers(request.user).filter(pk=p.get("officer") or 0).first()
        if officer is None:
            raise InvalidInput("请选择执法人员。")
        services.issue_device(
            device,
            officer=officer,
            issued_on=_date(p.get("on", ""), "配发日期"),
            actor=request.user,
        )

    _act(request, go, _("已配发。"))
    return redirect("equipment:index")


@login_required
@require_POST
def give_back(request, issue_id: int):
    try:
        row = selectors.access_issue(request.user, issue_id)
    except NotFound:
        raise Http404 from None
    _act(
        request,
        lambda: services.return_device(
            row, returned_on=_date(request.POST.get("on", ""), "交回日期"), actor=request.user
        ),
        _("已交回。"),
    )
    return redirect("equipment:index")
