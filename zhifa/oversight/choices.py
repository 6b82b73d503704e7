from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckKind(models.TextChoices):
    SCHEDULED = "scheduled", _("计划督查")
    UNANNOUNCED = "unannounced", _("明察暗访")
    FOLLOW_UP = "follow_up", _("整改回头看")


class SourceKind(models.TextChoices):
    CHECK_FINDING = "check_finding", _("督查发现问题")
    CASE_FILE_REVIEW = "case_file_review", _("案卷评查")
    INDICATOR = "indicator", _("执法监督指标")
    HOT_SPOT = "hot_spot", _("投诉举报热点")
    FINE_DISPERSION = "fine_dispersion", _("同案不同罚监测")
    OTHER = "other", _("其他")


class RectificationState(models.TextChoices):
    OPEN = "open", _("整改中")
    RESPONDED = "responded", _("已报送整改情况")
    CLOSED = "closed", _("已销号")


class ReferralState(models.TextChoices):
    REFERRED = "referred", _("已移送")
    CONCLUDED = "concluded", _("已反馈处理结果")


class FlagConclusion(models.TextChoices):
    JUSTIFIED = "justified", _("理由充分，不予纠正")
    RECTIFICATION = "rectification", _("责令整改")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报部")


class ExemplaryState(models.TextChoices):
    PROPOSED = "proposed", _("待审核")
    APPROVED = "approved", _("已审核")
