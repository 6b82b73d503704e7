"""Random inspections over JSON (issue 14 items 5, 6, 8): the list of matters, the target pool,
plans and the draw, an inspection with its record, findings to leads, joint inspections and the
superior's approval. Scoped selector, service, return."""

from __future__ import annotations

from datetime import date

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhifa.core.errors import NotFound
from zhifa.evidence.api import UploadSessionAuth
from zhifa.officers.selectors import visible_officers
from zhifa.orgs.models import Region

from . import selectors, services
from .errors import InvalidInspection

MAX_PHOTOS = 20

router = Router(tags=["inspections"])


class InspectionMatterIn(Schema):
    name: str = Field(..., max_length=128)
    sector: str = Field(..., description="law.Sector 代码，如 road_transport")
    basis: str = Field(..., max_length=300)
    items: list[str] = Field(..., description="检查内容", max_length=50)


class InspectionMatterOut(Schema):
    id: int
    agency_id: int
    name: str
    sector: str
    basis: str
    items: list[str]


class InspectionTargetIn(Schema):
    kind: str = Field(..., description="organisation / person")
    name: str = Field(..., max_length=128)
    id_number: str = Field(..., max_length=18, description="统一社会信用代码或身份证号")
    region_id: int
    address: str = Field("", max_length=200)


class InspectionTargetOut(Schema):
    id: int
    agency_id: int
    kind: str
    name: str
    region_id: int


class RelationIn(Schema):
    officer_id: int
    reason: str = Field(..., max_length=200, description="关系，如“配偶在该单位任职”")


class RelationOut(Schema):
    id: int
    officer_id: int
    target_id: int
    reason: str


class InspectionPlanIn(Schema):
    matter_id: int
    title: str = Field(..., max_length=128)
    planned_on: date
    target_count: int = Field(..., ge=1, le=10000)
    inspectors_per_target: int = Field(2, ge=0, le=100)
    frequency: int = Field(
        1, ge=0, le=100, description="抽查频次（次/年）：每轮各自抽取、各自公示种子"
    )
    target_ids: list[int] = Field(..., max_length=10000)
    inspector_ids: list[int] = Field(..., max_length=1000)


class InspectionDrawOut(Schema):
    id: int
    round: int
    planned_on: date
    seed: str
    state: str
    result: dict
    published: dict


class InspectionPlanOut(Schema):
    id: int
    agency_id: int
    matter_id: int
    year: int
    title: str
    planned_on: date
    target_count: int
    inspectors_per_target: int
    frequency: int
    state: str
    draws: list[InspectionDrawOut]

    @staticmethod
    def resolve_draws(obj):
        return list(obj.draws.order_by("round"))


class InspectionDrawIn(Schema):
    seed: str = Field("", max_length=128, description="随机种子；留空由系统生成，抽取后公示")
    planned_on: date | None = Field(None, description="本轮检查日期；留空按频次在年内均匀安排")


class InspectionOut(Schema):
    id: int
    plan_id: int
    agency_id: int
    target_id: int
    planned_on: date
    state: str
    inspector_ids: list[int]
    overlaps: list[dict]
    joined_into_id: int | None
    inspected_on: date | None
    certificates_shown: bool
    scope: str
    items_checked: list[str]
    outcome: str
    summary: str
    findings: list[dict]

    @staticmethod
    def resolve_inspector_ids(obj):
        return sorted(o.pk for o in obj.inspectors.all())

    @staticmethod
    def resolve_findings(obj):
        return [{"id": f.pk, "text": f.text, "case_id": f.case_id} for f in obj.findings.all()]


class InspectionRecordIn(Schema):
    inspected_on: date
    inspector_ids: list[int] = Field(..., max_length=20)
    certificates_shown: bool = Field(
        ..., description="已向当事人出示执法证件（行政处罚法第五十五条）"
    )
    scope: str = Field(..., max_length=300)
    items_checked: list[str] = Field(..., max_length=50)
    findings: list[str] = Field([], max_length=50)
    summary: str = Field("", max_length=500)


class JointIn(Schema):
    other_id: int = Field(..., description="重复检查提示中列出的对方检查")


class JointOut(Schema):
    id: int
    inspection_id: int
    other_id: int
    state: str


class JointDecisionIn(Schema):
    accept: bool


class CapDecisionIn(Schema):
    approve: bool
    reason: str = Field(..., max_length=300)


class InspectionLeadOut(Schema):
    case_id: int


def _agency(user):
    if getattr(user, "admin_role", "") or user.agency_id is None:
        raise NotFound("机构不存在或无权查看。")
    return user.agency


@router.get("/matters", response=list[InspectionMatterOut], summary="随机抽查事项清单")
def list_matters(request):
    return list(selectors.visible_matters(request.user)[:500])


@router.post("/matters", response={201: InspectionMatterOut}, summary="列入随机抽查事项")
def create_matter(request, payload: InspectionMatterIn):
    m = services.create_matter(_agency(request.user), actor=request.user, **payload.dict())
    return Status(201, m)


