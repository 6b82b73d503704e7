"""Enforcement equipment (执法装备): body-worn cameras (执法记录仪) and other devices, issued to
officers and returned (TEPP Art. 22: officers on inspection carry a body-worn recorder; legal.md
§F.2: rules on equipment, use and storage)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.evidence.choices import DeviceKind


class Device(models.Model):
    """One device held by an agency; `kind` uses the evidence app's device kinds."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    kind = models.CharField(_("装备类别"), max_length=16, choices=DeviceKind.choices[1:])
    serial_number = models.CharField(_("设备编号"), max_length=64, unique=True)
    model_name = models.CharField(_("型号"), max_length=64, blank=True)
    registered_on = models.DateField(_("登记日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("执法装备")
        verbose_name_plural = _("执法装备")
        ordering = ["agency_id", "serial_number"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.serial_number}"


class DeviceIssue(models.Model):
    """A device issued to an officer (配发) until returned (交回); at most one open per device."""

    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="issues", verbose_name=_("装备")
    )
    officer = models.ForeignKey(
        "officers.Officer",
        on_delete=models.PROTECT,
        related_name="device_issues",
        verbose_name=_("执法人员"),
    )
    issued_on = models.DateField(_("配发日期"))
    returned_on = models.DateField(_("交回日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("装备配发记录")
        verbose_name_plural = _("装备配发记录")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["device"],
                condition=models.Q(returned_on__isnull=True),
                name="device_issued_once",
            ),
            models.CheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(returned_on__gte=models.F("issued_on")),
                name="device_returned_after_issue",
            ),
        ]

    def __str__(self):
        return f"{self.device} → {self.officer}"
