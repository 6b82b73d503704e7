"""Work orders over JSON: a 12328 system (an API token with `complaints:write`, apitokens/
permissions.py) or a signed-in operator posts an order; it is taken in at the token account's
agency or at `agency_id` within its scope. Thin adapter over services.receive."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from zhifa.core.errors import NotFound
from zhifa.orgs.selectors import access_agency

from . import services
from .choices import Channel, SubjectType

router = Router(tags=["complaints"])


class WorkOrderIn(Schema):
    channel: str = Field(
        Channel.HOTLINE_12328, description="hotline_12328 / web / wechat / app / letter / visit"
    )
    category: str = Field(..., description="enquiry / complaint / suggestion / praise")
    content: str = Field(..., description="诉求内容（2000 字以内）", max_length=2000)
    phone: str = Field(..., description="诉求人联系电话", max_length=40)
    complainant_name: str = Field("", max_length=50)
    place: str = Field("", max_length=200)
    occurred_on: date | None = None
    subject_type: str = Field(SubjectType.OTHER, description="operator / conduct / other")
    certificate_number: str = Field("", description="被投诉执法人员证号", max_length=32)
    external_id: str = Field(
        "", description="12328 系统的工单号（同一渠道内不得重复）", max_length=64
    )
    agency_id: int | None = Field(None, description="受理机构；缺省为令牌账户所属机构")


class WorkOrderOut(Schema):
    id: int
    tracking_code: str = Field(
        ..., description="诉求人查询码（公开查询 /gongshi/complaints/status/）"
    )
    state: str
    agency_id: int
    close_due: date | None
    duplicate_of_id: int | None = Field(None, description="疑似重复的工单")
    received_at: datetime


@router.post("", response={201: WorkOrderOut}, summary="提交 12328 工单或投诉举报")
def post_work_order(request, payload: WorkOrderIn):
    user = request.user
    if getattr(user, "admin_role", "") or user.agency_id is None:
        raise NotFound("机构不存在或无权查看。")
    agency = access_agency(user, payload.agency_id) if payload.agency_id else user.agency
    c = services.receive(
        agency=agency,
        channel=payload.channel,
        category=payload.category,
        content=payload.content,
        phone=payload.phone,
        complainant_name=payload.complainant_name,
        place=payload.place,
        occurred_on=payload.occurred_on,
        subject_type=payload.subject_type,
        certificate_number=payload.certificate_number,
        external_id=payload.external_id,
        actor=user,
    )
    return Status(201, c)
