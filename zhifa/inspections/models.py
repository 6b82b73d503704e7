"""Random inspections (双随机抽查, T1 Art. 20; opinion item 七): the agency's list of inspection
matters, its pool of targets, yearly plans with their inspector pool, the published draw, the
inspections drawn with their records and findings, joint inspections (综合查一次) and the
superior's approval past the yearly cap."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhifa.law.choices import Sector

from .choices import DrawState, InspectionState, Outcome, PlanState, ProposalState, TargetKind


class Matter(models.Model):
    """An item of the agency's random-inspection list (随机抽查事项清单), within its powers."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    name = models.CharField(_("抽查事项"), max_length=128)
    sector = models.CharField(_("执法门类"), max_length=40, choices=Sector.choices)
    basis = models.CharField(_("检查依据"), max_length=300)
    # TEPP Art. 24: no check of items unrelated to the inspection.
    items = models.JSONField(_("检查内容"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("随机抽查事项")
        verbose_name_plural = _("随机抽查事项")
        ordering = ["agency_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="matter_unique_in_agency")
        ]

    def __str__(self):
        return self.name


class Target(models.Model):
    """A target in an agency's pool (检查对象名录库). `id_number` (统一社会信用代码 or ID number)
    is the identity across agencies, so inspections of the same target by several are found."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=TargetKind.choices)
    name = models.CharField(_("名称"), max_length=128)
    id_number = models.CharField(_("统一社会信用代码或身份证号"), max_length=18)
    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在地")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")
        ordering = ["agency_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "id_number"], name="target_once_per_agency")
        ]
        indexes = [models.Index(fields=["id_number"], name="target_identity_idx")]

    def __str__(self):
        return self.name


class Relation(models.Model):
    """A declared relation between an officer and a target (a relative works there, a former
    employer…): the officer steps aside from inspecting it (TEPP Arts. 12–16)."""

    officer = models.ForeignKey(
        "officers.Officer", on_delete=models.PROTECT, related_name="+", verbose_name=_("执法人员")
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="relations", verbose_name=_("检查对象")
    )
    reason = models.CharField(_("关系"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [models.UniqueConstraint(fields=["officer", "target"], name="relation_once")]

    def __str__(self):
        return f"{self.officer}—{self.target}：{self.reason}"


class Plan(models.Model):
    """An agency's yearly inspection plan for one matter: target pool, inspector pool, how many
    targets and inspectors, then the draw from its published seed."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    matter = models.ForeignKey(
        Matter, on_delete=models.PROTECT, related_name="plans", verbose_name=_("抽查事项")
    )
    title = models.CharField(_("名称"), max_length=128)
    planned_on = models.DateField(_("计划检查日期"))
    # How often the matter is inspected in the year (次/年): one draw per round, each from its
    # own published seed.
    frequency = models.PositiveSmallIntegerField(_("抽查频次（次/年）"), default=1)
    target_count = models.PositiveSmallIntegerField(_("抽取检查对象数"))
    inspectors_per_target = models.PositiveSmallIntegerField(_("每个对象执法人员数"), default=2)
    targets = models.ManyToManyField(Target, related_name="plans", verbose_name=_("检查对象名录"))
    inspectors = models.ManyToManyField(
        "officers.Officer", related_name="+", verbose_name=_("执法检查人员名录")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=PlanState.choices, default=PlanState.OPEN
    )
    # a superior agency's head lets a plan past the per-target yearly cap, or refuses it
    cap_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cap_reason = models.CharField(_("上级批准意见"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(inspectors_per_target__gte=2), name="plan_two_inspectors"
            ),
            models.CheckConstraint(
                condition=models.Q(frequency__gte=1, frequency__lte=12), name="plan_frequency"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"


class Draw(models.Model):
    """One round of a plan's double-random draw (T1 Art. 20): its date, its own published seed
    and the result with the pools' public keys, so anyone can redo it (tools/verify_draw.py)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="draws", verbose_name=_("抽查计划")
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    planned_on = models.DateField(_("计划检查日期"))
    seed = models.CharField(_("随机种子"), max_length=128)
    state = models.CharField(
        _("状态"), max_length=16, choices=DrawState.choices, default=DrawState.MADE
    )
    # targets it would take past the yearly cap: {target id: inspections this year before it}
    over_cap = models.JSONField(_("超出年度上限的检查对象"), default=dict, blank=True)
    result = models.JSONField(_("抽取结果"), default=dict)
    # the pools as published: keys in the draw's canonical order, identities masked
    published = models.JSONField(_("公示的抽取依据"), default=dict)
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("抽取")
        verbose_name_plural = _("抽取")
        ordering = ["plan_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "round"], name="draw_round_once"),
            models.UniqueConstraint(fields=["plan", "seed"], name="draw_seed_once_per_plan"),
        ]

    def __str__(self):
        return f"{self.plan} 第{self.round}轮"


class Inspection(models.Model):
    """One drawn inspection of one target (行政检查), its record and outcome."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("抽查计划")
    )
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("机构")
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("检查对象")
    )
    draw = models.ForeignKey(
        Draw, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("抽取")
    )
    planned_on = models.DateField(_("计划检查日期"))
    state = models.CharField(_("状态"), max_length=20, choices=InspectionState.choices)
    inspectors = models.ManyToManyField(
        "officers.Officer", related_name="inspections", verbose_name=_("执法检查人员")
    )
    # The other inspections of the same target found before it (opinion item 七), as listed.
    overlaps = models.JSONField(_("重复检查提示"), default=list, blank=True)
    joined_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joined",
        verbose_name=_("并入的联合检查"),
    )
    # the record (检查记录, TEPP Art. 29)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    # APL Art. 55; TEPP Art. 23: the officers showed their enforcement certificates (出示执法证件)
    certificates_shown = models.BooleanField(_("已出示执法证件"), default=False)
    scope = models.CharField(_("检查范围"), max_length=300, blank=True)
    items_checked = models.JSONField(_("检查内容"), default=list, blank=True)
    outcome = models.CharField(_("检查结果"), max_length=16, choices=Outcome.choices, blank=True)
    summary = models.CharField(_("结果说明"), max_length=500, blank=True)
    # the idempotency key the record came with (an offline draft made on the device, web
    # INTERFACE.md): the same draft sent again replays this record instead of being refused
    record_key = models.CharField(_("记录幂等键"), max_length=64, blank=True)
    recorded_by = models.ManyToManyField(
        "officers.Officer", related_name="+", verbose_name=_("记录的执法人员"), blank=True
    )
    photos = models.ManyToManyField(
        "evidence.EvidenceFile", related_name="+", verbose_name=_("照片"), blank=True
    )

    class Meta:
        verbose_name = _("行政检查")
        verbose_name_plural = _("行政检查")
        ordering = ["planned_on", "id"]
        indexes = [models.Index(fields=["planned_on"], name="inspection_planned_idx")]

    def __str__(self):
        return f"{self.target} {self.planned_on}"


class Finding(models.Model):
    """A problem found on inspection; turned into a lead (线索, TEPP Art. 62) in one step."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="findings", verbose_name=_("行政检查")
    )
    text = models.CharField(_("发现的问题"), max_length=1000)
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("线索"),
    )

    class Meta:
        verbose_name = _("检查发现的问题")
        verbose_name_plural = _("检查发现的问题")
        ordering = ["id"]

    def __str__(self):
        return self.text[:40]


class JointProposal(models.Model):
    """A proposal to join an inspection into another agency's one on the same target (综合查一次);
    the other agency accepts."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("本机构检查")
    )
    other = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        related_name="proposals_in",
        verbose_name=_("对方检查"),
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("联合检查提议")
        verbose_name_plural = _("联合检查提议")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "other"],
                condition=models.Q(state="proposed"),
                name="joint_proposal_once",
            )
        ]

    def __str__(self):
        return f"{self.inspection} ⇢ {self.other}"
