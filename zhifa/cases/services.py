"""Writes of case handling: one function per use case, each in one transaction with its journal entry.

The state of a case changes only in `fire_step`: it locks the case row, builds the core snapshot
(`selectors.case_facts`), computes the actor's roles on this case (`selectors.roles_for`), asks the
procedure core (`zhifa.core.procedure.fire`) and applies the `Outcome` — new state, documents,
deadlines opened and closed, effects — and journals the step, all or nothing. The thin wrappers
below (`file_case`, `decide`, `serve` …) only name a transition and its typed inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.core import identifiers
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.payment import deferral_plan, instalment_plan, money
from zhifa.core.procedure import (
    TABLE,
    GuardRefused,
    IllegalTransition,
    Outcome,
    Penalty,
    PenaltyKind,
    Proposal,
    Refusal,
    Resolution,
    Role,
    State,
    UnknownTransition,
    fire,
)
from zhifa.core.procedure import deadlines as dl
from zhifa.core.procedure.documents import DOCUMENT_KINDS
from zhifa.core.procedure.rules import RECUSAL_GROUNDS, REVIEW_CHECKLIST, SERVICE_METHODS
from zhifa.officers.models import Officer
from zhifa.records import journal

from . import events, numbering, selectors
from .choices import (
    DecisionKind,
    DeliberationState,
    LeadSource,
    LeadState,
    OfficerRole,
    PartyKind,
    PlanKind,
    RecusalRequester,
    RecusalStatus,
    ReviewOutcome,
    ReviewState,
)
from .errors import (
    CaseLocked,
    DateInFuture,
    IdempotencyKeyReused,
    InvalidCaseInput,
    NotAllowed,
    StepAlreadyDone,
)
from .models import (
    Case,
    CaseOfficer,
    Decision,
    Deliberation,
    DeviationApproval,
    Document,
    Hearing,
    IdempotencyKey,
    Lead,
    LegalReview,
    Notice,
    Party,
    Payment,
    PaymentPlan,
    Recusal,
    RemedyPeriod,
    Service,
    StepRecord,
    penalty_to_json,
)

# Who must sign each document (legal.md §D.3; TEPP Arts. 18, 61, 77, 97); others: the officers.
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
# The document a service receipt (送达回证) in the same step proves service of.
SERVED_DOCUMENT = {
    "serve_rights_notice": "violation_notice",
    "schedule_hearing": "hearing_notice",
    "reschedule_hearing": "hearing_notice",
    "resume_hearing": "hearing_notice",
    "issue_demand": "demand",
    "decide_execution": "execution_decision",
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


def _lock(case: Case | int) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    locked = (
        Case.objects.select_for_update(of=("self",))
        .filter(pk=pk)
        .select_related("agency", "party", "provision")
        .first()
    )
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


# --- parties and leads ----------------------------------------------------------------------------


def _validated_party_fields(kind: str, id_number: str, plate: str, as_of: date) -> dict:
    if kind not in PartyKind.values:
        raise InvalidCaseInput("当事人类别应为公民或者法人、其他组织", code="party_kind_invalid")
    if kind == PartyKind.PERSON:
        number = identifiers.validate_resident_id(id_number or "", as_of=as_of).require()
    else:
        number = identifiers.validate_uscc(id_number or "").require()
    out = {"id_number": number, "plate": ""}
    if plate:
        out["plate"] = identifiers.validate_plate(plate).require()
    return out


def create_party(
    *,
    actor,
    kind: str,
    name: str,
    id_number: str,
    address: str = "",
    plate: str = "",
    phone: str = "",
    e_service_address: str = "",
    e_service_confirmed: bool = False,
    as_of: date | None = None,
    agency=None,
) -> Party:
    """Register a party; the ID number (resident ID, or unified social credit code with its inner
    organisation-code check) and the plate are validated (zhifa.core.identifiers)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed("请先登录", code="permission_denied")
    agency = agency or actor.agency
    _require_in_scope(actor, agency)
    as_of = as_of or _today()
    fields = _validated_party_fields(kind, id_number, plate, as_of)
    name = _text(name, "当事人姓名或名称", required=True, limit=200)
    e_address = _text(e_service_address, "电子送达地址", limit=200)
    if e_service_confirmed and not e_address:
        raise InvalidCaseInput(
            "确认电子送达须填写电子送达地址（送达地址确认书，TEPP Art. 18(3)）",
            code="e_service_address_missing",
        )
    with transaction.atomic():
        party = Party.objects.create(
            kind=kind,
            name=name,
            address=_text(address, "地址", limit=300),
            phone=_text(phone, "联系电话", limit=32),
            e_service_address=e_address,
            e_service_confirmed=bool(e_service_confirmed),
            agency=agency,
            **fields,
        )
        journal.append(
            events.PARTY_CREATED,
            actor=actor,
            subject=party,
            agency=agency,
            payload={"kind": kind, "id_number": identifiers.mask_id_number(fields["id_number"])},
        )
    return party


def _provision(value):
    if value is None or value == "":
        return None
    from zhifa.law.models import PenaltyProvision

    if isinstance(value, PenaltyProvision):
        return value
    found = PenaltyProvision.objects.filter(data_id=str(value)).first()
    if found is None:
        raise InvalidCaseInput(
            f"未找到处罚条款“{value}”", code="provision_not_found", details={"provision": value}
        )
    return found


def create_lead(
    *,
    actor,
    agency,
    source: str,
    facts: str,
    received_on: date,
    party: Party | dict | None = None,
    violation_date: date | None = None,
    provision=None,
    officers: Iterable = (),
    limitation_years: int = 2,
    triggers: dict | None = None,
    idempotency_key: str | None = None,
) -> Case:
    """Record a lead (线索) and the case that will carry it, in state `lead` (TEPP Art. 62).

    `party` may be a dict of `create_party` arguments; `officers` (Officer rows or ids) are
    assigned at once, the first as lead officer."""
    key = _check_key(idempotency_key)
    _require_in_scope(actor, agency)
    if not (actor.is_officer or actor.is_agency_head) or actor.agency_id != agency.pk:
        raise NotAllowed(
            "线索由本机构执法人员或执法部门负责人登记", code="procedure_role_not_allowed"
        )
    if source not in LeadSource.values:
        raise InvalidCaseInput("线索来源应为检查、举报、移送或交办", code="lead_source_invalid")
    received_on = _check_date(received_on, "受理日期")
    if violation_date is not None:
        _check_date(violation_date, "违法行为日期")
        if violation_date > received_on:
            raise InvalidCaseInput("违法行为日期不能晚于线索受理日期", code="violation_after_lead")
    if limitation_years not in (2, 5):
        raise InvalidCaseInput("追责时效应为2年或5年（APL Art. 36）", code="limitation_years")
    text = _text(facts, "线索内容", required=True)
    with transaction.atomic():
        row = _replayed(actor, key, "create_lead", None)
        if row is not None:
            return row.case
        if isinstance(party, dict):
            party = create_party(actor=actor, agency=agency, as_of=received_on, **party)
        case = Case.objects.create(
            agency=agency,
            party=party,
            state=State.LEAD.value,
            provision=_provision(provision),
            violation_date=violation_date,
            limitation_years=limitation_years,
            lead_received_on=received_on,
            triggers=_clean_triggers(triggers or {}),
            created_by=actor,
        )
        Lead.objects.create(
            case=case,
            agency=agency,
            source=source,
            facts=text,
            received_on=received_on,
            created_by=actor,
        )
        _journal(
            events.LEAD_CREATED,
            actor=actor,
            case=case,
            payload={
                "source": source,
                "received_on": received_on.isoformat(),
                "party_id": party.pk if party else None,
                "provision": case.provision.data_id if case.provision else None,
            },
        )
        officers = list(officers)
        if officers:
            _assign(case, actor=actor, officers=officers, lead_officer=None, as_of=received_on)
        _remember(actor, key, "create_lead", case)
    return case


def _clean_triggers(flags: dict) -> dict:
    if not isinstance(flags, dict):
        raise InvalidCaseInput("案件情节标记应为对象", code="triggers_invalid")
    unknown = sorted(set(flags) - selectors.TRIGGER_FIELDS)
    if unknown:
        raise InvalidCaseInput(
            f"未知的案件情节标记：{'、'.join(unknown)}",
            code="triggers_unknown",
            details={"unknown": unknown},
        )
    return {k: bool(v) for k, v in flags.items()}


DETAIL_STATES = frozenset(
    {
        State.LEAD,
        State.FILED,
        State.INVESTIGATION,
        State.REPORT_SUBMITTED,
        State.REPORT_APPROVED,
    }
)
_UNSET: Any = object()


