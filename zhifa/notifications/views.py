"""The notifications page: my notifications, newest first; mark one or all read."""

from __future__ import annotations

from contextlib import suppress

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.core.errors import NotFound

from . import selectors, services

PAGE_SIZE = 50


@login_required
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notifications_for(request.user, unread=True if unread_only else None)
    context = {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "unread_only": unread_only,
        "unread": selectors.unread_count(request.user),
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_read(request, notification_id: int):
    # someone else's or gone: nothing to mark, and nothing to reveal
    with suppress(NotFound):
        services.mark_read(request.user, notification_id)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    return redirect("notifications:list")
