"""The lapse job: command and Celery task call the same idempotent service."""

from io import StringIO

import pytest
from django.core.management import call_command

from zhifa.measures import services
from zhifa.measures.choices import PreservationState
from zhifa.measures.tasks import lapse_preservations_task

from .conftest import ITEMS, at

pytestmark = pytest.mark.django_db


def running(case, people):
    p = services.request_preservation(
        case,
        actor=people.o1.user,
        reason="可能灭失",
        items_summary="货物",
        at=at("2026-09-29 09:00"),
    )
    services.decide_preservation_approval(
        p, actor=people.head, approve=True, at=at("2026-09-29 09:10")
    )
    return services.start_preservation(
        p, actor=people.o1.user, items=ITEMS, party_signed=True, started_at=at("2026-09-29 10:00")
    )


def test_command_lapses_once(case, people):
    # given a preservation due on 14 October 2026
    p = running(case, people)
    out = StringIO()
    # when the command runs on the due day and the day after, twice
    call_command("lapse_preservations", now="2026-10-14T23:59", stdout=out)
    call_command("lapse_preservations", now="2026-10-15T00:01", stdout=out)
    call_command("lapse_preservations", now="2026-10-15T00:02", stdout=out)
    # then it lapsed once, on the 15th
    assert out.getvalue().splitlines() == ["lapsed=0", f"lapsed=1 ids=[{p.pk}]", "lapsed=0"]
    p.refresh_from_db()
    assert p.state == PreservationState.LAPSED


def test_task_runs_the_service(case, people):
    p = running(case, people)  # due 14 October 2026, long past on the real clock
    assert lapse_preservations_task.delay().get() == {"lapsed": 1}
    p.refresh_from_db()
    assert p.state == PreservationState.LAPSED
