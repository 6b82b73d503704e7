"""Work orders over JSON: a 12328 system (an API token with `complaints:write`, apitokens/
permissions.py) or a signed-in operator posts an order; it is taken in at the token account's
agency or at `agency_id` within its scope. Thin adapter over services.receive."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status

from zhifa.core.errors import InvalidInput, NotFound
from zhifa.orgs.selectors import access_agency

from . import selectors, services
from .choices import Channel, SubjectType
from .errors import HotSpotsRefused

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


class HotSpotTrendOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    count: int


class HotSpotExampleOut(Schema):
    id: int
    tracking_code: str
    text: str = Field(..., description="诉求内容（诉求人姓名已遮蔽）")


class HotSpotOut(Schema):
    rank: int
    words: list[str] = Field(..., description="主题词，按在该主题诉求中出现的件数排序")
    count: int
    direction: str = Field(..., description="up / down / flat / new（与此前三个月比较）")
    trend: list[HotSpotTrendOut]
    examples: list[HotSpotExampleOut]
    rectification_url: str = Field(..., description="制定整改方案的页面")


@router.get("/hot-spots", response=list[HotSpotOut], summary="投诉热点（按单位和月份）")
def get_hot_spots(
    request,
    month: str = Query(..., pattern=r"^\d{4}-\d{2}$", description="YYYY-MM"),
    agency_id: int | None = Query(None, description="单位（含所属单位）；缺省为本人所在机构"),
):
    user = request.user
    if not selectors.may_see_hot_spots(user):
        raise HotSpotsRefused("投诉热点仅供本机构负责人和执法监督人员查看。")
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        raise InvalidInput("月份格式有误（如 2026-11）。", code="invalid_month") from None
    agency = access_agency(user, agency_id) if agency_id else user.agency
    return [
        HotSpotOut(
            rank=s.rank,
            words=list(s.words),
            count=s.count,
            direction=s.direction,
            trend=[HotSpotTrendOut(month=m, count=n) for m, n in s.trend],
            examples=[
                HotSpotExampleOut(id=c.pk, tracking_code=c.tracking_code, text=text)
                for c, text in s.examples
            ],
            rectification_url=selectors.rectification_link(agency, first, s),
        )
        for s in selectors.hot_spots(user, agency, first)
    ]
