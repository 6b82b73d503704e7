"""Deadlines (期限): every open obligation of a case or other record is a row, and its extensions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import DeadlineFlag, DeadlineState, ExtensionDecision, Unit


class Deadline(models.Model):
    """One statutory or set period running for a subject (a case, a measure, a request…).

    `due` is the last day on which the act is still on time (for hour limits, `due_at` is the
    instant and `due` its local day). `original_due` never changes: an approved extension moves
    `due` and leaves its trace in `ExtensionRequest` and the journal. At most one open deadline per
    (subject, code): the database enforces it.
    """

    subject_type = models.CharField(_("对象类型"), max_length=100)
    subject_id = models.CharField(_("对象标识"), max_length=64)
    # The record whose act starts the period, when the subject has several over time (the rights
    # notice a party's statement and hearing windows run from, APL Arts. 44, 63–64): a re-issued
    # notice's row is told apart from the old one's. Keyed like the subject ("app.model", pk).
    origin_type = models.CharField(_("起算文书类型"), max_length=100, blank=True, default="")
    origin_id = models.CharField(_("起算文书标识"), max_length=64, blank=True, default="")
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("机构")
    )
    code = models.CharField(_("期限代码"), max_length=64)
    title = models.CharField(_("名称"), max_length=200)
    basis = models.TextField(_("依据"), blank=True)
    start = models.DateField(_("起算日"))
    due = models.DateField(_("届满日"))
    due_at = models.DateTimeField(_("届满时刻"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=16, choices=Unit.choices, blank=True)
    amount = models.PositiveIntegerField(_("期限数值"), null=True, blank=True)
    provisional = models.BooleanField(_("临时结果"), default=False)
    original_due = models.DateField(_("原届满日"))
    state = models.CharField(
        _("状态"), max_length=16, choices=DeadlineState.choices, default=DeadlineState.OPEN
    )
    flag = models.CharField(
        _("提醒"), max_length=16, choices=DeadlineFlag.choices, default=DeadlineFlag.NONE
    )
    opened_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    close_reason = models.CharField(_("结束原因"), max_length=64, blank=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_deadlines",
        verbose_name=_("责任人"),
    )

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["due", "id"]
        indexes = [
            models.Index(fields=["agency", "state", "due"], name="deadline_agency_state_due"),
            models.Index(fields=["state", "due"], name="deadline_state_due"),
            models.Index(fields=["subject_type", "subject_id"], name="deadline_subject"),
            models.Index(fields=["origin_type", "origin_id"], name="deadline_origin"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "code"],
                condition=Q(state="open"),
                name="deadline_one_open_per_subject_code",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "met", "lapsed", "cancelled"]),
                name="deadline_state_known",
            ),
            models.CheckConstraint(
                condition=Q(flag__in=["none", "due_soon", "overdue"]), name="deadline_flag_known"
            ),
            models.CheckConstraint(
                condition=Q(state="open", closed_at__isnull=True)
                | (~Q(state="open") & Q(closed_at__isnull=False)),
                name="deadline_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(due__gte=models.F("original_due")),
                name="deadline_due_never_before_original",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.due.isoformat()}）"

    @property
    def is_open(self) -> bool:
        return self.state == DeadlineState.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.flag == DeadlineFlag.OVERDUE

    @property
    def extended(self) -> bool:
        return self.due != self.original_due


class ExtensionRequest(models.Model):
    """A request to extend a deadline (延期) and its decision by the role the law names."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.PROTECT, related_name="extensions", verbose_name=_("期限")
    )
    days = models.PositiveIntegerField(_("延长数值"))
    unit = models.CharField(_("单位"), max_length=16, choices=Unit.choices)
    reason = models.TextField(_("理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("申请人"),
    )
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decision = models.CharField(
        _("审批结果"),
        max_length=16,
        choices=ExtensionDecision.choices,
        default=ExtensionDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    note = models.TextField(_("审批意见"), blank=True)
    old_due = models.DateField(_("原届满日"), null=True, blank=True)
    new_due = models.DateField(_("延长后届满日"), null=True, blank=True)
    basis = models.TextField(_("计算依据"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"],
                condition=Q(decision="pending"),
                name="extension_one_pending_per_deadline",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["pending", "approved", "rejected"]),
                name="extension_decision_known",
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="extension_days_positive"),
        ]

    def __str__(self):
        return f"{self.deadline.title} 延长 {self.days}（{self.get_decision_display()}）"
