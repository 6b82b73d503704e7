"""When compulsory execution may be carried out (ACL Art. 43).

行政强制法第四十三条第一款：行政机关不得在夜间或者法定节假日实施行政强制执行。但是，情况紧急的除外。

- Night (夜间) is 22:00 to 06:00, the span the platform uses (the brief's figure; the ACL gives no
  hours — 《环境噪声污染防治法》 and 《治安管理处罚法》 practice use the same 22:00–06:00).
- 法定节假日 is read as every day that is not a working day on the State Council's arrangement:
  the statutory holidays and the weekly rest days not moved to work (the caller asks the holiday
  calendar, `WorkingDayCalendar.is_working_day`). This is the party-protective reading; the spec
  (legal.md §B.4 "Night and holiday enforcement") does not separate rest days from holidays.
- The exception needs an emergency ground recorded with the act (情况紧急的除外).

Facts in, answer out: no clock, no calendar, no database.
"""

from __future__ import annotations

from datetime import datetime, time

from zhifa.core.officers import Refusal

NIGHT_STARTS = time(22, 0)
NIGHT_ENDS = time(6, 0)
ARTICLE = "ACL Art. 43"


def at_night(at: datetime) -> bool:
    """22:00 inclusive to 06:00 exclusive, local time."""
    t = at.time()
    return t >= NIGHT_STARTS or t < NIGHT_ENDS


def execution_time_refusal(
    at: datetime | None, day_off: bool, emergency_ground: str | None
) -> Refusal | None:
    """Why compulsory execution may not be carried out at `at` (local time); None: it may.

    `day_off`: the day of `at` is a statutory holiday or rest day on the calendar."""
    if at is None:
        return Refusal(
            "execution_time_missing",
            "请填写实施强制执行的时间（行政强制法第四十三条：不得在夜间或者法定节假日实施）",
            ARTICLE,
        )
    ground = (emergency_ground or "").strip()
    if ground:
        return None  # 情况紧急的除外: the recorded emergency ground allows it
    if at_night(at):
        return Refusal(
            "execution_at_night",
            f"{at:%Y-%m-%d %H:%M}属于夜间（22时至次日6时），不得实施行政强制执行；"
            "情况紧急的，请载明紧急情形",
            ARTICLE,
        )
    if day_off:
        return Refusal(
            "execution_on_holiday",
            f"{at:%Y-%m-%d}为法定节假日，不得实施行政强制执行；情况紧急的，请载明紧急情形",
            ARTICLE,
        )
    return None
