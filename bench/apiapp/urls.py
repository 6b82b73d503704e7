"""The platform's urls plus the bare views: each runs the same scoped query as the page or API
call it is compared with, through the same middleware, and returns it as plain JSON."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from zhifa.cases.models import Case
from zhifa.deadlines.models import Deadline
from zhifa.orgs.selectors import scope_filter
from zhifa.records import journal

CASE_FIELDS = ("id", "case_number", "state", "procedure", "agency__name", "party__name", "next_due")


@login_required
def bare_list(request):
    qs = Case.objects.filter(scope_filter(request.user))
    if request.GET.get("state"):
        qs = qs.filter(state=request.GET["state"])
    rows = list(qs.order_by("-id").values(*CASE_FIELDS)[:50])
    return JsonResponse({"count": qs.count(), "items": rows}, json_dumps_params={"default": str})


@login_required
def bare_case(request, case_id: int):
    row = Case.objects.filter(scope_filter(request.user), pk=case_id).values(*CASE_FIELDS).first()
    if row is None:
        raise Http404
    return JsonResponse(row, json_dumps_params={"default": str})


@login_required
def bare_deadlines(request):
    qs = Deadline.objects.filter(scope_filter(request.user), state="open")
    rows = list(qs.order_by("due", "id").values("id", "code", "due", "subject_id")[:50])
    return JsonResponse({"items": rows}, json_dumps_params={"default": str})


@csrf_exempt
@login_required
def bare_transition(request, case_id: int):
    """A state change and its journal entry: lock the case row, update it, append."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("agency")
            .filter(scope_filter(request.user), pk=case_id)
            .first()
        )
        if case is None:
            raise Http404
        Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
        journal.append(
            "case.file_case",
            actor=request.user,
            subject=case,
            agency=case.agency,
            payload={"bench": "bare"},
        )
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bare/cases/", bare_list),
    path("bare/cases/<int:case_id>/", bare_case),
    path("bare/deadlines/", bare_deadlines),
    path("bare/cases/<int:case_id>/transition", bare_transition),
    path("", include("zhifa.urls")),
]
