"""处罚规定清理评估 (ProvisionReview): a supervisor's review of one penalty provision in their scope,
the what-if replays of proposed benchmarks over its past decided cases, and the conclusion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Conclusion, ProposalSource, ReplayStatus

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


class ProvisionReview(models.Model):
    """One review of one provision by one supervising agency (its scope is the agency's subtree)."""

    provision = models.ForeignKey(
        "law.PenaltyProvision",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("处罚条款"),
    )
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("评估机关")
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    # the figures and flags when the review was opened (the page shows today's beside them)
    figures = models.JSONField(_("评估时的统计"), default=dict)
    conclusion = models.CharField(
        _("评估结论"), max_length=16, choices=Conclusion.choices, blank=True
    )
    reasons = models.TextField(_("结论理由"), blank=True)
    concluded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("处罚规定清理评估")
        verbose_name_plural = _("处罚规定清理评估")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(conclusion="") | ~models.Q(reasons=""),
                name="provision_review_conclusion_has_reasons",
            ),
            models.UniqueConstraint(
                fields=["provision", "agency"],
                condition=models.Q(conclusion=""),
                name="provision_review_one_open_per_agency",
            ),
        ]

    def __str__(self):
        return f"{self.provision} 清理评估（{self.agency}）"


class Replay(models.Model):
    """A proposed benchmark replayed over the review's past decided cases (a background job)."""

    review = models.ForeignKey(ProvisionReview, on_delete=models.PROTECT, related_name="replays")
    base = models.ForeignKey(
        "law.Benchmark",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("被替换的现行基准"),
    )
    source = models.CharField(_("拟议基准来源"), max_length=16, choices=ProposalSource.choices)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    proposal = models.JSONField(_("拟议基准"))  # a benchmarks.json record
    note = models.CharField(_("说明"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ReplayStatus.choices, default=ReplayStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("案件总数"), default=0)
    done = models.PositiveIntegerField(_("已推演"), default=0)
    cursor = models.BigIntegerField(_("已推演至案件"), default=0)  # the last case id replayed
    tally = models.JSONField(_("汇总"), default=dict)
    error = models.TextField(_("中断原因"), blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("拟议基准推演")
        verbose_name_plural = _("拟议基准推演")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="replay_done_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.review} 推演{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)


class ReplayChange(models.Model):
    """One decided case whose recommendation the proposal changes (the drill-down list)."""

    replay = models.ForeignKey(Replay, on_delete=models.CASCADE, related_name="changes")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    decided_fine = models.DecimalField(_("决定罚款"), **MONEY)
    outcome_before = models.CharField(max_length=24)
    outcome_after = models.CharField(max_length=24)
    level_before = models.CharField(_("原阶次"), max_length=64, blank=True)
    level_after = models.CharField(_("拟议阶次"), max_length=64, blank=True)
    low_before = models.DecimalField(**MONEY)
    high_before = models.DecimalField(**MONEY)
    low_after = models.DecimalField(**MONEY)
    high_after = models.DecimalField(**MONEY)
    amount_before = models.DecimalField(_("原建议数额"), **MONEY)
    amount_after = models.DecimalField(_("拟议建议数额"), **MONEY)

    class Meta:
        verbose_name = _("推演变化的案件")
        verbose_name_plural = _("推演变化的案件")
        ordering = ["case_id"]
        constraints = [
            models.UniqueConstraint(fields=["replay", "case"], name="replay_change_once"),
        ]

    def __str__(self):
        return f"{self.replay} {self.case_id}"

    @property
    def outcome_changed(self) -> bool:
        return self.outcome_before != self.outcome_after

    @property
    def outcome_texts(self) -> tuple[str, str]:
        """The two outcomes in Chinese (应当不予处罚 / 可以不予处罚 / 予以处罚)."""
        from zhifa.core.discretion.engine import OUTCOME_ZH

        texts = {o.value: t for o, t in OUTCOME_ZH.items()}
        return texts.get(self.outcome_before, ""), texts.get(self.outcome_after, "")
