"""Oversight (监督): supervisory checks with findings, rectification orders and their 回头看,
accountability referrals, the 同案不同罚 monitor's conclusions, exemplary cases and the province's
reports to the ministry (issue 13 items 6, 7, 9)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    CheckKind,
    ExemplaryState,
    FlagConclusion,
    PeriodKind,
    RectificationState,
    ReferralState,
    ReportState,
    SourceKind,
)

USER = settings.AUTH_USER_MODEL


class SupervisoryCheck(models.Model):
    """督查: a superior checks an agency (scheduled, unannounced 明察暗访, or a follow-up 回头看)."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("被检查单位")
    )
    checker_agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("检查机关")
    )
    checker = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("检查人")
    )
    kind = models.CharField(_("检查方式"), max_length=16, choices=CheckKind.choices)
    title = models.CharField(_("检查事项"), max_length=200)
    checked_on = models.DateField(_("检查日期"))
    summary = models.TextField(_("检查情况"), blank=True)
    rectification = models.ForeignKey(
        "Rectification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("回头看的整改事项"),
    )
    passed = models.BooleanField(_("回头看结论：整改到位"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("督查检查")
        verbose_name_plural = _("督查检查")
        ordering = ["-checked_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in CheckKind]), name="check_kind_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"


class Finding(models.Model):
    """发现问题: one problem a check found; it may lead to a rectification order."""

    check_record = models.ForeignKey(
        SupervisoryCheck, on_delete=models.PROTECT, related_name="findings"
    )
    text = models.TextField(_("问题"))
    serious = models.BooleanField(_("严重问题"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("发现问题")
        verbose_name_plural = _("发现问题")
        ordering = ["id"]

    def __str__(self):
        return self.text[:40]


class Rectification(models.Model):
    """整改: what the agency must correct, by when, who answers for it, and how it ended.

    The deadline is a `deadlines.Deadline` (code `OV_rectification`, a date the checker sets,
    counted in natural days); the state moves open → responded → closed, or back to open with a
    new deadline when the 回头看 finds it not done.
    """

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("整改单位")
    )
    title = models.CharField(_("整改事项"), max_length=200)
    detail = models.TextField(_("整改要求"), blank=True)
    source_kind = models.CharField(_("问题来源"), max_length=24, choices=SourceKind.choices)
    source_ref = models.CharField(_("来源说明"), max_length=300, blank=True)
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name=_("发现问题"),
    )
    owner = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("整改责任人")
    )
    checker = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("督办人")
    )
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=RectificationState.choices,
        default=RectificationState.OPEN,
    )
    rounds = models.PositiveSmallIntegerField(_("整改轮次"), default=1)
    response = models.TextField(_("整改情况"), blank=True)
    responded_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "state"], name="rectification_agency_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in RectificationState]),
                name="rectification_state_known",
            ),
            models.CheckConstraint(
                condition=Q(source_kind__in=[s.value for s in SourceKind]),
                name="rectification_source_known",
            ),
        ]

    def __str__(self):
        return self.title


class AccountabilityReferral(models.Model):
    """问责: a matter referred to discipline inspection (纪检监察) and the outcome it reported."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("涉及单位")
    )
    rectification = models.ForeignKey(
        Rectification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("整改事项"),
    )
    person = models.CharField(_("涉及人员"), max_length=100)
    body = models.CharField(_("移送机关"), max_length=200)
    reason = models.TextField(_("移送事由"))
    referred_on = models.DateField(_("移送日期"))
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("状态"), max_length=16, choices=ReferralState.choices, default=ReferralState.REFERRED
    )
    outcome = models.TextField(_("处理结果"), blank=True)
    outcome_on = models.DateField(_("反馈日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("问责移送")
        verbose_name_plural = _("问责移送")
        ordering = ["-referred_on", "-id"]

    def __str__(self):
        return f"{self.person}（{self.body}）"


class FlagReview(models.Model):
    """A supervisor's conclusion on one decision the 同案不同罚 monitor flagged."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件")
    )
    reasons = models.JSONField(_("提示理由"), default=list)
    conclusion = models.CharField(_("结论"), max_length=16, choices=FlagConclusion.choices)
    note = models.TextField(_("说明"))
    rectification = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("同案不同罚核查")
        verbose_name_plural = _("同案不同罚核查")
        ordering = ["-reviewed_at"]

    def __str__(self):
        return f"{self.case} {self.get_conclusion_display()}"


class ExemplaryCase(models.Model):
    """典型案例: a decided case told in masked text, approved before any report uses it."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件")
    )
    province = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("省级机构")
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("案情（已脱敏）"))
    lesson = models.TextField(_("典型意义"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=ExemplaryState.choices, default=ExemplaryState.PROPOSED
    )
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-proposed_at", "-id"]

    def __str__(self):
        return self.title


class MinistryReport(models.Model):
    """报部: a province's report for one period; `figures` is the snapshot the files are made from."""

    province = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("省级机构")
    )
    period_kind = models.CharField(_("报告周期"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("起始日"))
    period_end = models.DateField(_("截止日"))
    state = models.CharField(
        _("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    figures = models.JSONField(_("报告内容"), default=dict)
    generated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("报部报告")
        verbose_name_plural = _("报部报告")
        ordering = ["-period_start", "province_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "period_kind", "period_start"], name="ministry_report_once"
            ),
        ]

    def __str__(self):
        return f"{self.province} {self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}"
