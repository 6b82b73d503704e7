from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    ORGANISATION = "organisation", _("单位")
    PERSON = "person", _("个人")


class PlanState(models.TextChoices):
    OPEN = "open", _("待抽取")
    AWAITING_APPROVAL = "awaiting_approval", _("超出年度检查上限，待上级批准")
    DRAWN = "drawn", _("已抽取")
    REFUSED = "refused", _("上级未批准超出年度检查上限")


class DrawState(models.TextChoices):
    MADE = "made", _("已抽取")
    HELD = "held", _("超出年度检查上限，待上级批准")
    REFUSED = "refused", _("上级未批准，未派出检查")


class InspectionState(models.TextChoices):
    SCHEDULED = "scheduled", _("待检查")
    DONE = "done", _("已检查")
    JOINED = "joined", _("已并入联合检查")
    CANCELLED = "cancelled", _("已取消")


OPEN_STATES = (InspectionState.SCHEDULED,)


class Outcome(models.TextChoices):
    NO_PROBLEM = "no_problem", _("未发现问题")
    PROBLEM = "problem", _("发现问题")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("待对方机构确认")
    ACCEPTED = "accepted", _("已合并为联合检查")
    DECLINED = "declined", _("对方未同意")
