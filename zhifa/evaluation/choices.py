from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core import evaluation as ev


class ItemKind(models.TextChoices):
    STANDARD = ev.STANDARD, _("评分项目")
    AUTOMATIC = ev.AUTOMATIC, _("自动计分项目")
    BONUS = ev.BONUS, _("加分项目")


class RoundKind(models.TextChoices):
    # T3 Arts. 11–12: day-to-day and annual evaluation
    DAILY = "daily", _("日常评议考核")
    ANNUAL = "annual", _("年度评议考核")


class Target(models.TextChoices):
    # T3 Arts. 2, 3, 11: units by their superiors, officers by their own department
    UNIT = "unit", _("下级执法部门")
    OFFICER = "officer", _("本单位执法人员")


class RoundState(models.TextChoices):
    OPEN = "open", _("评议考核中")
    REPORTED = "reported", _("已报送上级")


class EvaluationState(models.TextChoices):
    PENDING = "pending", _("待评分")
    SCORED = "scored", _("已评分（申诉期内）")
    APPEALED = "appealed", _("申诉复核中")
    FINAL = "final", _("结果确定")


class Band(models.TextChoices):
    EXCELLENT = ev.EXCELLENT, _("优秀")
    MEETS = ev.MEETS, _("达标")
    BELOW = ev.BELOW, _("不达标")


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", _("维持原结果")
    CHANGED = "changed", _("变更结果")


class ReviewState(models.TextChoices):
    PENDING = "pending", _("待评查")
    PASSED = "passed", _("评查无问题")
    RETURNED = "returned", _("已交办整改")
    CORRECTED = "corrected", _("已整改")


# the open state of an evaluation waiting on the evaluator, and the deadline code of an appeal
APPEAL_DEADLINE = "E_appeal"
