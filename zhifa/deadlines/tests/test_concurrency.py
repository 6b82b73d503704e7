"""Races on PostgreSQL: one opening, one decision and one notification win; the others conflict."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from zhifa import testing
from zhifa.core.errors import Conflict
from zhifa.deadlines import services
from zhifa.deadlines.models import Deadline
from zhifa.notifications.models import Notification

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def _race(n, action):
    """Run `action` in n threads released together; return (results, errors)."""
    start = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(action())
        except Exception as error:  # collected for the assertions
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def setting():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers by itself")
    ministry = testing.make_ministry()
    province = testing.make_agency(ministry, name="浙江省交通运输厅")
    agency = testing.make_agency(province, name="杭州市交通运输综合行政执法支队")
    officer = testing.make_user(agency, roles=("officer",))
    head = testing.make_user(agency, roles=("agency_head",))
    return agency, officer, head


def test_concurrent_openings_of_one_period_one_wins(setting):
    agency, officer, _head = setting
    # when four requests open the same period at once
    results, errors = _race(
        4,
        lambda: services.open_deadline(
            subject=officer, agency=agency, code="A13_decision", start=date(2026, 9, 1)
        ),
    )
    # then
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(e, Conflict) for e in errors)
    assert Deadline.objects.filter(state="open").count() == 1


def test_concurrent_decisions_exactly_one_wins(setting):
    agency, officer, head = setting
    d = services.open_deadline(
        subject=officer, agency=agency, code="A13_decision", start=date(2026, 9, 1)
    )
    request = services.request_extension(
        d, days=30, reason="案情复杂", actor=officer, as_of=date(2026, 9, 2)
    )
    # when two approvals of the same request arrive together
    results, errors = _race(
        2,
        lambda: services.decide_extension(
            request, approve=True, actor=head, as_of=date(2026, 9, 2)
        ),
    )
    # then one approves, the other gets a clear conflict, and the due moved once
    assert len(results) == 1 and len(errors) == 1
    assert errors[0].code == "extension_already_decided"
    d.refresh_from_db()
    assert d.due == results[0].new_due and d.extensions.filter(decision="approved").count() == 1


def test_concurrent_sweeps_notify_once(setting):
    agency, officer, _head = setting
    for n in range(5):
        subject = testing.make_user(agency)
        services.open_deadline(
            subject=subject,
            agency=agency,
            code="A13_decision",
            start=date(2026, 9, 1),
            due=date(2026, 10, n + 1),
            responsible=[officer],
        )
    now = datetime(2026, 10, 20, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    # when a cron run and a beat run sweep at the same moment
    results, errors = _race(3, lambda: services.sweep(now=now))
    # then
    assert errors == []
    assert sum(len(r.overdue) for r in results) == 5
    assert Notification.objects.filter(user=officer).count() == 5
