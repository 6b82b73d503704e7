"""Probe URLs and the probe job of tools/two_nodes.py (loaded only through tools/two_nodes_site.py).

Each answer names the node (NODE_NAME) and its process, so the script can show that a value written
through one node is read through the other. The real site is mounted unchanged below the probes.
"""

import os

from celery import shared_task
from django.core.cache import cache
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import include, path

PROBE_KEY = "two_nodes:probe:"


def _answer(request, **values):
    return JsonResponse({"node": os.environ.get("NODE_NAME", ""), "pid": os.getpid(), **values})


def whoami(request):
    user = request.user
    return _answer(request, user=user.username if user.is_authenticated else "")


def cache_set(request):
    key, value = request.GET.get("key", ""), request.GET.get("value", "")
    if not key:
        return HttpResponseBadRequest("key")
    cache.set(PROBE_KEY + key, value, timeout=300)
    return _answer(request, key=key, value=value)


def cache_get(request):
    key = request.GET.get("key", "")
    return _answer(request, key=key, value=cache.get(PROBE_KEY + key))


@shared_task(name="tools.two_nodes_probe.square_on_worker")
def square_on_worker(x: int, asked_by: str) -> dict:
    return {"square": x * x, "worker_pid": os.getpid(), "asked_by": asked_by}


def job_enqueue(request):
    x = int(request.GET.get("x", "0"))
    result = square_on_worker.delay(x, os.environ.get("NODE_NAME", ""))
    return _answer(request, task_id=result.id)


def replica(request):
    """Which connection serves a read that declared it may lag, and which one serves the rest."""
    from django.contrib.auth import get_user_model
    from django.db import connections

    from zhifa.nodes import reads_may_lag

    def served_by():
        users = get_user_model().objects.all()
        count = users.count()
        with connections[users.db].cursor() as cursor:
            cursor.execute("SELECT current_setting('application_name')")
            return {"alias": users.db, "application_name": cursor.fetchone()[0], "users": count}

    plain = served_by()
    with reads_may_lag():
        lagging = served_by()
    return _answer(request, plain=plain, may_lag=lagging)


def job_result(request):
    from celery.result import AsyncResult

    result = AsyncResult(request.GET.get("id", ""))
    return _answer(request, result=result.get(timeout=60))


urlpatterns = [
    path("_nodes/whoami", whoami),
    path("_nodes/cache/set", cache_set),
    path("_nodes/cache/get", cache_get),
    path("_nodes/job/enqueue", job_enqueue),
    path("_nodes/job/result", job_result),
    path("_nodes/replica", replica),
    path("", include("zhifa.urls")),
]