def update_case_details(
    case: Case,
    *,
    actor,
    as_of: date | None = None,
    provision=_UNSET,
    violation_date=_UNSET,
    limitation_years=_UNSET,
    facts=_UNSET,
    triggers=_UNSET,
    party=_UNSET,
    has_execution_power=_UNSET,
    surcharge_rate_notified=_UNSET,
) -> Case:
    """Officers record what the investigation found: the provision, the violation date, the
    discretion facts and the case flags (`CaseTriggers`). Provision, party and violation date
    only before the notice of violation; flags until the decision."""
    as_of = _check_date(as_of or _today())
    with transaction.atomic():
        case = _lock(case)
        _require_officer_or_head(actor, case, as_of, "更新案件信息")
        changed: dict[str, Any] = {}
        early = State(case.state) in DETAIL_STATES
        decided = Decision.objects.filter(case=case).exists()
        if provision is not _UNSET:
            if not early:
                raise CaseLocked("告知当事人后不能更改处罚依据；如需更改须重新告知")
            case.provision = _provision(provision)
            changed["provision"] = case.provision.data_id if case.provision else None
        if violation_date is not _UNSET:
            if not early:
                raise CaseLocked("告知当事人后不能更改违法行为日期")
            if violation_date is not None:
                _check_date(violation_date, "违法行为日期")
                if violation_date > case.lead_received_on:
                    raise InvalidCaseInput(
                        "违法行为日期不能晚于线索受理日期", code="violation_after_lead"
                    )
            case.violation_date = violation_date
            changed["violation_date"] = violation_date.isoformat() if violation_date else None
        if limitation_years is not _UNSET:
            if limitation_years not in (2, 5):
                raise InvalidCaseInput(
                    "追责时效应为2年或5年（APL Art. 36）", code="limitation_years"
                )
            case.limitation_years = limitation_years
            changed["limitation_years"] = limitation_years
        if party is not _UNSET:
            if not early:
                raise CaseLocked("告知当事人后不能更换当事人")
            if isinstance(party, dict):
                party = create_party(actor=actor, agency=case.agency, as_of=as_of, **party)
            case.party = party
            changed["party_id"] = party.pk if party else None
        if facts is not _UNSET:
            if decided:
                raise CaseLocked("已作出决定，不能更改裁量事实")
            if not isinstance(facts, dict):
                raise InvalidCaseInput("裁量事实应为对象（事实名称→值）", code="facts_invalid")
            case.facts = facts
            changed["facts"] = facts
        if triggers is not _UNSET:
            if decided:
                raise CaseLocked("已作出决定，不能更改案件情节标记")
            case.triggers = {**case.triggers, **_clean_triggers(triggers)}
            changed["triggers"] = case.triggers
        if has_execution_power is not _UNSET:
            case.has_execution_power = bool(has_execution_power)
            changed["has_execution_power"] = case.has_execution_power
        if surcharge_rate_notified is not _UNSET:
            case.surcharge_rate_notified = bool(surcharge_rate_notified)
            changed["surcharge_rate_notified"] = case.surcharge_rate_notified
        if not changed:
            return case
        if State(case.state) not in {State.LEAD, State.FILED, State.INVESTIGATION} and (
            "facts" in changed or "triggers" in changed
        ):
            notice = selectors.current_notice(case)
            if notice is not None:
                notice.new_facts_since = True
                notice.save(update_fields=["new_facts_since"])
        case.save()
        _journal(events.DETAILS_UPDATED, actor=actor, case=case, payload=changed)
    return case


# --- officers and recusal ---------------------------------------------------------------------------


def _officer(value) -> Officer:
    if isinstance(value, Officer):
        return value
    officer = Officer.objects.select_related("user").filter(pk=value).first()
    if officer is None:
        raise InvalidCaseInput(
            "执法人员不存在", code="officer_not_found", details={"officer": value}
        )
    return officer


def _assign(case: Case, *, actor, officers, lead_officer, as_of: date) -> list[CaseOfficer]:
    rows = []
    officers = [_officer(o) for o in officers]
    lead = _officer(lead_officer) if lead_officer is not None else None
    has_lead = case.officers.filter(role=OfficerRole.LEAD).exists()
    for officer in officers:
        if not officer.user.agency.path.startswith(case.agency.path):
            raise InvalidCaseInput(
                f"{officer}不属于本案办案机构，不能指派", code="officer_out_of_agency"
            )
        if case.recusals.filter(officer=officer, status=RecusalStatus.APPROVED).exists():
            raise InvalidCaseInput(f"{officer}已决定回避，不能再指派", code="officer_recused")
        role = OfficerRole.ASSIST
        if (lead is not None and officer.pk == lead.pk) or (lead is None and not has_lead):
            role = OfficerRole.LEAD
            has_lead = True
        row, created = CaseOfficer.objects.get_or_create(
            case=case, officer=officer, defaults={"role": role, "assigned_on": as_of}
        )
        if created:
            rows.append(row)
    if rows:
        _journal(
            events.OFFICERS_ASSIGNED,
            actor=actor,
            case=case,
            payload={
                "as_of": as_of.isoformat(),
                "officers": [
                    {"officer_id": r.officer_id, "name": str(r.officer), "role": r.role}
                    for r in rows
                ],
            },
        )
    return rows


def assign_officers(
    case: Case, *, actor, officers: Iterable, lead_officer=None, as_of: date | None = None
) -> list[CaseOfficer]:
    """Assign officers of the case's agency (or below) to the case; the agency head assigns, or an
    officer already on the case adds a colleague."""
    as_of = _check_date(as_of or _today())
    with transaction.atomic():
        case = _lock(case)
        _require_officer_or_head(actor, case, as_of, "指派承办人员")
        if State(case.state) in {State.CLOSED, State.ARCHIVED, State.NOT_FILED}:
            raise CaseLocked("案件已办结，不能再指派承办人员")
        return _assign(case, actor=actor, officers=officers, lead_officer=lead_officer, as_of=as_of)


def request_recusal(
    case: Case,
    *,
    actor,
    officer,
    requested_by: str,
    ground: str,
    reason: str = "",
    as_of: date | None = None,
) -> Recusal:
    """A party's request (recorded by an officer) or an officer's own declaration (APL Art. 43;
    TEPP Arts. 12–16). The investigation goes on until the agency head decides."""
    as_of = _check_date(as_of or _today())
    with transaction.atomic():
        case = _lock(case)
        officer = _officer(officer)
        if not case.officers.filter(officer=officer).exists():
            raise InvalidCaseInput("该执法人员未承办本案", code="officer_not_on_case")
        if requested_by not in RecusalRequester.values:
            raise InvalidCaseInput("回避应由当事人申请或执法人员自行提出", code="recusal_requester")
        if requested_by == RecusalRequester.OFFICER and (
            actor is None or actor.pk != officer.user_id
        ):
            raise NotAllowed("自行回避须由该执法人员本人提出", code="procedure_role_not_allowed")
        if requested_by == RecusalRequester.PARTY:
            _require_officer_or_head(actor, case, as_of, "登记当事人的回避申请")
        if ground not in RECUSAL_GROUNDS:
            raise InvalidCaseInput(
                "回避事由应为法定情形",
                code="recusal_ground",
                details={"grounds": list(RECUSAL_GROUNDS)},
            )
        if case.recusals.filter(officer=officer, status=RecusalStatus.PENDING).exists():
            raise StepAlreadyDone("该执法人员的回避申请尚待决定", code="recusal_pending")
        recusal = Recusal.objects.create(
            case=case,
            officer=officer,
            requested_by=requested_by,
            ground=ground,
            reason=_text(reason, "理由"),
            requested_on=as_of,
        )
        _journal(
            events.RECUSAL_REQUESTED,
            actor=actor,
            case=case,
            payload={
                "recusal_id": recusal.pk,
                "officer_id": officer.pk,
                "officer": str(officer),
                "requested_by": requested_by,
                "ground": ground,
                "as_of": as_of.isoformat(),
                "article": "APL Art. 43; TEPP Arts. 12–16",
            },
        )
    return recusal


def decide_recusal(
    recusal: Recusal,
    *,
    actor,
    approved: bool,
    as_of: date | None = None,
    earlier_acts_stand: bool = True,
    opinion: str = "",
) -> Recusal:
    """The agency head decides (TEPP Art. 13); a recused officer is blocked from the case and
    no longer counts as one of the two officers (APL Art. 42–43)."""
    as_of = _check_date(as_of or _today())
    with transaction.atomic():
        case = _lock(recusal.case_id)
        recusal = Recusal.objects.select_for_update().get(pk=recusal.pk)
        _require_head(actor, case, "回避")
        if recusal.status != RecusalStatus.PENDING:
            raise StepAlreadyDone("该回避申请已经决定", code="recusal_already_decided")
        if as_of < recusal.requested_on:
            raise InvalidCaseInput("决定日期不能早于申请日期", code="date_before_previous_step")
        recusal.status = RecusalStatus.APPROVED if approved else RecusalStatus.REFUSED
        recusal.decided_by = actor
        recusal.decided_on = as_of
        recusal.earlier_acts_stand = bool(earlier_acts_stand)
        recusal.opinion = _text(opinion, "决定意见")
        recusal.save()
        if approved:
            CaseOfficer.objects.filter(case=case, officer=recusal.officer).update(recused=True)
        document = _document(case, "recusal_decision", as_of, step=None, summary=recusal.opinion)
        _journal(
            events.RECUSAL_DECIDED,
            actor=actor,
            case=case,
            payload={
                "recusal_id": recusal.pk,
                "officer_id": recusal.officer_id,
                "approved": bool(approved),
                "earlier_acts_stand": recusal.earlier_acts_stand,
                "document": document.number,
                "as_of": as_of.isoformat(),
                "article": "APL Art. 43; TEPP Art. 13",
            },
        )
    return recusal


