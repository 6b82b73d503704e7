"""Reads of the off-site enforcement app, always scoped to the acting user."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.urls import reverse

from zhifa.orgs.selectors import scope_filter

from .choices import RecordState
from .errors import BatchNotFound, DeviceNotFound
from .models import Device, IntakeBatch, LineError, Record


def visible_devices(user) -> QuerySet[Device]:
    return Device.objects.filter(scope_filter(user, "agency")).select_related("agency")


def visible_batches(user) -> QuerySet[IntakeBatch]:
    return IntakeBatch.objects.filter(scope_filter(user, "agency")).select_related("agency")


def access_device(user, pk: int) -> Device:
    device = visible_devices(user).filter(pk=pk).first()
    if device is None:
        raise DeviceNotFound("未找到该检测设备")
    return device


def access_batch(user, pk: int) -> IntakeBatch:
    batch = visible_batches(user).filter(pk=pk).first()
    if batch is None:
        raise BatchNotFound("未找到该数据批次")
    return batch


def batch_errors(batch: IntakeBatch) -> QuerySet[LineError]:
    return batch.errors.order_by("line_no")


def review_queue(
    user,
    *,
    state: str = RecordState.PENDING,
    batch: int | None = None,
    device: str = "",
    plate: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    min_excess_kg: int | None = None,
) -> QuerySet[Record]:
    """Records of the user's scope, filtered as the review page and the API ask."""
    qs = Record.objects.filter(scope_filter(user, "agency")).select_related("device")
    if state:
        qs = qs.filter(state=state)
    if batch:
        qs = qs.filter(batch_id=batch)
    if device:
        qs = qs.filter(device__code=device)
    if plate:
        qs = qs.filter(plate__icontains=plate.strip().upper())
    if date_from:
        qs = qs.filter(measured_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(measured_at__date__lte=date_to)
    if min_excess_kg is not None:
        qs = qs.filter(excess_kg__gte=min_excess_kg)
    return qs.order_by("measured_at", "pk")


def waiting_on(user) -> QuerySet[Record]:
    """Records waiting for review by this user: officers of the record's own agency."""
    if not getattr(user, "is_authenticated", False) or not user.is_officer:
        return Record.objects.none()
    return Record.objects.filter(agency_id=user.agency_id, state=RecordState.PENDING)


def workbench_group(user, today):
    """The workbench's "offsite" group: one item per batch with records waiting for review."""
    from django.db.models import Count, Min

    from zhifa.workbench.selectors import Group, Item

    rows = list(
        waiting_on(user)
        .values("batch_id", "batch__name", "batch__key")
        .annotate(n=Count("id"), first=Min("measured_at"))
        .order_by("batch_id")[:20]
    )
    if not rows:
        return []
    items = [
        Item(
            title=f"非现场执法记录待审核 {r['n']}条",
            subject=r["batch__name"] or r["batch__key"][:16],
            url=reverse("offsite:review") + f"?batch={r['batch_id']}",
        )
        for r in rows
    ]
    count = sum(r["n"] for r in rows)
    return [Group(key="offsite", label="非现场执法记录审核", items=items, count=count, order=85)]


# --- the party's look-up on the portal (APL Art. 41 para 3) -----------------------------------


def record_for_party(plate: str, query_code: str) -> Record | None:
    """The confirmed record whose notice carries this query code, only with its own plate: a wrong
    plate and a wrong code look the same (nothing tells which of the two was right)."""
    from zhifa.core import identifiers
    from zhifa.core import offsite as core

    code = core.normalise_query_code(query_code)
    check = identifiers.validate_plate((plate or "")[:16])
    if code is None or not check.ok:
        return None
    return (
        Record.objects.filter(query_code=code, plate=check.value, state=RecordState.CONFIRMED)
        .select_related("device", "agency")
        .first()
    )


def party_view(record: Record) -> dict:
    """What the party is shown: the record, masked; the computation; the device's standing that
    day; how to state and defend. Never the owner's ID number or address."""
    from django.utils import timezone

    from zhifa.core import identifiers
    from zhifa.core import offsite as core

    device = record.device
    day = timezone.localtime(record.measured_at).date()
    dates = core.DeviceDates(
        device.approved_on,
        device.published_on,
        device.calibrated_on,
        device.calibration_valid_until,
        device.retired_on,
    )
    refusal = core.device_refusal(dates, day)
    provision = core.provision_for(record.excess_kg, record.dimension_tier)
    return {
        "agency": record.agency.name,
        "plate": identifiers.mask_plate(record.plate),
        "owner": identifiers.mask_name(record.owner_name) if record.owner_name else "",
        "measured_at": timezone.localtime(record.measured_at),
        "vehicle_class": core.CLASS_LABELS.get(record.vehicle_class, record.vehicle_class),
        "axles": record.axles,
        "gross_mass_kg": record.gross_mass_kg,
        "limit_kg": record.limit_kg,
        "excess_kg": max(record.excess_kg, 0),
        "height_m": record.height_m,
        "width_m": record.width_m,
        "length_m": record.length_m,
        "dimension_tier": record.dimension_tier,
        "warning_only": record.warning_only,
        "fine_low": record.fine_low,
        "fine_high": record.fine_high,
        "computation": core.explain(
            gross_mass_kg=record.gross_mass_kg,
            limit_kg=record.limit_kg,
            excess_kg=max(record.excess_kg, 0),
            dimension_tier=record.dimension_tier,
            height_m=record.height_m,
            width_m=record.width_m,
            length_m=record.length_m,
            single_tyre_reduction=record.single_tyre_reduction,
        ),
        "provision": PROVISION_CITATIONS[provision],
        "images": list(record.images),
        "device": {
            "code": device.code,
            "name": device.name,
            "kind": device.get_kind_display(),
            "location": device.location,
            "approved_on": device.approved_on,
            "approval_document": device.approval_document,
            "published_on": device.published_on,
            "publication_reference": device.publication_reference,
            "calibrated_on": device.calibrated_on,
            "calibration_valid_until": device.calibration_valid_until,
            "calibration_certificate": device.calibration_certificate,
            "valid_that_day": refusal is None,
            "standing": "检测当日设备已经批准、设置地点已公布、在检定（校准）有效期内"
            if refusal is None
            else refusal.message,
        },
        "reviewed_at": record.reviewed_at,
        "record_digest": record.digest,
    }


PROVISION_CITATIONS = {
    "ovl-43-2": "《超限运输车辆行驶公路管理规定》第四十三条第一款第（二）项",
    "ovl-43-1a": "《超限运输车辆行驶公路管理规定》第四十三条第一款第（一）项",
    "ovl-43-1b": "《超限运输车辆行驶公路管理规定》第四十三条第一款第（一）项",
    "ovl-43-1c": "《超限运输车辆行驶公路管理规定》第四十三条第一款第（一）项",
}

# APL Art. 44–45 (告知, 陈述申辩), Art. 41 para 3 (查询): shown under every record.
PARTY_RIGHTS = (
    "执法机构在作出行政处罚决定前，将告知拟作出的处罚内容及事实、理由、依据"
    "（《中华人民共和国行政处罚法》第四十四条）。",
    "您有权进行陈述和申辩；执法机构必须充分听取您的意见，对您提出的事实、理由和证据进行复核，"
    "不得因您陈述、申辩而给予更重的处罚（《中华人民共和国行政处罚法》第四十五条）。",
    "如对检测数据、图像或设备检定情况有异议，请携带本查询码、车辆行驶证和相关证据，"
    "向上列执法机构书面或口头提出陈述、申辩意见，执法机构应当记录并复核。",
)
