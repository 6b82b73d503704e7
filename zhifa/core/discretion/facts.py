"""The declared vocabulary of case facts the discretion engine understands.

A benchmark condition, an exemption-list condition and the general rules of the Administrative Penalty
Law (APL, 2021) may only name facts listed here. Values are checked once per request (`coerce_facts`);
a name outside this list is refused (`UnknownFact`), a negative quantity is refused (`NegativeAmount`).

Where a fact carries an APL article, it feeds a general rule: Art. 30 (age), Art. 31 (mental capacity),
Art. 32 (mandatory lenient/mitigated), Art. 33 (minor / first violation / no fault), Art. 36 (5-year
limitation), Art. 49 (emergencies). The rest describe the conduct for benchmark levels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import InvalidFactValue, NegativeAmount, UnknownFact

FactValue = bool | int | Decimal | str


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One declared fact: machine name, type (bool/int/number/enum), unit, Chinese label."""

    name: str
    type: str
    label_zh: str
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (code, Chinese label) for enums
    article: str = ""

    def choice_label(self, code: str) -> str:
        for c, label in self.choices:
            if c == code:
                return label
        return code


_CONSEQUENCE = (
    ("none", "没有造成危害后果"),
    ("minor", "危害后果轻微"),
    ("major", "危害后果较大"),
    ("serious", "造成严重危害后果"),
)

