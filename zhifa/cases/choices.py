"""Choices of the cases app. Case states and procedures are the core's (zhifa.core.procedure)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core.procedure import State
from zhifa.core.procedure.model import STATE_LABELS
from zhifa.core.procedure.rules import (
    NO_PENALTY_GROUNDS,
    RECUSAL_GROUNDS,
    REVIEW_CHECKLIST,
    SERVICE_METHODS,
)

STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in State]
STATE_LABEL = dict(STATE_CHOICES)


class ProcedureKind(models.TextChoices):
    NONE = "", _("未确定")
    SUMMARY = "summary", _("简易程序")
    GENERAL = "general", _("普通程序")


PROCEDURE_CHOICES = ProcedureKind.choices


class LeadSource(models.TextChoices):
    """Where a lead came from (TEPP Art. 62)."""

    INSPECTION = "inspection", _("检查发现")
    REPORT = "report", _("投诉举报")
    TRANSFER = "transfer", _("其他机关移送")
    ASSIGNMENT = "assignment", _("上级交办")


class LeadState(models.TextChoices):
    OPEN = "open", _("待处理")
    FILED = "filed", _("已立案")
    NOT_FILED = "not_filed", _("不予立案")
    DECIDED_ON_SPOT = "decided_on_spot", _("当场处罚")
    TRANSFERRED = "transferred", _("已移送")


class PartyKind(models.TextChoices):
    PERSON = "person", _("公民（自然人）")
    ORGANISATION = "organisation", _("法人或者其他组织")


class OfficerRole(models.TextChoices):
    LEAD = "lead", _("主办")
    ASSIST = "assist", _("协办")


class RecusalRequester(models.TextChoices):
    PARTY = "party", _("当事人申请")
    OFFICER = "officer", _("执法人员自行回避")


class RecusalStatus(models.TextChoices):
    PENDING = "pending", _("待决定")
    APPROVED = "approved", _("决定回避")
    REFUSED = "refused", _("决定不予回避")


RECUSAL_GROUND_CHOICES = list(RECUSAL_GROUNDS.items())


class ReviewState(models.TextChoices):
    PENDING = "pending", _("审核中")
    PASSED = "passed", _("审核通过")
    FAILED = "failed", _("审核未通过")


class ReviewOutcome(models.TextChoices):
    AGREE = "agree", _("同意")
    PROBLEMS = "problems", _("存在问题")


REVIEW_CHECKLIST_CHOICES = list(REVIEW_CHECKLIST.items())


class DeliberationState(models.TextChoices):
    PENDING = "pending", _("待讨论")
    RESOLVED = "resolved", _("已作出决定")


class ResolutionKind(models.TextChoices):
    PENALTY = "penalty", _("给予行政处罚")
    NO_PENALTY = "no_penalty", _("不予行政处罚")
    FURTHER_INVESTIGATION = "further_investigation", _("补充调查")
    TRANSFER = "transfer", _("移送司法机关")


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    NO_PENALTY = "no_penalty", _("不予行政处罚")


NO_PENALTY_GROUND_CHOICES = [(k, v[0]) for k, v in NO_PENALTY_GROUNDS.items()]
SERVICE_METHOD_CHOICES = list(SERVICE_METHODS.items())


class PlanKind(models.TextChoices):
    DEFERRAL = "deferral", _("暂缓缴纳")
    INSTALMENTS = "instalments", _("分期缴纳")


# States in which a case is still open (for the list's "open" filter and the dashboards).
CLOSED_STATES = frozenset({State.NOT_FILED, State.CLOSED, State.ARCHIVED})


class RemedyKind(models.TextChoices):
    """legal.md §H; the values are the core's (zhifa.core.remedies.Kind)."""

    NONE = "", _("未注明")
    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION = "litigation", _("行政诉讼")


class RemedyOutcome(models.TextChoices):
    """The reconsideration decision or judgment (zhifa.core.remedies.Outcome)."""

    NONE = "", _("尚无结果")
    UPHELD = "upheld", _("维持（驳回诉讼请求）")
    CHANGED = "changed", _("变更")
    REVOKED = "revoked", _("撤销")
    CONFIRMED_ILLEGAL = "confirmed_illegal", _("确认违法")
    CONFIRMED_VOID = "confirmed_void", _("确认无效")
    ORDERED_TO_PERFORM = "ordered_to_perform", _("责令履行")
    WITHDRAWN = "withdrawn", _("撤回申请或撤诉")
    SETTLED = "settled", _("调解或和解")
