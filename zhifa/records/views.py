"""Internal pages of the record: the daily anchors, so anyone may copy a root and check it later."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import anchoring
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
