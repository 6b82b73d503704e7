from django.db import models
from django.utils.translation import gettext_lazy as _


class LawLevel(models.TextChoices):
    """The rank of a legal source (立法法): it decides which text prevails."""

    LAW = "law", _("法律")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("行政法规")
    DEPARTMENTAL_RULE = "departmental_rule", _("部门规章")
    LOCAL_REGULATION = "local_regulation", _("地方性法规")
    LOCAL_RULE = "local_rule", _("地方政府规章")
    OTHER = "other", _("其他")


class Sector(models.TextChoices):
    """Enforcement sectors of the catalogue (shared/spec/provisions.md §1)."""

    ROAD_TRANSPORT = "road_transport", _("道路运输")
    HIGHWAY_ADMINISTRATION = "highway_administration", _("公路路政")
    MARITIME = "maritime", _("海事")
    URBAN_PASSENGER = "urban_passenger", _("城市客运")
    WATERWAY_TRANSPORT = "waterway_transport", _("水路运输与航道")
    PORT = "port", _("港口")
    ROAD_TRAFFIC_PUBLIC_SECURITY = (
        "road_traffic_public_security",
        _("道路交通安全（公安，仅供参照）"),
    )


class BenchmarkStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    OBSOLETE = "obsolete", _("失效")
    # issuing province or document not attributable: shown as an example, never applied
    EXAMPLE = "example", _("示例")


class Scope(models.TextChoices):
    """Who issued a benchmark or an exemption list."""

    NATIONAL = "national", _("全国")
    PROVINCIAL = "provincial", _("省级")
    LOCAL = "local", _("市县级")
    DIRECT = "direct", _("部直属机构")
    UNKNOWN = "unknown", _("未载明")


class Tier(models.TextChoices):
    """裁量阶次 (glossary: BenchmarkLevel). Provinces name their tiers freely; this is the common scale."""

    NO_PENALTY = "no_penalty", _("不予处罚")
    MITIGATED = "mitigated", _("减轻处罚")
    MINOR = "minor", _("轻微")
    ORDINARY = "ordinary", _("一般")
    SERIOUS = "serious", _("较重")
    GRAVE = "grave", _("严重")
    UNCLASSIFIED = "", _("未归类")


class ExemptionKind(models.TextChoices):
    """首违不罚 (行政处罚法第三十三条第一款第二句) and 轻微免罚 (第三十三条第一款第一句)."""

    FIRST_VIOLATION = "first_violation", _("首违不罚")
    MINOR = "minor", _("轻微违法免罚")
    NO_COERCION = "no_coercion", _("免予行政强制")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("正在检查")
    DONE = "done", _("已导入")
    FAILED = "failed", _("未导入（有错误）")
