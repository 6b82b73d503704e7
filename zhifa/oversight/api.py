"""Rectification and the 同案不同罚 flags over JSON, for the supervisors' own tools. Thin adapter
over services and selectors; errors come back in the stable shape (zhifa/api.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import Field as PydanticField

from zhifa.accounts.models import User
from zhifa.api_types import Limit, Offset

from . import selectors, services
from .errors import InvalidOversightInput, OversightNotFound

router = Router(tags=["oversight"])
Year = Annotated[int, PydanticField(ge=2000, le=2100)]


class RectificationIn(Schema):
    agency_id: int = Field(..., description="整改单位（本机关下级单位）")
    title: str = Field(..., max_length=200)
    detail: str = Field("", max_length=4000)
    source_kind: str = Field(
        ...,
        description="check_finding / case_file_review / indicator / hot_spot / fine_dispersion / other",
    )
    source_ref: str = Field("", max_length=300, description="来源说明，如“2026-11 投诉举报热点”")
    owner_id: int | None = Field(None, description="整改责任人；缺省为整改单位负责人")
    due: date = Field(..., description="整改期限（自然日，届满日当日仍在期限内）")


class RectificationOut(Schema):
    id: int
    agency_id: int
    title: str
    source_kind: str
    source_ref: str
    state: str = Field(..., description="open / responded / closed")
    rounds: int
    owner_id: int
    checker_id: int
    response: str
    created_at: datetime
    closed_at: datetime | None


class RectificationResponseIn(Schema):
    text: str = Field(..., max_length=4000, description="整改情况")


class FollowUpIn(Schema):
    passed: bool = Field(..., description="整改到位（销号）或未到位（重新整改）")
    summary: str = Field(..., max_length=4000)
    new_due: date | None = Field(None, description="未到位时的新整改期限")


class FineFlagOut(Schema):
    case_id: int
    case_number: str | None
    agency_id: int
    provision: str
    level: str
    amount: Decimal
    median: Decimal
    reasons: list[str] = Field(..., description="outside_range / dispersion")
    score: Decimal | None = Field(None, description="稳健 z 值 |x−中位数|/(1.4826·MAD)")
    conclusion: str | None = Field(None, description="justified / rectification；未核查为空")


@router.get("/rectifications", response=list[RectificationOut], summary="整改事项（本机关及下级）")
def list_rectifications(request, state: str = "", offset: Offset = 0, limit: Limit = 100):
    return list(selectors.search_rectifications(request.user, state=state)[offset : offset + limit])


@router.get("/rectifications/{rectification_id}", response=RectificationOut, summary="一个整改事项")
def get_rectification(request, rectification_id: int):
    return selectors.access_rectification(request.user, rectification_id)


@router.post("/rectifications", response={201: RectificationOut}, summary="下达整改")
def post_rectification(request, payload: RectificationIn):
    agency = selectors.subordinate_agencies(request.user).filter(pk=payload.agency_id).first()
    if agency is None:
        raise OversightNotFound("机构不存在或不在本机关监督范围内。")
    owner = None
    if payload.owner_id is not None:
        owner = User.objects.filter(pk=payload.owner_id, agency=agency).first()
        if owner is None:
            raise InvalidOversightInput("整改责任人应为整改单位的人员。")
    r = services.open_rectification(
        agency=agency,
        title=payload.title,
        detail=payload.detail,
        source_kind=payload.source_kind,
        source_ref=payload.source_ref,
        owner=owner,
        due=payload.due,
        actor=request.user,
    )
    return Status(201, r)


@router.post(
    "/rectifications/{rectification_id}/response",
    response=RectificationOut,
    summary="报送整改情况",
)
def post_response(request, rectification_id: int, payload: RectificationResponseIn):
    r = selectors.access_rectification(request.user, rectification_id)
    return services.respond(r, actor=request.user, text=payload.text)


@router.post(
    "/rectifications/{rectification_id}/follow-up",
    response=RectificationOut,
    summary="回头看（销号或重新整改）",
)
def post_follow_up(request, rectification_id: int, payload: FollowUpIn):
    r = selectors.access_rectification(request.user, rectification_id)
    services.follow_up(
        r,
        actor=request.user,
        passed=payload.passed,
        summary=payload.summary,
        new_due=payload.new_due,
    )
    r.refresh_from_db()
    return r


@router.get("/fine-flags", response=list[FineFlagOut], summary="同案不同罚提示（本机关及下级）")
def list_fine_flags(request, year: Year | None = None):
    year = year or timezone.localdate().year  # one decision year at a time, the current by default
    monitor = selectors.fine_monitor(request.user, since=date(year, 1, 1), until=date(year, 12, 31))
    return [
        FineFlagOut(
            case_id=row.case.pk,
            case_number=row.case.case_number,
            agency_id=row.case.agency_id,
            provision=row.case.provision.data_id,
            level=g.level,
            amount=row.flag.amount,
            median=g.spread.median,
            reasons=list(row.flag.reasons),
            score=row.flag.score,
            conclusion=row.review.conclusion if row.review else None,
        )
        for g in monitor.groups
        for row in g.flags
    ]
