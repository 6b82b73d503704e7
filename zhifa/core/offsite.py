"""Off-site enforcement (非现场执法) records: pure rules, no Django.

A weigh-in-motion station or a camera produces records; each is validated here line by line, given
an identity (the digest of its canonical fields, so a record sent twice is the same record), a
de-duplication key (same vehicle, same station, same time window) and an over-limit assessment.

APL Art. 41 (legal.md §C, S1 Art. 41): a record of an electronic monitoring device may be used as
evidence only when the device passed legal and technical review (批准/认定), its siting is
published (设置地点向社会公布), and the record is true, clear, complete and accurate; the agency
reviews every record before it is used. `device_refusal` states which of these fails on a day.
The over-limit formula is 超限运输车辆行驶公路管理规定 第三条、第四十三条 (zhifa.core.discretion.overlimit).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from zhifa.core import hashchain, identifiers
from zhifa.core.discretion import overlimit

# Record times without an offset are Beijing time (the stations' clock).
BEIJING = timezone(timedelta(hours=8))
DEDUP_WINDOW_MINUTES = 10

# 第三条第一款第（四）至（八）项: the axle classes and the axle counts they allow.
AXLES_BY_CLASS: dict[str, tuple[int, int]] = {
    "2_axle_truck": (2, 2),
    "3_axle_truck": (3, 3),
    "3_axle_combination": (3, 3),
    "4_axle_truck": (4, 4),
    "4_axle_combination": (4, 4),
    "5_axle_combination": (5, 5),
    "6plus_axle_combination": (6, 12),
    "6plus_axle_combination_single_drive_axle_tractor": (6, 12),
}
CLASS_LABELS = {
    "2_axle_truck": "二轴货车",
    "3_axle_truck": "三轴货车",
    "3_axle_combination": "三轴汽车列车",
    "4_axle_truck": "四轴货车",
    "4_axle_combination": "四轴汽车列车",
    "5_axle_combination": "五轴汽车列车",
    "6plus_axle_combination": "六轴及以上汽车列车",
    "6plus_axle_combination_single_drive_axle_tractor": "六轴及以上汽车列车（单驱动轴牵引车）",
}
# A weigh station that reads more than this has misread (the heaviest legal special loads are far
# below); the line is refused as not accurate (APL Art. 41 para 1: records 真实、清晰、完整、准确).
MAX_PLAUSIBLE_KG = 200_000
_DIGEST = re.compile(r"[0-9a-f]{64}")
FIELDS = (
    "station",
    "plate",
    "vehicle_class",
    "axles",
    "gross_mass_kg",
    "height_m",
    "width_m",
    "length_m",
    "measured_at",
    "images",
    "single_tyre_reduction",
    "owner_name",
    "owner_id_number",
    "owner_address",
)


class LineError(Exception):
    """One line refused: a stable `code` and the Chinese `message` the batch report shows."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class OffsiteRecord:
    station: str
    plate: str
    vehicle_class: str
    axles: int
    gross_mass_kg: int
    height_m: Decimal | None
    width_m: Decimal | None
    length_m: Decimal | None
    measured_at: datetime  # UTC
    images: tuple[str, ...]
    image_names: tuple[tuple[str, str], ...]
    single_tyre_reduction: bool
    owner_name: str
    owner_id_number: str
    owner_address: str
    digest: str
    dedup_key: str

    @property
    def local_date(self) -> date:
        return self.measured_at.astimezone(BEIJING).date()


@dataclass(frozen=True, slots=True)
class Assessment:
    limit_kg: int
    excess_kg: int
    dimension_tier: int
    warning_only: bool
    fine_low: Decimal
    fine_high: Decimal


def _text(raw: dict, name: str, label: str, *, required: bool = True, limit: int = 200) -> str:
    value = raw.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise LineError(f"{name}_missing", f"缺少{label}")
    if len(value) > limit:
        raise LineError(f"{name}_too_long", f"{label}过长（最多{limit}个字符）")
    return value