# --- recommendation and deviation ------------------------------------------------------------------


def recommend_penalty(
    case: Case, *, actor, as_of: date | None = None, facts: dict | None = None
) -> dict:
    """The discretion engine's explained recommendation for this case (provision, the province's
    benchmark, the facts), stored on the case with the benchmark version it used."""
    from zhifa.law.discretion import recommend_for, serialize

    as_of = _check_date(as_of or _today())
    with transaction.atomic():
        case = _lock(case)
        _require_officer_or_head(actor, case, as_of, "生成裁量建议")
        if Decision.objects.filter(case=case).exists():
            raise CaseLocked("已作出决定，不能重新生成裁量建议")
        if case.provision is None:
            raise InvalidCaseInput("请先选择处罚依据（处罚条款）", code="provision_missing")
        if case.violation_date is None:
            raise InvalidCaseInput("请先填写违法行为日期", code="violation_date_missing")
        if facts is not None:
            if not isinstance(facts, dict):
                raise InvalidCaseInput("裁量事实应为对象（事实名称→值）", code="facts_invalid")
            case.facts = facts
        rec = recommend_for(
            actor,
            provision_id=case.provision.data_id,
            province=selectors.province_of(case.agency),
            violation_date=case.violation_date,
            decision_date=as_of,
            party_kind=PARTY_KIND_FOR_ENGINE[case.party.kind if case.party else "person"],
            facts=case.facts,
            discovered_on=case.lead_received_on,
            maritime=case.agency.kind == "maritime" or None,
        )
        data = serialize(rec)
        data["as_of"] = as_of.isoformat()
        case.recommendation = data
        case.save(update_fields=["recommendation", "facts", "updated_at"])
        _journal(
            events.RECOMMENDED,
            actor=actor,
            case=case,
            payload={
                "as_of": as_of.isoformat(),
                "outcome": data["outcome"],
                "provision": case.provision.data_id,
                "benchmark": data["benchmark"],
                "level": (data["level"] or {}).get("label"),
                "recommended_range": data["recommended_range"],
                "suggested_amount": data["suggested_amount"],
                "reasons": [(r["code"], r["article"], r["row_id"]) for r in data["reasons"]],
                "facts": case.facts,
            },
        )
    return data


def approve_deviation(
    case: Case, *, actor, amount, reason: str, as_of: date | None = None
) -> DeviationApproval:
    """The head approves a fine outside the recommended range, with its reason (T6 §(十二); APL
    Art. 34); a collective discussion may decide it instead. Never beyond the statute."""
    as_of = _check_date(as_of or _today())
    amount = money(amount, what="罚款数额")
    with transaction.atomic():
        case = _lock(case)
        _require_head(actor, case, "偏离裁量建议")
        reason = _text(reason, "偏离理由", required=True)
        rec = selectors.recommendation_range(case)
        if rec is None:
            raise InvalidCaseInput("本案尚无裁量建议，无需批准偏离", code="recommendation_missing")
        if rec.fine_min <= amount <= rec.fine_max:
            raise InvalidCaseInput("该数额在裁量建议范围内，无需批准", code="deviation_not_needed")
        _low, high = _statutory_range(case)
        if high is not None and amount > high:
            raise GuardRefused(
                "approve_deviation",
                [
                    Refusal(
                        "fine_above_statute",
                        f"罚款{amount}元超过法定最高额{high}元",
                        "APL Arts. 4, 38",
                    )
                ],
            )
        approval = DeviationApproval.objects.create(
            case=case, amount=amount, reason=reason, approved_by=actor, approved_on=as_of
        )
        _journal(
            events.DEVIATION_APPROVED,
            actor=actor,
            case=case,
            payload={
                "amount": str(amount),
                "reason": reason,
                "recommended": [str(rec.fine_min), str(rec.fine_max)],
                "as_of": as_of.isoformat(),
                "article": "T6 §(十二); APL Art. 34",
            },
        )
    return approval


def record_investigation_record(
    case: Case, *, actor, kind: str, summary: str = "", as_of: date | None = None
) -> Document:
    """An interview record, examination or on-site record or sampling voucher made while
    investigating (TEPP Arts. 39–41, 54): a Document, and evidence for the report (TEPP Art. 67)."""
    as_of = _check_date(as_of or _today())
    if kind not in selectors.EVIDENCE_KINDS:
        raise InvalidCaseInput(
            "笔录种类应为询问笔录、勘验笔录、现场笔录或抽样取证凭证", code="record_kind_invalid"
        )
    with transaction.atomic():
        case = _lock(case)
        roles = selectors.roles_for(actor, case, as_of)
        if Role.OFFICER.value not in roles:
            raise NotAllowed(
                "调查笔录须由本案可以执法的执法人员制作", code="procedure_role_not_allowed"
            )
        if State(case.state) not in {State.LEAD, State.FILED, State.INVESTIGATION}:
            raise CaseLocked("只能在立案前后的调查阶段制作调查笔录", code="investigation_closed")
        facts = selectors.case_facts(case, as_of=as_of)
        from zhifa.core.procedure.guards import not_backdated, two_officers

        refused = not_backdated(facts, as_of) + two_officers(facts, as_of)
        if refused:
            raise GuardRefused("record_investigation_record", refused)
        document = _document(case, kind, as_of, step=None, summary=_text(summary, "摘要"))
        if State(case.state) != State.LEAD:
            notice = selectors.current_notice(case)
            if notice is not None:
                notice.new_facts_since = True
                notice.save(update_fields=["new_facts_since"])
        _journal(
            events.EVIDENCE_RECORDED,
            actor=actor,
            case=case,
            payload={"kind": kind, "number": document.number, "as_of": as_of.isoformat()},
        )
    return document


# --- documents and deadlines -------------------------------------------------------------------


def _document(case: Case, kind: str, as_of: date, *, step, summary: str = "") -> Document:
    spec = DOCUMENT_KINDS[kind]
    return Document.objects.create(
        case=case,
        kind=kind,
        name=spec.name,
        form_no=spec.form_no,
        number=numbering.new_document_number(case.agency, as_of.year, kind),
        issued_on=as_of,
        signatures=list(SIGNATURES.get(kind, ("officers",))),
        article=spec.article,
        summary=summary,
        step=step,
    )


def _deadlines_api():
    try:
        from zhifa.deadlines import services as deadlines
    except ImportError:  # pragma: no cover - the deadlines app is always installed with cases
        return None
    return deadlines if hasattr(deadlines, "open_deadline") else None


CLOSE_REASON = {"mark_overdue": "lapsed", "close_case": "case_closed"}


def _close_deadlines(case: Case, codes: Iterable[str], *, actor, transition: str) -> list[str]:
    api = _deadlines_api()
    reason = CLOSE_REASON.get(transition, "met")
    closed = []
    for code in codes:
        targets = list(case.deadlines) if code == dl.ALL else [code]
        for c in targets:
            if c in case.deadlines:
                case.deadlines.pop(c)
                closed.append(c)
        if api is not None:
            if code == dl.ALL:
                api.close_all_deadlines(subject=case, actor=actor, reason=reason)
            else:
                api.close_deadline(subject=case, code=code, actor=actor, reason=reason)
    return closed


def _open_deadlines(case: Case, outcome: Outcome, *, actor) -> list[dict]:
    from zhifa.workcalendar.selectors import deadline_for_rule

    api = _deadlines_api()
    opened = []
    responsible = [
        row.officer.user for row in case.officers.select_related("officer__user") if not row.recused
    ]
    for o in outcome.opens:
        if o.due is not None:
            due, unit, amount, basis, provisional = o.due, None, None, None, False
            start = o.start or outcome.as_of
            entry_due = due
            passed = due
        else:
            start = o.start
            if o.code in (dl.A8_TRANSFER,):  # hour rules run from the time of the act
                start = datetime.combine(
                    o.start, timezone.localtime().time().replace(microsecond=0)
                )
            computed = deadline_for_rule(o.code, start)
            entry_due = computed.due
            unit, amount, basis, provisional = (
                computed.unit,
                computed.amount,
                computed.basis,
                computed.provisional,
            )
            passed = computed
        due_day = entry_due.date() if isinstance(entry_due, datetime) else entry_due
        start_day = start.date() if isinstance(start, datetime) else start
        case.deadlines[o.code] = {
            "due": due_day.isoformat(),
            "start": start_day.isoformat() if start_day else None,
            "unit": unit or "",
            "amount": amount,
            "basis": basis or "",
            "provisional": provisional,
        }
        if api is not None:
            api.close_deadline(subject=case, code=o.code, actor=actor, reason="superseded")
            api.open_deadline(
                subject=case,
                agency=case.agency,
                code=o.code,
                start=start,
                actor=actor,
                due=passed,
                unit=unit if o.due is not None else None,
                amount=amount if o.due is not None else None,
                basis=basis if o.due is not None else None,
                responsible=responsible,
            )
        opened.append({"code": o.code, **case.deadlines[o.code]})
    return opened


