"""Equipment over JSON (issue 14 item 4): list, register, issue, return. Thin adapter."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema, Status

from zhifa.core.errors import NotFound
from zhifa.officers.selectors import access_officer

from . import selectors, services

router = Router(tags=["equipment"])


class DeviceIssueOut(Schema):
    id: int
    officer_id: int
    issued_on: date
    returned_on: date | None


class DeviceOut(Schema):
    id: int
    agency_id: int
    kind: str
    serial_number: str
    model_name: str
    issues: list[DeviceIssueOut]

    @staticmethod
    def resolve_issues(obj):
        return list(obj.issues.all())


class DeviceIn(Schema):
    kind: str = Field(..., description="body_camera / phone / weigh_station / other")
    serial_number: str = Field(..., max_length=64)
    model_name: str = Field("", max_length=64)


class DeviceIssueIn(Schema):
    officer_id: int
    issued_on: date


class DeviceReturnIn(Schema):
    returned_on: date


def _agency(user):
    if getattr(user, "admin_role", "") or user.agency_id is None:
        raise NotFound("机构不存在或无权查看。")
    return user.agency


@router.get("", response=list[DeviceOut], summary="本机构及下级的执法装备")
def list_devices(request):
    return list(selectors.visible_devices(request.user)[:500])


@router.post("", response={201: DeviceOut}, summary="登记执法装备")
def register_device(request, payload: DeviceIn):
    d = services.register_device(
        _agency(request.user),
        kind=payload.kind,
        serial_number=payload.serial_number,
        model_name=payload.model_name,
        actor=request.user,
    )
    return Status(201, selectors.access_device(request.user, d.pk))


@router.post("/{device_id}/issue", response={201: DeviceIssueOut}, summary="配发执法装备")
def issue_device(request, device_id: int, payload: DeviceIssueIn):
    device = selectors.access_device(request.user, device_id)
    officer = access_officer(request.user, payload.officer_id)
    row = services.issue_device(
        device, officer=officer, issued_on=payload.issued_on, actor=request.user
    )
    return Status(201, row)


@router.post("/issues/{issue_id}/return", response=DeviceIssueOut, summary="交回执法装备")
def return_device(request, issue_id: int, payload: DeviceReturnIn):
    row = selectors.access_issue(request.user, issue_id)
    return services.return_device(row, returned_on=payload.returned_on, actor=request.user)
