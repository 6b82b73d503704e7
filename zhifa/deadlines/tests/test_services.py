"""Opening and closing deadlines: computed from the time-limit rules on the holiday calendar."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from zhifa.core.errors import InvalidInput
from zhifa.deadlines import services
from zhifa.deadlines.choices import DeadlineState
from zhifa.deadlines.errors import DeadlineAlreadyOpen, InvalidDeadline
from zhifa.deadlines.models import Deadline
from zhifa.deadlines.selectors import deadlines_for, open_deadline_of
from zhifa.records.models import JournalEntry
from zhifa.workcalendar.selectors import compute_deadline

BEIJING = ZoneInfo("Asia/Shanghai")


def _entries(kind):
    return JournalEntry.objects.filter(event_type=kind)


# National Day 2026: 1–7 October off, Saturday 10 October a make-up working day; Mid-Autumn
# 25–27 September off, Sunday 20 September a make-up working day (State Council notice for 2026).
# 2027 has no published notice: results relying on it are provisional.
COMPUTED = [
    # (code, start, due, provisional, article)
    ("A10_hearing_request", date(2026, 9, 30), date(2026, 10, 13), False, "APL Art. 64(1), 85"),
    ("A14_decision_service", date(2026, 9, 28), date(2026, 10, 13), False, "APL Art. 61, 85"),
    ("A21_demand_wait", date(2026, 9, 24), date(2026, 10, 15), False, "ACL Art. 54, 69"),
    ("A13_decision", date(2026, 7, 5), date(2026, 10, 8), False, "APL Art. 60; TEPP Art. 17"),
    ("A16_fine_payment", date(2026, 9, 20), date(2026, 10, 8), False, "APL Art. 67; TEPP Art. 17"),
    (
        "A22_court_enforcement_application",
        date(2026, 7, 5),
        date(2026, 10, 8),
        False,
        "ACL Art. 53; TEPP Art. 17",
    ),
    (
        "A9_onsite_decision_filing",
        date(2026, 9, 28),
        date(2026, 10, 8),
        False,
        "TEPP Art. 61(8), 17",
    ),
    ("A13_decision", date(2026, 12, 1), date(2027, 3, 1), True, "APL Art. 60 (2027 unpublished)"),
    (
        "A10_hearing_request",
        date(2026, 12, 28),
        date(2027, 1, 5),
        True,
        "APL Art. 64(1), 85 (2027 unpublished)",
    ),
]


@pytest.mark.parametrize(("code", "start", "due", "provisional", "article"), COMPUTED)
def test_due_is_computed_from_the_rule_on_the_holiday_calendar(
    world, subject, code, start, due, provisional, article
):
    # given a subject and the national calendar
    # when
    d = services.open_deadline(subject=subject, agency=world.hangzhou, code=code, start=start)
    # then
    assert (d.due, d.provisional) == (due, provisional), article
    assert d.original_due == due and d.start == start and d.state == DeadlineState.OPEN
    assert d.amount is not None and d.unit
    assert "Art." in d.basis
    if provisional:
        assert "临时结果" in d.basis


def test_hour_limit_keeps_the_instant_and_does_not_roll_over_holidays(world, subject):
    # given an emergency coercive measure taken on National Day (ACL Art. 19: report in 24 h)
    taken = datetime(2026, 10, 1, 9, 30, tzinfo=BEIJING)
    # when
    d = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A5_emergency_measure_report", start=taken
    )
    # then
    assert d.due_at == datetime(2026, 10, 2, 9, 30, tzinfo=BEIJING)
    assert d.due == date(2026, 10, 2) and d.unit == "hours" and d.amount == 24


def test_open_journals_once_with_the_deadline(world, subject, officer):
    # when
    d = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A10_hearing_request",
        start=date(2026, 9, 30),
        actor=officer,
        responsible=[officer],
    )
    # then
    entry = _entries("deadline.opened").get()
    payload = json.loads(entry.payload)
    assert (entry.subject_type, entry.subject_id) == ("accounts.user", str(subject.pk))
    assert entry.agency_id == world.hangzhou.pk and entry.actor_id == officer.pk
    assert payload["deadline_id"] == d.pk and payload["due"] == "2026-10-13"
    assert list(d.responsible.all()) == [officer]


def test_passed_in_due_is_stored_as_given(world, subject):
    # given a province's statement window, computed elsewhere (legal.md §A12, §I 2)
    # when
    d = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A12_statement",
        start=date(2026, 9, 28),
        due=date(2026, 10, 9),
        unit="working_days",
        amount=3,
    )
    # then
    assert d.due == date(2026, 10, 9) and d.unit == "working_days" and d.amount == 3
    assert d.title == "陈述申辩期" and "APL" in d.basis and not d.provisional


def test_a_due_from_the_calendar_keeps_its_provisional_flag(world, subject):
    # given a court window computed by the caller on the calendar
    due = compute_deadline(date(2026, 12, 1), 3, "months")
    # when
    d = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A22_court_enforcement_application",
        start=date(2026, 12, 1),
        due=due,
    )
    # then
    assert d.due == date(2027, 3, 1) and d.provisional and d.unit == "months"


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"code": "A99_nothing"}, InvalidInput, "calendar_unknown_rule"),
        ({"code": "bad code!"}, InvalidDeadline, "invalid_deadline"),
        ({"code": "A12_statement", "due": date(2026, 9, 1)}, InvalidDeadline, "invalid_deadline"),
        ({"code": "A5_emergency_measure_report"}, InvalidInput, "calendar_start_needs_time"),
        (
            {"code": "A13_decision", "start": date(2019, 1, 1)},
            InvalidInput,
            "calendar_rule_not_in_force",
        ),
    ],
)
def test_bad_openings_are_refused_and_change_nothing(world, subject, kwargs, error, code):
    # given
    args = {"subject": subject, "agency": world.hangzhou, "start": date(2026, 9, 28)} | kwargs
    # when / then
    with pytest.raises(error) as exc:
        services.open_deadline(**args)
    assert exc.value.code == code
    assert not Deadline.objects.exists() and not _entries("deadline.opened").exists()


def test_one_open_deadline_per_subject_and_code(world, subject):
    # given
    services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    # when / then
    with pytest.raises(DeadlineAlreadyOpen) as exc:
        services.open_deadline(
            subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 3)
        )
    assert exc.value.status == 409
    assert Deadline.objects.count() == 1


def test_the_database_keeps_one_open_deadline_per_subject_and_code(world, subject):
    # given
    d = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    # when / then: a write that skips the service still cannot make a second open row
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.create(
            subject_type=d.subject_type,
            subject_id=d.subject_id,
            agency=world.hangzhou,
            code=d.code,
            title=d.title,
            start=d.start,
            due=d.due,
            original_due=d.due,
        )


def test_the_same_code_may_run_for_another_subject(world, subject, officer):
    # when
    services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    services.open_deadline(
        subject=officer, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    # then
    assert Deadline.objects.filter(state="open").count() == 2


def test_close_then_reopen(world, subject, officer):
    # given
    services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    # when
    closed = services.close_deadline(subject=subject, code="A13_decision", actor=officer)
    again = services.close_deadline(subject=subject, code="A13_decision")
    reopened = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 4, 1)
    )
    # then
    assert closed.state == DeadlineState.MET and closed.closed_at is not None
    assert again is None
    assert reopened.pk != closed.pk
    assert deadlines_for(subject).count() == 2
    assert open_deadline_of(subject, "A13_decision") == reopened
    assert _entries("deadline.closed").count() == 1


@pytest.mark.parametrize(
    ("reason", "state"),
    [("met", "met"), ("lapsed", "lapsed"), ("superseded", "cancelled"), ("withdrawn", "cancelled")],
)
def test_close_reason_sets_the_state(world, subject, reason, state):
    # given
    services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    # when
    d = services.close_deadline(subject=subject, code="A13_decision", reason=reason)
    # then
    assert d.state == state and d.close_reason == reason


def test_star_closes_every_open_deadline_of_the_subject(world, subject, officer):
    # given (closing a case closes all its periods, TEPP Art. 122)
    for code in ("A13_decision", "A10_hearing_request"):
        services.open_deadline(
            subject=subject, agency=world.hangzhou, code=code, start=date(2026, 9, 1)
        )
    services.open_deadline(
        subject=officer, agency=world.hangzhou, code="A13_decision", start=date(2026, 9, 1)
    )
    # when
    assert services.close_deadline(subject=subject, code="*", reason="case_closed") is None
    # then
    assert not deadlines_for(subject).filter(state="open").exists()
    assert deadlines_for(officer).filter(state="open").count() == 1
    assert _entries("deadline.closed").count() == 2