def _refresh_next_due(case: Case) -> None:
    dues = [date.fromisoformat(v["due"][:10]) for v in (case.deadlines or {}).values()]
    case.next_due = min(dues) if dues else None


# --- the generic step ----------------------------------------------------------------------------


def _decimal(value, what: str) -> Decimal:
    try:
        return money(value, what=what)
    except DomainError:
        raise
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidCaseInput(f"{what}格式有误", code="amount_invalid") from None


def _statutory_range(case: Case) -> tuple[Decimal | None, Decimal | None]:
    """The fine range of the provision cited (APL Arts. 4, 38); from the stored recommendation's
    statutory range when the provision states none directly (gain-based fines)."""
    p = case.provision
    low = Decimal(p.fine_min) if p is not None and p.fine_min is not None else None
    high = Decimal(p.fine_max) if p is not None and p.fine_max is not None else None
    if high is None:
        rng = (case.recommendation or {}).get("statutory_range") or {}
        if rng.get("high") is not None:
            high = Decimal(str(rng["high"]))
            low = Decimal(str(rng["low"])) if rng.get("low") is not None else low
    return low, high


def penalty_from_input(case: Case, data) -> Penalty | None:
    """A penalty from a form or API body: {"kinds": [...], "fine": "500", "confiscation": "0",
    "mitigated": false}; the statutory range comes from the case's provision."""
    if data is None:
        return None
    if isinstance(data, Penalty):
        return data
    if not isinstance(data, dict):
        raise InvalidCaseInput("处罚内容格式有误", code="penalty_invalid")
    kinds = data.get("kinds") or []
    if isinstance(kinds, str):
        kinds = [kinds]
    try:
        kinds = frozenset(PenaltyKind(k) for k in kinds)
    except ValueError:
        raise InvalidCaseInput(
            "处罚种类有误", code="penalty_kind_invalid", details={"kinds": list(kinds)}
        ) from None
    fine = _decimal(data.get("fine") or 0, "罚款数额")
    if fine > 0 and PenaltyKind.FINE not in kinds:
        kinds = kinds | {PenaltyKind.FINE}
    low, high = _statutory_range(case)
    return Penalty(
        kinds,
        fine,
        _decimal(data.get("confiscation") or 0, "没收金额"),
        low,
        high,
        bool(data.get("mitigated", False)),
        case.provision.data_id if case.provision else "",
    )


def _user_id(value) -> str | None:
    if value is None or value == "":
        return None
    from django.contrib.auth import get_user_model

    if isinstance(value, get_user_model()):
        return str(value.pk)
    try:
        return str(int(value))
    except (TypeError, ValueError):
        raise InvalidCaseInput("听证主持人有误", code="hearing_chair_invalid") from None


def _iso_date(value, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidCaseInput(f"{what}格式有误", code="invalid_date") from None


def _proposal(case: Case, code: str, as_of: date, inputs: dict) -> Proposal:
    """The step's input as the core's `Proposal` (INTERFACE.md, "proposal")."""
    penalty = penalty_from_input(case, inputs.get("penalty"))
    if penalty is None and code == "decide_penalty":
        notice = selectors.current_notice(case)
        if notice is not None and notice.penalty:
            from .models import penalty_from_json

            penalty = penalty_from_json(notice.penalty)
    method = inputs.get("service_method") or inputs.get("method")
    if method is not None and method not in SERVICE_METHODS:
        raise InvalidCaseInput("送达方式有误", code="service_method_unknown")
    if method == "electronic" and code != "serve_decision":
        party = case.party
        if not (party and party.e_service_confirmed):
            raise GuardRefused(
                code,
                [
                    Refusal(
                        "electronic_service_unconfirmed",
                        "当事人未签署送达地址确认书同意电子送达，不得电子送达",
                        "TEPP Art. 18(3)",
                    )
                ],
            )
    hearing_date = _iso_date(inputs.get("hearing_date"), "听证日期")
    earliest = None
    if hearing_date is not None:
        # APL Art. 64(2); TEPP Art. 83: the notice is served 7 working days before the hearing.
        earliest = selectors.calendar().add_working_days(as_of, 7).due
    resolution = inputs.get("resolution")
    if resolution is not None:
        try:
            resolution = Resolution(resolution)
        except ValueError:
            raise InvalidCaseInput("集体讨论决定有误", code="resolution_invalid") from None
    checklist = inputs.get("checklist") or ()
    if isinstance(checklist, str) or not all(isinstance(i, str) for i in checklist):
        raise InvalidCaseInput("审核事项格式有误", code="checklist_invalid")
    unknown = sorted(set(checklist) - set(REVIEW_CHECKLIST))
    if unknown:
        raise InvalidCaseInput(
            f"未知的审核事项：{'、'.join(unknown)}",
            code="checklist_invalid",
            details={"unknown": unknown},
        )
    attendees = inputs.get("attendees") or ()
    if isinstance(attendees, str):
        attendees = [a for a in attendees.replace("，", ",").split(",") if a.strip()]
    reason = inputs.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise InvalidCaseInput("理由应为文字", code="reason_invalid")
    chair = _user_id(inputs.get("chair"))
    if chair is not None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=int(chair)).select_related("agency").first()
        if user is None or user.agency is None or not user.agency.path.startswith(case.agency.path):
            raise InvalidCaseInput("听证主持人须为本机构工作人员", code="hearing_chair_invalid")
    steps = inputs.get("onspot_steps") or ()
    if isinstance(steps, str) or not all(isinstance(i, str) for i in steps):
        raise InvalidCaseInput("当场处罚步骤格式有误", code="onspot_steps_invalid")
    return Proposal(
        reason=(reason or "").strip()[:MAX_TEXT] or None,
        penalty=penalty,
        hearing_date=hearing_date,
        hearing_chair_id=chair,
        hearing_earliest_date=earliest,
        service_method=method,
        deliberation_attendees=len([a for a in attendees if str(a).strip()]),
        resolution=resolution,
        checklist=frozenset(checklist),
        reviewer_qualified=bool(inputs.get("reviewer_qualified", False)),
        onspot_steps=frozenset(steps),
        collection_ground=inputs.get("collection_ground"),
        receipt_issued=bool(inputs.get("receipt_issued", False)),
    )


def _statement_due(as_of: date) -> date | None:
    """The province's statement-and-defence window (legal.md §A12, §I 2): working days from the
    notice, `ZHIFA_STATEMENT_WINDOW_WORKING_DAYS` in settings; None when not set."""
    from django.conf import settings

    days = getattr(settings, "ZHIFA_STATEMENT_WINDOW_WORKING_DAYS", None)
    if not days:
        return None
    return selectors.calendar().add_working_days(as_of, int(days)).due


def _snapshot(case: Case, code: str, as_of: date, proposal: Proposal, inputs: dict):
    """The snapshot for this step, with the facts the step itself brings (the sim's `changes`)."""
    from dataclasses import replace

    facts = selectors.case_facts(case, as_of=as_of, proposal=proposal)
    if code == "serve_rights_notice":
        facts = replace(facts, notice=replace(facts.notice, statement_due=_statement_due(as_of)))
    if code == "record_payment":
        paid = _decimal(inputs.get("amount") or 0, "缴款金额")
        left = selectors.outstanding(case, as_of, extra_paid=paid)
        facts = replace(facts, performance=replace(facts.performance, outstanding=left))
    if code == "decide_on_spot":
        flags = {k: bool(inputs[k]) for k in ("facts_conclusive", "has_legal_basis") if k in inputs}
        if flags:
            facts = replace(facts, triggers=replace(facts.triggers, **flags))
    if code in {"decide_on_spot", "decide_penalty", "decide_no_penalty"}:
        correction = bool(inputs.get("correction_required", True))
        facts = replace(facts, decision=replace(facts.decision, correction_required=correction))
    return facts


def _just_done(case: Case, code: str) -> StepRecord | None:
    last = case.steps.order_by("-id").first()
    if last is not None and last.code == code and last.to_state == case.state:
        return last
    return None


def fire_step(
    case: Case,
    code: str,
    *,
    actor,
    as_of: date,
    idempotency_key: str | None = None,
    **inputs,
) -> StepResult:
    """Fire transition `code` on `case` (procedure core), applying the outcome in one transaction.

    Concurrent submissions of the same step: the case row is locked, so exactly one wins; the
    other sees the new state and gets `step_already_done` (409) naming who did it. A repeated
    `idempotency_key` returns the first result and changes nothing."""
    key = _check_key(idempotency_key)
    as_of = _check_date(as_of)
    with transaction.atomic():
        locked = _lock(case)
        row = _replayed(actor, key, code, locked)
        if row is not None:
            step = row.step
            return StepResult(
                locked,
                step,
                None,
                tuple(step.documents.all()) if step else (),
                tuple(step.warnings) if step else (),
                replayed=True,
            )
        if code not in TABLE:
            raise UnknownTransition(f"未知的办案操作“{code}”", details={"transition": code})
        roles = selectors.roles_for(actor, locked, as_of)
        proposal = _proposal(locked, code, as_of, inputs)
        facts = _snapshot(locked, code, as_of, proposal, inputs)
        try:
            outcome = fire(code, facts, roles, as_of)
        except IllegalTransition:
            done = _just_done(locked, code)
            if done is not None:
                raise StepAlreadyDone(
                    f"“{done.label}”已由{done.actor_name}于{done.as_of.isoformat()}办理，"
                    "请刷新页面查看最新状态",
                    details={"transition": code, "step_id": done.pk, "state": locked.state},
                ) from None
            raise
        step, documents = _apply(
            locked, outcome, actor=actor, roles=roles, inputs=inputs, proposal=proposal
        )
        _remember(actor, key, code, locked, step)
    warnings = tuple(step.warnings)
    return StepResult(locked, step, outcome, tuple(documents), warnings)


