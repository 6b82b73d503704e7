"""Pages of the workbench: the home page (each role's to-do list) and the supervisors' drill-down."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhifa.core.errors import NotFound
from zhifa.deadlines.links import subject_link
from zhifa.orgs import selectors as org_selectors

from . import selectors


@login_required
@require_GET
def home(request):
    bench = selectors.workbench_for(request.user)
    return render(request, "workbench/home.html", {"workbench": bench, "section": "home"})


@login_required
@require_GET
def supervision(request, agency_id: int):
    """One subordinate agency: its flagged items by its own subordinates, and its own list."""
    if not request.user.is_supervisor:
        raise Http404("当前账户没有监督职责。")
    try:
        agency = org_selectors.access_agency(request.user, agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    root, rows = selectors.supervision(request.user, agency)
    deadlines = [
        {"deadline": d, "link": subject_link(d.subject_type, d.subject_id)}
        for d in selectors.flagged_deadlines(request.user, agency)
    ]
    context = {"agency": root, "rows": rows, "deadlines": deadlines}
    return render(request, "workbench/supervision.html", context)
