"""Realistic Chinese sample data for the demo cases, from a seeded random source: the same seed gives
the same people, vehicles and places. Pure: no Django.

Resident ID numbers follow GB 11643-1999 (check digit from python-stdnum); unified social credit
codes follow GB 32100-2015 with the embedded organisation code's own check digit (GB 11714-1997);
plates follow GA 36-2018. Every value passes the platform's validators (`zhifa.core.identifiers`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import ric, uscc

from zhifa.core.identifiers import org_code_check_digit


@dataclass(frozen=True)
class Place:
    """A prefecture of the demo: its plate prefix, district codes (for ID numbers) and streets."""

    key: str  # hz, nb, cd, my
    province: str
    prefecture: str
    plate: str  # 浙A …
    districts: tuple[tuple[str, str], ...]  # (GB/T 2260 code, name)
    roads: tuple[str, ...]
    sites: tuple[str, ...]  # places where officers check vehicles or roads


PLACES = {
    "hz": Place(
        "hz",
        "浙江省",
        "杭州市",
        "浙A",
        (("330102", "上城区"), ("330105", "拱墅区"), ("330106", "西湖区"), ("330109", "萧山区")),
        ("解放路", "文三路", "市心中路", "金城路", "莫干山路", "天目山路"),
        (
            "G60沪昆高速杭州收费站",
            "G104国道萧山超限检测站",
            "杭州东站出租车蓄车场",
            "S13练杭高速余杭段",
        ),
    ),
    "nb": Place(
        "nb",
        "浙江省",
        "宁波市",
        "浙B",
        (("330203", "海曙区"), ("330205", "江北区"), ("330212", "鄞州区"), ("330206", "北仑区")),
        ("中山东路", "百丈东路", "天童南路", "新大路", "明州路"),
        ("G1501宁波绕城高速北仑收费站", "S20穿山疏港高速检测站", "宁波站南广场", "329国道鄞州段"),
    ),
    "cd": Place(
        "cd",
        "四川省",
        "成都市",
        "川A",
        (("510104", "锦江区"), ("510105", "青羊区"), ("510107", "武侯区"), ("510112", "龙泉驿区")),
        ("人民南路", "蜀都大道", "科华北路", "天府大道", "一环路北三段"),
        (
            "G4201成都绕城高速龙泉收费站",
            "G317国道郫都超限检测站",
            "成都东站出租车上客区",
            "天府大道南延线",
        ),
    ),
    "my": Place(
        "my",
        "四川省",
        "绵阳市",
        "川B",
        (("510703", "涪城区"), ("510704", "游仙区"), ("510705", "安州区")),
        ("临园路", "剑门路", "长虹大道", "绵兴东路"),
        ("G5京昆高速绵阳收费站", "G108国道游仙超限检测站", "绵阳火车站广场"),
    ),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = (
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英",
    "建华", "建国", "志强", "海燕", "国平", "晓东", "文斌", "春梅", "德明", "永刚", "红霞", "立新",
    "子涵", "浩然", "俊杰", "雪梅", "光荣", "世杰", "家豪", "玉兰", "振华", "卫东", "庆丰", "宏伟",
)  # fmt: skip
TRADE_NAMES = (
    "顺达", "恒通", "远航", "宏运", "鑫源", "安畅", "路通", "捷运", "金桥", "华通", "汇丰", "万里",
    "永盛", "通衢", "腾飞", "新锐", "迅驰", "众诚", "天和", "长兴",
)  # fmt: skip
BUSINESSES = (
    "物流有限公司",
    "运输有限公司",
    "货运有限公司",
    "汽车运输有限公司",
    "建设工程有限公司",
)
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


class DemoData:
    """One seeded source of names, numbers and places."""

    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today
        self._used: set[str] = set()

    def _unique(self, make) -> str:
        for _ in range(1000):
            value = make()
            if value not in self._used:
                self._used.add(value)
                return value
        raise RuntimeError("no unique value")  # pragma: no cover - 10^4+ combinations

    # --- people and companies ---------------------------------------------------------------

    def person_name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def resident_id(self, place: Place) -> str:
        """A resident ID of someone aged 23–60, born in one of the prefecture's districts."""
        rng = self.rng

        def make() -> str:
            code = rng.choice(place.districts)[0]
            born = self.today - timedelta(days=rng.randint(23 * 366, 60 * 365))
            body = f"{code}{born:%Y%m%d}{rng.randint(10, 999):03d}"
            return body + ric.calc_check_digit(body + "0")  # stdnum reads the first 17

        return self._unique(make)

    def company_name(self, place: Place) -> str:
        city = place.prefecture.removesuffix("市")
        return self._unique(
            lambda: f"{city}{self.rng.choice(TRADE_NAMES)}{self.rng.choice(BUSINESSES)}"
        )

    def credit_code(self, place: Place) -> str:
        """A unified social credit code of a company (登记管理部门 9, 类别 1) in the prefecture."""
        rng = self.rng

        def make() -> str:
            region = place.districts[0][0][:4] + "00"
            org_body = "".join(rng.choice("0123456789") for _ in range(8))
            org = org_body + org_code_check_digit(org_body)
            body = f"91{region}{org}"
            return body + uscc.calc_check_digit(body)

        return self._unique(make)

    def plate(self, place: Place) -> str:
        rng = self.rng
        return self._unique(
            lambda: (
                place.plate
                + rng.choice(PLATE_LETTERS)
                + "".join(rng.choice("0123456789") for _ in range(4))
            )
        )

    def phone(self) -> str:
        return (
            "1" + self.rng.choice("3589") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )

    def address(self, place: Place) -> str:
        district = self.rng.choice(place.districts)[1]
        road = self.rng.choice(place.roads)
        return f"{place.province}{place.prefecture}{district}{road}{self.rng.randint(1, 999)}号"

    def site(self, place: Place) -> str:
        return self.rng.choice(place.sites)

    def party(self, place: Place, *, kind: str | None = None, vehicle: bool = True) -> dict:
        """Arguments of `cases.services.create_party`."""
        kind = kind or self.rng.choice(("person", "person", "organisation"))
        if kind == "person":
            name, number = self.person_name(), self.resident_id(place)
        else:
            name, number = self.company_name(place), self.credit_code(place)
        return {
            "kind": kind,
            "name": name,
            "id_number": number,
            "address": self.address(place),
            "plate": self.plate(place) if vehicle else "",
            "phone": self.phone(),
        }

    def pick(self, values):
        return self.rng.choice(values)

    def between(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)
