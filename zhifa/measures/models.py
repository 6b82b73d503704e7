"""Evidence preservation (先行登记保存), compulsory measures (查封、扣押) and the case-property
ledger (涉案财物台账).

Only `services.py` changes these rows, each change with its journal entry in the same
transaction. The ledger never loses an item: items and disposals cannot be deleted (the ORM
refuses and every foreign key to them protects), custody takes only the declared values (a check
constraint), and every move of an item is a journal entry whose subject is the item.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhifa.core.errors import Conflict

from . import rules
from .choices import (
    ApprovalState,
    Custody,
    DisposalKind,
    DisposalState,
    HandoverException,
    MeasureKind,
    MeasureState,
    PauseKind,
    PreservationOutcome,
    PreservationState,
    PropertySource,
    ReleaseGround,
)

USER = settings.AUTH_USER_MODEL
QUANTITY = {"max_digits": 14, "decimal_places": 3}
MONEY = {"max_digits": 14, "decimal_places": 2}


class LedgerIsPermanent(Conflict):
    code = "ledger_is_permanent"


class PermanentQuerySet(models.QuerySet):
    def delete(self):
        raise LedgerIsPermanent("涉案财物台账和处置记录不能删除。")


class PermanentModel(models.Model):
    """A row the ledger keeps for ever: no delete through the ORM."""

    objects = PermanentQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise LedgerIsPermanent("涉案财物台账和处置记录不能删除。")


class RequestedForApproval(models.Model):
    """The request and the head's prior approval, the same on a preservation and a measure
    (APL Art. 56; ACL Art. 18 (一); TEPP Arts. 43, 52)."""

    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    approval = models.CharField(
        _("审批"), max_length=16, choices=ApprovalState.choices, default="pending"
    )
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    approval_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        abstract = True


class EvidencePreservation(RequestedForApproval):
    """先行登记保存: evidence that may be lost, kept under the head's approval for at most 7 working
    days before a decision, else released by law (APL Art. 56; TEPP Arts. 43–45)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="preservations", verbose_name=_("案件")
    )
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("办案机构")
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=PreservationState.choices, default="pending"
    )
    reason = models.TextField(_("证据可能灭失或者以后难以取得的情形"))
    items_summary = models.TextField(_("拟登记保存的物品"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    # the act on the spot
    started_at = models.DateTimeField(_("实施时间"), null=True, blank=True)
    started_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    officers = models.ManyToManyField(
        "officers.Officer", blank=True, related_name="+", verbose_name=_("签名执法人员")
    )
    list_number = models.CharField(
        _("证据登记保存清单编号"), max_length=64, null=True, blank=True, unique=True
    )
    party_signed = models.BooleanField(_("当事人已签名"), default=False)
    party_refused = models.BooleanField(_("当事人拒绝签名或不在场"), default=False)
    witness = models.CharField(_("见证人"), max_length=100, blank=True)
    due = models.DateField(_("处理决定期限"), null=True, blank=True)
    # the end
    outcome = models.CharField(
        _("处理决定"), max_length=16, choices=PreservationOutcome.choices, blank=True
    )
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("处理决定日期"), null=True, blank=True)
    decision_note = models.TextField(_("处理说明"), blank=True)
    release_number = models.CharField(
        _("解除证据登记保存决定书编号"), max_length=64, null=True, blank=True, unique=True
    )
    lapsed_at = models.DateTimeField(_("自动解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("先行登记保存")
        verbose_name_plural = _("先行登记保存")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "due"], name="preservation_state_due"),
            models.Index(fields=["case", "state"], name="preservation_case_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=PreservationState.values), name="preservation_state_known"
            ),
            # No preservation without the head's prior approval (TEPP Art. 43).
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(approval="approved"),
                name="preservation_started_only_if_approved",
            ),
        ]

    def __str__(self):
        return self.list_number or f"先行登记保存申请{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.state == PreservationState.ACTIVE


