"""ACL Art. 43: no compulsory execution at night (22:00–06:00) or on a statutory holiday, unless
an emergency ground is recorded. One row per case."""

from dataclasses import replace
from datetime import datetime

import pytest

from zhifa.core.execution_time import execution_time_refusal
from zhifa.core.procedure import fire
from zhifa.core.procedure.errors import GuardRefused
from zhifa.core.procedure.model import State

from .procedure_cases import ready

DT = datetime


@pytest.mark.parametrize(
    ("at", "day_off", "ground", "code"),
    [
        (DT(2026, 6, 2, 9, 0), False, "", None),
        (DT(2026, 6, 2, 21, 59), False, "", None),
        (DT(2026, 6, 2, 22, 0), False, "", "execution_at_night"),
        (DT(2026, 6, 2, 5, 59), False, "", "execution_at_night"),
        (DT(2026, 6, 2, 6, 0), False, "", None),
        (DT(2026, 10, 1, 10, 0), True, "", "execution_on_holiday"),
        # 情况紧急的除外: a recorded emergency ground allows both
        (DT(2026, 10, 1, 23, 0), True, "危险化学品泄漏，须立即清除", None),
        (DT(2026, 6, 2, 9, 0), False, "   ", None),
        (None, False, "", "execution_time_missing"),
    ],
)
def test_execution_time(at, day_off, ground, code):
    refusal = execution_time_refusal(at, day_off, ground)
    assert (refusal.code if refusal else None) == code
    if refusal is not None:
        assert refusal.article == "ACL Art. 43"
        assert "None" not in refusal.message


@pytest.mark.parametrize("transition", ["decide_execution", "resume_execution"])
def test_execution_at_night_is_refused_by_the_transition(transition):
    facts, roles, as_of = ready(transition)
    night = replace(facts.proposal, execution_at=DT(2024, 3, 1, 23, 30))
    with pytest.raises(GuardRefused) as refused:
        fire(transition, replace(facts, proposal=night), roles, as_of)
    assert [r.code for r in refused.value.refusals] == ["execution_at_night"]
    holiday = replace(facts.proposal, execution_day_off=True)
    with pytest.raises(GuardRefused) as refused:
        fire(transition, replace(facts, proposal=holiday), roles, as_of)
    assert [r.code for r in refused.value.refusals] == ["execution_on_holiday"]
    urgent = replace(night, emergency_ground="当事人正在转移被执行财物")
    outcome = fire(transition, replace(facts, proposal=urgent), roles, as_of)
    assert outcome.to_state == State.COMPULSORY_EXECUTION
