"""Work orders over JSON: a 12328 system (an API token with `complaints:write`, apitokens/
permissions.py) or a signed-in operator posts an order; it is taken in at the token account's
agency or at `agency_id` within its scope. Thin adapter over services.receive."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from zhifa.core.errors import InvalidInput, NotFound
from zhifa.core.identifiers import mask_phone
from zhifa.orgs.selectors import access_agency

from . import selectors, services
from .choices import Channel, SubjectType
from .errors import HotSpotsRefused, SupervisorRefused

router = Router(tags=["complaints"])


class WorkOrderIn(Schema):
    channel: str = Field(
        Channel.HOTLINE_12328,
        description="hotline_12328 / web / wechat / app / letter / visit"
        "（public_supervisor 只能经社会监督员本人专用链接）",
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


class PublicSupervisorIn(Schema):
    name: str = Field(..., max_length=50)
    phone: str = Field(..., max_length=20)
    term_starts_on: date
    term_ends_on: date


class PublicSupervisorOut(Schema):
    id: int
    agency_id: int
    name: str
    phone: str = Field(..., description="联系电话（遮蔽）")
    term_starts_on: date
    term_ends_on: date
    ended_on: date | None
    serving: bool = Field(..., description="今日是否在任")
    reports: int = Field(..., description="已反映问题（工单）件数")


class PublicSupervisorAppointedOut(PublicSupervisorOut):
    link: str = Field(..., description="本人专用链接（仅此一次返回，平台只保存摘要）")


def _supervisor_out(s, reports: int) -> dict:
    return {
        "id": s.pk,
        "agency_id": s.agency_id,
        "name": s.name,
        "phone": mask_phone(s.phone, public=False),
        "term_starts_on": s.term_starts_on,
        "term_ends_on": s.term_ends_on,
        "ended_on": s.ended_on,
        "serving": s.serves_on(timezone.localdate()),
        "reports": reports,
    }


@router.get(
    "/public-supervisors", response=list[PublicSupervisorOut], summary="社会监督员（本人范围内）"
)
def list_public_supervisors(request):
    if not selectors.may_see_hot_spots(request.user):
        raise SupervisorRefused("社会监督员名单仅供机构负责人和执法监督人员查看。")
    qs = selectors.visible_public_supervisors(request.user).annotate(n=Count("reports"))
    return [_supervisor_out(s, s.n) for s in qs.order_by("agency__path", "-term_ends_on")[:500]]


@router.post(
    "/public-supervisors",
    response={201: PublicSupervisorAppointedOut},
    summary="聘任社会监督员（本机构负责人）",
)
def appoint_public_supervisor(request, payload: PublicSupervisorIn):
    s, code = services.appoint_public_supervisor(
        agency=request.user.agency,
        name=payload.name,
        phone=payload.phone,
        term_starts_on=payload.term_starts_on,
        term_ends_on=payload.term_ends_on,
        actor=request.user,
    )
    link = request.build_absolute_uri(reverse("complaints_public:supervisor", args=[code]))
    return Status(201, {**_supervisor_out(s, 0), "link": link})


class CaseLinkIn(Schema):
    case_number: str = Field(..., description="案件编号（本人权限范围内）", max_length=64)


class CaseLinkOut(Schema):
    id: int
    tracking_code: str
    case_id: int | None = Field(None, description="所涉案件；null 表示未关联")
    case_number: str = Field("", description="所涉案件编号")


def _link_out(c) -> dict:
    return {
        "id": c.pk,
        "tracking_code": c.tracking_code,
        "case_id": c.case_id,
        "case_number": c.case.case_number if c.case_id else "",
    }


@router.put("/{int:complaint_id}/case", response=CaseLinkOut, summary="工单关联所涉案件")
def link_case(request, complaint_id: int, payload: CaseLinkIn):
    c = selectors.access_complaint(request.user, complaint_id)
    return _link_out(services.link_case(c, actor=request.user, case_number=payload.case_number))


@router.delete("/{int:complaint_id}/case", response=CaseLinkOut, summary="取消工单与案件的关联")
def unlink_case(request, complaint_id: int):
    c = selectors.access_complaint(request.user, complaint_id)
    return _link_out(services.unlink_case(c, actor=request.user))
