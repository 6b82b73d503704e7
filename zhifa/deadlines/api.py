"""Deadlines over JSON: the scoped list, extension requests and their decision. Thin adapters."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from zhifa.api_types import Offset

from . import selectors, services
from .choices import DeadlineState

router = Router(tags=["deadlines"])
MAX_LIMIT = 200


class DeadlineOut(Schema):
    id: int
    subject_type: str = Field(..., description="对象类型，如 cases.case")
    subject_id: str
    agency_id: int
    agency_name: str = Field(..., alias="agency.name")
    code: str = Field(..., description="期限规则代码（见 /calendar/rules）")
    title: str
    basis: str = Field(..., description="依据与计算方法（中文，含条文）")
    start: date
    due: date = Field(..., description="届满日（当日仍在期限内）")
    due_at: datetime | None = Field(None, description="按小时计算的期限的届满时刻")
    unit: str
    amount: int | None
    provisional: bool = Field(..., description="依赖尚未发布放假安排的年度（临时结果）")
    original_due: date = Field(..., description="最初的届满日（延期不改变）")
    state: str = Field(..., description="open / met / lapsed / cancelled")
    flag: str = Field(..., description="none / due_soon / overdue")
    opened_at: datetime
    closed_at: datetime | None
    extended: bool
    extendable: bool = Field(..., description="法律是否允许延长此类期限")

    @staticmethod
    def resolve_extendable(obj) -> bool:
        return selectors.may_extend(obj)


class DeadlinePage(Schema):
    count: int
    items: list[DeadlineOut]


class ExtensionIn(Schema):
    days: int = Field(
        ..., description="延长的日数（单位随期限规则，如自然日或工作日）", examples=[30]
    )
    reason: str = Field(..., description="延长理由", examples=["案情复杂，需进一步鉴定"])


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = ""


class ExtensionOut(Schema):
    id: int
    deadline_id: int
    days: int
    unit: str
    reason: str
    requested_by_id: int
    requested_at: datetime
    decision: str = Field(..., description="pending / approved / rejected")
    decided_by_id: int | None
    decided_at: datetime | None
    note: str
    old_due: date | None
    new_due: date | None


@router.get("", response=DeadlinePage, summary="本机构及下级机构的期限（逾期在前）")
def list_deadlines(
    request,
    state: DeadlineState | None = None,
    overdue: bool | None = None,
    due_before: date | None = None,
    agency_id: int | None = None,
    limit: int = 50,
    offset: Offset = 0,
):
    qs = selectors.visible_deadlines(
        request.user, state=state, overdue=overdue, due_before=due_before, agency_id=agency_id
    )
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.get("/{int:deadline_id}", response=DeadlineOut, summary="查看一个期限")
def get_deadline(request, deadline_id: int):
    return selectors.access_deadline(request.user, deadline_id)


@router.get(
    "/{int:deadline_id}/extensions", response=list[ExtensionOut], summary="一个期限的延期申请"
)
def list_extensions(request, deadline_id: int):
    deadline = selectors.access_deadline(request.user, deadline_id)
    return list(deadline.extensions.order_by("requested_at", "id"))


@router.post(
    "/{int:deadline_id}/extensions",
    response={201: ExtensionOut},
    summary="申请延长期限（仅法律允许延长的期限）",
)
def request_extension(request, deadline_id: int, payload: ExtensionIn):
    deadline = selectors.access_deadline(request.user, deadline_id)
    ext = services.request_extension(
        deadline, days=payload.days, reason=payload.reason, actor=request.user
    )
    return Status(201, ext)


@router.post(
    "/extensions/{int:request_id}/decision",
    response=ExtensionOut,
    summary="审批延期申请（执法部门负责人）",
)
def decide_extension(request, request_id: int, payload: ExtensionDecisionIn):
    ext = selectors.access_extension(request.user, request_id)
    return services.decide_extension(
        ext, approve=payload.approve, actor=request.user, note=payload.note
    )
