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
