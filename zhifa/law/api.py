"""The law catalogue and the discretion engine over JSON (mounted at "/" of /api/v1/).

Reads are open to every signed-in user: the law is public. Bad input returns a stable `code` and a
Chinese `message` (zhifa/api.py maps the domain errors); nothing here may answer 500.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from zhifa.api_types import Money, Offset
from zhifa.core.citations import attr_zh

from . import discretion, selectors
from .choices import BenchmarkStatus
from .provinces import resolve_province

router = Router(tags=["law"])

MAX_LIMIT = 200


# --- schemas ---------------------------------------------------------------------------------


class RangeOut(Schema):
    low: str = Field(..., description="下限（元，十进制字符串）")
    high: str = Field(..., description="上限（元）")
    text: str = Field(..., description="中文表述，如“3,000元以上10,000元以下”")


class RecommendIn(Schema):
    provision_id: str = Field(..., max_length=64, description="处罚条款编号，如 rtr2023-63-1")
    province: int | str = Field(
        ..., description="省份名称（“甘肃”“甘肃省”“浙江（临海市）”）或省级行政区划 id"
    )
    violation_date: date = Field(..., description="违法行为发生日（连续状态的，为行为终了之日）")
    decision_date: date = Field(..., description="拟作出处罚决定之日")
    party_kind: str = Field(..., description="natural_person | legal_person | other_organisation")
    facts: dict[str, Any] = Field(
        default_factory=dict, description="案件事实（见 GET /discretion/facts）"
    )
    discovered_on: date | None = Field(
        None, description="违法行为被发现之日（决定距行为超过二年时必填）"
    )
    maritime: bool | None = Field(None, description="作出决定的是否为海事管理机构；默认按条款领域")


class DeviationIn(RecommendIn):
    amount: Money = Field(..., description="拟处罚款数额（元）")
    reason: str = Field("", max_length=2000, description="超出建议幅度的书面理由")


class ProvisionRef(Schema):
    id: str
    citation: str
    conduct: str


class BenchmarkRef(Schema):
    id: str
    document: str
    province: str | None
    version: str


class LevelRef(Schema):
    label: str
    kind: str
    kind_text: str
    conditions: str


class FactorOut(Schema):
    kind: str
    code: str
    text: str
    article: str
    mandatory: bool
    row_id: str


class ProvisionMeasureOut(Schema):
    kind: str
    text: str
    article: str
    conditional: bool


class ReasonOut(Schema):
    code: str
    text: str
    article: str
    row_id: str


class HearingOut(Schema):
    triggered: bool
    threshold: str | None


class ExemptionRef(Schema):
    id: str
    conduct: str
    conditions: list[str]


class NamedValue(Schema):
    name: str
    value: str


class MissingFact(Schema):
    name: str
    label: str


class RecommendationOut(Schema):
    outcome: str = Field(..., description="must_not_penalise | may_exempt | penalise")
    outcome_text: str
    provision: ProvisionRef | None
    act_version_id: str
    decision_version_id: str
    statutory_range: RangeOut | None
    statutory_basis: str
    formula: bool
    warning: bool
    benchmark: BenchmarkRef | None
    level: LevelRef | None
    benchmark_range: RangeOut | None
    recommended_range: RangeOut | None
    suggested_amount: str | None
    mitigation_permitted: bool
    factors: list[FactorOut]
    measures: list[ProvisionMeasureOut]
    hearing: HearingOut
    exemption: ExemptionRef | None
    missing_facts: list[MissingFact]
    settings_used: list[NamedValue]
    reasons: list[ReasonOut]
    reasoning: str

    statutory_basis_zh: str = Field("", description="statutory_basis 的中文法条引用")

    @staticmethod
    def resolve_statutory_basis_zh(obj):
        return attr_zh(obj, "statutory_basis")


class DeviationOut(Schema):
    amount: str
    within_recommended: bool
    within_statutory: bool
    below_statutory_minimum: bool
    requires_approval: bool
    approval: str = Field(
        ..., description="需要的审批：principal_head_or_collective_deliberation 或空"
    )
    reason: str
    message: str
    hearing_triggered: bool


class FactOut(Schema):
    name: str
    type: str = Field(..., description="bool | int | number | enum")
    label: str
    unit: str
    choices: list[list[str]]
    article: str


class LawOut(Schema):
    name: str
    level: str
    version_year: int
    effective_from: date | None
    effective_to: date | None


class ProvisionOut(Schema):
    id: str = Field(..., alias="data_id")
    law: LawOut
    article: str
    violated_article: str
    conduct: str
    sector: str
    warning: bool
    fine_min: int | None
    fine_max: int | None
    gain_multiple_min: Decimal | None
    gain_multiple_max: Decimal | None
    small_gain_threshold: int | None
    fallback_fine_min: int | None
    fallback_fine_max: int | None
    per_unit_fine: int | None
    correct_first: bool
    order_to_stop_or_correct: bool
    confiscation: list[str]
    suspension_or_revocation: str
    unconfirmed: bool


class ProvisionDetail(ProvisionOut):
    data: dict[str, Any] = Field(..., description="数据文件中的原始记录（全部法定处罚字段）")
    superseded_by: list[str] = Field(..., description="取代本条款的新条款编号")
    supersedes: list[str] = Field(..., description="本条款取代的旧条款编号")
    versions: list[str] = Field(..., description="同一违法行为在各版本中的条款编号（按施行日期）")

    @staticmethod
    def resolve_superseded_by(obj) -> list[str]:
        return [x.data_id for x in obj.superseded_by.all()]

    @staticmethod
    def resolve_supersedes(obj) -> list[str]:
        return [x.data_id for x in obj.supersedes.all()]

    @staticmethod
    def resolve_versions(obj) -> list[str]:
        return list(getattr(obj, "version_ids", []))


class ProvisionPage(Schema):
    count: int
    items: list[ProvisionOut]


class LevelOut(Schema):
    order: int
    label: str
    tier: str
    conditions_zh: str
    conditions: Any = Field(None, description="机读条件（JSON），空为未能映射")
    fine_min: int | None
    fine_max: int | None
    gain_multiple_min: Decimal | None
    gain_multiple_max: Decimal | None
    notes: str


class BenchmarkOut(Schema):
    id: int
    key: str
    provision_id: str | None = Field(None, alias="provision.data_id")
    scope: str
    province: str | None = Field(None, alias="province.name")
    issuer: str
    document: str
    version: str
    year: int | None
    effective_from: date | None
    status: str
    obsolete_reason: str
    origin: str
    source_url: str
    levels: list[LevelOut]


class BenchmarkPage(Schema):
    count: int
    items: list[BenchmarkOut]


class ExemptionItemOut(Schema):
    order: int
    kind: str
    provision_id: str | None = Field(None, alias="provision.data_id")
    conduct: str
    basis: str
    conditions_zh: list[str]

    basis_zh: str = Field("", description="basis 的中文法条引用")

    @staticmethod
    def resolve_basis_zh(obj):
        return attr_zh(obj, "basis")


class ExemptionListOut(Schema):
    id: int
    key: str
    scope: str
    issuer: str
    document: str
    year: int | None
    effective_from: date | None
    provinces: list[str]
    items: list[ExemptionItemOut]

    @staticmethod
    def resolve_provinces(obj) -> list[str]:
        return [r.name for r in obj.provinces.all()]

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


# --- endpoints -------------------------------------------------------------------------------


def _request_kwargs(payload: RecommendIn) -> dict[str, Any]:
    return {
        "provision_id": payload.provision_id,
        "province": payload.province,
        "violation_date": payload.violation_date,
        "decision_date": payload.decision_date,
        "party_kind": payload.party_kind,
        "facts": payload.facts,
        "discovered_on": payload.discovered_on,
        "maritime": payload.maritime,
    }


@router.post(
    "/discretion/recommend",
    response=RecommendationOut,
    summary="裁量建议：结果、阶次、幅度、建议数额、情节、理由与说理",
)
def recommend(request, payload: RecommendIn):
    rec = discretion.recommend_for(request.user, **_request_kwargs(payload))
    return discretion.serialize(rec)


@router.post(
    "/discretion/deviation",
    response=DeviationOut,
    summary="偏离检查：拟处数额超出建议幅度时须说明理由并报批",
)
def deviation(request, payload: DeviationIn):
    rec = discretion.recommend_for(request.user, **_request_kwargs(payload))
    return discretion.deviation_for(request.user, rec, payload.amount, payload.reason)


@router.get("/discretion/facts", response=list[FactOut], summary="可用于某条款的事实词汇")
def facts(request, provision_id: str, province: str = ""):
    return discretion.fact_fields(request.user, provision_id, province or None)


@router.get(
    "/provisions",
    response=ProvisionPage,
    summary="处罚条款目录（按违法行为、法律、条款、领域检索）",
)
def list_provisions(
    request,
    q: str = "",
    sector: str = "",
    law: str = "",
    article: str = "",
    limit: int = 50,
    offset: Offset = 0,
):
    qs = selectors.search_provisions(
        request.user,
        q=q.strip()[:100],
        sector=sector[:32],
        law=law.strip()[:128],
        article=article.strip()[:64],
    )
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.get("/provisions/{provision_id}", response=ProvisionDetail, summary="一个处罚条款及其版本")
def get_provision(request, provision_id: str):
    p = selectors.access_provision(request.user, provision_id[:64])
    p.version_ids = [v.id for v in selectors.provision_versions(request.user, p)]
    return p


@router.get("/benchmarks", response=BenchmarkPage, summary="裁量基准（可按省份、条款、状态筛选）")
def list_benchmarks(
    request,
    province: str = "",
    provision: str = "",
    status: str = "",
    limit: int = 50,
    offset: Offset = 0,
):
    region = None
    if province.strip():
        region = resolve_province(province.strip())
        if region is None:
            from .errors import ProvinceNotFound

            raise ProvinceNotFound(f"无法识别的省份“{province.strip()[:32]}”。")
    if status and status not in BenchmarkStatus.values:
        from zhifa.core.errors import InvalidInput

        raise InvalidInput("status 应为 active 或 obsolete。", code="invalid_status")
    qs = selectors.list_benchmarks(
        request.user, province=region, provision=provision[:64], status=status
    )
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@router.get("/benchmarks/{int:benchmark_id}", response=BenchmarkOut, summary="一个裁量基准及其各档")
def get_benchmark(request, benchmark_id: int):
    return selectors.access_benchmark(request.user, benchmark_id)


@router.get(
    "/exemptions", response=list[ExemptionListOut], summary="免罚清单（首违不罚、轻微免罚）"
)
def list_exemptions(request, province: str = ""):
    region = resolve_province(province.strip()) if province.strip() else None
    if province.strip() and region is None:
        from .errors import ProvinceNotFound

        raise ProvinceNotFound(f"无法识别的省份“{province.strip()[:32]}”。")
    return list(selectors.list_exemption_lists(request.user, province=region))


# --- benchmark import (the ministry or a provincial department: supervisor or system admin) ---


class ImportErrorOut(Schema):
    sheet: str
    line: int
    column: str = ""
    reason: str


class ImportOut(Schema):
    id: int
    filename: str
    status: str = Field(..., description="pending | running | done | failed")
    rows_total: int
    rows_done: int
    errors: list[ImportErrorOut] = Field(
        ..., description="失败时列出每一处错误（表名、行号、原因）"
    )
    benchmarks: list[int] = Field(..., description="导入成功的裁量基准 id")

    @staticmethod
    def resolve_benchmarks(obj) -> list[int]:
        return [b.pk for b in obj.benchmarks.all()]


@router.post(
    "/benchmarks/imports",
    response={202: ImportOut},
    summary="上传裁量基准 Excel 并导入（全部导入或全部不导入）",
)
def start_import(request, file: File[UploadedFile]):
    from . import services

    name = (file.name or "upload.xlsx")[:200]
    if not name.lower().endswith(".xlsx"):
        from .errors import BenchmarkImportInvalid

        raise BenchmarkImportInvalid("请上传 .xlsx 格式的文件。", code="benchmark_import_type")
    if file.size and file.size > services.IMPORT_MAX_BYTES:
        from .errors import BenchmarkImportInvalid

        raise BenchmarkImportInvalid(
            "文件超过 5 MB，请拆分后上传。", code="benchmark_import_too_big"
        )
    record = services.start_benchmark_import(actor=request.user, filename=name, content=file.read())
    return Status(202, selectors.access_import(request.user, record.pk))


@router.get("/benchmarks/imports/{int:import_id}", response=ImportOut, summary="导入进度与结果")
def get_import(request, import_id: int):
    return selectors.access_import(request.user, import_id)
