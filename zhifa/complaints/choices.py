from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core import complaint_flow as flow
from zhifa.core.calendar import HOURS, NATURAL_DAYS, WORKING_DAYS


class Channel(models.TextChoices):
    # glossary: 投诉举报 → Complaint (channel: hotline_12328, web, wechat, app, letter, visit)
    HOTLINE_12328 = "hotline_12328", _("12328热线")
    WEB = "web", _("网站")
    WECHAT = "wechat", _("微信")
    APP = "app", _("手机应用")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    PUBLIC_SUPERVISOR = "public_supervisor", _("社会监督员")


class Category(models.TextChoices):
    # complaints-12328.md §3: three national categories; praise a subtype kept apart in statistics
    ENQUIRY = flow.ENQUIRY, _("信息咨询")
    COMPLAINT = flow.COMPLAINT, _("投诉举报")
    SUGGESTION = flow.SUGGESTION, _("意见建议")
    PRAISE = flow.PRAISE, _("表扬")


class SubjectType(models.TextChoices):
    # complaints-12328.md §8.3 design: operator violation vs enforcement conduct
    OPERATOR = "operator", _("经营者违法违规")
    CONDUCT = "conduct", _("执法行为（执法人员）")
    OTHER = "other", _("其他")


class Finding(models.TextChoices):
    # the closure review's finding on a complaint about an officer's conduct (issue 12 item 3)
    UPHELD = "upheld", _("投诉属实")
    NOT_UPHELD = "not_upheld", _("投诉不属实")


class State(models.TextChoices):
    RECEIVED = flow.RECEIVED, _("已受理")
    ANSWERED = flow.ANSWERED, _("已即时答复")
    TRANSFERRED = flow.TRANSFERRED, _("已转办")
    ACCEPTED = flow.ACCEPTED, _("承办单位已签收")
    IN_PROGRESS = flow.IN_PROGRESS, _("办理中")
    REPLIED = flow.REPLIED, _("已答复，待审核")
    RETURNED = flow.RETURNED, _("退回重办")
    CLOSED = flow.CLOSED, _("已办结")
    VISITED = flow.VISITED, _("已回访")
    ARCHIVED = flow.ARCHIVED, _("已归档")


class Rating(models.TextChoices):
    SATISFIED = flow.SATISFIED, _("满意")
    BASICALLY_SATISFIED = flow.BASICALLY_SATISFIED, _("基本满意")
    DISSATISFIED = flow.DISSATISFIED, _("不满意")


class Clock(models.TextChoices):
    TRANSFER = flow.CLOCK_TRANSFER, _("受理后转办或即时答复")
    ACCEPT = flow.CLOCK_ACCEPT, _("转办后承办单位签收")
    CLOSE = flow.CLOCK_CLOSE, _("转办后办结答复")
    VISIT = flow.CLOCK_VISIT, _("办结后回访")


class LimitUnit(models.TextChoices):
    WORKING_DAYS = WORKING_DAYS, _("工作日")
    NATURAL_DAYS = NATURAL_DAYS, _("自然日")
    HOURS = HOURS, _("小时")


# Deadline codes on the deadlines app, one per clock.
DEADLINE_CODES = {c: f"C12328_{c}" for c in flow.CLOCKS}