_SPECS: tuple[FactSpec, ...] = (
    # --- general rules of the APL --------------------------------------------------------------
    FactSpec("age", "int", "当事人年龄", "周岁", article="《行政处罚法》第三十条"),
    FactSpec(
        "mental_capacity",
        "enum",
        "辨认或控制自己行为的能力",
        choices=(
            ("full", "完全具备"),
            ("partial", "尚未完全丧失辨认或者控制能力"),
            ("none", "不能辨认或者不能控制自己的行为"),
        ),
        article="《行政处罚法》第三十一条",
    ),
    FactSpec(
        "first_violation", "bool", "初次违法（首违）", article="《行政处罚法》第三十三条第一款"
    ),
    FactSpec("repeat_count", "int", "被查处次数（含本次）", "次"),
    FactSpec("violation_minor", "bool", "违法行为轻微", article="《行政处罚法》第三十三条第一款"),
    FactSpec("corrected", "bool", "及时改正", article="《行政处罚法》第三十三条第一款"),
    FactSpec("consequence", "enum", "危害后果", choices=_CONSEQUENCE),
    FactSpec(
        "no_fault", "bool", "有证据足以证明没有主观过错", article="《行政处罚法》第三十三条第二款"
    ),
    FactSpec(
        "removed_harm",
        "bool",
        "主动消除或者减轻违法行为危害后果",
        article="《行政处罚法》第三十二条第（一）项",
    ),
    FactSpec(
        "coerced",
        "bool",
        "受他人胁迫或者诱骗实施违法行为",
        article="《行政处罚法》第三十二条第（二）项",
    ),
    FactSpec(
        "confessed",
        "bool",
        "主动供述行政机关尚未掌握的违法行为",
        article="《行政处罚法》第三十二条第（三）项",
    ),
    FactSpec(
        "meritorious",
        "bool",
        "配合行政机关查处违法行为有立功表现",
        article="《行政处罚法》第三十二条第（四）项",
    ),
    FactSpec(
        "emergency_period",
        "bool",
        "在发生重大传染病疫情等突发事件期间实施且违反应对措施",
        article="《行政处罚法》第四十九条",
    ),
    FactSpec(
        "life_health_or_financial_harm",
        "bool",
        "涉及公民生命健康安全、金融安全且有危害后果",
        article="《行政处罚法》第三十六条第一款",
    ),
    FactSpec("obstructed", "bool", "拒不接受调查处理、阻碍或者煽动抗拒执法"),
    FactSpec("violent_resistance", "bool", "以暴力、威胁等手段抗拒执法"),
    FactSpec("refused_to_correct", "bool", "拒不改正或者逾期不改正"),
    FactSpec("serious", "bool", "情节严重"),
    FactSpec(
        "party_role",
        "enum",
        "当事人身份",
        choices=(
            ("operator", "经营者或所有人（条款主罚对象）"),
            ("master", "船长或直接责任人员"),
            ("crew", "船员"),
            ("employer", "聘用单位"),
        ),
    ),
    FactSpec("occurrences", "int", "违法行为次数（按次处罚的条款）", "次"),
    # --- money and quantities ------------------------------------------------------------------
    FactSpec("illegal_gain", "number", "违法所得", "元"),
    FactSpec("tree_value", "number", "采伐林木价值", "元"),
    FactSpec("damage_value", "number", "路产损失", "元"),
    FactSpec("area_m2", "number", "面积", "平方米"),
    FactSpec("depth_cm", "number", "挖掘深度", "厘米"),
    FactSpec("volume_m3", "number", "挖掘体积", "立方米"),
    FactSpec("damaged_length_m", "number", "造成路产危害的长度", "延米"),
    FactSpec("months_operating", "number", "擅自经营持续时间", "个月"),
    FactSpec("vehicles_count", "int", "投入经营的车辆数", "辆"),
    FactSpec("licence_lapsed_days", "int", "许可证件失效（超过有效期或被注销）的天数", "日"),
    FactSpec("maintenance_intervals_missed", "int", "未进行维护和检测的二级维护间隔数", "个"),
    FactSpec("interruption_hours", "number", "造成公路中断的时长", "小时"),
    FactSpec("ship_tonnage", "number", "船舶吨级（货运）", "吨"),
    FactSpec("passenger_seats", "int", "船舶客位", "客位"),
    FactSpec("berth_tonnage", "number", "违法建设泊位吨级（最大者）", "吨"),
    FactSpec("berth_count", "int", "违法建设泊位个数", "个"),
    FactSpec("registered_months", "number", "在网约车平台注册时长", "个月"),
    FactSpec("orders_count", "int", "完成订单数", "单"),
    FactSpec("overlimit_ratio", "number", "超限率（超过认定标准的百分比）", "%"),
    # --- over-limit (超限运输车辆行驶公路管理规定 第三条、第四十三条) -----------------------------
    FactSpec("excess_kg", "number", "车货总质量超过限定标准的质量", "千克"),
    FactSpec("gross_mass_kg", "number", "车货总质量", "千克"),
    FactSpec(
        "vehicle_class",
        "enum",
        "车型（轴数与车辆类型）",
        choices=(
            ("2_axle_truck", "二轴货车"),
            ("3_axle_truck", "三轴货车"),
            ("3_axle_combination", "三轴汽车列车"),
            ("4_axle_truck", "四轴货车"),
            ("4_axle_combination", "四轴汽车列车"),
            ("5_axle_combination", "五轴汽车列车"),
            ("6plus_axle_combination", "六轴及以上汽车列车"),
            (
                "6plus_axle_combination_single_drive_axle_tractor",
                "六轴及以上汽车列车（牵引车驱动轴为单轴）",
            ),
        ),
    ),
    FactSpec(
        "single_tyre_reduction",
        "bool",
        "除驱动轴外的二轴组、三轴组或挂车车轴每侧为单轮胎（限定标准减少3000千克）",
    ),
    FactSpec("height_m", "number", "车货总高度", "米"),
    FactSpec("width_m", "number", "车货总宽度", "米"),
    FactSpec("length_m", "number", "车货总长度", "米"),
    # --- circumstances named by benchmarks and lists ------------------------------------------
    FactSpec("accident", "bool", "造成交通事故或者安全责任事故"),
    FactSpec("caused_congestion", "bool", "造成交通堵塞或者影响公路安全畅通"),
    FactSpec("caused_damage", "bool", "造成公路、公路附属设施损坏"),
    FactSpec("affects_road_use", "bool", "影响公路正常使用"),
    FactSpec("affects_function", "bool", "影响公路附属设施的使用功能"),
    FactSpec("safety_facility", "bool", "涉及公路安全设施、防护设施"),
    FactSpec("dangerous_section", "bool", "在弯道等危险路段"),
    FactSpec("temporary", "bool", "临时性行为"),
    FactSpec("restored", "bool", "及时恢复原状、清除污染或者修复损害"),
    FactSpec("compensated", "bool", "足额赔偿或者依法承担恢复费用"),
    FactSpec("stopped", "bool", "按要求立即停止违法行为或者驶离"),
    FactSpec("loading_rectified", "bool", "按执法部门要求规范装载并采取防止措施"),
    FactSpec("minor_modification", "bool", "改装轻微、能当场恢复原状且不影响车辆安全技术性能"),
    FactSpec("overloaded", "bool", "被查处时存在超限超载或者超员运输"),
    FactSpec("commitment_signed", "bool", "承诺不再实施并停止违法行为（告知承诺）"),
    FactSpec("charter_operator", "bool", "旅游、包车客运经营者从事班车客运"),
    FactSpec("long_term_at_hub", "bool", "在车站等旅客集散地长期非法经营，严重影响市场秩序"),
    FactSpec("forged_or_invalid_licence", "bool", "使用伪造、变造、被注销等无效许可证件"),
    FactSpec("vehicle_inspection_valid", "bool", "车辆在检验有效期内"),
    FactSpec("transfer_in_progress", "bool", "车辆在转籍、过户中"),
    FactSpec("road_expressway", "bool", "发生在高速公路"),
    FactSpec(
        "road_admin_class",
        "enum",
        "公路行政等级",
        choices=(
            ("national", "国道"),
            ("provincial", "省道"),
            ("county", "县道"),
            ("township", "乡道"),
            ("village", "村道"),
            ("special", "专用公路"),
        ),
    ),
    FactSpec(
        "road_tech_grade",
        "enum",
        "公路技术等级",
        choices=(
            ("expressway", "高速公路"),
            ("grade1", "一级公路"),
            ("grade2", "二级公路"),
            ("grade3", "三级公路"),
            ("grade4", "四级公路"),
            ("substandard", "等外公路"),
        ),
    ),
    FactSpec(
        "road_act_kind",
        "enum",
        "占用或挖掘",
        choices=(("occupy", "占用公路"), ("excavate", "挖掘公路")),
    ),
    FactSpec(
        "facility_laying", "enum", "架设或埋设", choices=(("bury", "埋设"), ("erect", "架设"))
    ),
    FactSpec(
        "facility_kind",
        "enum",
        "架设、埋设的设施类型",
        choices=(
            ("low_pressure_hazardous", "低压易燃易爆有毒物品管线"),
            ("low_pressure_other", "低压非易燃易爆有毒管线、入户电话线、照明供电线路"),
            ("high_pressure_hazardous", "高压易燃易爆有毒物品管线"),
            ("high_pressure_other", "高压非易燃易爆有毒管线、电讯电缆、光缆、10KV以下电力线"),
        ),
    ),
)

