"""First-violation look-up (journaled) and overrides approved by the head."""

from datetime import date

from django.utils import timezone
from ninja import Router, Schema, Status

from zhifa.cases import selectors as case_selectors
from zhifa.core.errors import NotFound

from . import services
from .models import FirstViolationOverride

router = Router(tags=["first-violation"])


class EarlierOut(Schema):
    violation_date: date
    provision: str
    agency: str


class OverrideOut(Schema):
    id: int
    first_violation: bool
    reason: str
    status: str
    requested_on: date
    decided_on: date | None


class FirstViolationOut(Schema):
    checked: bool
    first_violation: bool | None  # derived from the history
    effective: bool | None  # what the decision uses: an approved override, else the derived
    count: int
    earlier: list[EarlierOut]
    window_from: date | None
    window_to: date | None
    by: list[str]
    message: str
    override: OverrideOut | None
    pending_override: OverrideOut | None


class OverrideIn(Schema):
    first_violation: bool
    reason: str
    as_of: date | None = None


class DecideIn(Schema):
    approve: bool
    note: str = ""
    as_of: date | None = None


def _out(result):
    return {
        "checked": result.checked,
        "first_violation": result.first_violation,
        "effective": result.effective,
        "count": result.count,
        "earlier": result.earlier,
        "window_from": result.window_from,
        "window_to": result.window_to,
        "by": list(result.by),
        "message": result.message,
        "override": result.override,
        "pending_override": result.pending_override,
    }


@router.get(
    "/cases/{int:case_id}",
    response=FirstViolationOut,
    summary="查询当事人以往同类违法记录（首违认定，全平台，记入全过程记录）",
)
def lookup(request, case_id: int, as_of: date | None = None):
    case = case_selectors.access_case(request.user, case_id)
    return _out(services.lookup(case, actor=request.user, as_of=as_of or timezone.localdate()))


@router.post(
    "/cases/{int:case_id}/overrides",
    response={201: OverrideOut},
    summary="申请变更首违认定（须写明理由，经负责人批准生效）",
)
def request_override(request, case_id: int, payload: OverrideIn):
    case = case_selectors.access_case(request.user, case_id)
    override = services.request_override(
        case,
        actor=request.user,
        first_violation=payload.first_violation,
        reason=payload.reason,
        as_of=payload.as_of or timezone.localdate(),
    )
    return Status(201, override)


@router.post(
    "/overrides/{int:override_id}/decision",
    response=OverrideOut,
    summary="负责人审批首违认定变更",
)
def decide_override(request, override_id: int, payload: DecideIn):
    override = FirstViolationOverride.objects.filter(pk=override_id).first()
    if override is None:
        raise NotFound("申请不存在或无权查看。")
    case_selectors.access_case(request.user, override.case_id)  # out of scope looks missing
    return services.decide_override(
        override,
        actor=request.user,
        approve=payload.approve,
        note=payload.note,
        as_of=payload.as_of or timezone.localdate(),
    )
