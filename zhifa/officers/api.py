"""Officers in the caller's scope, with certificates, suspensions and eligibility on a date."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from zhifa.api_types import Offset
from zhifa.core.citations import attr_zh
from zhifa.core.errors import NotFound

from . import selectors, services

router = Router(tags=["officers"])


class CertificateOut(Schema):
    number: str
    kind: str
    issuing_body: str
    categories: str
    sectors: list[str]  # T2 Arts. 22–23: sector codes the certificate covers
    territory: str | None = Field(None, alias="territory.name")  # None: issuer's whole system
    last_reviewed_on: date | None  # T2 Art. 30: annual review
    issued_on: date
    valid_until: date
    status: str
    status_label: str = Field(..., alias="get_status_display")


class SuspensionOut(Schema):
    reason: str
    starts_on: date
    ends_on: date | None
    lifted_on: date | None


class EligibilityRefusalOut(Schema):
    code: str
    message: str
    article: str

    article_zh: str = Field("", description="article 的中文法条引用")

    @staticmethod
    def resolve_article_zh(obj):
        return attr_zh(obj, "article")


class OfficerEligibilityOut(Schema):
    allowed: bool
    on: date
    certificate: str | None
    reasons: list[EligibilityRefusalOut]


class OfficerOut(Schema):
    id: int
    full_name: str = Field(..., alias="user.full_name")
    username: str = Field(..., alias="user.username")
    agency_id: int = Field(..., alias="user.agency_id")
    agency: str = Field(..., alias="user.agency.name")
    badge_number: str
    certificates: list[CertificateOut]
    suspensions: list[SuspensionOut]
    eligibility: OfficerEligibilityOut


class OfficerPage(Schema):
    count: int
    items: list[OfficerOut]


def _with_eligibility(officer, on: date | None):
    officer.eligibility = selectors.eligibility(officer, on)
    return officer


@router.get("", response=OfficerPage, summary="列出本机构及下级机构的执法人员")
def list_officers(
    request,
    agency_id: int | None = None,
    q: str = "",
    on: date | None = None,
    limit: int = 100,
    offset: Offset = 0,
):
    qs = selectors.visible_officers(request.user)
    if agency_id is not None:
        qs = qs.filter(user__agency_id=agency_id)
    if q:
        qs = qs.filter(user__full_name__icontains=q.strip()[:32])
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    items = [_with_eligibility(o, on) for o in qs[offset : offset + limit]]
    return {"count": qs.count(), "items": items}


@router.get("/{int:officer_id}", response=OfficerOut, summary="查看执法人员及其在某日能否执法")
def get_officer(request, officer_id: int, on: date | None = None):
    return _with_eligibility(selectors.access_officer(request.user, officer_id), on)


# --- training, assessments, conduct (issue 14 items 1–3) -------------------------------------


class TrainingIn(Schema):
    title: str = ""
    kind: str = ""
    provider: str = ""
    hours: Decimal | None = None
    starts_on: date
    ends_on: date | None = None
    certificate_number: str = ""
    course_id: int | None = None


class TrainingOut(Schema):
    id: int
    course_id: int | None
    title: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    provider: str
    hours: Decimal
    starts_on: date
    ends_on: date
    certificate_number: str


class TrainingYearHoursOut(Schema):
    year: int
    done: Decimal
    required: Decimal  # T5: 60 a year unless the province sets its figure
    short: Decimal
    met: bool


class TrainingListOut(Schema):
    hours: TrainingYearHoursOut
    items: list[TrainingOut]


class AssessmentIn(Schema):
    kind: str
    title: str
    held_on: date
    score: Decimal
    scale: Decimal = Decimal(100)
    pass_mark: Decimal = Decimal(60)


class AssessmentOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    title: str
    held_on: date
    score: Decimal
    scale: Decimal
    pass_mark: Decimal
    passed: bool
    retraining_lifted_on: date | None = Field(None, alias="retraining.lifted_on")
    retraining: bool

    @staticmethod
    def resolve_retraining(obj):
        return obj.retraining_id is not None


class ConductItemOut(Schema):
    id: int
    code_set: str
    code_set_label: str = Field(..., alias="get_code_set_display")
    number: str
    text: str
    source: str
    source_url: str
    confirmed: bool
    serious: bool


class ConductIn(Schema):
    item_id: int
    occurred_on: date
    facts: str
    source: str
    consequence: str
    suspension_ends_on: date | None = None


class ConductOut(Schema):
    id: int
    officer_id: int
    item: ConductItemOut
    occurred_on: date
    facts: str
    source: str
    consequence: str
    consequence_label: str = Field(..., alias="get_consequence_display")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    answer: str
    answered_at: datetime | None


class ConductAnswerIn(Schema):
    text: str


class RevocationDecisionIn(Schema):
    approve: bool
    reason: str


class TrainingCourseIn(Schema):
    title: str
    kind: str
    provider: str
    hours: Decimal
    planned_on: date


class TrainingCourseOut(Schema):
    id: int
    title: str
    kind: str
    provider: str
    hours: Decimal
    planned_on: date
    attended_by: list[int]

    @staticmethod
    def resolve_attended_by(obj):
        return [r.officer_id for r in obj.attendance.all()]


class TrainingPlanIn(Schema):
    year: int
    title: str


class TrainingPlanOut(Schema):
    id: int
    agency_id: int
    year: int
    title: str
    courses: list[TrainingCourseOut]


def _hours(officer, year: int | None):
    from django.utils import timezone

    from zhifa.core.training import training_year

    today = timezone.localdate().year
    return selectors.training_hours(officer, training_year(year or today, today))


@router.get(
    "/{int:officer_id}/training", response=TrainingListOut, summary="执法人员的培训记录及年度学时"
)
def list_training(request, officer_id: int, year: int | None = None):
    officer = selectors.access_officer(request.user, officer_id)
    h = _hours(officer, year)
    items = officer.training.select_related("course").all()[:500]
    return {
        "hours": {
            "year": h.year,
            "done": h.done,
            "required": h.required,
            "short": h.short,
            "met": h.met,
        },
        "items": list(items),
    }


@router.post(
    "/{int:officer_id}/training", response={201: TrainingOut}, summary="登记培训记录（负责人）"
)
def add_training(request, officer_id: int, payload: TrainingIn):
    from .models import TrainingCourse

    officer = selectors.access_officer(request.user, officer_id)
    course = None
    if payload.course_id is not None:
        course = TrainingCourse.objects.filter(pk=payload.course_id).first()
        if course is None:
            raise NotFound("培训课程不存在。")
    record = services.record_training(
        officer,
        title=payload.title,
        kind=payload.kind,
        provider=payload.provider,
        hours=payload.hours,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        certificate_number=payload.certificate_number,
        course=course,
        actor=request.user,
    )
    return Status(201, record)


@router.get(
    "/{int:officer_id}/assessments", response=list[AssessmentOut], summary="执法人员的考核成绩"
)
def list_assessments(request, officer_id: int):
    officer = selectors.access_officer(request.user, officer_id)
    return list(officer.assessments.select_related("retraining").all()[:500])


@router.post(
    "/{int:officer_id}/assessments",
    response={201: AssessmentOut},
    summary="登记考核成绩（不合格自动离岗培训）",
)
def add_assessment(request, officer_id: int, payload: AssessmentIn):
    officer = selectors.access_officer(request.user, officer_id)
    assessment = services.record_assessment(
        officer,
        kind=payload.kind,
        title=payload.title,
        held_on=payload.held_on,
        score=payload.score,
        scale=payload.scale,
        pass_mark=payload.pass_mark,
        actor=request.user,
    )
    return Status(201, assessment)


@router.get("/conduct-items", response=list[ConductItemOut], summary="执法规范条目")
def list_conduct_items(request):
    return list(selectors.conduct_items())


class ConductItemIn(Schema):
    text: str
    source: str = ""
    active: bool = True


@router.patch(
    "/conduct-items/{int:item_id}",
    response=ConductItemOut,
    summary="修改待核实的执法规范条目（系统管理员）",
)
def edit_conduct_item(request, item_id: int, payload: ConductItemIn):
    item = selectors.conduct_items(include_inactive=True).filter(pk=item_id).first()
    if item is None:
        raise NotFound("执法规范条目不存在。")
    return services.edit_conduct_item(
        item, text=payload.text, source=payload.source, active=payload.active, actor=request.user
    )


@router.get("/{int:officer_id}/conduct", response=list[ConductOut], summary="违反执法规范记录")
def list_conduct(request, officer_id: int):
    officer = selectors.access_officer(request.user, officer_id)
    return list(officer.conduct_records.select_related("item").all()[:500])


@router.post(
    "/{int:officer_id}/conduct",
    response={201: ConductOut},
    summary="登记违反执法规范记录（上级）",
)
def add_conduct(request, officer_id: int, payload: ConductIn):
    officer = selectors.access_officer(request.user, officer_id)
    item = selectors.conduct_items().filter(pk=payload.item_id).first()
    record = services.record_conduct_breach(
        officer,
        item=item,
        occurred_on=payload.occurred_on,
        facts=payload.facts,
        source=payload.source,
        consequence=payload.consequence,
        suspension_ends_on=payload.suspension_ends_on,
        actor=request.user,
    )
    return Status(201, record)


@router.post(
    "/conduct/{int:record_id}/answer", response=ConductOut, summary="本人对违规记录陈述意见"
)
def answer_conduct(request, record_id: int, payload: ConductAnswerIn):
    record = selectors.access_conduct_record(request.user, record_id)
    return services.answer_conduct_record(record, text=payload.text, actor=request.user)


@router.post(
    "/conduct/{int:record_id}/decision",
    response=ConductOut,
    summary="负责人审批吊销执法证件（严重违反执法禁令）",
)
def decide_conduct(request, record_id: int, payload: RevocationDecisionIn):
    record = selectors.access_conduct_record(request.user, record_id)
    return services.decide_revocation(
        record, approve=payload.approve, reason=payload.reason, actor=request.user
    )


@router.get("/training-plans", response=list[TrainingPlanOut], summary="年度培训计划及参训情况")
def list_plans(request, year: int | None = None):
    qs = selectors.visible_plans(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs[:100])


@router.post("/training-plans", response={201: TrainingPlanOut}, summary="制定本机构年度培训计划")
def add_plan(request, payload: TrainingPlanIn):
    plan = services.create_training_plan(
        request.user.agency, year=payload.year, title=payload.title, actor=request.user
    )
    return Status(201, plan)


@router.post(
    "/training-plans/{int:plan_id}/courses",
    response={201: TrainingCourseOut},
    summary="在年度培训计划中列入课程",
)
def add_course(request, plan_id: int, payload: TrainingCourseIn):
    plan = selectors.access_plan(request.user, plan_id)
    course = services.add_training_course(
        plan.agency,
        title=payload.title,
        kind=payload.kind,
        provider=payload.provider,
        hours=payload.hours,
        planned_on=payload.planned_on,
        plan=plan,
        actor=request.user,
    )
    return Status(201, course)
