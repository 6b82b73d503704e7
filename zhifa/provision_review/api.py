"""处罚规定清理评估 over JSON: figures per provision, reviews, what-if replays (started from an edited
copy of a benchmark in force; the Excel upload is on the page), their progress and changed cases,
cancel / resume, the conclusion. Thin adapter over selectors and services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from . import selectors, services

router = Router(tags=["provision-review"])


class ReviewFlagOut(Schema):
    code: str
    ground: str = Field(..., description="交法发〔2021〕53号 第（十）项所列情形")
    reason: str


class ProvisionFiguresOut(Schema):
    provision_id: str = Field(..., description="处罚条款编号")
    citation: str
    decided: int = Field(..., description="决定件数")
    no_penalty: int = Field(..., description="不予处罚件数")
    fined: int
    mean_fine: Decimal | None = Field(None, description="平均罚款（元，罚款决定）")
    at_maximum: int
    below_minimum: int
    statutory_low: Decimal | None
    statutory_high: Decimal | None
    benchmark_low: Decimal | None
    benchmark_high: Decimal | None
    remedies: int | None = Field(None, description="申请复议或提起诉讼的决定件数")
    remedy_concluded: int | None = Field(None, description="复议或诉讼已有结果的决定件数")
    remedy_reversed: int | None = Field(
        None, description="其中原决定被变更、撤销、确认违法或无效、责令履行的件数（纠错）"
    )
    complaints: int | None = Field(None, description="关联了投诉举报工单的决定件数")
    flags: list[ReviewFlagOut]


def _figures(row) -> dict:
    p = row.provision
    data = selectors.figures_json(row)
    return {"provision_id": p.data_id, "citation": f"《{p.law.name}》{p.article}", **data}


@router.get(
    "/provisions", response=list[ProvisionFiguresOut], summary="本范围内各处罚条款的适用情况与提示"
)
def provision_figures(request, since: date | None = None, until: date | None = None):
    return [_figures(r) for r in selectors.provision_rows(request.user, since=since, until=until)]


class ReviewIn(Schema):
    provision_id: str = Field(..., max_length=64, description="处罚条款编号")


class ReviewOut(Schema):
    id: int
    provision_id: str
    agency_id: int
    opened_at: datetime
    figures: dict
    conclusion: str = Field(..., description="keep / amend / repeal；空为尚未作出")
    reasons: str
    concluded_at: datetime | None


def _review(r) -> dict:
    return {
        "id": r.pk,
        "provision_id": r.provision.data_id,
        "agency_id": r.agency_id,
        "opened_at": r.opened_at,
        "figures": r.figures,
        "conclusion": r.conclusion,
        "reasons": r.reasons,
        "concluded_at": r.concluded_at,
    }


@router.get(
    "/reviews", response=list[ReviewOut], summary="本范围内的清理评估（部级可见各省的结论）"
)
def list_reviews(request):
    selectors.require_reader(request.user)
    return [_review(r) for r in selectors.visible_reviews(request.user)[:500]]


@router.post("/reviews", response={201: ReviewOut}, summary="发起处罚规定清理评估")
def open_review(request, payload: ReviewIn):
    review = services.open_review(actor=request.user, provision_data_id=payload.provision_id)
    return Status(201, _review(review))


@router.get("/reviews/{review_id}", response=ReviewOut, summary="一项清理评估")
def get_review(request, review_id: int):
    return _review(selectors.access_review(request.user, review_id))


class ConclusionIn(Schema):
    conclusion: str = Field(..., description="keep / amend / repeal")
    reasons: str = Field(..., max_length=4000)


@router.post("/reviews/{review_id}/conclusion", response=ReviewOut, summary="作出评估结论")
def conclude(request, review_id: int, payload: ConclusionIn):
    review = selectors.access_review(request.user, review_id)
    review = services.conclude_review(
        actor=request.user, review=review, conclusion=payload.conclusion, reasons=payload.reasons
    )
    return _review(review)


class LevelEditIn(Schema):
    index: int = Field(..., ge=0, description="阶次序号（从0起，按现行基准的顺序）")
    fine_min: Decimal | None = Field(None, ge=0)
    fine_max: Decimal | None = Field(None, ge=0)


class ReplayIn(Schema):
    base_id: int = Field(..., description="被修改的现行裁量基准")
    levels: list[LevelEditIn]
    note: str = Field("", max_length=300)


class ReplayOut(Schema):
    id: int
    review_id: int
    base_id: int | None
    source: str
    status: str = Field(..., description="queued / running / cancelled / failed / done")
    total: int
    done: int
    percent: int
    tally: dict = Field(
        ..., description="replayed, changed, heavier, lighter, failed, sums, levels"
    )
    error: str
    finished_at: datetime | None


def _replay(r) -> dict:
    return {
        "id": r.pk,
        "review_id": r.review_id,
        "base_id": r.base_id,
        "source": r.source,
        "status": r.status,
        "total": r.total,
        "done": r.done,
        "percent": r.percent,
        "tally": r.tally,
        "error": r.error,
        "finished_at": r.finished_at,
    }


@router.post(
    "/reviews/{review_id}/replays",
    response={202: ReplayOut},
    summary="推演拟议基准（修改现行基准）",
)
def start_replay(request, review_id: int, payload: ReplayIn):
    replay = services.start_form_replay(
        actor=request.user,
        review_id=review_id,
        base_id=payload.base_id,
        levels={lv.index: (lv.fine_min, lv.fine_max) for lv in payload.levels},
        note=payload.note,
    )
    replay.refresh_from_db()
    return Status(202, _replay(replay))


@router.get("/replays/{replay_id}", response=ReplayOut, summary="推演进度与汇总")
def get_replay(request, replay_id: int):
    return _replay(selectors.access_replay(request.user, replay_id))


class ReplayChangeOut(Schema):
    case_id: int
    case_number: str | None
    decided_fine: Decimal | None
    outcome_before: str
    outcome_after: str
    level_before: str
    level_after: str
    amount_before: Decimal | None
    amount_after: Decimal | None


@router.get(
    "/replays/{replay_id}/changes", response=list[ReplayChangeOut], summary="推演改变裁量建议的案件"
)
def replay_changes(request, replay_id: int, offset: int = 0, limit: int = 100):
    replay = selectors.access_replay(request.user, replay_id)
    offset, limit = max(offset, 0), min(max(limit, 1), 1000)
    rows = selectors.replay_changes(request.user, replay)[offset : offset + limit]
    return [
        {
            "case_id": c.case_id,
            "case_number": c.case.case_number,
            "decided_fine": c.decided_fine,
            "outcome_before": c.outcome_before,
            "outcome_after": c.outcome_after,
            "level_before": c.level_before,
            "level_after": c.level_after,
            "amount_before": c.amount_before,
            "amount_after": c.amount_after,
        }
        for c in rows
    ]


@router.post("/replays/{replay_id}/cancel", response=ReplayOut, summary="取消推演")
def cancel_replay(request, replay_id: int):
    return _replay(services.cancel_replay(actor=request.user, replay_id=replay_id))


@router.post("/replays/{replay_id}/resume", response={202: ReplayOut}, summary="继续推演")
def resume_replay(request, replay_id: int):
    replay = services.resume_replay(actor=request.user, replay_id=replay_id)
    replay.refresh_from_db()
    return Status(202, _replay(replay))
