"""The sweep: due soon and overdue, each person told once per change, however often it runs."""

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from zhifa import testing
from zhifa.deadlines import services
from zhifa.deadlines.models import Deadline
from zhifa.deadlines.tasks import sweep_deadlines_task
from zhifa.notifications.models import Notification
from zhifa.records.models import JournalEntry

BEIJING = ZoneInfo("Asia/Shanghai")
# Friday 9 October 2026, 10:00. The next two working days: Saturday 10 October (make-up) and
# Monday 12 October, so "due soon" reaches 12 October.
NOW = datetime(2026, 10, 9, 10, 0, tzinfo=BEIJING)
LATER = datetime(2026, 10, 13, 8, 0, tzinfo=BEIJING)

ROWS = [
    # (code, due, flag after the sweep at NOW, why)
    ("A14_decision_service", date(2026, 10, 12), "due_soon", "two working days ahead"),
    ("A13_decision", date(2026, 10, 9), "due_soon", "the due day itself is on time"),
    ("A9_onsite_decision_filing", date(2026, 10, 8), "overdue", "yesterday"),
    ("A17_cash_handover", date(2026, 10, 20), "none", "far away"),
    ("A10_hearing_request", date(2026, 10, 12), "none", "a party's window: no warning"),
    ("A16_fine_payment", date(2026, 10, 8), "overdue", "a party's window has run"),
]


@pytest.fixture
def opened(world, subject, officer):
    rows = {}
    for code, due, _flag, _why in ROWS:
        rows[code] = services.open_deadline(
            subject=subject,
            agency=world.hangzhou,
            code=code,
            start=date(2026, 9, 1),
            due=due,
            responsible=[officer],
        )
    return rows


def _flags():
    return dict(Deadline.objects.values_list("code", "flag"))


def test_sweep_marks_due_soon_and_overdue(opened, officer):
    # when
    result = services.sweep(now=NOW)
    # then
    assert _flags() == {code: flag for code, _due, flag, _why in ROWS}
    assert sorted(result.due_soon) == sorted(
        [opened["A14_decision_service"].pk, opened["A13_decision"].pk]
    )
    assert sorted(result.overdue) == sorted(
        [opened["A9_onsite_decision_filing"].pk, opened["A16_fine_payment"].pk]
    )
    kinds = sorted(Notification.objects.filter(user=officer).values_list("kind", flat=True))
    assert kinds == [
        "deadline.due_soon",
        "deadline.due_soon",
        "deadline.expired",
        "deadline.overdue",
    ]
    assert result.notified == 4
    assert JournalEntry.objects.filter(event_type="deadline.due_soon").count() == 2
    overdue = JournalEntry.objects.filter(event_type="deadline.overdue")
    assert overdue.count() == 2 and all(e.actor_id is None for e in overdue)


def test_sweep_is_idempotent(opened, officer):
    # given
    services.sweep(now=NOW)
    notes = Notification.objects.count()
    entries = JournalEntry.objects.count()
    # when
    again = services.sweep(now=NOW)
    # then
    assert (again.due_soon, again.overdue, again.notified) == ([], [], 0)
    assert Notification.objects.count() == notes
    assert JournalEntry.objects.count() == entries


def test_due_soon_then_overdue_is_told_again_once(opened, officer):
    # given
    services.sweep(now=NOW)
    # when the days pass
    later = services.sweep(now=LATER)
    services.sweep(now=LATER)
    # then each due-soon deadline is now overdue, and told once more; the hearing window has run
    assert sorted(later.overdue) == sorted(
        [
            opened["A14_decision_service"].pk,
            opened["A13_decision"].pk,
            opened["A10_hearing_request"].pk,
        ]
    )
    per_deadline = Notification.objects.filter(
        user=officer, title__contains=opened["A13_decision"].title
    )
    assert sorted(per_deadline.values_list("kind", flat=True)) == [
        "deadline.due_soon",
        "deadline.overdue",
    ]


def test_straight_to_overdue_is_one_notification(world, subject, officer):
    # given a deadline first swept after its due day
    services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A13_decision",
        start=date(2026, 9, 1),
        due=date(2026, 10, 1),
        responsible=[officer],
    )
    # when
    services.sweep(now=NOW)
    # then
    assert list(Notification.objects.values_list("kind", flat=True)) == ["deadline.overdue"]