def _int(raw: dict, name: str, label: str) -> int:
    value = raw.get(name)
    if value is None or str(value).strip() == "":
        raise LineError(f"{name}_missing", f"缺少{label}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise LineError(f"{name}_invalid", f"{label}“{value}”不是数字") from None
    if number != number.to_integral_value():
        raise LineError(f"{name}_invalid", f"{label}“{value}”应为整数")
    return int(number)


def _metres(raw: dict, name: str, label: str) -> Decimal | None:
    value = raw.get(name)
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise LineError(f"{name}_invalid", f"{label}“{value}”不是数字") from None
    if not number.is_finite() or number <= 0 or number > 100:
        raise LineError(f"{name}_invalid", f"{label}“{value}”米不在合理范围内")
    return number.quantize(Decimal("0.01"))


def _moment(raw: dict, now: datetime) -> datetime:
    value = _text(raw, "measured_at", "检测时间")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise LineError(
            "measured_at_invalid", f"检测时间“{value}”格式有误（应为 2026-05-01T08:30:00+08:00）"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    moment = moment.astimezone(UTC)
    if moment > now + timedelta(minutes=5):
        raise LineError("measured_at_future", f"检测时间“{value}”晚于当前时间")
    return moment


def _images(raw: dict) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Image digests (sorted, distinct) and the (file name, digest) pairs sent as "name=digest"."""
    value = raw.get("images")
    if isinstance(value, str):
        value = [v for v in re.split(r"[;|\s]+", value) if v]
    if not isinstance(value, list) or not value:
        raise LineError("images_missing", "缺少检测图像（电子技术监控记录须有图像证据）")
    digests, named = set(), []
    for item in value:
        if isinstance(item, dict):
            name, text = str(item.get("name") or ""), str(item.get("digest") or "")
        else:
            name, _, text = str(item).rpartition("=")
        text = text.strip().lower()
        if not _DIGEST.fullmatch(text):
            raise LineError("image_digest_invalid", f"图像摘要“{text[:70]}”应为64位十六进制")
        digests.add(text)
        if name.strip():
            named.append((name.strip()[:255], text))
    return tuple(sorted(digests)), tuple(named)


def _bool(raw: dict, name: str) -> bool:
    value = raw.get(name)
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in ("1", "true", "yes", "是")


def dedup_key(plate: str, station: str, moment: datetime, window_minutes: int) -> str:
    """Same vehicle, same station, same clock-aligned slot of `window_minutes` minutes: only the
    database's backstop (two passes in one slot are always within the sliding window below); the
    rule itself is `window_conflict`."""
    bucket = int(moment.timestamp()) // (window_minutes * 60)
    return f"{plate}|{station}|{window_minutes}|{bucket}"


def within_window(a: datetime, b: datetime, window_minutes: int) -> bool:
    """Two passes of one vehicle at one station less than `window_minutes` apart are one passing
    (a repeated capture), whatever clock boundary lies between them."""
    return abs(a - b) < timedelta(minutes=window_minutes)


def window_conflict(
    moment: datetime, earlier: Iterable[datetime], window_minutes: int
) -> datetime | None:
    """The first of `earlier` (passes of the same vehicle at the same station already accepted)
    within the sliding window of `moment`, or None: the record is then new."""
    for other in earlier:
        if within_window(moment, other, window_minutes):
            return other
    return None


def canonical_text(fields: dict) -> str:
    return json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def parse_record(
    raw: dict, *, now: datetime, window_minutes: int = DEDUP_WINDOW_MINUTES
) -> OffsiteRecord:
    """One line as sent (strings or numbers) → a validated record, or LineError naming what fails."""
    if not isinstance(raw, dict):
        raise LineError("line_malformed", "该行不是一条记录（应为字段名→值）")
    station = _text(raw, "station", "检测站点编号", limit=64)
    check = identifiers.validate_plate(_text(raw, "plate", "车辆号牌", limit=16))
    if not check.ok:
        raise LineError(check.code or "plate_format", check.reason or "号牌格式有误")
    plate = check.value
    vehicle_class = _text(raw, "vehicle_class", "车型（轴型）", limit=64)
    if vehicle_class not in AXLES_BY_CLASS:
        raise LineError("vehicle_class_unknown", f"车型“{vehicle_class}”不在限定标准所列车型之内")
    axles = _int(raw, "axles", "轴数")
    low, high = AXLES_BY_CLASS[vehicle_class]
    if not low <= axles <= high:
        expect = f"{low}" if low == high else f"{low}至{high}"
        raise LineError(
            "axles_mismatch",
            f"轴数{axles}与车型“{CLASS_LABELS[vehicle_class]}”不符（应为{expect}轴）",
        )
    gross = _int(raw, "gross_mass_kg", "车货总质量")
    if gross <= 0 or gross > MAX_PLAUSIBLE_KG:
        raise LineError(
            "gross_mass_implausible", f"车货总质量{gross}千克不在合理范围内，检测数据不准确"
        )
    height = _metres(raw, "height_m", "车货总高度")
    width = _metres(raw, "width_m", "车货总宽度")
    length = _metres(raw, "length_m", "车货总长度")
    moment = _moment(raw, now)
    images, image_names = _images(raw)
    single = _bool(raw, "single_tyre_reduction")
    owner_name = _text(raw, "owner_name", "登记车主姓名或名称", required=False)
    owner_id = _text(raw, "owner_id_number", "登记车主证件号码", required=False, limit=18).upper()
    owner_address = _text(raw, "owner_address", "登记车主地址", required=False, limit=300)
    canonical = {
        "station": station,
        "plate": plate,
        "vehicle_class": vehicle_class,
        "axles": axles,
        "gross_mass_kg": gross,
        "height_m": height,
        "width_m": width,
        "length_m": length,
        "measured_at": hashchain.utc_text(moment),
        "images": list(images),
        "single_tyre_reduction": single,
    }
    digest = hashchain.digest(hashchain.DEFAULT_ALGORITHM, canonical_text(canonical).encode())
    return OffsiteRecord(
        station=station,
        plate=plate,
        vehicle_class=vehicle_class,
        axles=axles,
        gross_mass_kg=gross,
        height_m=height,
        width_m=width,
        length_m=length,
        measured_at=moment,
        images=images,
        image_names=image_names,
        single_tyre_reduction=single,
        owner_name=owner_name,
        owner_id_number=owner_id,
        owner_address=owner_address,
        digest=digest,
        dedup_key=dedup_key(plate, station, moment, window_minutes),
    )


def assess(record: OffsiteRecord, limits_kg: dict[str, int], rounding: str = "floor") -> Assessment:
    """第三条 limits and 第四十三条 amounts; a vehicle within every limit is no case (LineError)."""
    limit = overlimit.weight_limit_kg(limits_kg, record.vehicle_class, record.single_tyre_reduction)
    result = overlimit.assess(
        height_m=record.height_m,
        width_m=record.width_m,
        length_m=record.length_m,
        gross_mass_kg=Decimal(record.gross_mass_kg),
        limit_kg=limit,
        rounding=rounding,
    )
    if result.excess_kg <= 0 and result.dimension_tier == 0:
        raise LineError(
            "below_limit",
            f"车货总质量{record.gross_mass_kg}千克未超过限定标准{int(limit)}千克，外廓尺寸未超限，"
            "不构成违法超限运输，不予立案",
        )
    return Assessment(
        limit_kg=int(limit),
        excess_kg=int(result.excess_kg),
        dimension_tier=result.dimension_tier,
        warning_only=result.weight_warning_only and result.dimension_tier == 0,
        fine_low=result.total_low,
        fine_high=result.total_high,
    )


def provision_for(excess_kg: int, dimension_tier: int) -> str:
    """The 第四十三条 provision a record is filed under: a gross-mass excess is 第一款第（二）项
    (`ovl-43-2`, whose amounts the dimensions add to); dimensions alone are 第一款第（一）项 in the
    tier of the measured height, width and length (`ovl-43-1a/b/c`), never the weight provision."""
    if excess_kg > 0:
        return overlimit.WEIGHT_PROVISION
    for provision, tier in overlimit.DIMENSION_PROVISIONS.items():
        if tier == dimension_tier:
            return provision
    raise LineError(
        "below_limit",
        "车货总质量和外廓尺寸均未超过限定标准，不构成违法超限运输，不予立案",
    )


@dataclass(frozen=True, slots=True)
class DeviceDates:
    approved_on: date | None
    published_on: date | None
    calibrated_on: date | None
    calibration_valid_until: date | None
    retired_on: date | None = None


def device_refusal(device: DeviceDates, day: date) -> LineError | None:
    """Why a record of `day` from this device cannot become a case (APL Art. 41 para 1), or None."""
    if device.approved_on is None or device.approved_on > day:
        return LineError(
            "device_not_approved",
            f"检测设备在{day.isoformat()}尚未经法制、技术审核批准（《中华人民共和国行政处罚法》第四十一条第一款），"
            "记录不能作为处罚证据",
        )
    if device.published_on is None or device.published_on > day:
        return LineError(
            "device_not_published",
            f"检测设备设置地点在{day.isoformat()}尚未向社会公布（《中华人民共和国行政处罚法》第四十一条第一款），"
            "记录不能作为处罚证据",
        )
    if (
        device.calibrated_on is None
        or device.calibrated_on > day
        or device.calibration_valid_until is None
        or device.calibration_valid_until < day
    ):
        return LineError(
            "device_not_calibrated",
            f"检测设备在{day.isoformat()}不在检定（校准）有效期内，记录不能保证准确"
            "（《中华人民共和国行政处罚法》第四十一条第二款），不能作为处罚证据",
        )
    if device.retired_on is not None and device.retired_on <= day:
        return LineError("device_retired", f"检测设备已于{device.retired_on.isoformat()}停用")
    return None


# --- the party's look-up (APL Art. 41 para 3: the party must be able to look the record up) -----

# No 0/O, 1/I/L: a code copied by hand from a paper notice is read back without guessing.
QUERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 12


def new_query_code() -> str:
    """The query code printed on the owner's notice: 12 characters, about 59 bits of chance."""
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalise_query_code(text: str) -> str | None:
    """A code as typed (any case, spaces or hyphens between groups) → the stored form, or None."""
    value = re.sub(r"[\s\-－—]+", "", text or "").upper()
    if len(value) != QUERY_CODE_LENGTH or any(c not in QUERY_ALPHABET for c in value):
        return None
    return value


def format_query_code(code: str) -> str:
    """Printed in groups of four: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _metres_text(value: Decimal) -> str:
    """4.30 → "4.3", 20.00 → "20" (never "2E+1")."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def explain(
    *,
    gross_mass_kg: int,
    limit_kg: int,
    excess_kg: int,
    dimension_tier: int,
    height_m: Decimal | None,
    width_m: Decimal | None,
    length_m: Decimal | None,
    single_tyre_reduction: bool,
) -> list[str]:
    """The over-limit computation in words, line by line, as the party is shown it (超限规定
    第三条 limits, 第四十三条 amounts)."""
    lines = []
    reduction = (
        "（非驱动轴为单轮胎，限定标准减3000千克，第三条第二款）" if single_tyre_reduction else ""
    )
    if excess_kg > 0:
        lines.append(
            f"车货总质量{gross_mass_kg}千克 − 限定标准{limit_kg}千克{reduction} = "
            f"超限{excess_kg}千克（《超限运输车辆行驶公路管理规定》第三条第一款）"
        )
        if excess_kg <= overlimit.WARNING_ONLY_AT_MOST_KG:
            lines.append("超限不超过1000千克的，予以警告（第四十三条第一款第（二）项）")
        else:
            lines.append(
                "超限1000千克以上的，每超1000千克罚款500元，最高不超过30000元"
                "（第四十三条第一款第（二）项）"
            )
    else:
        lines.append(
            f"车货总质量{gross_mass_kg}千克，未超过限定标准{limit_kg}千克{reduction}，不涉及质量超限"
        )
    if dimension_tier:
        measured = "、".join(
            f"{label}{_metres_text(value)}米"
            for label, value in (("高", height_m), ("宽", width_m), ("长", length_m))
            if value is not None
        )
        bound = {
            1: "未超过高4.2米、宽3米、长20米，可以处200元以下罚款",
            2: "未超过高4.5米、宽3.75米、长28米，处200元以上1000元以下罚款",
            3: "超过高4.5米、宽3.75米或者长28米，处1000元以上3000元以下罚款",
        }[dimension_tier]
        lines.append(
            f"车货总{measured}，超过外廓尺寸限定标准（高4米、宽2.55米、长18.1米，第三条第一款），"
            f"{bound}（第四十三条第一款第（一）项第{dimension_tier}档）"
        )
    if excess_kg > 0 and dimension_tier:
        lines.append(
            "同时存在外廓尺寸超限和质量超限的，罚款累计，最高不超过30000元（第四十三条第二款）"
        )
    return lines
# --- one recommendation per bucket of records the 第四十三条 formula cannot tell apart -------------

# The facts whose exact value the explained recommendation states; a benchmark level or an
# exemption item that reads one of them makes every record its own bucket.
KG_FACTS = frozenset({"gross_mass_kg", "excess_kg"})


def recommendation_bucket(day: date, facts: dict, rounding: str) -> tuple:
    """Records of one day whose facts differ only in kilograms the formula does not count share a
    bucket: same vehicle class, tyre reduction and dimensions, same whole units of 1,000 kg over
    (under the recorded rounding), same side of the 1,000 kg warning line (第四十三条第一款第（二）项)."""
    excess = Decimal(facts["excess_kg"])
    units = overlimit.units(excess, rounding) if excess > 0 else Decimal(0)
    others = tuple(sorted((k, v) for k, v in facts.items() if k not in KG_FACTS))
    return (
        day,
        others,
        units,
        excess <= 0,
        excess <= overlimit.WARNING_ONLY_AT_MOST_KG,
    )


def _excess_phrase(excess_kg) -> str:
    return f"超过限定标准{excess_kg}千克"


def render_recommendation(shared, template_excess_kg, excess_kg):
    """The bucket's recommendation as stated for one record: its own excess in every text."""
    old, new = _excess_phrase(template_excess_kg), _excess_phrase(excess_kg)
    if old == new:
        return shared

    def walk(value):
        if isinstance(value, str):
            return value.replace(old, new)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(shared)
