"""Errors of the working-day calendar, with stable codes."""

from zhifa.core.errors import Conflict, InvalidInput


class CalendarFileInvalid(InvalidInput):
    """An import file with bad rows: `details["errors"]` lists each as {"line", "reason"}."""

    code = "calendar_file_invalid"


class CalendarYearExists(Conflict):
    code = "calendar_year_exists"