@router.get("/targets", response=list[InspectionTargetOut], summary="检查对象名录库")
def list_targets(request):
    return list(selectors.visible_targets(request.user)[:1000])


@router.post("/targets", response={201: InspectionTargetOut}, summary="检查对象纳入名录库")
def create_target(request, payload: InspectionTargetIn):
    data = payload.dict()
    region = Region.objects.filter(pk=data.pop("region_id")).first()
    t = services.add_target(_agency(request.user), region=region, actor=request.user, **data)
    return Status(201, t)


@router.post(
    "/targets/{target_id}/relations", response={201: RelationOut}, summary="登记检查回避关系"
)
def declare_relation(request, target_id: int, payload: RelationIn):
    target = selectors.access_target(request.user, target_id)
    officer = visible_officers(request.user).filter(pk=payload.officer_id).first()
    if officer is None:
        raise NotFound("执法人员不存在或无权查看。")
    relation = services.declare_relation(officer, target, reason=payload.reason, actor=request.user)
    return Status(201, relation)


@router.get("/plans", response=list[InspectionPlanOut], summary="抽查计划")
def list_plans(request):
    return list(selectors.visible_plans(request.user)[:200])


@router.post("/plans", response={201: InspectionPlanOut}, summary="制定抽查计划")
def create_plan(request, payload: InspectionPlanIn):
    user = request.user
    agency = _agency(user)
    matter = selectors.access_matter(user, payload.matter_id)
    plan = services.create_plan(
        agency,
        matter=matter,
        year=payload.planned_on.year,
        title=payload.title,
        planned_on=payload.planned_on,
        target_count=payload.target_count,
        inspectors_per_target=payload.inspectors_per_target,
        frequency=payload.frequency,
        targets=list(selectors.visible_targets(user).filter(pk__in=payload.target_ids)),
        inspectors=list(visible_officers(user).filter(pk__in=payload.inspector_ids)),
        actor=user,
    )
    return Status(201, plan)


@router.post("/plans/{plan_id}/draw", response=InspectionPlanOut, summary="双随机抽取")
def draw_plan(request, plan_id: int, payload: InspectionDrawIn):
    plan = selectors.access_plan(request.user, plan_id)
    return services.draw_plan(
        plan, seed=payload.seed, planned_on=payload.planned_on, actor=request.user
    )


@router.get("/{inspection_id}", response=InspectionOut, summary="一项行政检查")
def get_inspection(request, inspection_id: int):
    return selectors.access_inspection(request.user, inspection_id)


@router.post(
    "/{inspection_id}/record",
    response=InspectionOut,
    auth=UploadSessionAuth(),
    summary="登记检查记录（multipart，可附现场照片）",
)
def record(
    request,
    inspection_id: int,
    payload: Form[InspectionRecordIn],
    photos: File[list[UploadedFile]] = None,
):
    """The inspection record with its photos (field `photos`, repeatable, at most 20), kept in the
    evidence storage; a refused record keeps no photo."""
    i = selectors.access_inspection(request.user, inspection_id)
    if photos and len(photos) > MAX_PHOTOS:
        raise InvalidInspection(
            f"现场照片不超过{MAX_PHOTOS}张。", code="inspection_too_many_photos"
        )
    services.record_inspection(
        i,
        actor=request.user,
        inspected_on=payload.inspected_on,
        inspectors=payload.inspector_ids,
        certificates_shown=payload.certificates_shown,
        scope=payload.scope,
        items_checked=payload.items_checked,
        findings=payload.findings,
        summary=payload.summary,
        photos=photos or [],
    )
    return selectors.access_inspection(request.user, inspection_id)


@router.post("/{inspection_id}/joint", response={201: JointOut}, summary="提议联合检查")
def propose_joint(request, inspection_id: int, payload: JointIn):
    i = selectors.access_inspection(request.user, inspection_id)
    return Status(201, services.propose_joint(i, other_id=payload.other_id, actor=request.user))


@router.post("/joint/{proposal_id}/decision", response=JointOut, summary="确认联合检查")
def decide_joint(request, proposal_id: int, payload: JointDecisionIn):
    p = selectors.access_proposal(request.user, proposal_id)
    return services.decide_joint(p, accept=payload.accept, actor=request.user)


@router.post(
    "/plans/{plan_id}/approval",
    response=InspectionPlanOut,
    summary="上级审批超出年度检查上限的抽查计划",
)
def decide_cap(request, plan_id: int, payload: CapDecisionIn):
    plan = selectors.access_plan(request.user, plan_id)
    return services.decide_cap(
        plan, approve=payload.approve, reason=payload.reason, actor=request.user
    )


@router.post(
    "/findings/{finding_id}/lead", response={201: InspectionLeadOut}, summary="检查发现问题转为线索"
)
def finding_to_lead(request, finding_id: int):
    f = selectors.access_finding(request.user, finding_id)
    case = services.finding_to_lead(f, actor=request.user)
    return Status(201, {"case_id": case.pk})