def test_hour_limits_are_overdue_by_the_clock(world, subject, officer):
    # given a 24-hour report due at 09:30 on 9 October (ACL Art. 19)
    d = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A5_emergency_measure_report",
        start=datetime(2026, 10, 8, 9, 30, tzinfo=BEIJING),
        responsible=[officer],
    )
    # when / then: at 09:00 due soon, at 10:00 overdue
    services.sweep(now=datetime(2026, 10, 9, 9, 0, tzinfo=BEIJING))
    d.refresh_from_db()
    assert d.flag == "due_soon"
    services.sweep(now=NOW)
    d.refresh_from_db()
    assert d.flag == "overdue"


def test_closed_deadlines_are_left_alone(opened, subject):
    # given
    services.close_deadline(subject=subject, code="A9_onsite_decision_filing")
    # when
    services.sweep(now=NOW)
    # then
    assert Deadline.objects.get(code="A9_onsite_decision_filing").flag == "none"


def test_an_overdue_deadline_met_late_keeps_the_record(opened, subject):
    # given
    services.sweep(now=NOW)
    # when
    d = services.close_deadline(subject=subject, code="A9_onsite_decision_filing")
    # then
    assert (d.state, d.flag) == ("met", "overdue")
    closed = JournalEntry.objects.filter(event_type="deadline.closed").get()
    assert json.loads(closed.payload)["late"] is True


def test_without_responsible_people_the_agency_heads_are_told(world, subject, head):
    # given
    services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A13_decision",
        start=date(2026, 9, 1),
        due=date(2026, 10, 1),
    )
    testing.make_user(world.ningbo, roles=("agency_head",))  # another agency's head
    # when
    services.sweep(now=NOW)
    # then
    assert list(Notification.objects.values_list("user_id", flat=True)) == [head.pk]


def test_an_approved_extension_resets_the_warning(world, subject, officer, head):
    # given an A13 period due soon and warned
    d = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A13_decision",
        start=date(2026, 9, 1),
        due=date(2026, 10, 12),
        responsible=[officer],
    )
    services.sweep(now=NOW)
    request = services.request_extension(
        d, days=30, reason="案情复杂", actor=officer, as_of=date(2026, 10, 9)
    )
    services.decide_extension(request, approve=True, actor=head, as_of=date(2026, 10, 9))
    # when
    result = services.sweep(now=NOW)
    # then
    d.refresh_from_db()
    assert d.flag == "none" and d.due == date(2026, 11, 11) and result.due_soon == []


@override_settings(ZHIFA_DEADLINE_DUE_SOON_WORKING_DAYS=5)
def test_the_due_soon_window_is_configurable(opened):
    # when
    services.sweep(now=NOW)
    # then
    assert _flags()["A17_cash_handover"] == "none"  # 20 Oct is 7 working days away
    assert _flags()["A14_decision_service"] == "due_soon"


@override_settings(EMAIL_HOST="smtp.example.org")
def test_email_goes_out_after_commit_where_configured(
    world, subject, django_capture_on_commit_callbacks
):
    # given
    person = testing.make_user(world.hangzhou, roles=("officer",))
    person.email = "wang@example.org"
    person.save(update_fields=["email"])
    services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A13_decision",
        start=date(2026, 9, 1),
        due=date(2026, 10, 1),
        responsible=[person],
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.sweep(now=NOW)
    # then
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wang@example.org"] and "逾期" in mail.outbox[0].subject


def test_no_email_without_an_smtp_host(opened, officer, django_capture_on_commit_callbacks):
    # given
    officer.email = "wang@example.org"
    officer.save(update_fields=["email"])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.sweep(now=NOW)
    # then
    assert mail.outbox == []


def test_command_and_task_run_the_sweep(opened):
    # when
    out = StringIO()
    call_command("sweep_deadlines", "--now", "2026-10-09T10:00", stdout=out)
    # then
    assert "due_soon=2" in out.getvalue() and "overdue=2" in out.getvalue()
    # and the scheduled task (run inline here) finds nothing new to tell today or later
    summary = sweep_deadlines_task.delay().get()
    assert summary["notified"] >= 0 and set(summary) == {
        "checked",
        "due_soon",
        "overdue",
        "notified",
    }


def test_command_refuses_a_bad_time():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("sweep_deadlines", "--now", "yesterday")
