"""Helpers every case service shares: dates, texts, the case lock, roles, idempotency keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.procedure import (
    Outcome,
    Role,
)
from zhifa.records import journal

from .. import selectors
from ..errors import (
    DateInFuture,
    IdempotencyKeyReused,
    InvalidCaseInput,
    NotAllowed,
)
from ..models import (
    Case,
    Document,
    IdempotencyKey,
    StepRecord,
)

SIGNATURES: dict[str, tuple[str, ...]] = {
    "filing_register": ("officers", "agency_head"),
    "not_filed_approval": ("officers", "agency_head"),
    "interview_record": ("officers", "interviewee"),
    "examination_record": ("officers", "party_or_witness"),
    "onsite_record": ("officers", "party_or_witness"),
    "sampling_voucher": ("officers", "party"),
    "onspot_decision": ("officers", "party"),
    "violation_notice": ("agency_seal",),
    "hearing_notice": ("agency_seal",),
    "hearing_record": ("hearing_chair", "recorder", "party"),
    "investigation_report": ("officers",),
    "legal_review_opinion": ("legal_reviewer",),
    "deliberation_record": ("attendees",),
    "penalty_decision": ("agency_seal",),
    "no_penalty_decision": ("agency_seal",),
    "correction_order": ("agency_seal",),
    "payment_plan_notice": ("agency_seal",),
    "demand": ("agency_seal",),
    "execution_decision": ("agency_seal",),
    "execution_notice": ("agency_seal",),
    "service_receipt": ("server", "recipient"),
    "court_enforcement_application": ("agency_head", "agency_seal"),
    "crime_transfer_letter": ("principal_head", "agency_seal"),
    "case_transfer_letter": ("agency_seal",),
    "closing_report": ("officers", "agency_head"),
    "recusal_decision": ("agency_head",),
}
PARTY_KIND_FOR_ENGINE = {"person": "natural_person", "organisation": "legal_person"}
MAX_TEXT = 4000


@dataclass(frozen=True)
class StepResult:
    """What a step did: the case after it, its record, the core outcome, the documents made."""

    case: Case
    step: StepRecord
    outcome: Outcome | None
    documents: tuple[Document, ...]
    warnings: tuple[dict, ...]
    replayed: bool = False


# --- small helpers ---------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _check_date(value, what: str = "办理日期") -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidCaseInput(
            f"{what}格式有误", code="invalid_date", details={"value": str(value)}
        )
    if value > _today():
        raise DateInFuture(
            f"{what}{value.isoformat()}晚于今天，不能预先登记", details={"as_of": value.isoformat()}
        )
    return value


def _text(value, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise InvalidCaseInput(f"{what}应为文字", details={"field": what})
    if required and not text:
        raise InvalidCaseInput(f"请填写{what}", code="field_required", details={"field": what})
    if len(text) > limit:
        raise InvalidCaseInput(f"{what}过长（最多{limit}字）", details={"field": what})
    return text


def _lock(case: Case | int, *, presence: bool = False) -> Case:
    """The case row locked till commit; `presence`: with what its step's snapshot may skip
    (`selectors.with_presence`)."""
    pk = case.pk if isinstance(case, Case) else case
    qs = Case.objects.select_for_update(of=("self",)).filter(pk=pk)
    related = ["agency", "party", "provision"]
    if presence:
        qs = selectors.with_presence(qs)
        # the officers' act context and the province's parameters walk up the agency tree
        related += ["agency__region", "agency__parent__region", "agency__parent__parent"]
    locked = qs.select_related(*related).first()
    if locked is None:
        raise NotFound("案件不存在或无权查看。", code="case_not_found")
    return locked


def _actor_name(actor) -> str:
    if actor is None:
        return "系统"
    return actor.full_name or actor.get_username()


def _journal(event: str, *, actor, case: Case, payload: dict) -> None:
    journal.append(event, actor=actor, subject=case, agency=case.agency, payload=payload)


def _require_head(actor, case: Case, what: str) -> None:
    """Approvals that are not transitions (recusal, deviation, …) come from the case's agency head."""
    if actor is None or not (
        getattr(actor, "is_authenticated", False)
        and actor.is_agency_head
        and actor.agency_id == case.agency_id
    ):
        raise NotAllowed(
            f"{what}须由本案办案机构的执法部门负责人决定",
            code="procedure_role_not_allowed",
            details={"allowed_roles": [Role.AGENCY_HEAD.value]},
        )


def _require_officer_or_head(actor, case: Case, as_of: date, what: str) -> frozenset[str]:
    roles = selectors.roles_for(actor, case, as_of)
    if not roles & {Role.OFFICER.value, Role.AGENCY_HEAD.value, Role.SYSTEM.value}:
        raise NotAllowed(
            f"{what}须由本案执法人员或执法部门负责人办理",
            code="procedure_role_not_allowed",
            details={"allowed_roles": [Role.OFFICER.value, Role.AGENCY_HEAD.value]},
        )
    return roles


def _require_in_scope(actor, agency) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed("请先登录", code="permission_denied")
    path = getattr(actor.agency, "path", None) if actor.agency_id else None
    if path is None or not agency.path.startswith(path):
        raise NotFound("机构不存在或无权查看。")


# --- idempotency ---------------------------------------------------------------------------------


def _check_key(key: str | None) -> str | None:
    if key is None or key == "":
        return None
    if not isinstance(key, str) or len(key) > 64 or not key.isprintable():
        raise InvalidCaseInput("幂等键应为不超过64个字符的文本", code="idempotency_key_invalid")
    return key


def _replayed(actor, key: str | None, operation: str, case: Case | None) -> IdempotencyKey | None:
    """The earlier submission with this key, or None. A key reused for another operation or
    another case is refused."""
    if key is None:
        return None
    row = (
        IdempotencyKey.objects.filter(actor=actor if actor is not None else None, key=key)
        .select_related("step", "case")
        .first()
    )
    if row is None:
        return None
    if row.operation != operation or (case is not None and row.case_id != case.pk):
        raise IdempotencyKeyReused(
            "该幂等键已用于另一项操作，请使用新的幂等键",
            details={"operation": row.operation, "case_id": row.case_id},
        )
    return row


def _remember(actor, key: str | None, operation: str, case: Case, step=None) -> None:
    if key is None:
        return
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(
                actor=actor, key=key, operation=operation, case=case, step=step
            )
    except IntegrityError as exc:  # the same key submitted twice at once: the other one won
        raise IdempotencyKeyReused("该请求正在处理或已处理，请勿重复提交") from exc
