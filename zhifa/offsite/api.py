"""Off-site records over JSON: a weigh station's system (an API token with `intake:write`,
apitokens/permissions.py) streams a batch in parts; each part names its first line number, so a
part sent again is recognised and nothing is stored twice. Thin adapter over services.ingest."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema

from zhifa.core.errors import NotFound

from . import selectors, services
from .choices import BatchSource
from .errors import InvalidOffsiteInput

router = Router(tags=["offsite"])
MAX_PART = 5000


class OffsitePartIn(Schema):
    offset: int = Field(..., ge=1, description="本部分第一条记录在批次中的行号（从1起）")
    records: list[dict] = Field(..., description="检测记录（字段同 CSV 表头）", max_length=MAX_PART)
    last: bool = Field(False, description="批次最后一部分")
    name: str = Field("", max_length=255, description="批次说明")


class OffsiteLineErrorOut(Schema):
    line_no: int
    code: str
    message: str


class OffsiteBatchOut(Schema):
    id: int
    key: str
    name: str
    source: str
    state: str
    total_lines: int | None
    processed_lines: int
    accepted: int
    rejected_lines: int
    created_at: datetime
    finished_at: datetime | None


class OffsitePartOut(Schema):
    batch: OffsiteBatchOut
    errors: list[OffsiteLineErrorOut]


def _agency(user):
    if getattr(user, "admin_role", "") or user.agency_id is None:
        raise NotFound("机构不存在或无权查看。")
    return user.agency


@router.post(
    "/batches/{key}/records", response=OffsitePartOut, summary="推送一批非现场执法检测记录"
)
def post_records(request, key: str, payload: OffsitePartIn):
    user = request.user
    batch = services.start_batch(
        actor=user, agency=_agency(user), key=key, name=payload.name, source=BatchSource.API
    )
    if payload.offset > batch.processed_lines + 1:
        raise InvalidOffsiteInput(
            f"行号不连续：已处理至第{batch.processed_lines}行，本部分从第{payload.offset}行开始",
            code="offsite_part_gap",
            details={"processed_lines": batch.processed_lines},
        )
    lines = [
        (payload.offset + i, raw, json.dumps(raw, ensure_ascii=False)[:2000])
        for i, raw in enumerate(payload.records)
    ]
    was_done = batch.state == "done"
    batch = services.ingest(batch, lines, actor=user, finish=payload.last)
    if payload.last and not was_done:
        services.notify_reviewers(batch)
    last = payload.offset + len(payload.records) - 1
    errors = selectors.batch_errors(batch).filter(line_no__gte=payload.offset, line_no__lte=last)
    return {"batch": batch, "errors": list(errors)}


@router.get("/batches", response=list[OffsiteBatchOut], summary="非现场执法数据批次")
def list_batches(request):
    return list(selectors.visible_batches(request.user)[:200])


@router.get("/batches/{batch_id}/errors", response=list[OffsiteLineErrorOut], summary="批次错误行")
def batch_errors(request, batch_id: int):
    batch = selectors.access_batch(request.user, batch_id)
    return list(selectors.batch_errors(batch)[:10000])


# --- the party's look-up (APL Art. 41 para 3): no login, rate-limited, journaled -------------


class PartyLookupIn(Schema):
    plate: str = Field(..., max_length=16, description="车辆号牌")
    query_code: str = Field(..., max_length=20, description="违法事实告知书上的查询码")


class PartyDeviceOut(Schema):
    code: str
    name: str
    kind: str
    location: str
    approved_on: date | None
    approval_document: str
    published_on: date | None
    publication_reference: str
    calibrated_on: date | None
    calibration_valid_until: date | None
    calibration_certificate: str
    valid_that_day: bool = Field(..., description="检测当日设备已批准、已公布、在检定有效期内")
    standing: str


class PartyRecordOut(Schema):
    agency: str
    plate: str = Field(..., description="号牌（部分遮蔽）")
    owner: str = Field(..., description="登记车主（部分遮蔽）")
    measured_at: datetime
    vehicle_class: str
    axles: int
    gross_mass_kg: int
    limit_kg: int
    excess_kg: int
    height_m: Decimal | None
    width_m: Decimal | None
    length_m: Decimal | None
    dimension_tier: int
    warning_only: bool
    fine_low: Decimal
    fine_high: Decimal
    computation: list[str] = Field(..., description="超限认定与处罚计算过程")
    provision: str
    images: list[str] = Field(..., description="检测图像摘要")
    device: PartyDeviceOut
    reviewed_at: datetime | None
    record_digest: str
    rights: list[str] = Field(..., description="陈述、申辩的权利和方式")


@router.post(
    "/lookup",
    response=PartyRecordOut,
    auth=None,
    summary="当事人凭号牌和查询码查询非现场执法记录（无需登录）",
)
def party_lookup(request, payload: PartyLookupIn):
    record = services.show_to_party(
        payload.plate, payload.query_code, address=request.META.get("REMOTE_ADDR", ""), via="api"
    )
    return {**selectors.party_view(record), "rights": list(selectors.PARTY_RIGHTS)}
