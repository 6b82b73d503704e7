"""Calendar pages: a year's special days and a deadline calculator (htmx). Thin adapters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhifa.core.calendar import MAX_DATE, MIN_DATE, UNIT_LABELS
from zhifa.core.errors import DomainError, InvalidInput

from . import selectors
from .api import parse_start
from .forms import DeadlineForm


@login_required
def calendar_page(request):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, MIN_DATE.year), MAX_DATE.year)
    view = selectors.year_view(year)
    context = {
        "view": view,
        "holidays": [d for d in view.days if not d.is_workday],
        "workdays": [d for d in view.days if d.is_workday],
        "years": sorted(set(selectors.loaded_years()) | {this_year, this_year + 1}, reverse=True),
        "form": DeadlineForm(initial={"start": timezone.localdate().isoformat(), "amount": 5}),
        "may_import": getattr(request.user, "admin_role", "") == "system",
    }
    return render(request, "workcalendar/calendar.html", context)


@login_required
def deadline_result(request):
    """htmx partial: the due day for the calculator's input, or what is wrong with it."""
    form = DeadlineForm(request.GET)
    context: dict = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            start = parse_start(data["start"])
            if data["rule"]:
                context["rule"] = selectors.time_limit_rule(data["rule"])
                due = selectors.deadline_for_rule(data["rule"], start)
            elif data["amount"] is None or not data["unit"]:
                raise InvalidInput(_("请选择法定期限，或填写期限数值和单位。"))
            else:
                due = selectors.compute_deadline(start, data["amount"], data["unit"])
        except DomainError as exc:
            context["error"] = exc.message
        else:
            context["due"] = due
            context["unit_label"] = UNIT_LABELS[due.unit]
    else:
        context["error"] = "；".join(e for errors in form.errors.values() for e in errors)
    return render(request, "workcalendar/_deadline_result.html", context)
