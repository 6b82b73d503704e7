from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core.calendar import HOURS, MONTHS, NATURAL_DAYS, WORKING_DAYS, YEARS


class DeadlineState(models.TextChoices):
    OPEN = "open", _("进行中")
    MET = "met", _("已履行")
    LAPSED = "lapsed", _("已失效")
    CANCELLED = "cancelled", _("已撤销")


class DeadlineFlag(models.TextChoices):
    NONE = "none", _("正常")
    DUE_SOON = "due_soon", _("即将届满")
    OVERDUE = "overdue", _("已逾期")


class Unit(models.TextChoices):
    WORKING_DAYS = WORKING_DAYS, _("工作日")
    NATURAL_DAYS = NATURAL_DAYS, _("日（自然日）")
    HOURS = HOURS, _("小时")
    MONTHS = MONTHS, _("个月")
    YEARS = YEARS, _("年")


class ExtensionDecision(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")


CLOSED_STATES = (DeadlineState.MET, DeadlineState.LAPSED, DeadlineState.CANCELLED)
