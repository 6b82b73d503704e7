"""Errors of the working-day calendar, with stable codes."""

from zhifa.core.errors import Conflict, InvalidInput


class CalendarFileInvalid(InvalidInput, code="calendar_file_invalid"):
    """An import file with bad rows: `details["errors"]` lists each as {"line", "reason"}."""


class CalendarYearExists(Conflict, code="calendar_year_exists"): ...
