"""Writes of enforcement equipment: register a device, issue it to an officer, take it back.
Kept by an agency head over the device's agency; each write journaled in the same transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import PermissionDenied
from zhifa.records import journal

from . import events
from .errors import DeviceAlreadyIssued, DeviceNotIssued, DeviceNumberTaken, InvalidDevice
from .models import Device, DeviceIssue


def _require_head(actor, agency) -> None:
    """Equipment is kept by an agency head over the agency (commands pass actor=None)."""
    if actor is None:
        return
    if not (actor.is_agency_head and agency.is_within(actor.agency)) or actor.admin_role:
        raise PermissionDenied("只有本机构或上级机构的执法部门负责人可以管理执法装备。")


def _day(value, what: str, today: date | None = None) -> date:
    if not isinstance(value, date):
        raise InvalidDevice(f"{what}无效。", code="device_date_invalid")
    if value > (today or timezone.localdate()):
        raise InvalidDevice(f"{what}不能晚于今天。", code="device_date_in_future")
    return value


@transaction.atomic
def register_device(
    agency, *, kind: str, serial_number: str, model_name: str = "", registered_on=None, actor=None
) -> Device:
    _require_head(actor, agency)
    kinds = [k for k, _ in Device._meta.get_field("kind").choices]
    if kind not in kinds:
        raise InvalidDevice("装备类别无效。", code="device_kind_invalid")
    serial_number = (serial_number or "").strip()
    if not serial_number or len(serial_number) > 64:
        raise InvalidDevice("请填写设备编号（64 字以内）。", code="device_number_required")
    if Device.objects.filter(serial_number=serial_number).exists():
        raise DeviceNumberTaken(f"设备编号 {serial_number} 已登记。")
    device = Device.objects.create(
        agency=agency,
        kind=kind,
        serial_number=serial_number,
        model_name=(model_name or "").strip()[:64],
        registered_on=_day(registered_on or timezone.localdate(), "登记日期"),
        created_by=actor,
    )
    journal.append(
        events.DEVICE_REGISTERED,
        actor=actor,
        subject=device,
        agency=agency,
        payload={"kind": kind, "serial_number": serial_number, "model": device.model_name},
    )
    return device


@transaction.atomic
def issue_device(device: Device, *, officer, issued_on: date, actor=None) -> DeviceIssue:
    """Issue a device to an officer of its agency (or below). A device out with someone, or
    issued before its last return, is refused: a device is issued once at a time."""
    device = Device.objects.select_for_update().select_related("agency").get(pk=device.pk)
    _require_head(actor, device.agency)
    issued_on = _day(issued_on, "配发日期")
    if not officer.user.agency.is_within(device.agency):
        raise InvalidDevice("只能配发给本机构的执法人员。", code="device_officer_out_of_agency")
    current = device.issues.filter(returned_on__isnull=True).select_related("officer__user").first()
    if current is not None:
        raise DeviceAlreadyIssued(
            f"设备 {device.serial_number} 已于{current.issued_on.isoformat()}配发给"
            f"{current.officer}，尚未交回，不能重复配发。",
            details={"issue_id": current.pk},
        )
    last = device.issues.order_by("-returned_on").first()
    if last is not None and issued_on < last.returned_on:
        raise DeviceAlreadyIssued(
            f"设备 {device.serial_number} 在{last.returned_on.isoformat()}交回前已有配发记录，"
            "配发日期不能早于该日。",
            details={"issue_id": last.pk},
        )
    if issued_on < device.registered_on:
        raise InvalidDevice(
            "配发日期不能早于装备登记日期。", code="device_issued_before_registered"
        )
    issue = DeviceIssue.objects.create(
        device=device, officer=officer, issued_on=issued_on, issued_by=actor
    )
    journal.append(
        events.DEVICE_ISSUED,
        actor=actor,
        subject=issue,
        agency=device.agency,
        payload={
            "device_id": device.pk,
            "serial_number": device.serial_number,
            "officer_id": officer.pk,
            "issued_on": issued_on,
        },
    )
    return issue


@transaction.atomic
def return_device(issue: DeviceIssue, *, returned_on: date, actor=None) -> DeviceIssue:
    issue = (
        DeviceIssue.objects.select_for_update().select_related("device__agency").get(pk=issue.pk)
    )
    _require_head(actor, issue.device.agency)
    returned_on = _day(returned_on, "交回日期")
    if issue.returned_on is not None:
        raise InvalidDevice("该装备已交回。", code="device_already_returned")
    if returned_on < issue.issued_on:
        raise InvalidDevice("交回日期不能早于配发日期。", code="device_returned_before_issue")
    issue.returned_on, issue.returned_to = returned_on, actor
    issue.save(update_fields=["returned_on", "returned_to"])
    journal.append(
        events.DEVICE_RETURNED,
        actor=actor,
        subject=issue,
        agency=issue.device.agency,
        payload={"device_id": issue.device_id, "returned_on": returned_on},
    )
    return issue


def check_held(device: Device, officer, day: date) -> DeviceIssue:
    """The issue under which `officer` held `device` on `day`, or DeviceNotIssued: evidence
    records name the device that made them, and it must be the officer's that day (legal.md §F.2)."""
    issue = (
        device.issues.filter(officer=officer, issued_on__lte=day)
        .exclude(returned_on__lt=day)
        .first()
    )
    if issue is None:
        raise DeviceNotIssued(
            f"设备 {device.serial_number} 在{day.isoformat()}未配发给取证人员{officer}，"
            "不能作为该证据的记录设备。",
            details={"device_id": device.pk, "officer_id": officer.pk, "day": day.isoformat()},
        )
    return issue
