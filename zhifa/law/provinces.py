"""Who issued a benchmark or a list: the data's own words ("浙江（临海市）", "川渝（…）", "national")
resolved to a scope and to province Region rows of zhifa.orgs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhifa.orgs.choices import RegionLevel
from zhifa.orgs.models import Region

from .choices import Scope

# Joint issuers named by the usual abbreviations (渝交规〔2023〕8号 is issued by 重庆 and 四川 together).
JOINT_ABBREVIATIONS = {
    "川渝": ("四川", "重庆"),
    "京津冀": ("北京", "天津", "河北"),
    "长三角": ("上海", "江苏", "浙江", "安徽"),
}
# Bodies directly under the ministry (glossary: Agency kind maritime, changjiang, zhujiang).
DIRECT_BODY_MARKERS = ("海事局", "航务管理局")
NATIONAL_MARKERS = ("national", "全国", "交通运输部")
_PAREN = re.compile(r"[（(](.*)[）)]\s*$")


@dataclass(frozen=True)
class Issuer:
    scope: str
    provinces: tuple[Region, ...] = field(default=())
    locality: str = ""
    label: str = ""

    @property
    def province(self) -> Region | None:
        """The one province, when there is exactly one."""
        return self.provinces[0] if len(self.provinces) == 1 else None


def province_index() -> dict[str, Region]:
    """Province rows by full name ("甘肃省") and short name ("甘肃")."""
    index: dict[str, Region] = {}
    for region in Region.objects.filter(level=RegionLevel.PROVINCE):
        index[region.name] = region
        index[short_name(region.name)] = region
    return index


def short_name(name: str) -> str:
    """ "甘肃省" → "甘肃", "内蒙古自治区" → "内蒙古", "广西壮族自治区" → "广西", "重庆市" → "重庆"."""
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def resolve_province(
    value: str | int | None, index: dict[str, Region] | None = None
) -> Region | None:
    """A province Region from its id, full name or short name; None when nothing matches."""
    if value is None or value == "":
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return Region.objects.filter(pk=int(value), level=RegionLevel.PROVINCE).first()
    index = province_index() if index is None else index
    text = value.strip()
    return index.get(text) or index.get(short_name(text))


def resolve_issuer(label: str | None, index: dict[str, Region] | None = None) -> Issuer:
    """Scope and provinces of the data's `province` (benchmarks) or `scope` (lists) text."""
    text = (label or "").strip()
    if not text:
        return Issuer(Scope.UNKNOWN, label="")
    index = province_index() if index is None else index
    paren = _PAREN.search(text)
    inner = paren.group(1).strip() if paren else ""
    base = _PAREN.sub("", text).strip()
    if base.lower().startswith(NATIONAL_MARKERS):
        return Issuer(Scope.NATIONAL, locality=inner, label=text)
    if any(marker in base for marker in DIRECT_BODY_MARKERS):
        return Issuer(Scope.DIRECT, locality=base, label=text)
    names = JOINT_ABBREVIATIONS.get(base, (base,))
    provinces = tuple(r for r in (resolve_province(n, index) for n in names) if r is not None)
    if not provinces:
        return Issuer(Scope.UNKNOWN, locality=text, label=text)
    if inner and base not in JOINT_ABBREVIATIONS:
        return Issuer(Scope.LOCAL, provinces, locality=inner, label=text)
    return Issuer(Scope.PROVINCIAL, provinces, label=text)
