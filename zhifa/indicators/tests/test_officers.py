"""Officers' training hours and assessment results in the dashboard's subtree."""

from datetime import date, timedelta

from zhifa import testing
from zhifa.indicators import selectors
from zhifa.officers import services as officers
from zhifa.officers.choices import AssessmentKind, TrainingKind


def test_training_hours_and_pass_rate(world):
    head = testing.make_user(world.hangzhou, roles=("agency_head",))
    a = testing.make_officer(world.hangzhou)
    b = testing.make_officer(world.hangzhou)
    testing.make_officer(world.chengdu)  # another province: not counted for Zhejiang
    # given 40 + 20 hours in 2026 and 10 in 2025; two assessments in 2026, one failed
    for officer, hours, day in (
        (a, 40, date(2026, 3, 1)),
        (b, 20, date(2026, 5, 1)),
        (a, 10, date(2025, 5, 1)),
    ):
        officers.record_training(
            officer,
            title="法律知识培训",
            kind=TrainingKind.values[0],
            provider="省厅",
            hours=hours,
            starts_on=day,
            ends_on=day + timedelta(days=4),
            actor=head,
            today=date(2026, 6, 1),
        )
    kind = AssessmentKind.values[0]
    officers.record_assessment(
        a,
        kind=kind,
        title="执法考试",
        held_on=date(2026, 4, 1),
        score=85,
        actor=head,
        today=date(2026, 6, 1),
    )
    officers.record_assessment(
        b,
        kind=kind,
        title="执法考试",
        held_on=date(2026, 4, 1),
        score=50,
        actor=head,
        today=date(2026, 6, 1),
    )
    # then for Zhejiang in 2026: 60 hours over 2 officers, 1 pass of 2
    figures = selectors.officer_figures(world.zhejiang, 2026)
    assert figures["officers"] == 2
    assert figures["training_hours"] == 30.0
    assert figures["assessment_pass_rate"] == 50.0
    assert selectors.officer_figures(world.sichuan, 2026)["training_hours"] == 0.0
