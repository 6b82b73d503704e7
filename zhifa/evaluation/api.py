"""评议考核 and 案卷评查 over JSON: scoped selector → service → result (thin adapters)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from zhifa.accounts.models import User
from zhifa.api_types import Limit, Offset
from zhifa.orgs.selectors import access_agency

from . import selectors, services
from .errors import InvalidEvaluation

router = Router(tags=["evaluation"])

Points = Decimal


class EvalSchemeItemIn(Schema):
    code: str = Field("", max_length=32)
    label: str = Field(..., max_length=200)
    kind: str = Field(..., description="standard / automatic / bonus")
    weight: Points
    feed: str = Field("", description="自动计分指标（feeds.FEEDS 的键）", max_length=48)
    full_at: Decimal | None = None
    zero_at: Decimal | None = None


class EvalSchemeIn(Schema):
    name: str = Field(..., max_length=128)
    year: int = Field(..., ge=2000, le=2100)
    items: list[EvalSchemeItemIn] = Field(..., max_length=100)
    excellent_min: Points = Decimal(90)
    meets_min: Points = Decimal(60)
    bonus_cap: Points = Decimal(5)
    self_correction_relief: Decimal = Decimal("0.5")


class EvalSchemeItemOut(Schema):
    code: str
    label: str
    kind: str
    weight: Points
    feed: str
    full_at: Decimal | None
    zero_at: Decimal | None


class EvalSchemeOut(Schema):
    id: int
    owner_id: int
    name: str
    year: int
    excellent_min: Points
    meets_min: Points
    bonus_cap: Points
    items: list[EvalSchemeItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class EvalRoundIn(Schema):
    scheme_id: int
    kind: str = Field(..., description="daily / annual")
    target: str = Field(..., description="unit / officer")
    title: str = Field(..., max_length=128)
    period_start: date
    period_end: date


class EvalResultOut(Schema):
    id: int
    round_id: int
    agency_id: int
    officer_id: int | None
    subject_name: str
    state: str
    total: Points | None
    band: str
    triggers: list[str]
    figures: dict
    lines: list[dict]
    appeal_due: date | None = None

    @staticmethod
    def resolve_appeal_due(obj):
        return services.appeal_due(obj)


class EvalRoundOut(Schema):
    id: int
    scheme_id: int
    organiser_id: int
    kind: str
    target: str
    title: str
    period_start: date
    period_end: date
    state: str
    reported_at: datetime | None


class EvalRoundDetailOut(EvalRoundOut):
    evaluations: list[EvalResultOut]


class EvalMarksIn(Schema):
    marks: dict[str, dict] = Field(
        default_factory=dict, description="项目编号 → {deduction, note, self_corrected}"
    )
    bonus: dict[str, Decimal] = Field(default_factory=dict)
    triggers: list[str] = Field(default_factory=list, description="T3 第十五条情形编号")


class EvalAppealIn(Schema):
    reason: str = Field(..., max_length=2000)


class EvalAppealDecisionIn(EvalMarksIn):
    decision: str = Field(..., description="upheld / changed")
    note: str = Field(..., max_length=2000)


class EvalRecheckIn(Schema):
    note: str = Field(..., max_length=2000)
    change: bool = False
    marks: dict[str, dict] = Field(default_factory=dict)
    bonus: dict[str, Decimal] = Field(default_factory=dict)
    triggers: list[str] = Field(default_factory=list)


class CaseReviewIn(Schema):
    scope_id: int
    reviewer_id: int
    title: str = Field(..., max_length=128)
    period_start: date
    period_end: date
    size: int = Field(..., ge=1, le=services.MAX_SAMPLE)
    seed: str = Field("", max_length=64)


class ReviewedCaseFileOut(Schema):
    id: int
    review_id: int
    case_id: int
    agency_id: int
    provision_id: int | None
    state: str
    score: Points | None
    findings: list[dict]
    correction: str


class CaseReviewOut(Schema):
    id: int
    organiser_id: int
    scope_id: int
    title: str
    period_start: date
    period_end: date
    seed: str
    size: int
    population: int
    reviewer_id: int


class CaseReviewDetailOut(CaseReviewOut):
    cases: list[ReviewedCaseFileOut]


class CaseReviewFindingIn(Schema):
    code: str = Field(..., max_length=32)
    deduction: Decimal = Decimal(0)
    note: str = Field("", max_length=500)


class CaseReviewScoreIn(Schema):
    findings: list[CaseReviewFindingIn] = Field(default_factory=list, max_length=50)


class CaseReviewCorrectionIn(Schema):
    correction: str = Field(..., max_length=2000)


# --- schemes and rounds --------------------------------------------------------------------------


@router.get("/schemes", response=list[EvalSchemeOut], summary="考核方案")
def list_schemes(request, offset: Offset = 0, limit: Limit = 100):
    return list(selectors.visible_schemes(request.user)[offset : offset + limit])


@router.post("/schemes", response={201: EvalSchemeOut}, summary="制定考核方案（省级）")
def post_scheme(request, payload: EvalSchemeIn):
    data = payload.dict()
    scheme = services.save_scheme(actor=request.user, **data)
    return Status(201, scheme)


@router.get("/rounds", response=list[EvalRoundOut], summary="评议考核")
def list_rounds(request, offset: Offset = 0, limit: Limit = 100):
    return list(selectors.visible_rounds(request.user)[offset : offset + limit])


@router.post("/rounds", response={201: EvalRoundDetailOut}, summary="组织评议考核")
def post_round(request, payload: EvalRoundIn):
    scheme = selectors.access_scheme(request.user, payload.scheme_id)
    data = payload.dict()
    data.pop("scheme_id")
    rnd = services.open_round(actor=request.user, scheme=scheme, **data)
    return Status(201, _round(request.user, rnd))


def _round(user, rnd):
    rnd.evaluations_list = list(selectors.round_evaluations(user, rnd))
    return EvalRoundDetailOut.from_orm(rnd).dict() | {
        "evaluations": [EvalResultOut.from_orm(e).dict() for e in rnd.evaluations_list]
    }


@router.get("/rounds/{round_id}", response=EvalRoundDetailOut, summary="评议考核及结果")
def get_round(request, round_id: int):
    return _round(request.user, selectors.access_round(request.user, round_id))


@router.post("/rounds/{round_id}/report", response=EvalRoundOut, summary="结果报送上级")
def report_round(request, round_id: int):
    rnd = selectors.access_round(request.user, round_id)
    return services.report_round(rnd, actor=request.user)


@router.get("/results/{evaluation_id}", response=EvalResultOut, summary="考核结果")
def get_result(request, evaluation_id: int):
    return selectors.access_evaluation(request.user, evaluation_id)


@router.post("/results/{evaluation_id}/score", response=EvalResultOut, summary="评分")
def score_result(request, evaluation_id: int, payload: EvalMarksIn):
    e = selectors.access_evaluation(request.user, evaluation_id)
    return services.score_evaluation(
        e, actor=request.user, marks=payload.marks, bonus=payload.bonus, triggers=payload.triggers
    )


@router.post("/results/{evaluation_id}/appeal", response=EvalResultOut, summary="申诉（十五日内）")
def appeal_result(request, evaluation_id: int, payload: EvalAppealIn):
    e = selectors.access_evaluation(request.user, evaluation_id)
    return services.appeal(e, actor=request.user, reason=payload.reason)


@router.post(
    "/results/{evaluation_id}/appeal-decision", response=EvalResultOut, summary="申诉复核决定"
)
def decide_appeal(request, evaluation_id: int, payload: EvalAppealDecisionIn):
    e = selectors.access_evaluation(request.user, evaluation_id)
    changed = payload.decision == "changed"
    return services.decide_appeal(
        e,
        actor=request.user,
        decision=payload.decision,
        note=payload.note,
        marks=payload.marks if changed else None,
        bonus=payload.bonus if changed else None,
        triggers=payload.triggers if changed else None,
    )


@router.post("/results/{evaluation_id}/recheck", response=EvalResultOut, summary="上级复查")
def recheck_result(request, evaluation_id: int, payload: EvalRecheckIn):
    e = selectors.access_evaluation(request.user, evaluation_id)
    change = payload.change
    return services.recheck(
        e,
        actor=request.user,
        note=payload.note,
        marks=payload.marks if change else None,
        bonus=payload.bonus if change else None,
        triggers=payload.triggers if change else None,
    )


# --- case-file review ----------------------------------------------------------------------------


@router.get("/reviews", response=list[CaseReviewOut], summary="案卷评查")
def list_reviews(request, offset: Offset = 0, limit: Limit = 100):
    return list(selectors.visible_reviews(request.user)[offset : offset + limit])


def _review(user, review):
    return CaseReviewOut.from_orm(review).dict() | {
        "cases": [
            ReviewedCaseFileOut.from_orm(r).dict()
            for r in selectors.visible_reviewed_cases(user).filter(review=review)
        ]
    }


@router.post("/reviews", response={201: CaseReviewDetailOut}, summary="组织案卷评查并抽取案卷")
def post_review(request, payload: CaseReviewIn):
    user = request.user
    scope = access_agency(user, payload.scope_id)
    reviewer = User.objects.filter(pk=payload.reviewer_id, is_active=True).first()
    if reviewer is None:
        raise InvalidEvaluation("评查人员不存在。")
    review = services.open_review(
        actor=user,
        scope=scope,
        reviewer=reviewer,
        title=payload.title,
        period_start=payload.period_start,
        period_end=payload.period_end,
        size=payload.size,
        seed=payload.seed,
    )
    return Status(201, _review(user, review))


@router.get("/reviews/{review_id}", response=CaseReviewDetailOut, summary="案卷评查及抽取的案卷")
def get_review(request, review_id: int):
    return _review(request.user, selectors.access_review(request.user, review_id))


@router.post("/reviews/cases/{reviewed_id}/score", response=ReviewedCaseFileOut, summary="案卷评分")
def score_case_file(request, reviewed_id: int, payload: CaseReviewScoreIn):
    r = selectors.access_reviewed_case(request.user, reviewed_id)
    findings = [f.dict() for f in payload.findings]
    return services.score_case_file(r, actor=request.user, findings=findings)


@router.post(
    "/reviews/cases/{reviewed_id}/correction", response=ReviewedCaseFileOut, summary="登记整改情况"
)
def correct_case_file(request, reviewed_id: int, payload: CaseReviewCorrectionIn):
    r = selectors.access_reviewed_case(request.user, reviewed_id)
    return services.record_correction(r, actor=request.user, correction=payload.correction)
