"""Deadline pages: my agency's open deadlines (overdue first) with extension requests and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhifa.core.errors import DomainError

from . import selectors, services
from .choices import DeadlineState
from .forms import DecisionForm, ExtensionForm
from .links import subject_link
from .rules import extension_rule

PAGE_SIZE = 50


@login_required
def deadline_list(request):
    user = request.user
    overdue = request.GET.get("overdue") == "1"
    below = request.GET.get("scope") == "below"
    qs = selectors.visible_deadlines(
        user,
        state=DeadlineState.OPEN,
        overdue=True if overdue else None,
        agency_id=None if below else user.agency_id,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "deadline": d,
            "link": subject_link(d.subject_type, d.subject_id),
            "rule": extension_rule(d.code) if d.agency_id == user.agency_id else None,
        }
        for d in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "overdue": overdue,
        "below": below,
        "today": timezone.localdate(),
        "pending": list(selectors.pending_extensions(user)),
        "extension_form": ExtensionForm(),
        "decision_form": DecisionForm(),
    }
    return render(request, "deadlines/list.html", context)


def _back(request):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/deadlines/") else "deadlines:list")


@login_required
@require_POST
def request_extension(request, deadline_id: int):
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return _back(request)
    try:
        deadline = selectors.access_deadline(request.user, deadline_id)
        services.request_extension(
            deadline,
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("延期申请已提交，等待负责人审批。"))
    return _back(request)


@login_required
@require_POST
def decide_extension(request, request_id: int):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择审批结果。"))
        return _back(request)
    try:
        ext = selectors.access_extension(request.user, request_id)
        ext = services.decide_extension(
            ext,
            approve=form.cleaned_data["approve"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已批准延期，新的届满日为 %(due)s。") % {"due": ext.new_due.isoformat()}
            if ext.new_due
            else _("已作出不予批准的决定。"),
        )
    return _back(request)
