"""One row per benchmark level of shared/data/benchmarks.json (table test).

The rows are written by hand from each level's source text (conditions_zh / amounts), not computed by
the engine: the facts that describe the level, the level the engine must choose, and — where the table
is usable for a recommendation (issuer known, not superseded, not obsolete on the decision date) — the
expected outcome and the benchmark range the recommendation must show, with the document as article.
A level whose prose or amounts are missing in the source has expected level None: it is never chosen.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.discretion import Outcome, RecommendationRequest, level_for, recommend
from zhifa.core.discretion.catalogue import shared_data_dir
from zhifa.core.discretion.ids import benchmark_id

V, D = date(2025, 3, 1), date(2025, 6, 1)  # default violation / decision dates
OLD_V, OLD_D = date(2022, 6, 1), date(2023, 1, 1)  # before the 2023 revision of 道路运输条例
NO_GAIN = {"illegal_gain": 0}

# benchmark id -> (provision for recommend, province, violation, decision, party) or None (level only)
CONTEXT: dict[str, tuple[str, str, date, date, str] | None] = {
    "bm-rtr2019-63-717b13": None,  # issuer not shown
    "bm-rtr2019-63-c9f37a": ("rtr2023-63-2", "甘肃", V, D, "natural_person"),
    "bm-rtr2019-63-d49e6f": ("rtr2023-63-2", "浙江（临海市）", V, D, "legal_person"),
    "bm-rtr2019-63-ca762c": None,
    "bm-rtr2019-63-d0486e": ("rtr2023-63-2", "安徽", V, D, "legal_person"),
    "bm-rtr2019-63-cd2572": ("rtr2019-63", "江西", OLD_V, OLD_D, "legal_person"),
    "bm-frt-old-unlicensed-cd2572": (
        "frt-old-unlicensed",
        "江西",
        OLD_V,
        date(2022, 9, 1),
        "legal_person",
    ),
    "bm-frt-61-5cac04": ("frt-61", "山西", V, D, "legal_person"),
    "bm-hl-76-1-da252f": ("hl-76-1", "浙江", V, D, "legal_person"),
    "bm-hl-76-1-eaab87": ("hl-76-1", "四川", V, D, "legal_person"),
    "bm-hl-76-1-0a4e7c": ("hl-76-1", "贵州（安顺市）", V, D, "legal_person"),
    "bm-hl-76-1-bdcbe6": ("hl-76-1", "河北", V, D, "legal_person"),
    "bm-hl-76-2-d81322": ("hl-76-2", "河北", V, D, "legal_person"),
    "bm-hsp-62-1-3809ee": ("hsp-62-1", "安徽（芜湖市湾沚区）", V, D, "legal_person"),
    "bm-hl-77-1-266593": None,
    "bm-hl-77-1-0582cb": None,
    "bm-hsp-56-1-684f11": None,
    "bm-hsp-60-1-57cb78": None,
    "bm-hl-76-5-99cba8": None,  # superseded by the 2016 formula
    "bm-hl-76-5-183773": None,
    "bm-hl-76-5-a0f034": None,
    "bm-hl-76-5-34e1ec": None,
    "bm-hl-76-5-cdf8b3": None,
    "bm-wt-33-a09501": ("wt-33", "吉林", V, D, "legal_person"),
    "bm-port-46-6f43a1": ("port-46", "四川", V, D, "legal_person"),
    "bm-ct-unlicensed-1482f8": None,  # obsolete against ct-area-certificate (see test_legality)
    "bm-ct-2014-driver-1482f8": (
        "ct-2014-driver",
        "江西",
        date(2016, 3, 1),
        date(2016, 6, 1),
        "natural_person",
    ),
    "bm-nrh-34-2-de96a2": ("nrh-34-2", "山东（威海市）", V, D, "natural_person"),
    "bm-nrh-34-3-de96a2": ("nrh-34-3", "山东（威海市）", V, D, "natural_person"),
    "bm-rtr2019-63-8442eb": ("rtr2023-63-2", "广东（广州市）", V, D, "natural_person"),
    "bm-rtr2023-69-1-87442f": None,
    "bm-rtr2019-68-87442f": None,
    "bm-hl-74-2c39fb": ("hl-74", "重庆", V, D, "legal_person"),
    "bm-hl-75-ca6e30": ("hl-75", "重庆", V, D, "legal_person"),
    "bm-nrh-34-2-7449a2": ("nrh-34-2", "江苏（镇江市）", V, D, "natural_person"),
    "bm-general-f64be7": None,
    "bm-general-1768f9": None,
    "bm-nrh-34-1-fdb519": None,
}

P, M, E = Outcome.PENALISE, Outcome.MUST_NOT_PENALISE, Outcome.MAY_EXEMPT
NOT_CHOSEN = None
# (benchmark id, level label) -> (facts, level expected to be chosen (label or None), outcome, range low, high)
ROWS: dict[tuple[str, str], tuple[dict, str | None, Outcome | None, int | None, int | None]] = {
    ("bm-rtr2019-63-717b13", "轻微"): ({"repeat_count": 1}, "轻微", None, None, None),
    ("bm-rtr2019-63-717b13", "一般"): ({"repeat_count": 2}, "一般", None, None, None),
    ("bm-rtr2019-63-717b13", "较重"): ({"repeat_count": 3}, "较重", None, None, None),
    ("bm-rtr2019-63-717b13", "严重"): ({"repeat_count": 4}, "严重", None, None, None),
    ("bm-rtr2019-63-c9f37a", "一般"): ({"months_operating": 2, **NO_GAIN}, "一般", P, 30000, 50000),
    ("bm-rtr2019-63-c9f37a", "较重"): (
        {"months_operating": 4, "refused_to_correct": True, **NO_GAIN},
        "较重",
        P,
        50000,
        70000,
    ),
    ("bm-rtr2019-63-c9f37a", "严重"): (
        {"long_term_at_hub": True, **NO_GAIN},
        "严重",
        P,
        70000,
        100000,
    ),
    ("bm-rtr2019-63-d49e6f", "减轻处罚"): (
        {
            "charter_operator": True,
            "repeat_count": 1,
            "violation_minor": True,
            "corrected": True,
            **NO_GAIN,
        },
        "减轻处罚",
        P,
        0,
        10000,
    ),  # mitigated: recommended range below the statutory minimum of 10,000
    ("bm-rtr2019-63-d49e6f", "第2档"): (
        {"charter_operator": True, "months_operating": 1, **NO_GAIN},
        "第2档",
        P,
        30000,
        40000,
    ),
    ("bm-rtr2019-63-d49e6f", "第3档"): (
        {"months_operating": 2, **NO_GAIN},
        "第3档",
        P,
        40000,
        50000,
    ),
    ("bm-rtr2019-63-d49e6f", "第4档"): (
        {"months_operating": 6, **NO_GAIN},
        "第4档",
        P,
        50000,
        60000,
    ),
    ("bm-rtr2019-63-d49e6f", "第5档（特别严重）"): (
        {"months_operating": 6, "vehicles_count": 3, **NO_GAIN},
        "第5档（特别严重）",
        P,
        None,
        None,
    ),
    ("bm-rtr2019-63-ca762c", "一般"): (
        {"months_operating": 2, "consequence": "minor"},
        "一般",
        None,
        None,
        None,
    ),
    ("bm-rtr2019-63-ca762c", "较重"): ({"months_operating": 5}, "较重", None, None, None),
    ("bm-rtr2019-63-d0486e", "情节轻微"): (
        {"repeat_count": 1, "consequence": "minor", **NO_GAIN},
        "情节轻微",
        P,
        30000,
        40000,
    ),
    ("bm-rtr2019-63-d0486e", "情节一般"): (
        {"repeat_count": 2, "removed_harm": True, **NO_GAIN},
        "情节一般",
        P,
        40000,
        60000,
    ),
    ("bm-rtr2019-63-d0486e", "情节较重"): (
        {"repeat_count": 3, **NO_GAIN},
        "情节较重",
        P,
        60000,
        70000,
    ),
    ("bm-rtr2019-63-cd2572", "首次"): ({"repeat_count": 1, **NO_GAIN}, "首次", P, 30000, 30000),
    ("bm-rtr2019-63-cd2572", "再次"): ({"repeat_count": 2, **NO_GAIN}, "再次", P, 30000, 40000),
    ("bm-rtr2019-63-cd2572", "组织2台以上车辆"): (
        {"repeat_count": 1, "vehicles_count": 2, **NO_GAIN},
        "组织2台以上车辆",
        P,
        40000,
        50000,
    ),
    ("bm-rtr2019-63-cd2572", "严重"): ({"accident": True, **NO_GAIN}, "严重", P, 50000, 100000),
    ("bm-frt-old-unlicensed-cd2572", "1"): (
        {"licence_lapsed_days": 20, **NO_GAIN},
        "1",
        P,
        30000,
        30000,
    ),
    ("bm-frt-old-unlicensed-cd2572", "2"): (
        {"licence_lapsed_days": 40, **NO_GAIN},
        "2",
        P,
        30000,
        40000,
    ),
    ("bm-frt-old-unlicensed-cd2572", "3"): (
        {"forged_or_invalid_licence": True, **NO_GAIN},
        "3",
        P,
        None,
        None,
    ),
    ("bm-frt-61-5cac04", "不予处罚"): (
        {
            "vehicle_inspection_valid": True,
            "licence_lapsed_days": 10,
            "forged_or_invalid_licence": False,  # catalogue audit: only an expired licence
            "violation_minor": True,
            "corrected": True,
            **NO_GAIN,
        },
        "不予处罚",
        M,
        None,
        None,
    ),
    ("bm-hl-76-1-da252f", "轻微"): ({"area_m2": 1}, "轻微", P, 0, 3000),
    ("bm-hl-76-1-da252f", "一般"): ({"area_m2": 4}, "一般", P, 3000, 5000),
    ("bm-hl-76-1-da252f", "较重"): ({"area_m2": 8}, "较重", P, 5000, 10000),
    ("bm-hl-76-1-da252f", "严重"): ({"area_m2": 12}, "严重", P, 10000, 20000),
    ("bm-hl-76-1-da252f", "特别严重"): ({"area_m2": 20}, "特别严重", P, 20000, 30000),
    ("bm-hl-76-1-eaab87", "轻微"): (
        {
            "road_expressway": False,
            "area_m2": 3,
            "stopped": True,
            "restored": True,
            "consequence": "none",
        },
        "轻微",
        M,
        None,
        None,
    ),
    ("bm-hl-76-1-eaab87", "一般"): (
        {
            "road_expressway": False,
            "area_m2": 8,
            "stopped": True,
            "restored": True,
            "road_admin_class": "county",
        },
        "一般",
        P,
        0,
        200,
    ),
    ("bm-hl-76-1-eaab87", "较重"): (
        {"road_expressway": False, "area_m2": 15, "road_admin_class": "national"},
        "较重",
        P,
        500,
        2000,
    ),
    ("bm-hl-76-1-eaab87", "严重"): ({"road_expressway": True, "area_m2": 5}, "严重", P, 2000, 3000),
    ("bm-hl-76-1-eaab87", "特别严重（一）"): (
        {"road_expressway": False, "area_m2": 80},
        "特别严重（一）",
        P,
        3000,
        10000,
    ),
    ("bm-hl-76-1-eaab87", "特别严重（二）"): (
        {"road_expressway": False, "area_m2": 120, "consequence": "serious"},
        "特别严重（二）",
        P,
        10000,
        30000,
    ),
    ("bm-hl-76-1-0a4e7c", "轻微"): (
        {"violation_minor": True, "corrected": True, "consequence": "none"},
        "轻微",
        M,
        None,
        None,
    ),
    ("bm-hl-76-1-0a4e7c", "较轻"): (
        {"refused_to_correct": True, "consequence": "none"},
        "较轻",
        P,
        0,
        10000,
    ),
    ("bm-hl-76-1-0a4e7c", "较重"): ({"damage_value": 15000}, "较重", P, 10000, 20000),
    ("bm-hl-76-1-0a4e7c", "严重"): ({"damage_value": 25000}, "严重", P, 20000, 30000),
    ("bm-hl-76-1-0a4e7c", "特别严重"): ({"interruption_hours": 2}, "特别严重", P, 30000, 30000),
    ("bm-hl-76-1-bdcbe6", "不予处罚"): (
        {"removed_harm": True, "road_act_kind": "occupy"},  # written for 占用 only
        "不予处罚",
        M,
        None,
        None,
    ),
    ("bm-hl-76-1-bdcbe6", "占用公路（按面积）"): (
        {"road_act_kind": "occupy", "area_m2": 100},
        "占用公路（按面积）",
        P,
        5000,
        5000,
    ),
    ("bm-hl-76-1-bdcbe6", "挖掘公路（按体积）"): (
        {"road_act_kind": "excavate", "volume_m3": 200},
        "挖掘公路（按体积）",
        P,
        30000,
        30000,
    ),
    ("bm-hl-76-2-d81322", "不予处罚"): (
        {"affects_road_use": False, "caused_damage": False},
        "不予处罚",
        M,
        None,
        None,
    ),
    ("bm-hl-76-2-d81322", "轻微"): ({"road_tech_grade": "grade3"}, "轻微", P, 500, 500),
    ("bm-hl-76-2-d81322", "一般"): ({"road_tech_grade": "grade2"}, "一般", P, 5000, 5000),
    ("bm-hl-76-2-d81322", "较重"): ({"road_tech_grade": "grade1"}, "较重", P, 10000, 10000),
    ("bm-hl-76-2-d81322", "严重"): ({"road_tech_grade": "expressway"}, "严重", P, 20000, 20000),
    ("bm-hsp-62-1-3809ee", "情节轻微"): (
        {"corrected": True, "facility_laying": "bury"},  # written for laying pipelines
        "情节轻微",
        M,
        None,
        None,
    ),
    ("bm-hsp-62-1-3809ee", "情节一般"): (
        {"facility_kind": "low_pressure_other"},
        "情节一般",
        P,
        0,
        500,
    ),
    ("bm-hsp-62-1-3809ee", "情节较重"): (
        {"facility_kind": "high_pressure_hazardous", "facility_laying": "bury"},
        "情节较重",
        P,
        500,
        1000,
    ),
    ("bm-hsp-62-1-3809ee", "情节严重"): (
        {"facility_kind": "low_pressure_hazardous", "facility_laying": "erect"},
        NOT_CHOSEN,
        P,
        None,
        None,
    ),
    # catalogue audit: written for one of the provision's several acts, no fact tells which
    ("bm-hl-77-1-266593", "轻微"): (
        {"temporary": True, "caused_congestion": False, "first_violation": True, "corrected": True},
        None,
        None,
        None,
        None,
    ),
    ("bm-hl-77-1-266593", "一般"): ({"corrected": False}, "一般", None, None, None),
    ("bm-hl-77-1-266593", "严重"): (
        {"dangerous_section": True, "caused_congestion": True},
        "严重",
        None,
        None,
        None,
    ),
    ("bm-hl-77-1-266593", "特别严重"): (
        {"refused_to_correct": True, "accident": True},
        "特别严重",
        None,
        None,
        None,
    ),
    ("bm-hl-77-1-0582cb", "轻微"): (
        {"temporary": True, "corrected": True, "area_m2": 3},
        None,
        None,
        None,
        None,
    ),
    ("bm-hl-77-1-0582cb", "一般"): (
        {"repeat_count": 2, "caused_congestion": False},
        "一般",
        None,
        None,
        None,
    ),
    ("bm-hl-77-1-0582cb", "严重"): (
        {"dangerous_section": True, "caused_congestion": True},
        "严重",
        None,
        None,
        None,
    ),
    ("bm-hl-77-1-0582cb", "特别严重"): ({"accident": True}, "特别严重", None, None, None),
    ("bm-hsp-56-1-684f11", "轻微"): ({"area_m2": 3}, "轻微", None, None, None),
    ("bm-hsp-56-1-684f11", "一般"): ({"area_m2": 8}, "一般", None, None, None),
    ("bm-hsp-56-1-684f11", "较重"): ({"area_m2": 15}, "较重", None, None, None),
    ("bm-hsp-60-1-57cb78", "轻微免罚"): (
        {"first_violation": True, "restored": True, "consequence": "none"},
        "轻微免罚",
        None,
        None,
        None,
    ),
    ("bm-hsp-60-1-57cb78", "情节一般"): (
        {"safety_facility": True, "restored": True, "consequence": "none"},
        "情节一般",
        None,
        None,
        None,
    ),
    ("bm-hsp-60-1-57cb78", "情节较重"): ({"damage_value": 5000}, "情节较重", None, None, None),
    ("bm-hsp-60-1-57cb78", "情节严重"): ({"damage_value": 20000}, "情节严重", None, None, None),
    ("bm-hsp-60-1-57cb78", "情节特别严重"): ({"accident": True}, "情节特别严重", None, None, None),
    ("bm-hl-76-5-99cba8", "超限30%以内"): (
        {"overlimit_ratio": 30},
        "超限30%以内",
        None,
        None,
        None,
    ),
    ("bm-hl-76-5-99cba8", "超限30%-50%"): (
        {"overlimit_ratio": 40},
        "超限30%-50%",
        None,
        None,
        None,
    ),
    ("bm-hl-76-5-99cba8", "超限50%-100%"): (
        {"overlimit_ratio": 100},
        "超限50%-100%",
        None,
        None,
        None,
    ),
    ("bm-hl-76-5-99cba8", "超限100%以上"): (
        {"overlimit_ratio": 150},
        "超限100%以上",
        None,
        None,
        None,
    ),
    ("bm-hl-76-5-99cba8", "恶意冲卡"): ({"obstructed": True}, "恶意冲卡", None, None, None),
    ("bm-hl-76-5-183773", "≤30%"): ({"overlimit_ratio": 20}, "≤30%", None, None, None),
    ("bm-hl-76-5-183773", "30%-50%"): ({"overlimit_ratio": 50}, "30%-50%", None, None, None),
    ("bm-hl-76-5-183773", "50%-100%"): ({"overlimit_ratio": 80}, "50%-100%", None, None, None),
    ("bm-hl-76-5-183773", "100%-300%"): ({"overlimit_ratio": 300}, "100%-300%", None, None, None),
    ("bm-hl-76-5-183773", ">300%"): ({"overlimit_ratio": 301}, ">300%", None, None, None),
    ("bm-hl-76-5-183773", "恶意囤集堵站闯站"): (
        {"obstructed": True},
        "恶意囤集堵站闯站",
        None,
        None,
        None,
    ),
    ("bm-hl-76-5-a0f034", "<10%"): ({"overlimit_ratio": 10}, "<10%", None, None, None),
    ("bm-hl-76-5-a0f034", "10%-20%"): ({"overlimit_ratio": 15}, "10%-20%", None, None, None),
    ("bm-hl-76-5-a0f034", "20%-30%"): ({"overlimit_ratio": 25}, "20%-30%", None, None, None),
    ("bm-hl-76-5-a0f034", "30%-40%"): ({"overlimit_ratio": 35}, "30%-40%", None, None, None),
    ("bm-hl-76-5-a0f034", "40%-50%"): ({"overlimit_ratio": 45}, "40%-50%", None, None, None),
    ("bm-hl-76-5-a0f034", "50%-80%"): ({"overlimit_ratio": 60}, "50%-80%", None, None, None),
    ("bm-hl-76-5-a0f034", "80%-100%"): ({"overlimit_ratio": 90}, "80%-100%", None, None, None),
    ("bm-hl-76-5-a0f034", "150%-200%"): ({"overlimit_ratio": 180}, "150%-200%", None, None, None),
    ("bm-hl-76-5-a0f034", ">200%"): ({"overlimit_ratio": 250}, ">200%", None, None, None),
    ("bm-hl-76-5-34e1ec", "未过红线"): ({"overlimit_ratio": 20}, NOT_CHOSEN, None, None, None),
    ("bm-hl-76-5-34e1ec", "四轴车示例"): ({"overlimit_ratio": 45}, NOT_CHOSEN, None, None, None),
    ("bm-hl-76-5-cdf8b3", "轻微超限"): ({"overlimit_ratio": 3}, "轻微超限", None, None, None),
    ("bm-hl-76-5-cdf8b3", "较轻超限"): ({"overlimit_ratio": 20}, "较轻超限", None, None, None),
    ("bm-hl-76-5-cdf8b3", "严重超限"): ({"overlimit_ratio": 21}, "严重超限", None, None, None),
    ("bm-wt-33-a09501", "一般"): ({"ship_tonnage": 40, **NO_GAIN}, "一般", P, 30000, 50000),
    ("bm-wt-33-a09501", "较重"): ({"ship_tonnage": 80, **NO_GAIN}, "较重", P, 50000, 80000),
    ("bm-wt-33-a09501", "严重"): ({"ship_tonnage": 500, **NO_GAIN}, "严重", P, 80000, 120000),
    ("bm-wt-33-a09501", "特别严重"): (
        {"ship_tonnage": 2000, **NO_GAIN},
        "特别严重",
        P,
        120000,
        150000,
    ),
    ("bm-port-46-6f43a1", "轻微"): (
        {"berth_count": 1, "berth_tonnage": 200},
        "轻微",
        P,
        5000,
        10000,
    ),
    ("bm-port-46-6f43a1", "一般"): (
        {"berth_count": 1, "berth_tonnage": 400},
        "一般",
        P,
        10000,
        15000,
    ),
    ("bm-port-46-6f43a1", "严重"): (
        {"berth_count": 1, "berth_tonnage": 800},
        "严重",
        P,
        None,
        None,
    ),
    ("bm-ct-unlicensed-1482f8", "初次违法"): (
        {"repeat_count": 1, "consequence": "minor"},
        "初次违法",
        None,
        None,
        None,
    ),
    ("bm-ct-unlicensed-1482f8", "二次违法"): ({"repeat_count": 2}, "二次违法", None, None, None),
    ("bm-ct-unlicensed-1482f8", "多次违法"): ({"repeat_count": 3}, "多次违法", None, None, None),
    ("bm-ct-2014-driver-1482f8", "初次违法"): (
        {"repeat_count": 1, "violation_minor": True, "corrected": True, "consequence": "minor"},
        "初次违法",
        P,
        50,
        50,
    ),
    ("bm-ct-2014-driver-1482f8", "二次违法"): ({"repeat_count": 2}, "二次违法", P, 100, 100),
    ("bm-ct-2014-driver-1482f8", "多次违法"): ({"repeat_count": 3}, "多次违法", P, 200, 200),
    ("bm-nrh-34-2-de96a2", "初次"): ({"repeat_count": 1}, "初次", P, 4000, 4000),
    ("bm-nrh-34-2-de96a2", "再次"): ({"repeat_count": 2}, "再次", P, 6000, 6000),
    ("bm-nrh-34-2-de96a2", "第三次"): ({"repeat_count": 3}, "第三次", P, 9000, 9000),
    ("bm-nrh-34-2-de96a2", "超过三次"): ({"repeat_count": 4}, "超过三次", P, 10000, 10000),
    ("bm-nrh-34-3-de96a2", "初次"): ({"repeat_count": 1}, "初次", P, 400, 400),
    ("bm-nrh-34-3-de96a2", "再次"): ({"repeat_count": 2}, "再次", P, 900, 900),
    ("bm-nrh-34-3-de96a2", "第三次"): ({"repeat_count": 3}, "第三次", P, 1500, 1500),
    ("bm-nrh-34-3-de96a2", "超过三次"): ({"repeat_count": 5}, "超过三次", P, 2000, 2000),
    ("bm-rtr2019-63-8442eb", "较轻"): (
        {"repeat_count": 1, "illegal_gain": 5000},
        "较轻",
        P,
        30000,
        30000,
    ),
    ("bm-rtr2019-63-8442eb", "一般"): (
        {"repeat_count": 2, "illegal_gain": 5000},
        NOT_CHOSEN,
        P,
        None,
        None,
    ),
    ("bm-rtr2019-63-8442eb", "严重"): (
        {"repeat_count": 5, "illegal_gain": 5000},
        NOT_CHOSEN,
        P,
        None,
        None,
    ),
    ("bm-rtr2023-69-1-87442f", "情节轻微"): (
        {"repeat_count": 1, "maintenance_intervals_missed": 1},
        "情节轻微",
        None,
        None,
        None,
    ),
    ("bm-rtr2023-69-1-87442f", "情节严重"): ({"repeat_count": 2}, "情节严重", None, None, None),
    ("bm-rtr2019-68-87442f", "统一档"): ({}, "统一档", None, None, None),
    ("bm-hl-74-2c39fb", "轻微"): ({"road_admin_class": "county", **NO_GAIN}, "轻微", P, 1000, 1000),
    ("bm-hl-74-2c39fb", "一般"): (
        {"road_admin_class": "national", **NO_GAIN},
        "一般",
        P,
        3000,
        3000,
    ),
    ("bm-hl-74-2c39fb", "较重"): (
        {"road_admin_class": "national", "caused_congestion": True, **NO_GAIN},
        "较重",
        P,
        5000,
        5000,
    ),
    ("bm-hl-74-2c39fb", "严重"): ({"accident": True, **NO_GAIN}, "严重", P, 20000, 20000),
    ("bm-hl-75-ca6e30", "轻微"): ({"caused_damage": False}, "轻微", P, 3000, 3000),
    ("bm-hl-75-ca6e30", "一般"): (
        {"caused_damage": True, "damaged_length_m": 5},
        "一般",
        P,
        10000,
        10000,
    ),
    ("bm-hl-75-ca6e30", "较重"): (
        {"caused_damage": True, "damaged_length_m": 15},
        "较重",
        P,
        20000,
        20000,
    ),
    ("bm-hl-75-ca6e30", "严重"): ({"accident": True}, "严重", P, 50000, 50000),
    ("bm-nrh-34-2-7449a2", "不予处罚"): (
        {"registered_months": "0.5", "orders_count": 10, "confessed": True, "consequence": "none"},
        "不予处罚",
        M,
        None,
        None,
    ),
    **{
        ("bm-general-f64be7", k): ({"repeat_count": 1}, NOT_CHOSEN, None, None, None)
        for k in ("减轻", "轻微", "较轻", "一般", "较重", "严重")
    },
    **{
        ("bm-general-1768f9", k): ({"repeat_count": 1}, NOT_CHOSEN, None, None, None)
        for k in ("A档", "B档", "C档")
    },
    ("bm-nrh-34-1-fdb519", "（单一档）未取得经营许可擅自从事或变相从事网约车经营"): (
        {},
        "（单一档）未取得经营许可擅自从事或变相从事网约车经营",
        None,
        None,
        None,
    ),
    ("bm-nrh-34-1-fdb519", "（单一档）伪造、变造或使用伪造、变造、失效的证件经营"): (
        {"repeat_count": 1},
        "（单一档）未取得经营许可擅自从事或变相从事网约车经营",
        None,
        None,
        None,
    ),
    (
        "bm-nrh-34-1-fdb519",
        "（单一档）平台未按规定保证车辆技术状况良好；起讫点均不在许可经营区域",
    ): (
        {"repeat_count": 1},
        "（单一档）未取得经营许可擅自从事或变相从事网约车经营",
        None,
        None,
        None,
    ),
    ("bm-nrh-34-1-fdb519", "（单一档）驾驶员途中甩客、故意绕道或违规收费"): (
        {"repeat_count": 1},
        "（单一档）未取得经营许可擅自从事或变相从事网约车经营",
        None,
        None,
        None,
    ),
}


def _data_levels() -> list[tuple[str, str]]:
    data = json.loads((shared_data_dir() / "benchmarks.json").read_text("utf-8"))
    return [(benchmark_id(b), lv["level"]) for b in data for lv in b["levels"]]


DATA_LEVELS = _data_levels()


def test_every_level_of_the_data_has_a_row() -> None:
    # given the data and the table
    # then every level has exactly one hand-written row, and no row names a level that is not in the data
    assert set(DATA_LEVELS) == set(ROWS)
    assert set(CONTEXT) == {b for b, _ in DATA_LEVELS}


@pytest.mark.parametrize(("bid", "label"), DATA_LEVELS, ids=[f"{b}/{lv}" for b, lv in DATA_LEVELS])
def test_level(cat, bid: str, label: str) -> None:
    # given the facts that describe this level in its source text
    facts, expected_level, outcome, low, high = ROWS[(bid, label)]
    bm = cat.benchmark_index[bid]
    # when the level is chosen from the facts
    chosen = level_for(bm, facts)
    # then it is the expected level (None: the source lacks the condition and the level is never chosen)
    if expected_level is None:
        assert next(lv for lv in bm.levels if lv.label_zh == label).when is None
    assert (chosen.label_zh if chosen else None) == expected_level
    ctx = CONTEXT[bid]
    if ctx is None or outcome is None:
        return
    # and the recommendation in the issuing province uses the table with the expected outcome and range
    pid, province, v, d, party = ctx
    rec = recommend(cat, RecommendationRequest(pid, province, v, d, party, facts))
    assert rec.outcome is outcome
    assert rec.benchmark_id == bid
    if outcome is not Outcome.PENALISE:
        assert (
            any(f.row_id == f"{bid}/{label}" for f in rec.factors)
            or rec.outcome is Outcome.MUST_NOT_PENALISE
        )
        return
    if expected_level is None:
        assert rec.level is None
        return
    assert rec.level is not None and rec.level.label_zh == expected_level
    got = rec.recommended_range if rec.level.kind.value == "mitigated" else rec.benchmark_range
    if low is None:
        assert got is None and rec.benchmark_range is None
    else:
        assert got is not None and (got.low, got.high) == (Decimal(low), Decimal(high))
        assert rec.suggested_amount is None or got.low <= rec.suggested_amount <= got.high
    # the reasons cite the benchmark document and the level row
    assert any(
        r.row_id == f"{bid}/{expected_level}" and r.article == bm.document for r in rec.reasons
    )


def test_mapping_keeps_the_source_text_of_every_level() -> None:
    # given the mapping file and the data
    from zhifa.core.discretion.parsing import mapping

    data = json.loads((shared_data_dir() / "benchmarks.json").read_text("utf-8"))
    bms = mapping("benchmark_conditions.json")["benchmarks"]
    # then each mapped level carries the data's prose verbatim (a data change makes this fail)
    for b in data:
        m = bms[benchmark_id(b)]
        for lv in b["levels"]:
            assert m["levels"][lv["level"]]["source_zh"] == lv["conditions_zh"]
