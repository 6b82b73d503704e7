"""Complaints and 12328 work orders (投诉举报、工单), per-province time limits, evaluation cards."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Category, Channel, Clock, Finding, LimitUnit, Rating, State, SubjectType

CONTENT_MAX = 2000


class ProvinceTimeLimit(models.Model):
    """One clock of one category in one province (complaints-12328.md §5: no national default;
    a province without its values cannot open the channel)."""

    province = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("省级机构")
    )
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    clock = models.CharField(_("环节"), max_length=16, choices=Clock.choices)
    amount = models.PositiveIntegerField(_("时限"))
    unit = models.CharField(_("单位"), max_length=16, choices=LimitUnit.choices)
    basis = models.CharField(_("依据（本省12328管理办法条款）"), max_length=200)

    class Meta:
        verbose_name = _("12328工单办理时限")
        verbose_name_plural = _("12328工单办理时限")
        ordering = ["province_id", "category", "clock"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "category", "clock"], name="complaint_limit_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=1), name="complaint_limit_positive"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.get_clock_display()} {self.amount}"


def supervisor_code_digest(code: str) -> str:
    """What is kept of a supervisor's personal code (SHA-256, domain-separated)."""
    return hashlib.sha256(f"zhifa-public-supervisor:{code}".encode()).hexdigest()


class PublicSupervisor(models.Model):
    """社会监督员 (issue 12 item 4): a member of the public appointed by an agency's head for a
    term; their reports come in through a personal link and become work orders of the agency.
    Only a digest of the personal code is kept: the link is shown once, at appointment."""

    agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        related_name="public_supervisors",
        verbose_name=_("聘任机构"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    term_starts_on = models.DateField(_("任期开始"))
    term_ends_on = models.DateField(_("任期届满"))
    code_digest = models.CharField(_("专用码摘要"), max_length=64, unique=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    appointed_at = models.DateTimeField(_("聘任时间"), default=timezone.now)
    ended_on = models.DateField(_("提前终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("社会监督员")
        verbose_name_plural = _("社会监督员")
        ordering = ["agency_id", "-term_ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__gt=F("term_starts_on")), name="public_supervisor_term"
            )
        ]

    def __str__(self):
        return f"{self.agency} {self.name}"

    def serves_on(self, day) -> bool:
        return self.term_starts_on <= day <= self.term_ends_on and (
            self.ended_on is None or day < self.ended_on
        )


class Complaint(models.Model):
    """One work order (工单): who asked, what, where it is in the flow and every time it moved."""

    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    external_id = models.CharField(_("外部工单号"), max_length=64, blank=True)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    subject_type = models.CharField(
        _("投诉对象"), max_length=16, choices=SubjectType.choices, default=SubjectType.OTHER
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.RECEIVED
    )
    intake_agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("受理机构")
    )
    agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("承办单位"),
    )
    complainant_name = models.CharField(_("诉求人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    content = models.TextField(_("诉求内容"), max_length=CONTENT_MAX)
    place = models.CharField(_("事发地点"), max_length=200, blank=True)
    occurred_on = models.DateField(_("事发日期"), null=True, blank=True)
    officer = models.ForeignKey(
        "officers.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("被投诉执法人员"),
    )
    certificate_number = models.CharField(_("执法证号"), max_length=32, blank=True)
    finding = models.CharField(_("查实情况"), max_length=16, choices=Finding.choices, blank=True)
    conduct_record = models.OneToOneField(
        "officers.ConductRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint",
        verbose_name=_("违反执法规范记录"),
    )
    public_supervisor = models.ForeignKey(
        PublicSupervisor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("社会监督员"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("疑似重复"),
    )
    # the case the complaint is about (APL Art. 75 supervision; complaint rate per case and
    # provision), linked by the handling agency's staff within their scope
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("所涉案件"),
    )
    answer = models.TextField(_("即时答复"), blank=True)
    reply = models.TextField(_("办理结果"), blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    visit_note = models.TextField(_("回访记录"), blank=True)
    rating = models.CharField(_("满意度"), max_length=24, choices=Rating.choices, blank=True)
    rectification = models.TextField(_("差评整改"), blank=True)
    redo_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    close_due = models.DateField(_("限时办结日"), null=True, blank=True)
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("即时答复时间"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rechecked_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    visited_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        verbose_name = _("投诉举报工单")
        verbose_name_plural = _("投诉举报工单")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "state"], name="complaint_agency_state"),
            models.Index(fields=["phone", "received_at"], name="complaint_phone_received"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="complaint_external_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="complaint_state_known"
            ),
        ]

    def __str__(self):
        return f"{self.tracking_code} {self.get_category_display()}"


class EvaluationCard(models.Model):
    """执法评议卡 (MoT Order 2010 No. 2 Art. 16): the party rates one served document's enforcement
    act through its verification code; one rating per document."""

    document_code = models.CharField(_("文书核验码"), max_length=64, unique=True)
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("执法机构")
    )
    conduct = models.PositiveSmallIntegerField(_("执法规范"))
    legality = models.PositiveSmallIntegerField(_("依法办事"))
    attitude = models.PositiveSmallIntegerField(_("态度作风"))
    comment = models.TextField(_("意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评议时间"), default=timezone.now)

    class Meta:
        verbose_name = _("执法评议卡")
        verbose_name_plural = _("执法评议卡")
        ordering = ["-rated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(conduct__range=(1, 5), legality__range=(1, 5), attitude__range=(1, 5)),
                name="evaluation_scores_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.document_code} {self.conduct}/{self.legality}/{self.attitude}"
