"""The national working-day calendar: which years have a State Council notice, and their special days.

Only the exceptions are stored: a holiday (放假日) or a make-up working day (调休上班日). Every other
day of a loaded year is a working day from Monday to Friday and a rest day on Saturday and Sunday.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose holiday arrangement (国务院办公厅关于部分节假日安排的通知) is loaded.

    A deadline that touches a year without a row here is computed provisionally (weekends and
    1 January only) and flagged as such.
    """

    year = models.PositiveSmallIntegerField(_("年度"), primary_key=True)
    source = models.CharField(_("依据"), max_length=255)
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导入人"),
    )

    class Meta:
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2199), name="calendaryear_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.year} 年放假安排"


class WorkCalendar(models.Model):
    """One special day of the national calendar: a holiday, or a make-up working day (调休)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("调休上班"), help_text=_("是：调休上班日（周末上班）；否：放假日。")
    )
    name = models.CharField(_("节日"), max_length=64, blank=True)
    year = models.ForeignKey(
        CalendarYear,
        on_delete=models.PROTECT,
        related_name="days",
        db_column="year",
        verbose_name=_("年度"),
    )

    class Meta:
        verbose_name = _("工作日历特殊日期")
        verbose_name_plural = _("工作日历特殊日期")
        ordering = ["date"]

    def __str__(self):
        kind = _("调休上班") if self.is_workday else _("放假")
        return f"{self.date.isoformat()} {self.name} {kind}".replace("  ", " ")

    @property
    def kind(self) -> str:
        return "workday" if self.is_workday else "holiday"
