"""Public disclosure (执法公示): the published copy of a decision, its exception flag, and the
signed hourly checkpoints of the journal (public anchors)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DisclosureKind, DisclosureState, ExceptionGround, WithdrawalGround


class Disclosure(models.Model):
    """What the public sees of one decision: only masked fields, copied at publication (legal.md
    §F.1; APL Art. 48; TEPP Art. 79). Withdrawn: the content fields are emptied, the reason kept."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="disclosure", verbose_name=_("案件")
    )
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("执法机关")
    )
    kind = models.CharField(_("公示类别"), max_length=16, choices=DisclosureKind.choices)
    state = models.CharField(_("状态"), max_length=16, choices=DisclosureState.choices)
    decided_on = models.DateField(_("决定日期"), db_index=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    publish_due = models.DateField(_("公示期限"), null=True, blank=True)
    document_number = models.CharField(_("决定书文号"), max_length=64, blank=True)
    verification_code = models.CharField(_("文书核验码"), max_length=16, blank=True)
    party_kind = models.CharField(_("当事人类别"), max_length=16, blank=True)
    party_name = models.CharField(_("当事人（已处理）"), max_length=200, blank=True)
    party_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    party_address = models.CharField(_("住所（至县级）"), max_length=100, blank=True)
    party_plate = models.CharField(_("车辆号牌（已遮盖）"), max_length=16, blank=True)
    cause = models.CharField(_("违法行为"), max_length=500, blank=True, db_index=True)
    provision = models.CharField(_("处罚依据"), max_length=300, blank=True, db_index=True)
    violated = models.CharField(_("违反条款"), max_length=300, blank=True)
    penalty_text = models.CharField(_("处罚内容"), max_length=500, blank=True)
    fine = models.DecimalField(_("罚款数额"), max_digits=14, decimal_places=2, default=Decimal(0))
    facts = models.TextField(_("主要违法事实（已处理）"), blank=True)
    withheld_reason = models.CharField(_("不予公示理由"), max_length=300, blank=True)
    revoked_on = models.DateField(_("决定被撤销等日期"), null=True, blank=True)
    withdrawal_ground = models.CharField(
        _("撤回事由"), max_length=16, choices=WithdrawalGround.choices, blank=True
    )
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawal_due = models.DateField(_("撤回期限"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    journal_chain = models.CharField(_("记录链"), max_length=32, blank=True)
    journal_seq = models.PositiveBigIntegerField(_("公示记录序号"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("执法公示")
        verbose_name_plural = _("执法公示")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["state", "-decided_on"], name="disclosure_public_list"),
            models.Index(fields=["agency", "state", "decided_on"], name="disclosure_agency_year"),
        ]

    def __str__(self):
        return self.document_number or f"公示 {self.pk}"

    @property
    def is_public(self) -> bool:
        return self.state == DisclosureState.PUBLISHED


class DisclosureException(models.Model):
    """The per-decision exception flag (legal.md §F.1: design to TEPP Art. 79 with a per-decision
    exception): its legal ground and the agency head who approved it."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="disclosure_exception"
    )
    ground = models.CharField(_("事由"), max_length=16, choices=ExceptionGround.choices)
    legal_ground = models.CharField(_("法律依据"), max_length=300)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("批准日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("不予公示批准")
        verbose_name_plural = _("不予公示批准")

    def __str__(self):
        return f"{self.get_ground_display()}（{self.legal_ground}）"


class PublicAnchor(models.Model):
    """A checkpoint of every journal chain's head at `taken_at` (hourly), its Merkle root and an
    Ed25519 signature (zhifa/disclosure/signing.py) over the canonical bytes — published on the portal so that no one with
    database rights can rewrite what came before it unseen (issue 12 item 7)."""

    taken_at = models.DateTimeField(_("锚定时刻"), unique=True)
    algorithm = models.CharField(_("哈希算法"), max_length=16)
    root = models.CharField(_("默克尔根"), max_length=64)
    heads = models.TextField(_("各链链头"), help_text=_("JSON：[[记录链, 序号, 哈希], …]"))
    chain_count = models.PositiveIntegerField(_("记录链数"))
    signature = models.CharField(_("签名"), max_length=200)
    key_id = models.CharField(_("密钥标识"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开锚点")
        verbose_name_plural = _("公开锚点")
        ordering = ["-taken_at"]

    def __str__(self):
        return f"{self.taken_at:%Y-%m-%d %H:%M} {self.root[:16]}…"
