"""Issued documents (出具的文书), their numbering settings per agency, and the case file (案卷)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class AgencyDocumentSettings(models.Model):
    """What an agency prints on its documents: its number prefix (杭交执), the seal's name, the
    reconsideration body and the court of the remedy clause (legal.md §H), where fines are paid
    and how to reach it. One row per agency; without one, defaults derived from the agency."""

    agency = models.OneToOneField(
        "orgs.Agency", on_delete=models.PROTECT, related_name="document_settings"
    )
    number_prefix = models.CharField(_("文号前缀"), max_length=16, blank=True)
    seal_name = models.CharField(_("印章名称"), max_length=128, blank=True)
    reconsideration_body = models.CharField(_("复议机关"), max_length=128, blank=True)
    court = models.CharField(_("管辖法院"), max_length=128, blank=True)
    payment_bank = models.CharField(_("缴款银行"), max_length=128, blank=True)
    payment_account = models.CharField(_("缴款账号"), max_length=64, blank=True)
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("文书设置")
        verbose_name_plural = _("文书设置")

    def __str__(self):
        return f"{self.agency} 文书设置"


class IssueStatus(models.TextChoices):
    CURRENT = "current", _("现行")
    SUPERSEDED = "superseded", _("已更正")
    WITHDRAWN = "withdrawn", _("已撤回")


# What may change on an issued version: its status, and who withdrew it, when and why.
MUTABLE_FIELDS = {"status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"}


class IssuedDocument(models.Model):
    """One issued version of a document: the PDF and DOCX bytes as issued, never overwritten.
    A correction is a new version with the same number; the old one stays, marked superseded."""

    document = models.ForeignKey(
        "cases.Document", on_delete=models.PROTECT, related_name="issued_versions"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书种类"), max_length=48)
    name = models.CharField(_("文书名称"), max_length=64)
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=64)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=16, choices=IssueStatus.choices, default=IssueStatus.CURRENT
    )
    issued_on = models.DateField(_("出具日期"))
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    correction_reason = models.TextField(_("更正理由"), blank=True)
    # Withdrawal (撤回): decided by the agency head (the approver of the decision it undoes);
    # the file stays as issued, its number is never reused (document-forms.md §4).
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    code = models.CharField(_("核验码"), max_length=16, unique=True)
    fields = models.JSONField(_("填写内容"), default=dict)
    pdf = models.BinaryField(_("PDF"))
    docx = models.BinaryField(_("DOCX"))
    pdf_digest = models.CharField(_("PDF摘要"), max_length=64)
    docx_digest = models.CharField(_("DOCX摘要"), max_length=64)
    algorithm = models.CharField(_("摘要算法"), max_length=8, default="sm3")
    pages = models.PositiveSmallIntegerField(_("页数"), default=1)

    class Meta:
        verbose_name = _("出具文书")
        verbose_name_plural = _("出具文书")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind", "seq", "version"],
                name="issued_document_number_version_unique",
            ),
            models.UniqueConstraint(
                fields=["document", "version"], name="issued_document_version_unique"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(status="current"),
                name="issued_document_one_current",
            ),
        ]
        indexes = [models.Index(fields=["issued_by", "issued_on"], name="issued_by_day_idx")]

    def __str__(self):
        return f"{self.name} {self.number}（第{self.version}版）"

    def save(self, *args, **kwargs):
        # An issued file is immutable: only the status (and its withdrawal) may change once saved.
        if self.pk is not None:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not fields <= MUTABLE_FIELDS:
                raise ValueError("issued documents are immutable; issue a new version")
        super().save(*args, **kwargs)


class CaseFile(models.Model):
    """The case file (案卷) produced at archive: one PDF in archive order and a ZIP of the DOCX."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="case_files")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    pdf = models.BinaryField(_("PDF"))
    zip = models.BinaryField(_("DOCX压缩包"))
    pdf_digest = models.CharField(_("PDF摘要"), max_length=64)
    zip_digest = models.CharField(_("压缩包摘要"), max_length=64)
    pages = models.PositiveIntegerField(_("页数"), default=0)
    contents = models.JSONField(_("目录"), default=list)

    class Meta:
        verbose_name = _("案卷")
        verbose_name_plural = _("案卷")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.case} 案卷"