def _jsonable_inputs(inputs: dict) -> dict:
    out = {}
    for k, v in inputs.items():
        if isinstance(v, date):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = str(v)
        elif isinstance(v, (set, frozenset, tuple)):
            v = sorted(str(x) for x in v)
        elif hasattr(v, "pk"):
            v = v.pk
        out[k] = v
    return out


def _apply(
    case: Case, outcome: Outcome, *, actor, roles, inputs: dict, proposal: Proposal
) -> tuple[StepRecord, list[Document]]:
    as_of = outcome.as_of
    case.state = outcome.to_state.value
    if outcome.procedure is not None:
        case.procedure = outcome.procedure.value
    case.last_step_on = as_of
    warnings = [
        {"code": w.code, "message": w.message, "article": w.article} for w in outcome.warnings
    ]
    step = StepRecord.objects.create(
        case=case,
        code=outcome.transition,
        label=outcome.label,
        actor=actor,
        actor_name=_actor_name(actor),
        roles=sorted(roles),
        as_of=as_of,
        from_state=outcome.from_state.value,
        to_state=outcome.to_state.value,
        article=outcome.article[:200],
        inputs=_jsonable_inputs(inputs),
        warnings=warnings,
        outcome={
            "documents": [d.kind for d in outcome.documents],
            "opens": [o.code for o in outcome.opens],
            "closes": list(outcome.closes),
            "effects": list(outcome.effects),
        },
    )
    summary = _text(
        inputs.get("summary") or inputs.get("text") or inputs.get("opinion") or "", "摘要"
    )
    documents = [
        _document(case, d.kind, as_of, step=step, summary=summary) for d in outcome.documents
    ]
    closed = _close_deadlines(case, outcome.closes, actor=actor, transition=outcome.transition)
    opened = _open_deadlines(case, outcome, actor=actor)
    ctx = _Ctx(case, outcome, actor, inputs, proposal, documents, step)
    for effect in outcome.effects:
        handler = EFFECTS.get(effect)
        if handler is not None:
            handler(ctx)
    hook = AFTER.get(outcome.transition)
    if hook is not None:
        hook(ctx)
    _refresh_next_due(case)
    case.save()
    _journal(
        events.step_event(outcome.transition),
        actor=actor,
        case=case,
        payload={
            "transition": outcome.transition,
            "label": outcome.label,
            "as_of": as_of.isoformat(),
            "from": outcome.from_state.value,
            "to": outcome.to_state.value,
            "roles": sorted(roles),
            "article": outcome.article,
            "warnings": warnings,
            "documents": [{"kind": d.kind, "number": d.number} for d in documents],
            "opened": [{"code": o["code"], "due": o["due"]} for o in opened],
            "closed": closed,
            "effects": list(outcome.effects),
            "inputs": step.inputs,
            "step_id": step.pk,
        },
    )
    return step, documents


@dataclass
class _Ctx:
    case: Case
    outcome: Outcome
    actor: Any
    inputs: dict
    proposal: Proposal
    documents: list[Document]
    step: StepRecord

    @property
    def as_of(self) -> date:
        return self.outcome.as_of

    def doc(self, kind: str) -> Document | None:
        return next((d for d in self.documents if d.kind == kind), None)

    def due(self, code: str) -> date | None:
        entry = self.case.deadlines.get(code)
        return date.fromisoformat(entry["due"][:10]) if entry else None


def _serve_document(ctx: _Ctx, kind: str, *, document: Document | None = None) -> None:
    """Record service (送达) of `kind` produced in this step, proved by its service receipt."""
    document = document or ctx.doc(kind)
    if document is None:
        return
    document.served_on = ctx.as_of
    document.save(update_fields=["served_on"])
    receipt = ctx.doc("service_receipt")
    if receipt is not None:
        receipt.served_on = ctx.as_of
        receipt.save(update_fields=["served_on"])
    party = ctx.case.party
    method = ctx.proposal.service_method or "direct"
    address = ctx.inputs.get("address") or (
        party.e_service_address
        if party and method == "electronic"
        else (party.address if party else "")
    )
    Service.objects.create(
        case=ctx.case,
        document=document,
        method=method,
        served_on=ctx.as_of,
        address=_text(address or "", "送达地址", limit=300),
        recipient=_text(
            ctx.inputs.get("recipient") or (party.name if party else ""), "受送达人", limit=200
        ),
    )


def _assign_case_number(case: Case, as_of: date) -> None:
    if not case.case_number:
        case.case_number = numbering.new_case_number(case.agency, as_of.year)
        case.number_year = as_of.year


def _lead_done(case: Case, state: str, ctx: _Ctx, reason: str = "") -> None:
    lead = Lead.objects.filter(case=case).first()
    if lead is not None:
        lead.state = state
        lead.decided_by = ctx.actor
        lead.decided_on = ctx.as_of
        if reason:
            lead.not_filed_reason = reason
        lead.save(update_fields=["state", "decided_by", "decided_on", "not_filed_reason"])


def _decision_row(ctx: _Ctx, kind: str) -> Decision:
    penalty = ctx.proposal.penalty if kind == DecisionKind.PENALTY else None
    deviation = selectors.deviation_for_amount(ctx.case, penalty.fine if penalty else None)
    rec = selectors.recommendation_range(ctx.case)
    if rec is not None and penalty is not None and rec.fine_min <= penalty.fine <= rec.fine_max:
        deviation = None
    return Decision.objects.create(
        case=ctx.case,
        kind=kind,
        penalty=penalty_to_json(penalty),
        fine=penalty.fine if penalty else Decimal(0),
        decided_on=ctx.as_of,
        decided_by=ctx.actor,
        no_penalty_ground=(ctx.proposal.reason or "") if kind == DecisionKind.NO_PENALTY else "",
        deviation=deviation,
        correction_required=bool(ctx.inputs.get("correction_required", True)),
        service_due=ctx.due(dl.A14_DECISION_SERVICE),
    )


def _fx_filed_on(ctx: _Ctx) -> None:
    ctx.case.filed_on = ctx.as_of
    ctx.case.decision_due = ctx.due(dl.A13_DECISION)
    _assign_case_number(ctx.case, ctx.as_of)
    _lead_done(ctx.case, LeadState.FILED, ctx)


def _fx_decided_penalty(ctx: _Ctx) -> None:
    _decision_row(ctx, DecisionKind.PENALTY)
    if ctx.outcome.transition == "decide_on_spot":
        _assign_case_number(ctx.case, ctx.as_of)
        _lead_done(ctx.case, LeadState.DECIDED_ON_SPOT, ctx)


def _fx_served_on_the_spot(ctx: _Ctx) -> None:
    Decision.objects.filter(case=ctx.case).update(served_on=ctx.as_of)
    _serve_document(ctx, "onspot_decision")


def _fx_onspot_filed(ctx: _Ctx) -> None:
    ctx.case.onspot_filed = True


def _fx_unit_reviewed(ctx: _Ctx) -> None:
    ctx.case.report_unit_reviewed = True


def _fx_clear_unit_reviewed(ctx: _Ctx) -> None:
    ctx.case.report_unit_reviewed = False


def _fx_notified(ctx: _Ctx) -> None:
    # record_notified_penalty + record_hearing_offered + reset_party_responses
    Notice.objects.filter(case=ctx.case, current=True).update(current=False)
    Hearing.objects.filter(case=ctx.case, current=True).update(current=False)
    Notice.objects.create(
        case=ctx.case,
        penalty=penalty_to_json(ctx.proposal.penalty),
        served_on=ctx.as_of,
        hearing_offered=dl.A10_HEARING_REQUEST in {o.code for o in ctx.outcome.opens},
        hearing_request_due=ctx.due(dl.A10_HEARING_REQUEST),
        statement_due=ctx.due(dl.A12_STATEMENT),
        current=True,
    )
    _serve_document(ctx, "violation_notice")


def _fx_statement(ctx: _Ctx) -> None:
    notice = selectors.current_notice(ctx.case)
    notice.statement_recorded = True
    text = _text(ctx.inputs.get("text") or "", "陈述申辩内容")
    notice.statement_text = (
        (notice.statement_text + "\n" + text).strip() if text else notice.statement_text
    )
    notice.save(update_fields=["statement_recorded", "statement_text"])


def _fx_hearing_requested(ctx: _Ctx) -> None:
    Hearing.objects.filter(case=ctx.case, current=True).update(current=False)
    Hearing.objects.create(case=ctx.case, requested_on=ctx.as_of, current=True)


