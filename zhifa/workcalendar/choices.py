from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    """The two kinds of special day in a State Council holiday notice."""

    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


# The spellings accepted in an import file's `kind` column, as a notice or a clerk writes them.
KIND_SPELLINGS = {
    "holiday": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
}
