"""The inputs of a compulsory-execution step that ACL Art. 43 needs: when it is carried out (local
time), whether that day is a holiday or rest day on the calendar, and any emergency ground.

The rule itself is pure (`zhifa.core.execution_time`); this module only reads the step's inputs and
asks the holiday calendar, so the snapshot the guard sees carries them."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..errors import InvalidCaseInput

EXECUTION_STEPS = frozenset({"decide_execution", "resume_execution"})
MAX_GROUND = 500


def execution_time_inputs(code: str, inputs: dict) -> dict:
    """Proposal fields for an execution step (empty for every other step)."""
    if code not in EXECUTION_STEPS:
        return {}
    at = inputs.get("executed_at")
    if isinstance(at, str):
        at = parse_datetime(at.strip()) if at.strip() else None
        if at is None and inputs.get("executed_at", "").strip():
            raise InvalidCaseInput("实施强制执行的时间格式有误", code="executed_at_invalid")
    if at is not None and not isinstance(at, datetime):
        raise InvalidCaseInput("实施强制执行的时间格式有误", code="executed_at_invalid")
    if at is not None:
        # the party's local time decides night or day (ACL Art. 43)
        at = timezone.localtime(at) if timezone.is_aware(at) else at
        at = at.replace(tzinfo=None)
    ground = inputs.get("emergency_ground") or ""
    if not isinstance(ground, str):
        raise InvalidCaseInput("紧急情形应为文字", code="emergency_ground_invalid")
    day_off = False
    if at is not None:
        from zhifa.workcalendar.selectors import national_calendar

        working, _provisional = national_calendar().is_working_day(at.date())
        day_off = not working
    return {
        "execution_at": at,
        "execution_day_off": day_off,
        "emergency_ground": ground.strip()[:MAX_GROUND] or None,
    }
