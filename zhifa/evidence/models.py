"""Evidence (证据) and its stored files.

A file is stored once, named by its digest (storage.storage_name); any number of evidence items,
in any number of cases, may point at it. Evidence rows are written by services.upload_evidence
only; custody changes by services.hand_over, each with its journal entry.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.core import hashchain

from . import sniffing
from .choices import ACT_CHOICES, CollectionMethod, DeviceKind, EvidenceKind


class EvidenceFile(models.Model):
    """One stored file, content-addressed by its digest (SM3 where OpenSSL offers it)."""

    algorithm = models.CharField(
        _("哈希算法"), max_length=8, choices=[(a, a.upper()) for a in hashchain.ALGORITHMS]
    )
    digest = models.CharField(_("摘要"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    storage_name = models.CharField(_("存储名"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("首次上传时间"), auto_now_add=True)
    # The last re-hash by verify_evidence (verification.verify_files); not part of the record.
    checked_at = models.DateTimeField(_("最近校验时间"), null=True, blank=True)
    check_ok = models.BooleanField(_("最近校验结果"), null=True, blank=True)
    check_problem = models.CharField(_("校验问题"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm", "digest"], name="evidence_file_unique_digest"
            ),
        ]

    def __str__(self):
        return f"{self.algorithm}:{self.digest[:16]}…"

    @property
    def type_label(self) -> str:
        return sniffing.label(self.content_type)


class Evidence(models.Model):
    """证据: one item of evidence in a case — who collected it, when, where, how, with what device,
    for which enforcement act, and its file."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="evidence", verbose_name=_("案件")
    )
    number = models.PositiveIntegerField(_("证据序号"))
    kind = models.CharField(_("证据种类"), max_length=24, choices=EvidenceKind.choices)
    title = models.CharField(_("证据名称"), max_length=200)
    description = models.TextField(_("证明内容及说明"), blank=True)
    collected_by = models.ForeignKey(
        "officers.Officer",
        on_delete=models.PROTECT,
        related_name="evidence_collected",
        verbose_name=_("取证人员"),
    )
    collected_at = models.DateTimeField(_("取证时间"))
    place = models.CharField(_("取证地点"), max_length=200)
    method = models.CharField(_("取证方式"), max_length=24, choices=CollectionMethod.choices)
    device_kind = models.CharField(
        _("记录设备"), max_length=16, choices=DeviceKind.choices, blank=True, default=""
    )
    device_id = models.CharField(_("设备编号"), max_length=64, blank=True)
    # The registered device that made the record (issue 14 item 4): issued to the collecting
    # officer on the day of collection (equipment.services.check_held).
    equipment = models.ForeignKey(
        "equipment.Device",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("登记的记录设备"),
    )
    act = models.CharField(_("所记录的执法行为"), max_length=40, choices=ACT_CHOICES)
    act_ref = models.CharField(
        _("执法行为对象"),
        max_length=170,
        blank=True,
        help_text=_("如 measures.compulsorymeasure:12：所记录的那一项措施"),
    )
    file = models.ForeignKey(
        EvidenceFile, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("文件")
    )
    file_name = models.CharField(_("上传文件名"), max_length=255, blank=True)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_in_custody",
        verbose_name=_("保管人"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_uploaded",
        verbose_name=_("登记人"),
    )
    uploaded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="evidence_unique_number"),
            models.UniqueConstraint(fields=["case", "file"], name="evidence_file_once_per_case"),
        ]
        indexes = [models.Index(fields=["case", "act"], name="evidence_case_act_idx")]

    def __str__(self):
        return f"证据{self.number}：{self.title}"

    @property
    def subject(self) -> tuple[str, str]:
        return (self._meta.label_lower, str(self.pk))
