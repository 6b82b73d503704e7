"""Table tests of the pure training and assessment rules (issue 14 items 1–2)."""

from datetime import date
from decimal import Decimal as D

import pytest

from zhifa.core.training import (
    YearHours,
    in_last_quarter,
    passed,
    required_hours,
    score_problem,
    training_record_problem,
)

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("starts", "ends", "hours", "code"),
    [
        (date(2026, 6, 15), date(2026, 6, 15), D(8), None),
        (date(2026, 6, 15), date(2026, 6, 15), D(24), None),
        (date(2026, 6, 15), date(2026, 6, 15), D("24.5"), "training_hours_over_24_a_day"),
        (date(2026, 6, 1), date(2026, 6, 3), D(72), None),  # three days, 24 each at most
        (date(2026, 6, 1), date(2026, 6, 3), D(73), "training_hours_over_24_a_day"),
        (date(2026, 6, 16), date(2026, 6, 16), D(8), "training_in_future"),
        (date(2026, 6, 14), date(2026, 6, 16), D(8), "training_in_future"),
        (date(2026, 6, 3), date(2026, 6, 1), D(8), "training_dates_invalid"),
        (date(2026, 6, 1), date(2026, 6, 1), D(0), "training_hours_invalid"),
        (date(2026, 6, 1), date(2026, 6, 1), D(-1), "training_hours_invalid"),
    ],
)
def test_training_record_problems(starts, ends, hours, code):
    problem = training_record_problem(starts, ends, hours, TODAY)
    assert (problem.code if problem else None) == code
    if problem:
        assert problem.message  # Chinese, shown to people


@pytest.mark.parametrize(
    ("province", "by_province", "expected"),
    [
        (None, {}, D(60)),  # T5: 60 class hours a year
        ("浙江省", {}, D(60)),
        ("浙江省", {"浙江省": 72}, D(72)),
        ("四川省", {"浙江省": 72}, D(60)),
        ("浙江省", {"浙江省": "40.5"}, D("40.5")),
    ],
)
def test_required_hours_per_province(province, by_province, expected):
    assert required_hours(province, by_province) == expected


def test_year_hours_shortfall():
    assert YearHours(2026, D(45), D(60)).short == D(15)
    assert not YearHours(2026, D(45), D(60)).met
    assert YearHours(2026, D(61), D(60)).short == 0
    assert YearHours(2026, D(60), D(60)).met


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 9, 30), False), (date(2026, 10, 1), True), (date(2026, 12, 31), True)],
)
def test_reminders_in_the_last_quarter(day, expected):
    assert in_last_quarter(day) is expected


@pytest.mark.parametrize(
    ("score", "scale", "pass_mark", "code"),
    [
        (D(80), D(100), D(60), None),
        (D(0), D(100), D(60), None),
        (D(100), D(100), D(60), None),
        (D(101), D(100), D(60), "assessment_score_out_of_scale"),
        (D(-1), D(100), D(60), "assessment_score_out_of_scale"),
        (D(5), D(5), D(3), None),
        (D(6), D(5), D(3), "assessment_score_out_of_scale"),
        (D(50), D(100), D(120), "assessment_pass_mark_invalid"),
        (D(0), D(0), D(0), "assessment_scale_invalid"),
    ],
)
def test_score_on_its_scale(score, scale, pass_mark, code):
    problem = score_problem(score, scale, pass_mark)
    assert (problem.code if problem else None) == code


@pytest.mark.parametrize(
    ("score", "pass_mark", "expected"), [(D(60), D(60), True), (D("59.5"), D(60), False)]
)
def test_pass_at_the_mark(score, pass_mark, expected):
    assert passed(score, pass_mark) is expected


def test_sizes_the_records_hold():
    long_course = training_record_problem(date(2000, 1, 1), TODAY, D(10000), TODAY)
    assert long_course.code == "training_hours_invalid"
    assert score_problem(D(5), D(100000), D(1)).code == "assessment_scale_invalid"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026", 2026), ("99999", 2026), ("x", 2026), (None, 2026), (2030, 2030)],
)
def test_training_year(value, expected):
    from zhifa.core.training import training_year

    assert training_year(value, 2026) == expected
