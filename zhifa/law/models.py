"""The law catalogue and the discretion data: laws and their versions, penalty provisions, provincial
benchmarks and the no-penalty lists.

Each data row keeps its source record in `data`, in exactly the shape of shared/data/*.json, so the
pure engine (zhifa/core/discretion) rebuilds its objects from the database with the same parsers it
uses on the files. The other columns are copies for search, ordering, admin and constraints.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    BenchmarkStatus,
    ExemptionKind,
    ImportStatus,
    LawLevel,
    Scope,
    Sector,
    Tier,
)


class Law(models.Model):
    """One version of a law, regulation or rule (法律法规规章), e.g. 道路运输条例 as revised in 2023.

    A later version points back through `superseded_by`; which text applies to a past act is the
    engine's question (行政处罚法第三十七条), answered from these dates.
    """

    name = models.CharField(_("名称"), max_length=128)
    level = models.CharField(_("效力级别"), max_length=32, choices=LawLevel.choices)
    version_year = models.PositiveSmallIntegerField(_("版本年份"))
    version_date = models.DateField(_("版本日期"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="earlier_versions",
        verbose_name=_("被以下版本取代"),
    )
    source = models.CharField(_("来源"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("法律法规规章")
        verbose_name_plural = _("法律法规规章")
        ordering = ["name", "-version_year"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version_year"], name="law_unique_version"),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_from__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="law_effective_range_ordered",
            ),
        ]

    def __str__(self):
        return f"《{self.name}》（{self.version_year}年）"


class PenaltyProvision(models.Model):
    """A penalty article (处罚条款) and the conduct it punishes, with its statutory sanctions.

    `data_id` is the stable id of the data ("rtr2023-63-1"); `data` is the source record itself.
    """

    data_id = models.CharField(_("条款编号"), max_length=64, unique=True)
    law = models.ForeignKey(
        Law, on_delete=models.PROTECT, related_name="provisions", verbose_name=_("法律法规")
    )
    article = models.CharField(_("条款"), max_length=128, db_index=True)
    violated_article = models.CharField(_("违反条款"), max_length=128, blank=True)
    conduct = models.CharField(_("违法行为"), max_length=500, db_index=True)
    conduct_en = models.CharField(_("违法行为（英文）"), max_length=500, blank=True)
    sector = models.CharField(_("领域"), max_length=32, choices=Sector.choices, db_index=True)
    warning = models.BooleanField(_("可处警告"), default=False)
    fine_min = models.PositiveIntegerField(_("罚款下限（元）"), null=True, blank=True)
    fine_max = models.PositiveIntegerField(_("罚款上限（元）"), null=True, blank=True)
    gain_multiple_min = models.DecimalField(
        _("违法所得倍数下限"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    gain_multiple_max = models.DecimalField(
        _("违法所得倍数上限"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    small_gain_threshold = models.PositiveIntegerField(
        _("违法所得数额界限（元）"), null=True, blank=True
    )
    fallback_fine_min = models.PositiveIntegerField(
        _("无或少量违法所得时罚款下限"), null=True, blank=True
    )
    fallback_fine_max = models.PositiveIntegerField(
        _("无或少量违法所得时罚款上限"), null=True, blank=True
    )
    per_unit_fine = models.PositiveIntegerField(_("按单位计罚（元）"), null=True, blank=True)
    correct_first = models.BooleanField(_("先责令改正"), default=False)
    order_to_stop_or_correct = models.BooleanField(_("责令停止或改正"), default=False)
    confiscation = models.JSONField(_("没收"), default=list, blank=True)
    suspension_or_revocation = models.CharField(_("停业、吊销等"), max_length=500, blank=True)
    unconfirmed = models.BooleanField(_("未经核实"), default=False)
    superseded_by = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="supersedes",
        verbose_name=_("被以下条款取代"),
    )
    source_url = models.CharField(_("来源"), max_length=500, blank=True)
    data = models.JSONField(_("原始数据"))
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        verbose_name = _("处罚条款")
        verbose_name_plural = _("处罚条款")
        ordering = ["sector", "data_id"]
        indexes = [models.Index(fields=["law", "article"], name="provision_law_article")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fine_min__isnull=True)
                | models.Q(fine_max__isnull=True)
                | models.Q(fine_max__gte=models.F("fine_min")),
                name="provision_fine_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.law.name}{self.article}（{self.data_id}）"


class Benchmark(models.Model):
    """A discretion benchmark (裁量基准): one issuer's versioned table of levels for one provision.

    `province` is the Region the issuer belongs to (None for national tables and for tables whose
    issuer the source does not show); `issuer` keeps the data's own words ("浙江（临海市）").
    """

    key = models.CharField(_("基准标识"), max_length=64, unique=True)
    provision = models.ForeignKey(
        PenaltyProvision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benchmarks",
        verbose_name=_("处罚条款"),
    )
    also_provisions = models.ManyToManyField(
        PenaltyProvision,
        blank=True,
        related_name="shared_benchmarks",
        verbose_name=_("同时适用的条款"),
    )
    scope = models.CharField(_("层级"), max_length=16, choices=Scope.choices)
    province = models.ForeignKey(
        "orgs.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benchmarks",
        verbose_name=_("省份"),
        limit_choices_to={"level": "province"},
    )
    issuer = models.CharField(_("制定机关"), max_length=128, blank=True)
    document = models.CharField(_("文件"), max_length=300)
    version = models.CharField(_("版本"), max_length=64, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=BenchmarkStatus.choices,
        default=BenchmarkStatus.ACTIVE,
        db_index=True,
    )
    obsolete_reason = models.TextField(_("失效原因"), blank=True)
    source_url = models.CharField(_("来源"), max_length=500, blank=True)
    origin = models.CharField(
        _("导入方式"),
        max_length=16,
        choices=[("data", _("参考数据")), ("excel", _("Excel导入"))],
        default="data",
    )
    data = models.JSONField(_("原始数据"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导入人"),
    )
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        verbose_name = _("裁量基准")
        verbose_name_plural = _("裁量基准")
        ordering = ["province_id", "provision_id", "-year", "id"]
        indexes = [
            models.Index(fields=["province", "provision", "status"], name="benchmark_lookup")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="obsolete") | ~models.Q(obsolete_reason=""),
                name="benchmark_obsolete_has_reason",
            ),
        ]

    def __str__(self):
        return self.document


class BenchmarkLevel(models.Model):
    """One level (裁量阶次) of a benchmark: its conditions and its fine or multiple range.

    A copy of `Benchmark.data["levels"][order]` for querying and the admin; the engine reads `data`.
    """

    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.CASCADE, related_name="levels", verbose_name=_("裁量基准")
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    label = models.CharField(_("阶次名称"), max_length=120)
    tier = models.CharField(_("阶次"), max_length=16, choices=Tier.choices, blank=True)
    conditions_zh = models.TextField(_("适用情形"), blank=True)
    conditions = models.JSONField(_("适用条件（机读）"), null=True, blank=True)
    fine_min = models.PositiveIntegerField(_("罚款下限（元）"), null=True, blank=True)
    fine_max = models.PositiveIntegerField(_("罚款上限（元）"), null=True, blank=True)
    gain_multiple_min = models.DecimalField(
        _("倍数下限"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    gain_multiple_max = models.DecimalField(
        _("倍数上限"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("裁量阶次")
        verbose_name_plural = _("裁量阶次")
        ordering = ["benchmark_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "order"], name="benchmark_level_order"),
        ]

    def __str__(self):
        return f"{self.benchmark} · {self.label}"


class ExemptionList(models.Model):
    """A no-penalty list (免罚清单), national or of one or more provinces (川渝 is joint)."""

    key = models.CharField(_("清单标识"), max_length=64, unique=True)
    scope = models.CharField(_("层级"), max_length=16, choices=Scope.choices)
    provinces = models.ManyToManyField(
        "orgs.Region", blank=True, related_name="exemption_lists", verbose_name=_("省份")
    )
    issuer = models.CharField(_("制定机关"), max_length=128, blank=True)
    document = models.CharField(_("文件"), max_length=300)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    source_url = models.CharField(_("来源"), max_length=500, blank=True)
    data = models.JSONField(_("原始数据"))
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        verbose_name = _("免罚清单")
        verbose_name_plural = _("免罚清单")
        ordering = ["scope", "-year", "id"]

    def __str__(self):
        return self.document


class ExemptionItem(models.Model):
    """One item of a no-penalty list: a conduct and the conditions that must ALL hold."""

    exemption_list = models.ForeignKey(
        ExemptionList, on_delete=models.CASCADE, related_name="items", verbose_name=_("免罚清单")
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("类别"), max_length=16, choices=ExemptionKind.choices)
    provision = models.ForeignKey(
        PenaltyProvision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemption_items",
        verbose_name=_("处罚条款"),
    )
    conduct = models.CharField(_("违法行为"), max_length=500)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    conditions_zh = models.JSONField(_("适用条件"), default=list)
    data = models.JSONField(_("原始数据"))

    class Meta:
        verbose_name = _("免罚事项")
        verbose_name_plural = _("免罚事项")
        ordering = ["exemption_list_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["exemption_list", "order"], name="exemption_item_order"
            ),
        ]

    def __str__(self):
        return self.conduct


class FirstViolationExemptionManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=ExemptionKind.FIRST_VIOLATION)


class MinorViolationExemptionManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=ExemptionKind.MINOR)


class FirstViolationExemption(ExemptionItem):
    """首违不罚: a first violation with slight harm, promptly corrected (行政处罚法第三十三条)."""

    objects = FirstViolationExemptionManager()

    class Meta:
        proxy = True
        verbose_name = _("首违不罚事项")
        verbose_name_plural = _("首违不罚事项")


class MinorViolationExemption(ExemptionItem):
    """轻微免罚: minor, promptly corrected, no harm — shall not be punished (行政处罚法第三十三条)."""

    objects = MinorViolationExemptionManager()

    class Meta:
        proxy = True
        verbose_name = _("轻微违法免罚事项")
        verbose_name_plural = _("轻微违法免罚事项")


class BenchmarkImport(models.Model):
    """One Excel upload of benchmarks, its progress and its outcome (all rows or none)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("上传人"),
    )
    filename = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("文件内容"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_done = models.PositiveIntegerField(_("已检查行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    benchmarks = models.ManyToManyField(
        Benchmark, blank=True, related_name="imports", verbose_name=_("导入的基准")
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("基准导入")
        verbose_name_plural = _("基准导入")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
