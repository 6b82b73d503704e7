"""The national index of decided violations, and overrides of the first-violation finding.

首违不罚 (APL Art. 33 para 1, second sentence) turns on whether the party violated the same
provision before. That history lies in every agency of the platform, in every province, so the
check is the one query that must cross provinces. It reads this index, never the cases:

    WHERE identifier_digest IN (id digest, plate digest)
      AND provision_id = %s
      AND violation_date >= window start AND violation_date < this violation's date

`violation_identity_idx` (identifier_digest, provision, violation_date) answers it as one index
range scan per identifier, however many millions of cases the platform holds: equality on the two
leading columns, a range on the third. The identifier is stored as a keyed digest (HMAC), never in
clear, so the national table spreads no ID numbers or plates; the agency is joined only for the
rows found, to name it. Rows are written when a decision establishes the violation (services).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentifierKind(models.TextChoices):
    ID_NUMBER = "id_number", _("身份证号码或统一社会信用代码")
    PLATE = "plate", _("车辆号牌")


class ViolationRecord(models.Model):
    """One decided violation of one provision by one identified party (id number or plate)."""

    identifier_kind = models.CharField(_("标识类别"), max_length=16, choices=IdentifierKind.choices)
    identifier_digest = models.CharField(_("标识摘要"), max_length=64)
    provision = models.ForeignKey(
        "law.PenaltyProvision", on_delete=models.PROTECT, related_name="+", verbose_name=_("条款")
    )
    violation_date = models.DateField(_("违法行为日期"))
    decided_on = models.DateField(_("决定日期"))
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("作出决定的机构")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("案件")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("违法记录索引")
        verbose_name_plural = _("违法记录索引")
        indexes = [
            models.Index(
                fields=["identifier_digest", "provision", "violation_date"],
                name="violation_identity_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "identifier_kind"], name="violation_once_per_case_identifier"
            ),
        ]

    def __str__(self):
        return f"{self.violation_date} {self.get_identifier_kind_display()}"


class OverrideStatus(models.TextChoices):
    PENDING = "pending", _("待负责人审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class FirstViolationOverride(models.Model):
    """An officer's request to depart from the derived first-violation finding, with a reason;
    it counts only once the agency head approves it."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="first_violation_overrides",
        verbose_name=_("案件"),
    )
    first_violation = models.BooleanField(_("认定为初次违法"))
    reason = models.CharField(_("理由"), max_length=500)
    derived = models.BooleanField(_("系统查询结果为初次违法"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("申请日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=OverrideStatus.choices, default=OverrideStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("首违认定变更")
        verbose_name_plural = _("首违认定变更")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.case}：{'初次违法' if self.first_violation else '非初次违法'}（{self.get_status_display()}）"