class CompulsoryMeasure(RequestedForApproval):
    """查封、扣押: on a legal basis, with the head's prior approval (or, in an emergency, a report
    within 24 hours and approval afterwards), for 30 days plus at most one extension of 30, the
    days of testing or appraisal excluded (ACL Arts. 17–28; TEPP Arts. 52–59)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="measures", verbose_name=_("案件")
    )
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("办案机构")
    )
    kind = models.CharField(_("措施"), max_length=8, choices=MeasureKind.choices)
    state = models.CharField(
        _("状态"), max_length=16, choices=MeasureState.choices, default="pending"
    )
    basis_law = models.CharField(_("法律依据（法律、法规名称）"), max_length=200)
    basis_article = models.CharField(_("条款"), max_length=100)
    reason = models.TextField(_("理由"))
    items_summary = models.TextField(_("查封、扣押的场所、设施或者财物"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    emergency = models.BooleanField(_("情况紧急，当场实施"), default=False)
    emergency_reason = models.TextField(_("紧急情形"), blank=True)
    # the act on the spot
    executed_at = models.DateTimeField(_("实施时间"), null=True, blank=True)
    executed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    officers = models.ManyToManyField(
        "officers.Officer", blank=True, related_name="+", verbose_name=_("实施执法人员")
    )
    decision_number = models.CharField(
        _("行政强制措施决定书编号"), max_length=64, null=True, blank=True, unique=True
    )
    party_signed = models.BooleanField(_("当事人已在现场笔录上签名"), default=False)
    party_refused = models.BooleanField(_("当事人拒绝签名或不在场"), default=False)
    witness = models.CharField(_("见证人"), max_length=100, blank=True)
    reported_at = models.DateTimeField(_("向负责人报告时间"), null=True, blank=True)
    report_note = models.TextField(_("报告内容"), blank=True)
    # the period
    due = models.DateField(_("期限届满日"), null=True, blank=True)
    due_basis = models.TextField(_("期限计算依据"), blank=True)
    # the end
    released_on = models.DateField(_("解除日期"), null=True, blank=True)
    released_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_ground = models.CharField(
        _("解除事由"), max_length=24, choices=ReleaseGround.choices, blank=True
    )
    release_reason = models.TextField(_("解除理由"), blank=True)
    release_number = models.CharField(
        _("解除行政强制措施决定书编号"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("行政强制措施")
        verbose_name_plural = _("行政强制措施")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "due"], name="measure_state_due"),
            models.Index(fields=["case", "state"], name="measure_case_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=MeasureState.values), name="measure_state_known"
            ),
            models.CheckConstraint(condition=Q(kind__in=MeasureKind.values), name="measure_kind"),
            # Only with a legal basis recorded (ACL Arts. 10, 17, 22).
            models.CheckConstraint(
                condition=~Q(basis_law="") & ~Q(basis_article=""), name="measure_basis_recorded"
            ),
            # Executed only after approval, except on the spot in an emergency (ACL Arts. 18–19).
            models.CheckConstraint(
                condition=Q(executed_at__isnull=True) | Q(approval="approved") | Q(emergency=True),
                name="measure_executed_only_if_approved_or_emergency",
            ),
            models.CheckConstraint(
                condition=Q(state="released") | Q(release_ground=""),
                name="measure_release_ground_only_if_released",
            ),
        ]

    def __str__(self):
        return self.decision_number or f"{self.get_kind_display()}申请{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.state == MeasureState.ACTIVE

    @property
    def basis(self) -> str:
        return f"{self.basis_law}{self.basis_article}"

    @property
    def extension(self):
        return self.extensions.first()

    def pauses_as_rules(self) -> tuple[rules.Pause, ...]:
        return tuple(rules.Pause(p.start, p.end) for p in self.pauses.order_by("start", "id"))


class MeasureExtension(models.Model):
    """The one extension of a seal or seizure (ACL Art. 25 para 1–2; TEPP Art. 56): approved by
    the agency head, at most 30 days, the party told in writing with the reasons
    (《延长行政强制措施期限通知书》). The database allows one per measure."""

    measure = models.ForeignKey(
        CompulsoryMeasure, on_delete=models.PROTECT, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("延长日数"))
    reason = models.TextField(_("延长理由"))
    approved_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField(_("批准日期"))
    notice_number = models.CharField(
        _("延长行政强制措施期限通知书编号"), max_length=64, unique=True
    )
    notice_served_on = models.DateField(_("通知书送达日期"))
    old_due = models.DateField(_("原届满日"))
    new_due = models.DateField(_("延长后届满日"))

    class Meta:
        verbose_name = _("延长行政强制措施期限")
        verbose_name_plural = _("延长行政强制措施期限")
        constraints = [
            models.UniqueConstraint(fields=["measure"], name="measure_extended_once"),
            models.CheckConstraint(
                condition=Q(days__gte=1) & Q(days__lte=30), name="measure_extension_1_to_30"
            ),
        ]

    def __str__(self):
        return f"{self.measure} 延长{self.days}日"


class MeasurePause(models.Model):
    """A period of testing, inspection, quarantine or appraisal not counted in the seizure period;
    fixed (start and end) and notified to the party in writing (ACL Art. 25 para 3)."""

    measure = models.ForeignKey(CompulsoryMeasure, on_delete=models.PROTECT, related_name="pauses")
    kind = models.CharField(_("事项"), max_length=16, choices=PauseKind.choices)
    start = models.DateField(_("开始日"))
    end = models.DateField(_("结束日"))
    body = models.CharField(_("检测、鉴定机构"), max_length=200, blank=True)
    notice_served_on = models.DateField(_("书面告知日期"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("检测鉴定期间")
        verbose_name_plural = _("检测鉴定期间")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="pause_ordered"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start}—{self.end}"


class CaseProperty(PermanentModel):
    """One numbered item of the case-property ledger (涉案财物台账, TEPP Arts. 124–129).

    `custody` says where the item is; its whole history is the journal of this subject.
    """

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("办案机构")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="property", verbose_name=_("案件")
    )
    number = models.CharField(_("财物编号"), max_length=64, unique=True)
    year = models.PositiveSmallIntegerField(_("编号年度"))
    seq = models.PositiveIntegerField(_("年度序号"))
    source = models.CharField(_("来源"), max_length=16, choices=PropertySource.choices)
    preservation = models.ForeignKey(
        EvidencePreservation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("先行登记保存"),
    )
    measure = models.ForeignKey(
        CompulsoryMeasure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("行政强制措施"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived",
        verbose_name=_("原物"),
    )
    description = models.CharField(_("名称及特征"), max_length=300)
    quantity = models.DecimalField(_("数量"), **QUANTITY)
    unit = models.CharField(_("单位"), max_length=16)
    owner = models.CharField(_("所有人或持有人"), max_length=200, blank=True)
    perishable = models.BooleanField(_("鲜活、易腐烂或者不易保管"), default=False)
    dangerous = models.BooleanField(_("危险物品"), default=False)
    custody = models.CharField(
        _("保管状态"), max_length=16, choices=Custody.choices, default=Custody.HELD_BY_OFFICER
    )
    location = models.CharField(_("存放地点"), max_length=200, blank=True)
    taken_at = models.DateTimeField(_("取得时间"))
    taken_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    handover_due_at = models.DateTimeField(_("移交期限"), null=True, blank=True)
    handover_exception = models.CharField(
        _("移交例外"), max_length=24, choices=HandoverException.choices, blank=True
    )
    handover_exception_reason = models.TextField(_("例外理由"), blank=True)
    handed_over_at = models.DateTimeField(_("移交时间"), null=True, blank=True)
    custodian = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("涉案财物管理人员"),
    )
    before_appraisal = models.CharField(
        _("送检前状态"), max_length=16, choices=Custody.choices, blank=True
    )
    unclaimed_notice_on = models.DateField(_("无人认领公告日期"), null=True, blank=True)
    disposal = models.CharField(
        _("处置方式"), max_length=16, choices=DisposalKind.choices, blank=True
    )
    disposed_at = models.DateTimeField(_("处置时间"), null=True, blank=True)
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("涉案财物")
        verbose_name_plural = _("涉案财物")
        ordering = ["-year", "-seq"]
        indexes = [
            models.Index(fields=["agency", "custody"], name="property_agency_custody"),
            models.Index(fields=["case", "custody"], name="property_case_custody"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(custody__in=Custody.values), name="property_custody_known"
            ),
            models.CheckConstraint(
                condition=Q(source__in=PropertySource.values), name="property_source_known"
            ),
            models.UniqueConstraint(fields=["agency", "year", "seq"], name="property_number_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="property_quantity_positive"),
            # Disposed items say how and when; nothing else carries a final disposal.
            models.CheckConstraint(
                condition=(
                    Q(custody="disposed", disposed_at__isnull=False)
                    & ~Q(disposal="")
                    & ~Q(disposal="confiscate")
                )
                | (~Q(custody="disposed") & Q(disposed_at__isnull=True)),
                name="property_disposed_iff_final_disposal",
            ),
            models.CheckConstraint(
                condition=Q(source="preservation", preservation__isnull=False)
                | Q(source="measure", measure__isnull=False)
                | Q(source="proceeds", parent__isnull=False)
                | Q(source="other"),
                name="property_source_linked",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.description}"

    @property
    def disposed(self) -> bool:
        return self.custody == Custody.DISPOSED


class PropertyDisposal(PermanentModel):
    """A disposal of one item: requested, approved by the agency head (or by the release decision
    or the law that orders the return), then carried out (TEPP Arts. 124–129; ACL Art. 28)."""

    item = models.ForeignKey(CaseProperty, on_delete=models.PROTECT, related_name="disposals")
    kind = models.CharField(_("处置方式"), max_length=16, choices=DisposalKind.choices)
    reason = models.TextField(_("理由"))
    state = models.CharField(
        _("状态"), max_length=16, choices=DisposalState.choices, default=DisposalState.PENDING
    )
    requested_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    approval_basis = models.CharField(_("批准依据"), max_length=300, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    carried_out_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    carried_out_at = models.DateTimeField(_("执行时间"), null=True, blank=True)
    recipient = models.CharField(_("接收人或接收单位"), max_length=200, blank=True)
    reference = models.CharField(_("凭证、决定书或回执编号"), max_length=100, blank=True)
    proceeds = models.DecimalField(_("所得款项"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("涉案财物处置")
        verbose_name_plural = _("涉案财物处置")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DisposalState.values), name="disposal_state_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DisposalKind.values), name="disposal_kind_known"
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state__in=["pending", "approved"]),
                name="disposal_one_open_per_item",
            ),
            # Carried out only once approved: by a person, or by the decision or law named.
            models.CheckConstraint(
                condition=~Q(state="done")
                | (Q(carried_out_at__isnull=False) & ~Q(approval_basis="")),
                name="disposal_done_only_if_approved",
            ),
            models.CheckConstraint(
                condition=Q(proceeds__isnull=True) | Q(proceeds__gte=Decimal(0)),
                name="disposal_proceeds_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.item.number} {self.get_kind_display()}（{self.get_state_display()}）"
