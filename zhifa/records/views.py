"""Internal pages of the record: the daily anchors, so anyone may copy a root and check it later;
and the audit administrator's view of the journal with filters and export (issue 10 item 7)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import anchoring, audit, selectors
from .forms import AuditFilterForm
from .models import JournalAnchor


@login_required
def anchors(request):
    page = Paginator(JournalAnchor.objects.order_by("-day"), 60).get_page(request.GET.get("page"))
    return render(request, "records/anchors.html", {"page": page})


@login_required
def anchor_check(request, day):
    """htmx partial: recompute one day's root from the entries now."""
    anchor = JournalAnchor.objects.filter(day=day).first()
    if anchor is None:
        raise Http404("该日尚无锚定。")
    return render(request, "records/_anchor_check.html", {"check": anchoring.check_anchor(anchor)})


def _auditor_filters(request):
    if not selectors.is_auditor(request.user):
        raise PermissionDenied("只有安全审计员可以查阅审计记录。")
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    return form, filters, selectors.audit_entries(request.user, **filters)


@login_required
def audit_log(request):
    form, _filters, entries = _auditor_filters(request)
    paginator = Paginator(entries, 50)
    paginator.count = 10**9  # no COUNT(*) over the whole journal: pages go on while rows come
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "records/audit.html",
        {
            "form": form,
            "rows": rows,
            "page_number": page.number,
            "has_next": len(rows) == 50,
            "query": query.urlencode(),
        },
    )


@login_required
def audit_export(request):
    _form, filters, entries = _auditor_filters(request)
    content, _count = audit.export_xlsx(
        entries, actor=request.user, filters={k: str(v) for k, v in filters.items()}
    )
    name = f"全过程记录审计导出-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
