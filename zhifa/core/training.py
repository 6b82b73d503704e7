"""Officers' training, assessments and conduct: pure rules, no Django (issue 14 items 1–3).

- Yearly in-service training: at least 60 class hours a year (法治政府建设实施纲要（2021—2025年）,
  conduct-codes.md §4.1 T5); the figure is configurable per province, 60 when not set.
- A training day counts at most 24 hours; a record may not be dated in the future.
- An assessment score lies on its scale (0..scale); it passes at or above the pass mark.
- Failing an assessment means off-post retraining (离岗培训) until a pass (T2 Arts. 31–32).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

DEFAULT_YEARLY_HOURS = Decimal(60)  # T5: 每人每年不少于60学时
MAX_HOURS_PER_DAY = Decimal(24)
MAX_HOURS_PER_RECORD = Decimal(9999)  # what the record holds; a year has 8,784 hours
MAX_SCALE = Decimal(10000)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def training_record_problem(
    starts_on: date, ends_on: date, hours: Decimal, today: date
) -> Problem | None:
    """Why a training record cannot be kept, or None."""
    if ends_on < starts_on:
        return Problem("training_dates_invalid", "培训结束日期不能早于开始日期。")
    if ends_on > today:
        return Problem("training_in_future", "培训记录的日期不能晚于今天，请在培训结束后登记。")
    if hours <= 0 or hours > MAX_HOURS_PER_RECORD:
        return Problem("training_hours_invalid", "培训学时必须大于零，且不超过9999学时。")
    days = (ends_on - starts_on).days + 1
    if hours > MAX_HOURS_PER_DAY * days:
        return Problem(
            "training_hours_over_24_a_day",
            f"培训学时超过每天24小时（{days}天最多{MAX_HOURS_PER_DAY * days}学时）。",
        )
    return None


def required_hours(province: str | None, by_province: dict[str, int | float | str]) -> Decimal:
    """The yearly requirement of the officer's province, else the national 60 (T5)."""
    if province and province in by_province:
        return Decimal(str(by_province[province]))
    return DEFAULT_YEARLY_HOURS


@dataclass(frozen=True)
class YearHours:
    year: int
    done: Decimal
    required: Decimal

    @property
    def short(self) -> Decimal:
        return max(Decimal(0), self.required - self.done)

    @property
    def met(self) -> bool:
        return self.short == 0


def in_last_quarter(day: date) -> bool:
    """Reminders go out from 1 October, the last quarter of the training year."""
    return day.month >= 10


def score_problem(score: Decimal, scale: Decimal, pass_mark: Decimal) -> Problem | None:
    """Why an assessment result cannot be kept, or None."""
    if not (0 < scale <= MAX_SCALE):
        return Problem("assessment_scale_invalid", "考核满分须大于零，且不超过10000分。")
    if not (0 <= pass_mark <= scale):
        return Problem("assessment_pass_mark_invalid", f"合格分数须在0至{scale}分之间。")
    if not (0 <= score <= scale):
        return Problem("assessment_score_out_of_scale", f"考核成绩须在0至{scale}分之间。")
    return None


def passed(score: Decimal, pass_mark: Decimal) -> bool:
    return score >= pass_mark


def training_year(value, default: int) -> int:
    """A training year asked for: 2000–2100, else `default` (no date arithmetic past year 9999)."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default
