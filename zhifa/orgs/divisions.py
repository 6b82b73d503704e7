"""Administrative-division order: provinces by their GB/T 2260 code (中华人民共和国行政区划代码, the
first two digits: 北京市 11 … 新疆维吾尔自治区 65), the directly administered bodies (直属海事局,
长江/珠江航务管理局) grouped after the provinces. regions.json carries names only, so the codes live here;
within a province, prefectures by their four-digit code (杭州市 3301, 宁波市 3302 …), read from
data/prefecture_codes.json (its source is stated in the file)."""

import json
from functools import cache
from pathlib import Path

from django.db.models import Case, IntegerField, Value, When

PREFECTURE_CODES_FILE = Path(__file__).resolve().parent / "data" / "prefecture_codes.json"

PROVINCE_CODES = {
    "北京市": 11,
    "天津市": 12,
    "河北省": 13,
    "山西省": 14,
    "内蒙古自治区": 15,
    "辽宁省": 21,
    "吉林省": 22,
    "黑龙江省": 23,
    "上海市": 31,
    "江苏省": 32,
    "浙江省": 33,
    "安徽省": 34,
    "福建省": 35,
    "江西省": 36,
    "山东省": 37,
    "河南省": 41,
    "湖北省": 42,
    "湖南省": 43,
    "广东省": 44,
    "广西壮族自治区": 45,
    "海南省": 46,
    "重庆市": 50,
    "四川省": 51,
    "贵州省": 52,
    "云南省": 53,
    "西藏自治区": 54,
    "陕西省": 61,
    "甘肃省": 62,
    "青海省": 63,
    "宁夏回族自治区": 64,
    "新疆维吾尔自治区": 65,
}
# After every province: the directly administered bodies and anything without a province.
AFTER_PROVINCES = 90


def region_order(prefix: str = ""):
    """Sort key of a Region (or, with prefix "region__", of a row that has one): its province's code."""
    whens = [When(**{f"{prefix}name": n}, then=Value(c)) for n, c in PROVINCE_CODES.items()]
    whens += [
        When(**{f"{prefix}parent__name": n}, then=Value(c)) for n, c in PROVINCE_CODES.items()
    ]
    return Case(*whens, default=Value(AFTER_PROVINCES), output_field=IntegerField())


@cache
def prefecture_codes() -> dict[tuple[str, str], int]:
    """(province, prefecture) → the prefecture's four-digit GB/T 2260 code."""
    data = json.loads(PREFECTURE_CODES_FILE.read_text("utf-8"))
    return {
        (province, name): int(code)
        for province, prefectures in data["prefectures"].items()
        for name, code in prefectures.items()
    }


def division_code(province: str, prefecture: str | None = None) -> int:
    """The sort code of a place: a province's two digits × 100 (before its prefectures), a
    prefecture's four digits; AFTER_PROVINCES × 100 for anything unknown."""
    if prefecture is None:
        return PROVINCE_CODES.get(province, AFTER_PROVINCES) * 100
    return prefecture_codes().get((province, prefecture), AFTER_PROVINCES * 100)


def agency_order():
    """Sort key of an Agency: the ministry first, then by administrative division (GB/T 2260): a
    province's own agencies, then its prefectures' in code order (杭州市 before 宁波市), then the
    directly administered bodies."""
    prefectures = [
        When(region__name=name, region__parent__name=province, then=Value(code))
        for (province, name), code in prefecture_codes().items()
    ]
    provinces = [
        When(region__name=n, region__parent__isnull=True, then=Value(c * 100))
        for n, c in PROVINCE_CODES.items()
    ]
    return Case(
        When(parent__isnull=True, then=Value(0)),
        *prefectures,
        *provinces,
        default=Value(AFTER_PROVINCES * 100),
        output_field=IntegerField(),
    )
