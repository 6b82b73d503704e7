from datetime import date

import pytest

from zhifa.deadlines import services
from zhifa.deadlines.choices import DeadlineState
from zhifa.deadlines.errors import DeadlineAlreadyOpen
from zhifa.deadlines.models import Deadline
from zhifa.deadlines.selectors import deadlines_for
from zhifa.records.models import JournalEntry


def _events(kind):
    return JournalEntry.objects.filter(event_type=kind)


def test_open_computes_due_from_rule_and_journals(world, subject, officer):
    # given a hearing-request window starting the day before National Day 2026
    # when
    d = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A10_hearing_request",
        start=date(2026, 9, 30),
        actor=officer,
        responsible=[officer],
    )
    # then 5 working days skip the holiday week (APL Art. 64(1), 85)
    assert d.due > date(2026, 10, 7)
    assert d.original_due == d.due and d.state == DeadlineState.OPEN
    assert d.unit == "working_days" and d.amount == 5 and not d.provisional
    assert list(d.responsible.all()) == [officer]
    assert _events("deadline.opened").count() == 1


def test_one_open_deadline_per_subject_and_code(world, subject):
    # given
    services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    # when / then
    with pytest.raises(DeadlineAlreadyOpen):
        services.open_deadline(
            subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 3)
        )
    assert Deadline.objects.count() == 1


def test_close_then_reopen(world, subject):
    # given
    services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 3, 2)
    )
    # when
    closed = services.close_deadline(subject=subject, code="A13_decision")
    again = services.close_deadline(subject=subject, code="A13_decision")
    reopened = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision", start=date(2026, 4, 1)
    )
    # then
    assert closed.state == DeadlineState.MET and closed.closed_at is not None
    assert again is None
    assert reopened.pk != closed.pk
    assert deadlines_for(subject).count() == 2
    assert _events("deadline.closed").count() == 1