def _fx_hearing_schedule(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    hearing.scheduled_on = ctx.proposal.hearing_date
    if ctx.proposal.hearing_chair_id:
        hearing.chair_id = int(ctx.proposal.hearing_chair_id)
    hearing.notice_served_on = ctx.as_of
    hearing.save()
    _serve_document(ctx, "hearing_notice")


def _fx_hearing_held(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    hearing.held_on = ctx.as_of
    hearing.record = _text(ctx.inputs.get("record") or "", "听证笔录摘要")
    hearing.save(update_fields=["held_on", "record"])
    document = ctx.doc("hearing_record")
    if document is not None and hearing.record:
        document.summary = hearing.record
        document.save(update_fields=["summary"])


def _fx_hearing_terminated(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    hearing.terminated_on = ctx.as_of
    hearing.reason = ctx.proposal.reason or ""
    hearing.save(update_fields=["terminated_on", "reason"])


def _fx_review_pending(ctx: _Ctx) -> None:
    LegalReview.objects.create(case=ctx.case, submitted_on=ctx.as_of, status=ReviewState.PENDING)


def _review_done(ctx: _Ctx, passed: bool) -> None:
    review = ctx.case.reviews.filter(status=ReviewState.PENDING).order_by("-id").first()
    if review is None:  # pragma: no cover - the core only allows this from `legal_review`
        review = LegalReview(case=ctx.case, submitted_on=ctx.as_of)
    review.status = ReviewState.PASSED if passed else ReviewState.FAILED
    review.outcome = ReviewOutcome.AGREE if passed else ReviewOutcome.PROBLEMS
    review.reviewer = ctx.actor
    review.decided_on = ctx.as_of
    review.checklist = sorted(ctx.proposal.checklist)
    review.opinion = _text(ctx.inputs.get("opinion") or ctx.proposal.reason or "", "审核意见")
    review.reviewer_qualified = ctx.proposal.reviewer_qualified
    review.save()


def _fx_review_passed(ctx: _Ctx) -> None:
    _review_done(ctx, True)


def _fx_review_failed(ctx: _Ctx) -> None:
    _review_done(ctx, False)


def _fx_deliberation_pending(ctx: _Ctx) -> None:
    Deliberation.objects.filter(case=ctx.case, current=True).update(current=False)
    Deliberation.objects.create(case=ctx.case, referred_on=ctx.as_of, current=True)


def _fx_resolution(ctx: _Ctx) -> None:
    d = selectors.current_deliberation(ctx.case)
    attendees = ctx.inputs.get("attendees") or []
    if isinstance(attendees, str):
        attendees = [a.strip() for a in attendees.replace("，", ",").split(",") if a.strip()]
    opinions = ctx.inputs.get("opinions") or []
    if isinstance(opinions, str):
        opinions = [opinions]
    d.status = DeliberationState.RESOLVED
    d.resolved_on = ctx.as_of
    d.attendees = [str(a)[:100] for a in attendees]
    d.opinions = [str(o)[:MAX_TEXT] for o in opinions]
    d.resolution = ctx.proposal.resolution.value if ctx.proposal.resolution else ""
    d.save()


def _fx_clear_deliberation(ctx: _Ctx) -> None:
    Deliberation.objects.filter(case=ctx.case, current=True).update(current=False)


def _fx_period_extended(ctx: _Ctx) -> None:
    ctx.case.decision_period_extended = True
    ctx.case.decision_due = ctx.due(dl.A13_DECISION_EXTENSION)


def _fx_no_penalty(ctx: _Ctx) -> None:
    _decision_row(ctx, DecisionKind.NO_PENALTY)


def _fx_decision_served(ctx: _Ctx) -> None:
    Decision.objects.filter(case=ctx.case).update(served_on=ctx.as_of)
    decision = Decision.objects.get(case=ctx.case)
    kind = "penalty_decision" if decision.kind == DecisionKind.PENALTY else "no_penalty_decision"
    served = Document.objects.filter(case=ctx.case, kind=kind).order_by("-id").first()
    if served is not None:
        _serve_document(ctx, kind, document=served)
    Document.objects.filter(case=ctx.case, kind="correction_order", served_on__isnull=True).update(
        served_on=ctx.as_of
    )


def _fx_payment_plan(ctx: _Ctx) -> None:
    plan = selectors.latest_plan(ctx.case)
    plan.approved_on = ctx.as_of
    plan.approved_by = ctx.actor
    plan.save(update_fields=["approved_on", "approved_by"])


def _fx_payment_on_spot(ctx: _Ctx) -> None:
    decision = Decision.objects.get(case=ctx.case)
    Payment.objects.create(
        case=ctx.case,
        paid_on=ctx.as_of,
        amount=decision.fine,
        reference=_text(ctx.inputs.get("reference") or "", "票据号", limit=64),
        recorded_by=ctx.actor,
    )


def _fx_demand_served(ctx: _Ctx) -> None:
    ctx.case.demand_served_on = ctx.as_of
    ctx.case.demand_wait_ends = ctx.due(dl.A21_DEMAND_WAIT)
    _serve_document(ctx, "demand")


def _fx_execution_suspended(ctx: _Ctx) -> None:
    ctx.case.execution_suspended_on = ctx.as_of


# Release grounds of the measures app (ACL Art. 28; TEPP Arts. 59, 123) per transition.
RELEASE_GROUND = {"terminate_investigation": "no_violation", "decide_no_penalty": "decided"}


def _fx_release_measures(ctx: _Ctx) -> None:
    """Lift running seals, seizures and preservations (measures app) when the case ends them."""
    if selectors.active_measures(ctx.case) == 0:
        return
    from zhifa.measures.services.case import release_case_measures

    release_case_measures(
        ctx.case,
        actor=ctx.actor,
        ground=RELEASE_GROUND.get(ctx.outcome.transition, "unnecessary"),
        reason=f"{ctx.outcome.label}（{ctx.outcome.article}）",
        as_of=ctx.as_of,
    )


def _fx_hand_over_property(ctx: _Ctx) -> None:
    """Seized property goes with a case transferred to the judiciary (ACL Art. 21)."""
    if ctx.outcome.transition != "transfer_crime":
        return  # another agency: property is handed over through the measures app's disposals
    try:
        from zhifa.measures.models import CaseProperty
        from zhifa.measures.services.case import transfer_case_property
    except ImportError:  # pragma: no cover - installed together
        return
    if CaseProperty.objects.filter(case=ctx.case).exists():
        transfer_case_property(ctx.case, actor=ctx.actor, as_of=ctx.as_of)


EFFECTS = {
    "record_filed_on": _fx_filed_on,
    "record_decided_penalty": _fx_decided_penalty,
    "record_decision_served_on_the_spot": _fx_served_on_the_spot,
    "record_onspot_filed": _fx_onspot_filed,
    "record_report_unit_reviewed": _fx_unit_reviewed,
    "clear_report_unit_reviewed": _fx_clear_unit_reviewed,
    "record_notified_penalty": _fx_notified,
    "record_statement": _fx_statement,
    "record_hearing_requested": _fx_hearing_requested,
    "record_hearing_schedule": _fx_hearing_schedule,
    "record_hearing_held": _fx_hearing_held,
    "record_hearing_terminated": _fx_hearing_terminated,
    "record_review_pending": _fx_review_pending,
    "record_review_passed": _fx_review_passed,
    "record_review_failed": _fx_review_failed,
    "record_deliberation_pending": _fx_deliberation_pending,
    "record_resolution": _fx_resolution,
    "clear_deliberation": _fx_clear_deliberation,
    "record_decision_period_extended": _fx_period_extended,
    "record_no_penalty": _fx_no_penalty,
    "record_decision_served": _fx_decision_served,
    "record_payment_plan": _fx_payment_plan,
    "record_demand_served": _fx_demand_served,
    "record_execution_suspended": _fx_execution_suspended,
    "release_measures": _fx_release_measures,
    "hand_over_property": _fx_hand_over_property,
    # recorded in the journal payload only (the disclosure app acts on publish_decision):
    # educate_party, notify_party_in_writing, publish_decision, start_surcharge, stop_surcharge
    # (the surcharge is computed from the stored due date, not stored)
}


def _after_decline(ctx: _Ctx) -> None:
    _lead_done(ctx.case, LeadState.NOT_FILED, ctx, reason=ctx.proposal.reason or "")


def _after_transfer(ctx: _Ctx) -> None:
    ctx.case.transferred_to = _text(ctx.inputs.get("to_agency") or "", "移送机关", limit=200)
    if ctx.outcome.from_state == State.LEAD:
        _lead_done(ctx.case, LeadState.TRANSFERRED, ctx)


def _after_start_performance(ctx: _Ctx) -> None:
    ctx.case.payment_due = ctx.due(dl.A16_FINE_PAYMENT)


def _after_record_payment(ctx: _Ctx) -> None:
    amount = _decimal(ctx.inputs.get("amount") or 0, "缴款金额")
    if amount > 0:
        surcharge = selectors.surcharge_of(ctx.case, ctx.as_of)
        Payment.objects.create(
            case=ctx.case,
            paid_on=ctx.as_of,
            amount=amount,
            surcharge=surcharge.amount if surcharge else Decimal(0),
            reference=_text(ctx.inputs.get("reference") or "", "票据号", limit=64),
            recorded_by=ctx.actor,
        )


def _after_hearing_pause(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    if ctx.outcome.transition == "postpone_hearing":
        hearing.postponed_on = ctx.as_of
    else:
        hearing.suspended_on = ctx.as_of
    hearing.reason = ctx.proposal.reason or ""
    hearing.save(update_fields=["postponed_on", "suspended_on", "reason"])


def _after_collect(ctx: _Ctx) -> None:
    _fx_payment_on_spot(ctx)


def _after_submit_report(ctx: _Ctx) -> None:
    # A new report is reviewed again by the unit head (TEPP Art. 68), e.g. after a failed legal
    # review sent the case back to investigation (the core's table leaves the flag as it was).
    ctx.case.report_unit_reviewed = False


def _after_onspot(ctx: _Ctx) -> None:
    flags = {
        k: bool(ctx.inputs[k]) for k in ("facts_conclusive", "has_legal_basis") if k in ctx.inputs
    }
    if flags:
        ctx.case.triggers = {**ctx.case.triggers, **flags}


AFTER = {
    "decline_filing": _after_decline,
    "transfer_to_agency": _after_transfer,
    "start_performance": _after_start_performance,
    "record_payment": _after_record_payment,
    "postpone_hearing": _after_hearing_pause,
    "suspend_hearing": _after_hearing_pause,
    "collect_on_spot": _after_collect,
    "decide_on_spot": _after_onspot,
    "submit_report": _after_submit_report,
}


# --- thin wrappers: one per action the pages and the API expose -----------------------------------


def _step(code: str):
    def run(case: Case, *, actor, as_of: date, idempotency_key: str | None = None, **inputs):
        return fire_step(
            case, code, actor=actor, as_of=as_of, idempotency_key=idempotency_key, **inputs
        )

    run.__name__ = code
    run.__doc__ = f"Fire `{code}` ({TABLE[code].label}; {TABLE[code].article})."
    return run


decline_lead = _step("decline_filing")
file_case = _step("file_case")
file_onspot_decision = _step("file_onspot_decision")
collect_on_spot = _step("collect_on_spot")
start_investigation = _step("start_investigation")
submit_report = _step("submit_report")
review_report = _step("review_report")
return_report = _step("return_report")
approve_report = _step("approve_report")
serve_rights_notice = _step("serve_rights_notice")
record_statement = _step("record_statement")
request_hearing = _step("request_hearing")
schedule_hearing = _step("schedule_hearing")
postpone_hearing = _step("postpone_hearing")
reschedule_hearing = _step("reschedule_hearing")
suspend_hearing = _step("suspend_hearing")
resume_hearing = _step("resume_hearing")
hold_hearing = _step("hold_hearing")
record_hearing = hold_hearing
terminate_hearing = _step("terminate_hearing")
submit_legal_review = _step("submit_legal_review")
refer_to_deliberation = _step("refer_to_deliberation")
record_deliberation = _step("resolve_deliberation")
reopen_investigation = _step("reopen_investigation")
extend_decision_period = _step("extend_decision_period")
start_performance = _step("start_performance")
approve_plan = _step("approve_deferral")
mark_overdue = _step("mark_overdue")
issue_demand = _step("issue_demand")
apply_court_enforcement = _step("apply_court_enforcement")
decide_execution = _step("decide_execution")
suspend_execution = _step("suspend_execution")
resume_execution = _step("resume_execution")
terminate_execution = _step("terminate_execution")
close_case = _step("close_case")
archive_case = _step("archive_case")
terminate = _step("terminate_investigation")
transfer = _step("transfer_to_agency")
transfer_crime = _step("transfer_crime")


def decide_on_spot(
    case: Case,
    *,
    actor,
    as_of: date,
    penalty,
    onspot_steps: Iterable[str],
    service_method: str = "direct",
    idempotency_key: str | None = None,
    **inputs,
) -> StepResult:
    """The summary procedure's on-the-spot decision (APL Arts. 51–52; TEPP Arts. 60–61)."""
    return fire_step(
        case,
        "decide_on_spot",
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        penalty=penalty,
        onspot_steps=list(onspot_steps),
        service_method=service_method,
        **inputs,
    )


def record_legal_review(
    case: Case,
    *,
    actor,
    as_of: date,
    outcome: str,
    checklist: Iterable[str] = (),
    opinion: str = "",
    reviewer_qualified: bool = False,
    send_back_to: str = "investigation",
    idempotency_key: str | None = None,
) -> StepResult:
    """The legal reviewer's written opinion on the seven points of legal.md §F.3: "agree" passes;
    "problems" sends the case back to investigation or to the report (T4 §四(十三))."""
    if outcome not in ReviewOutcome.values:
        raise InvalidCaseInput("审核结论应为同意或存在问题", code="review_outcome_invalid")
    if outcome == ReviewOutcome.AGREE:
        code = "pass_legal_review"
    elif send_back_to == "report":
        code = "return_review_for_report"
    elif send_back_to == "investigation":
        code = "return_review_for_investigation"
    else:
        raise InvalidCaseInput(
            "退回去向应为补充调查或修改调查报告", code="review_send_back_invalid"
        )
    return fire_step(
        case,
        code,
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        checklist=list(checklist),
        opinion=opinion,
        reason=opinion if outcome == ReviewOutcome.PROBLEMS else None,
        reviewer_qualified=reviewer_qualified,
    )


def decide(
    case: Case,
    *,
    actor,
    as_of: date,
    penalty=None,
    no_penalty_ground: str | None = None,
    correction_required: bool = True,
    education: str = "",
    idempotency_key: str | None = None,
) -> StepResult:
    """The head's decision: a penalty (`decide_penalty`) or none (`decide_no_penalty` with its
    ground, APL Arts. 30–33). Without `penalty` the notified penalty is decided."""
    if no_penalty_ground:
        return fire_step(
            case,
            "decide_no_penalty",
            actor=actor,
            as_of=as_of,
            idempotency_key=idempotency_key,
            reason=no_penalty_ground,
            correction_required=correction_required,
            text=education,
        )
    return fire_step(
        case,
        "decide_penalty",
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        penalty=penalty,
        correction_required=correction_required,
    )


def serve(
    case: Case,
    *,
    actor,
    as_of: date,
    method: str,
    address: str = "",
    recipient: str = "",
    idempotency_key: str | None = None,
) -> StepResult:
    """Serve the decision (APL Art. 61; TEPP Art. 18): electronic only with a confirmed address."""
    return fire_step(
        case,
        "serve_decision",
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        service_method=method,
        address=address,
        recipient=recipient,
    )


def record_payment(
    case: Case,
    *,
    actor,
    as_of: date,
    amount,
    reference: str = "",
    idempotency_key: str | None = None,
) -> StepResult | Payment:
    """A payment received. Paid in full (fine plus any surcharge): `record_payment` fires and the
    case is performed. Less: the payment is recorded and the case stays where it is."""
    key = _check_key(idempotency_key)
    as_of = _check_date(as_of, "缴款日期")
    amount = _decimal(amount, "缴款金额")
    if amount <= 0:
        raise InvalidCaseInput("缴款金额应大于零", code="payment_amount_invalid")
    with transaction.atomic():
        locked = _lock(case)
        row = _replayed(actor, key, "record_payment", locked)
        if row is not None and row.step is None:
            return locked.payments.order_by("-id").first()
        due_now = selectors.outstanding(locked, as_of)
        if (
            row is None
            and State(locked.state) in TABLE["record_payment"].sources
            and amount > due_now
        ):
            raise InvalidCaseInput(
                f"缴款金额{amount}元超过应缴金额{due_now}元",
                code="payment_exceeds_outstanding",
                details={"outstanding": str(due_now)},
            )
        left = due_now - amount
        if left <= 0 or row is not None:
            return fire_step(
                locked,
                "record_payment",
                actor=actor,
                as_of=as_of,
                idempotency_key=key,
                amount=amount,
                reference=reference,
            )
        roles = selectors.roles_for(actor, locked, as_of)
        if not roles & {Role.OFFICER.value, Role.SYSTEM.value}:
            raise NotAllowed("缴款由本案执法人员或系统登记", code="procedure_role_not_allowed")
        if State(locked.state) not in TABLE["record_payment"].sources:
            raise IllegalTransition(
                f"案件处于“{locked.state_label}”状态，不能登记缴款",
                details={"state": locked.state},
            )
        if locked.last_step_on and as_of < locked.last_step_on:
            raise InvalidCaseInput("缴款日期早于上一办案步骤", code="date_before_previous_step")
        payment = Payment.objects.create(
            case=locked,
            paid_on=as_of,
            amount=amount,
            reference=_text(reference, "票据号", limit=64),
            recorded_by=actor,
        )
        _journal(
            events.PAYMENT_RECEIVED,
            actor=actor,
            case=locked,
            payload={"amount": str(amount), "paid_on": as_of.isoformat(), "outstanding": str(left)},
        )
        _remember(actor, key, "record_payment", locked)
    return payment


# --- facts that are not transitions -----------------------------------------------------------------


def _fact(case: Case, *, actor, as_of: date, what: str, roles_needed: set[str]):
    as_of = _check_date(as_of)
    locked = _lock(case)
    roles = selectors.roles_for(actor, locked, as_of)
    if not roles & roles_needed:
        raise NotAllowed(f"无权{what}", code="procedure_role_not_allowed")
    if locked.last_step_on and as_of < locked.last_step_on:
        raise InvalidCaseInput(
            f"日期{as_of.isoformat()}早于上一办案步骤日期{locked.last_step_on.isoformat()}",
            code="date_before_previous_step",
        )
    return locked, as_of


OFFICER_ROLES = {Role.OFFICER.value}
HEAD_ROLES = {Role.AGENCY_HEAD.value}


def waive_statement(case: Case, *, actor, as_of: date) -> Case:
    """The party expressly waives the statement and defence (APL Art. 62), recorded by an officer."""
    with transaction.atomic():
        case, as_of = _fact(
            case, actor=actor, as_of=as_of, what="登记放弃陈述申辩", roles_needed=OFFICER_ROLES
        )
        notice = selectors.current_notice(case)
        if notice is None or State(case.state) != State.NOTIFIED:
            raise IllegalTransition("尚未送达违法行为通知书", code="notice_not_served")
        notice.statement_waived = True
        notice.save(update_fields=["statement_waived"])
        _journal(
            events.STATEMENT_WAIVED,
            actor=actor,
            case=case,
            payload={"as_of": as_of.isoformat(), "article": "APL Art. 62"},
        )
    return case


def waive_hearing(case: Case, *, actor, as_of: date) -> Case:
    """The party waives the hearing offered in the notice (APL Art. 64)."""
    with transaction.atomic():
        case, as_of = _fact(
            case, actor=actor, as_of=as_of, what="登记放弃听证", roles_needed=OFFICER_ROLES
        )
        notice = selectors.current_notice(case)
        if notice is None or not notice.hearing_offered or State(case.state) != State.NOTIFIED:
            raise IllegalTransition(
                "本案未告知听证权利或不在告知阶段", code="hearing_not_available"
            )
        hearing = selectors.current_hearing(case)
        if hearing is None:
            hearing = Hearing.objects.create(case=case, current=True)
        hearing.waived = True
        hearing.save(update_fields=["waived"])
        _journal(
            events.HEARING_WAIVED,
            actor=actor,
            case=case,
            payload={"as_of": as_of.isoformat(), "article": "APL Art. 64"},
        )
    return case


def apply_for_payment_plan(
    case: Case, *, actor, as_of: date, kind: str, dues: list[date], hardship: str
) -> PaymentPlan:
    """The party applies for deferral or instalments (APL Art. 66 para 2); the head then approves
    with `approve_plan`."""
    with transaction.atomic():
        case, as_of = _fact(
            case,
            actor=actor,
            as_of=as_of,
            what="登记缴款申请",
            roles_needed=OFFICER_ROLES | HEAD_ROLES,
        )
        if State(case.state) not in {State.AWAITING_PERFORMANCE, State.OVERDUE}:
            raise IllegalTransition(
                "只有待履行或逾期的案件可以申请暂缓或分期缴纳", code="plan_not_available"
            )
        if kind not in PlanKind.values:
            raise InvalidCaseInput("申请类别应为暂缓或分期", code="plan_kind_invalid")
        dues = [_iso_date(d, "缴纳期限") for d in dues]
        total = selectors.outstanding(case, as_of)
        if kind == PlanKind.DEFERRAL:
            if len(dues) != 1:
                raise InvalidCaseInput("暂缓缴纳只有一个期限", code="payment_plan_dates")
            plan = deferral_plan(
                total,
                dues[0],
                applied_on=as_of,
                hardship=hardship or "",
                original_due=case.payment_due,
            )
        else:
            plan = instalment_plan(
                total,
                dues,
                applied_on=as_of,
                hardship=hardship or "",
                original_due=case.payment_due,
            )
        row = PaymentPlan.objects.create(
            case=case,
            kind=kind,
            applied_on=as_of,
            hardship=_text(hardship, "经济困难情况", required=True),
            total=plan.total,
            instalments=[
                {"number": i.number, "due": i.due.isoformat(), "amount": str(i.amount)}
                for i in plan.instalments
            ],
            end=plan.end,
        )
        _journal(
            events.PLAN_APPLIED,
            actor=actor,
            case=case,
            payload={
                "kind": kind,
                "total": str(plan.total),
                "end": plan.end.isoformat(),
                "as_of": as_of.isoformat(),
            },
        )
    return row


def record_remedy(
    case: Case, *, actor, as_of: date, started_on: date, ended_on: date | None = None
) -> RemedyPeriod:
    """Reconsideration or litigation brought (or ended): the surcharge pauses (APL Art. 73)."""
    with transaction.atomic():
        case, as_of = _fact(
            case,
            actor=actor,
            as_of=as_of,
            what="登记复议或诉讼",
            roles_needed=OFFICER_ROLES | HEAD_ROLES,
        )
        started_on = _check_date(started_on, "开始日期")
        if ended_on is not None:
            _check_date(ended_on, "结束日期")
            if ended_on < started_on:
                raise InvalidCaseInput("结束日期不能早于开始日期", code="remedy_dates_order")
        open_row = case.remedies.filter(ended_on__isnull=True).first()
        if open_row is not None:
            open_row.ended_on = ended_on or as_of
            open_row.save(update_fields=["ended_on"])
            row = open_row
        else:
            row = RemedyPeriod.objects.create(case=case, started_on=started_on, ended_on=ended_on)
        _journal(
            events.REMEDY_RECORDED,
            actor=actor,
            case=case,
            payload={
                "started_on": row.started_on.isoformat(),
                "ended_on": row.ended_on.isoformat() if row.ended_on else None,
            },
        )
    return row


def _date_fact(
    case, *, actor, as_of, field_name: str, event: str, states: set[State], what: str, roles
) -> Case:
    with transaction.atomic():
        case, as_of = _fact(case, actor=actor, as_of=as_of, what=what, roles_needed=roles)
        if State(case.state) not in states:
            raise IllegalTransition(
                f"案件处于“{case.state_label}”状态，不能{what}", code="procedure_illegal_transition"
            )
        if getattr(case, field_name) is not None:
            raise StepAlreadyDone(f"已经{what}", code="fact_already_recorded")
        setattr(case, field_name, as_of)
        case.save(update_fields=[field_name, "updated_at"])
        _journal(event, actor=actor, case=case, payload={"as_of": as_of.isoformat()})
    return case


def record_court_acceptance(case: Case, *, actor, as_of: date) -> Case:
    """The court accepted the enforcement application: counts as closing ground (TEPP Art. 122)."""
    return _date_fact(
        case,
        actor=actor,
        as_of=as_of,
        field_name="court_accepted_on",
        event=events.COURT_ACCEPTED,
        states={State.COURT_ENFORCEMENT},
        what="登记法院受理",
        roles=OFFICER_ROLES | HEAD_ROLES,
    )


def record_court_enforcement_finished(case: Case, *, actor, as_of: date) -> Case:
    """Court enforcement finished: the file may be archived (TEPP Art. 122 para 2)."""
    return _date_fact(
        case,
        actor=actor,
        as_of=as_of,
        field_name="court_enforcement_finished_on",
        event=events.COURT_FINISHED,
        states={State.COURT_ENFORCEMENT, State.CLOSED},
        what="登记法院强制执行完毕",
        roles=OFFICER_ROLES | HEAD_ROLES,
    )


def submit_crime_report(case: Case, *, actor, as_of: date) -> Case:
    """Two officers report a suspected crime to the principal head, who decides within 3 days
    (S6 Art. 5): the A8 decision period opens."""
    from zhifa.core.procedure import DeadlineOpening

    with transaction.atomic():
        case = _date_fact(
            case,
            actor=actor,
            as_of=as_of,
            field_name="crime_report_on",
            event=events.CRIME_REPORTED,
            states={State.INVESTIGATION, State.REPORT_APPROVED, State.DELIBERATION_RESOLVED},
            what="提出移送涉嫌犯罪案件报告",
            roles=OFFICER_ROLES,
        )
        report = Outcome(
            "crime_report",
            "",
            State(case.state),
            State(case.state),
            None,
            as_of,
            "S6 Art. 5",
            opens=(DeadlineOpening(dl.A8_TRANSFER_DECISION, as_of),),
        )
        _open_deadlines(case, report, actor=actor)
        _refresh_next_due(case)
        case.save(update_fields=["deadlines", "next_due", "updated_at"])
    return case


def record_crime_handover(case: Case, *, actor, as_of: date) -> Case:
    """The police received the transferred case (S6 Art. 8): a closing ground; the 24-hour
    hand-over period (A8) is met."""
    with transaction.atomic():
        case = _date_fact(
            case,
            actor=actor,
            as_of=as_of,
            field_name="crime_handed_over_on",
            event=events.CRIME_HANDED_OVER,
            states={State.TRANSFERRED_TO_JUDICIARY},
            what="登记移交公安机关",
            roles=OFFICER_ROLES | HEAD_ROLES,
        )
        _close_deadlines(case, [dl.A8_TRANSFER], actor=actor, transition="crime_handover")
        _refresh_next_due(case)
        case.save(update_fields=["deadlines", "next_due", "updated_at"])
    return case
