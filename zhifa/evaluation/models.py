"""评议考核 (schemes, rounds, evaluations) and 案卷评查 (review rounds and the sampled case files).

legal.md §E.6; T3 《交通运输行政执法评议考核规定》. Scores are computed by zhifa.core.evaluation;
rows keep what went in (marks, figures, triggers) and what came out (lines, total, band).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhifa.core import evaluation as ev

from .choices import (
    AppealDecision,
    Band,
    EvaluationState,
    ItemKind,
    ReviewState,
    RoundKind,
    RoundState,
    Target,
)

USER = settings.AUTH_USER_MODEL
POINTS = {"max_digits": 5, "decimal_places": 1}


class Scheme(models.Model):
    """A province's (or a directly administered system's) evaluation scheme for a year: items and
    weights on the 100-point scale and the band thresholds (T3 Art. 14)."""

    owner = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("制定机关")
    )
    name = models.CharField(_("方案名称"), max_length=128)
    year = models.PositiveSmallIntegerField(_("年度"))
    excellent_min = models.DecimalField(_("优秀分数线"), default=ev.DEFAULT_EXCELLENT_MIN, **POINTS)
    meets_min = models.DecimalField(_("达标分数线"), default=ev.DEFAULT_MEETS_MIN, **POINTS)
    bonus_cap = models.DecimalField(_("加分上限"), default=ev.DEFAULT_BONUS_CAP, **POINTS)
    self_correction_relief = models.DecimalField(
        _("自查自纠减扣比例"), max_digits=3, decimal_places=2, default=Decimal("0.5")
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评议考核方案")
        verbose_name_plural = _("评议考核方案")
        ordering = ["-year", "owner__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "name"], name="eval_scheme_unique")
        ]

    def __str__(self):
        return f"{self.year}年 {self.name}"

    def as_core(self) -> ev.Scheme:
        return ev.Scheme(
            items=tuple(i.as_core() for i in self.items.all()),
            excellent_min=self.excellent_min,
            meets_min=self.meets_min,
            bonus_cap=self.bonus_cap,
            self_correction_relief=self.self_correction_relief,
        )


class SchemeItem(models.Model):
    """One item of a scheme; automatic items name their figure (feeds.FEEDS) and scale."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    code = models.CharField(_("编号"), max_length=32)
    label = models.CharField(_("项目"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices)
    weight = models.DecimalField(_("分值"), **POINTS)
    feed = models.CharField(_("自动计分指标"), max_length=48, blank=True)
    full_at = models.DecimalField(
        _("满分值"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    zero_at = models.DecimalField(
        _("零分值"), max_digits=9, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("评议考核项目")
        verbose_name_plural = _("评议考核项目")
        ordering = ["scheme_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="eval_item_unique_code")
        ]

    def __str__(self):
        return f"{self.label}（{self.weight}分）"

    def as_core(self) -> ev.Item:
        return ev.Item(
            self.code, self.label, self.kind, self.weight, self.feed, self.full_at, self.zero_at
        )


class Round(models.Model):
    """One evaluation round (日常 or 年度) run by `organiser` over its subordinate units or its own
    officers (T3 Arts. 3, 11–12)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rounds")
    organiser = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织机关")
    )
    kind = models.CharField(_("类别"), max_length=8, choices=RoundKind.choices)
    target = models.CharField(_("对象"), max_length=8, choices=Target.choices)
    title = models.CharField(_("名称"), max_length=128)
    period_start = models.DateField(_("考核期起"))
    period_end = models.DateField(_("考核期止"))
    state = models.CharField(
        _("状态"), max_length=16, choices=RoundState.choices, default=RoundState.OPEN
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评议考核")
        verbose_name_plural = _("评议考核")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="eval_round_period"
            )
        ]

    def __str__(self):
        return self.title


class Evaluation(models.Model):
    """One unit's or one officer's evaluation in a round: inputs, result, appeal and re-check."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="evaluations")
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("被考核单位")
    )
    officer = models.ForeignKey(
        "officers.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("被考核执法人员"),
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=EvaluationState.choices, default=EvaluationState.PENDING
    )
    figures = models.JSONField(_("自动计分指标值"), default=dict)
    found_triggers = models.JSONField(_("自动发现的不达标情形"), default=dict)
    marks = models.JSONField(_("评分"), default=dict)
    bonus = models.JSONField(_("加分"), default=dict)
    triggers = models.JSONField(_("不达标情形"), default=list)
    lines = models.JSONField(_("得分明细"), default=list)
    total = models.DecimalField(_("得分"), null=True, blank=True, **POINTS)
    band = models.CharField(_("等次"), max_length=16, choices=Band.choices, blank=True)
    evaluator = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    appeal_reason = models.TextField(_("申诉理由"), blank=True)
    appealed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appealed_at = models.DateTimeField(_("申诉时间"), null=True, blank=True)
    appeal_decision = models.CharField(
        _("复核结论"), max_length=8, choices=AppealDecision.choices, blank=True
    )
    appeal_note = models.TextField(_("复核意见"), blank=True)
    appeal_decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    recheck_note = models.TextField(_("上级复查意见"), blank=True)
    rechecked_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rechecked_at = models.DateTimeField(_("复查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评议考核结果")
        verbose_name_plural = _("评议考核结果")
        ordering = ["round_id", "agency__path", "officer_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "agency"],
                condition=Q(officer__isnull=True),
                name="eval_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["round", "officer"],
                condition=Q(officer__isnull=False),
                name="eval_one_per_officer",
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.officer_id:
            user = self.officer.user
            return user.full_name or user.username
        return self.agency.name


class CaseFileReview(models.Model):
    """A case-file review (案卷评查, T3 Art. 16): the sample drawn from `seed` over the closed and
    archived cases below `organiser`, scored by `reviewer`."""

    organiser = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织机关")
    )
    scope = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评查范围"),
    )
    title = models.CharField(_("名称"), max_length=128)
    period_start = models.DateField(_("结案期起"))
    period_end = models.DateField(_("结案期止"))
    seed = models.CharField(_("抽样种子"), max_length=64)
    size = models.PositiveIntegerField(_("抽取数量"))
    population = models.PositiveIntegerField(_("可抽案卷数"), default=0)
    reviewer = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("评查人员")
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("案卷评查")
        verbose_name_plural = _("案卷评查")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class ReviewedCaseFile(models.Model):
    """One sampled case file: findings per checklist item, score, and the agency's correction."""

    review = models.ForeignKey(CaseFileReview, on_delete=models.PROTECT, related_name="cases")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    provision = models.ForeignKey(
        "law.PenaltyProvision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    findings = models.JSONField(_("评查意见"), default=list)
    score = models.DecimalField(_("评查得分"), null=True, blank=True, **POINTS)
    scored_at = models.DateTimeField(_("评查时间"), null=True, blank=True)
    correction = models.TextField(_("整改情况"), blank=True)
    corrected_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(_("整改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评查案卷")
        verbose_name_plural = _("评查案卷")
        ordering = ["review_id", "case_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "case"], name="case_review_unique_case")
        ]

    def __str__(self):
        return f"{self.review} · {self.case}"
