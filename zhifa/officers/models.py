"""Officers, their enforcement certificates and suspensions (T2; 2021 opinion item 十二)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    AssessmentKind,
    CertificateKind,
    CertificateStatus,
    ConductCodeSet,
    ConductConsequence,
    ConductSource,
    ConductStatus,
    TrainingKind,
)


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


class TrainingPlan(models.Model):
    """An agency's yearly training plan (年度培训计划); its courses carry the attendance."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=128)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度培训计划")
        verbose_name_plural = _("年度培训计划")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="training_plan_one_per_year")
        ]

    def __str__(self):
        return f"{self.year} {self.title}"


class TrainingCourse(models.Model):
    """A course (培训课程), planned in an agency's yearly plan or held outside one."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    plan = models.ForeignKey(
        TrainingPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("年度培训计划"),
    )
    title = models.CharField(_("课程名称"), max_length=128)
    kind = models.CharField(_("培训类别"), max_length=16, choices=TrainingKind.choices)
    provider = models.CharField(_("培训机构"), max_length=128)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    planned_on = models.DateField(_("计划日期"))

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["planned_on", "id"]

    def __str__(self):
        return self.title


class TrainingRecord(models.Model):
    """Training an officer attended (培训记录): hours, kind, provider, dates, completion certificate."""

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="training", verbose_name=_("执法人员")
    )
    course = models.ForeignKey(
        TrainingCourse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance",
        verbose_name=_("培训课程"),
    )
    title = models.CharField(_("培训名称"), max_length=128)
    kind = models.CharField(_("培训类别"), max_length=16, choices=TrainingKind.choices)
    provider = models.CharField(_("培训机构"), max_length=128)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    certificate_number = models.CharField(_("结业证书编号"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-ends_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="training_hours_positive"),
        ]

    def __str__(self):
        return f"{self.officer} {self.title}"


class Assessment(models.Model):
    """A law examination or skill assessment (考核) with its score, scale and pass mark. A failure
    opens an off-post retraining suspension (离岗培训, T2 Arts. 31–32), lifted by a later pass."""

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("执法人员")
    )
    kind = models.CharField(_("考核类别"), max_length=16, choices=AssessmentKind.choices)
    title = models.CharField(_("考核名称"), max_length=128)
    held_on = models.DateField(_("考核日期"))
    score = models.DecimalField(_("成绩"), max_digits=6, decimal_places=1)
    scale = models.DecimalField(_("满分"), max_digits=6, decimal_places=1, default=100)
    pass_mark = models.DecimalField(_("合格分数"), max_digits=6, decimal_places=1, default=60)
    passed = models.BooleanField(_("合格"))
    retraining = models.OneToOneField(
        Suspension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment",
        verbose_name=_("离岗培训"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考核")
        verbose_name_plural = _("考核")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=models.F("scale")),
                name="assessment_score_on_scale",
            ),
        ]

    def __str__(self):
        return f"{self.officer} {self.title}"


class ConductItem(models.Model):
    """One item of a conduct rule set (conduct-codes.md §2, legal.md §G.2). Items the spec marks
    UNCONFIRMED are kept `confirmed=False` and may be edited by the agency; `serious` items are
    the prohibitions whose serious breach grounds revocation (T2 Art. 33(8))."""

    code_set = models.CharField(_("规范"), max_length=16, choices=ConductCodeSet.choices)
    number = models.CharField(_("条目编号"), max_length=16)
    text = models.CharField(_("内容"), max_length=500)
    source = models.CharField(_("依据"), max_length=200)
    source_url = models.URLField(_("出处"), max_length=500, blank=True)
    confirmed = models.BooleanField(_("已核实"), default=False)
    serious = models.BooleanField(_("严重违反可吊销证件"), default=False)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("执法规范条目")
        verbose_name_plural = _("执法规范条目")
        ordering = ["code_set", "id"]
        constraints = [
            models.UniqueConstraint(fields=["code_set", "number"], name="conduct_item_unique")
        ]

    def __str__(self):
        return f"{self.get_code_set_display()} {self.number}"


class ConductRecord(models.Model):
    """A breach of a conduct item (ConductRecord), recorded by a superior; the officer may answer."""

    officer = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        related_name="conduct_records",
        verbose_name=_("执法人员"),
    )
    item = models.ForeignKey(
        ConductItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("违反条目")
    )
    occurred_on = models.DateField(_("发生日期"))
    facts = models.TextField(_("事实"))
    source = models.CharField(_("来源"), max_length=20, choices=ConductSource.choices)
    consequence = models.CharField(_("处理"), max_length=16, choices=ConductConsequence.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=ConductStatus.choices, default=ConductStatus.IN_FORCE
    )
    suspension = models.OneToOneField(
        Suspension, on_delete=models.PROTECT, null=True, blank=True, related_name="conduct_record"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    answer = models.TextField(_("本人陈述"), blank=True)
    answered_at = models.DateTimeField(_("陈述时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("违反执法规范记录")
        verbose_name_plural = _("违反执法规范记录")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.officer} {self.item}"
