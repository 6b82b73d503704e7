"""Officers, their enforcement certificates and suspensions (T2; 2021 opinion item 十二)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CertificateKind, CertificateStatus


class Officer(models.Model):
    """A user who may act on cases while certified and not suspended (执法人员)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="officer",
        verbose_name=_("账户"),
    )
    badge_number = models.CharField(_("执法编号"), max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["id"]

    def __str__(self):
        return self.user.full_name or self.user.username


class Certificate(models.Model):
    """An enforcement certificate (行政执法证件). Status changes are services, journaled."""

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("执法人员")
    )
    number = models.CharField(_("证号"), max_length=32, unique=True)
    kind = models.CharField(
        _("证件类型"),
        max_length=16,
        choices=CertificateKind.choices,
        default=CertificateKind.TRANSPORT,
    )
    issuing_body = models.CharField(_("发证机关"), max_length=128)
    categories = models.CharField(_("执法门类"), max_length=128, blank=True)
    # T2 Arts. 22–23: the categories as sector codes (law.Sector), the ones may_act checks.
    sectors = models.JSONField(_("执法门类（机读）"), default=list, blank=True)
    # T2 Arts. 22–23: the territory shown on the certificate; empty: the issuing system's whole
    # jurisdiction (T2 Art. 21: MSA, 长江航务管理局 issue for their own systems).
    territory = models.ForeignKey(
        "orgs.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("执法区域"),
    )
    # T2 Art. 30: without an annual review (年度审验) the certificate lapses.
    last_reviewed_on = models.DateField(_("最近年度审验日期"), null=True, blank=True)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(
        _("状态"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )

    class Meta:
        verbose_name = _("行政执法证件")
        verbose_name_plural = _("行政执法证件")
        ordering = ["-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("issued_on")),
                name="certificate_valid_after_issue",
            ),
        ]

    def __str__(self):
        return f"{self.number}（{self.get_status_display()}）"


class Suspension(models.Model):
    """A suspension from enforcement (暂停执法): blocks every case action while in force."""

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="suspensions", verbose_name=_("执法人员")
    )
    reason = models.CharField(_("事由"), max_length=255)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(
        _("截止日期"), null=True, blank=True, help_text=_("留空表示至解除时")
    )
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    lifted_reason = models.CharField(_("解除事由"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("暂停执法")
        verbose_name_plural = _("暂停执法")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="suspension_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_on__isnull=True)
                | models.Q(lifted_on__gte=models.F("starts_on")),
                name="suspension_lifted_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.officer} {self.starts_on}：{self.reason}"