FACTS: Mapping[str, FactSpec] = {s.name: s for s in _SPECS}

_ENUM_CODES: Mapping[str, frozenset[str]] = {
    s.name: frozenset(c for c, _ in s.choices) for s in _SPECS if s.type == "enum"
}

# Facts every provision accepts: the general rules of the APL read them whatever the benchmark says.
GENERAL_FACTS: frozenset[str] = frozenset(
    {
        "age",
        "mental_capacity",
        "first_violation",
        "repeat_count",
        "violation_minor",
        "corrected",
        "consequence",
        "no_fault",
        "removed_harm",
        "coerced",
        "confessed",
        "meritorious",
        "emergency_period",
        "life_health_or_financial_harm",
        "obstructed",
        "refused_to_correct",
        "serious",
        "party_role",
    }
)


def coerce_value(spec: FactSpec, value: Any) -> FactValue:
    """Check one value against its declared type; numbers become Decimal, never float."""
    t = spec.type
    if t == "bool":
        if isinstance(value, bool):
            return value
        raise InvalidFactValue(spec.name, "应为是/否（布尔值）")
    if isinstance(value, bool):
        raise InvalidFactValue(spec.name, "应为数值")
    if t == "int":
        if isinstance(value, int):
            if value < 0:
                raise NegativeAmount(spec.label_zh)
            return value
        raise InvalidFactValue(spec.name, "应为整数")
    if t == "number":
        if isinstance(value, Decimal):
            d = value
        elif isinstance(value, int):
            d = Decimal(value)
        elif isinstance(value, (float, str)):
            try:
                d = Decimal(str(value))
            except InvalidOperation:
                raise InvalidFactValue(spec.name, "应为数值") from None
        else:
            raise InvalidFactValue(spec.name, "应为数值")
        if not d.is_finite():
            raise InvalidFactValue(spec.name, "应为有限数值")
        if d < 0:
            raise NegativeAmount(spec.label_zh)
        return d
    if t == "enum":
        if isinstance(value, str) and any(value == c for c, _ in spec.choices):
            return value
        allowed = "、".join(c for c, _ in spec.choices)
        raise InvalidFactValue(spec.name, f"应为以下之一：{allowed}")
    raise InvalidFactValue(spec.name, f"未知类型 {t}")  # pragma: no cover - vocabulary is static


def coerce_facts(raw: Mapping[str, Any]) -> dict[str, FactValue]:
    """Validate a whole fact mapping against the vocabulary. `None` values count as "not stated".

    Fast path for the common exact types (bool for bool facts, non-negative int for numbers, declared
    enum codes); anything else goes through `coerce_value`, which converts or refuses.
    """
    if type(raw) is not dict and not isinstance(
        raw, Mapping
    ):  # exact type first: ABC checks are slow
        raise InvalidFactValue("facts", "应为“事实名称 -> 值”的对象")
    out: dict[str, FactValue] = {}
    for name, value in raw.items():
        spec = FACTS.get(name)
        if spec is None:
            raise UnknownFact(str(name))
        if value is None:
            continue
        vt = type(value)
        t = spec.type
        if t == "bool":
            if vt is bool:
                out[name] = value
                continue
        elif vt is int and t != "enum":
            if value >= 0:
                out[name] = value
                continue
        elif vt is str and t == "enum" and value in _ENUM_CODES[name]:
            out[name] = value
            continue
        out[name] = coerce_value(spec, value)
    return out


def describe(name: str, value: FactValue) -> str:
    """Chinese rendering of one fact for reasons and reasoning text."""
    spec = FACTS[name]
    if spec.type == "bool":
        return spec.label_zh if value else f"不属于“{spec.label_zh}”"
    if spec.type == "enum":
        return f"{spec.label_zh}：{spec.choice_label(str(value))}"
    return f"{spec.label_zh}{value}{spec.unit}"
