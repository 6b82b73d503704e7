"""The deadline rollup (a job): overdue rate per kind, with the time it was computed."""

from datetime import UTC, date, datetime, timedelta
from itertools import count

from django.core.management import call_command

from zhifa.deadlines.choices import DeadlineFlag, DeadlineState
from zhifa.deadlines.models import Deadline
from zhifa.indicators import selectors
from zhifa.indicators.models import RefreshMark

_ids = count(1)


def _deadline(agency, code, due, *, state=DeadlineState.OPEN, flag=DeadlineFlag.NONE):
    closed = None if state == DeadlineState.OPEN else datetime(2026, 10, 9, tzinfo=UTC)
    return Deadline.objects.create(
        closed_at=closed,
        subject_type="cases.case",
        subject_id=str(next(_ids)),
        agency=agency,
        code=code,
        title=f"期限{code}",
        start=due - timedelta(days=10),
        due=due,
        original_due=due,
        state=state,
        flag=flag,
    )


def test_overdue_rate_per_kind(world):
    hz = world.hangzhou
    # given three A13 deadlines due in October (one overdue, one met in time, one still open)
    _deadline(hz, "A13_decision", date(2026, 10, 5), flag=DeadlineFlag.OVERDUE)
    _deadline(hz, "A13_decision", date(2026, 10, 6), state=DeadlineState.MET)
    _deadline(hz, "A13_decision", date(2026, 10, 7))
    # a cancelled one and one not yet due are not counted
    _deadline(hz, "A13_decision", date(2026, 10, 8), state=DeadlineState.CANCELLED)
    _deadline(hz, "A14_decision_service", date(2026, 12, 30))
    # when the job runs on 1 December
    call_command("refresh_indicators")
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    from zhifa.indicators.services import refresh_deadlines

    refresh_deadlines(now=now)
    # then the kind's rate is 1 of 3, and the page's lag comes from the mark
    kinds = selectors.deadline_kinds(world.zhejiang, selectors.Period(2026))
    assert [(k["code"], k["due"], k["overdue"], k["on_time"]) for k in kinds] == [
        ("A13_decision", 3, 1, 1)
    ]
    assert kinds[0]["rate"] == 33.3
    assert RefreshMark.objects.get(name="deadlines").refreshed_at == now
    _, total = selectors.case_table(world.zhejiang, selectors.Period(2026))
    assert total.value(selectors.BY_CODE["overdue_rate"]) == 33.3
