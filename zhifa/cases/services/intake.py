"""Leads, parties, case details, officers and recusal, the recommendation and its departures,
investigation records: the writes before and beside the procedure steps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from zhifa.core import identifiers
from zhifa.core.payment import money
from zhifa.core.procedure import (
    GuardRefused,
    Refusal,
    Role,
    State,
)
from zhifa.core.procedure.rules import RECUSAL_GROUNDS
from zhifa.officers.models import Officer
from zhifa.records import journal

from .. import events, hooks, selectors
from ..choices import (
    LeadSource,
    OfficerRole,
    PartyKind,
    RecusalRequester,
    RecusalStatus,
)
from ..errors import (
    CaseLocked,
    InvalidCaseInput,
    NotAllowed,
    StepAlreadyDone,
)
from ..models import (
    Case,
    CaseOfficer,
    Decision,
    DeviationApproval,
    Document,
    Lead,
    Party,
    Recusal,
)
from ..signals import approval_requested
from ._common import (
    PARTY_KIND_FOR_ENGINE,
    _check_date,
    _check_key,
    _journal,
    _lock,
    _remember,
    _replayed,
    _require_head,
    _require_in_scope,
    _require_officer_or_head,
    _text,
    _today,
)
from .steps import (
    _document,
    _statutory_range,
)


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
        approval_requested.send(Lead, case=case, obj=case.lead, kind="filing", actor=actor)
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


GUARD_INPUTS = ("limitation_years", "triggers", "has_execution_power", "surcharge_rate_notified")


# The decision forms the platform makes state the 3% daily surcharge (documents/forms.py PAYMENT;
# APL Arts. 67, 72(1)): once one is on record, "surcharge rate notified" is read from it.
SURCHARGE_STATING_DOCUMENTS = ("penalty_decision", "onspot_decision")


def _decision_states_surcharge(case: Case) -> bool:
    return Document.objects.filter(case=case, kind__in=SURCHARGE_STATING_DOCUMENTS).exists()


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
    reason: str = "",
) -> Case:
    """Officers record what the investigation found: the provision, the violation date, the
    discretion facts and the case flags (`CaseTriggers`). Provision, party and violation date
    only before the notice of violation; flags until the decision."""
    as_of = _check_date(as_of or _today())
    with transaction.atomic():
        case = _lock(case)
        _require_officer_or_head(actor, case, as_of, "更新案件信息")
        changed: dict[str, Any] = {}
        before = {
            "limitation_years": case.limitation_years,
            "triggers": dict(case.triggers or {}),
            "has_execution_power": case.has_execution_power,
            "surcharge_rate_notified": case.surcharge_rate_notified,
        }
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
            if bool(surcharge_rate_notified) != case.surcharge_rate_notified and (
                _decision_states_surcharge(case)
            ):
                raise CaseLocked(
                    "处罚决定书已载明到期不缴纳罚款每日按罚款数额百分之三加处罚款，"
                    "加处罚款告知情况以决定书为准，不能更改",
                    code="derived_from_records",
                    details={"field": "surcharge_rate_notified", "article": "APL Art. 72"},
                )
            case.surcharge_rate_notified = bool(surcharge_rate_notified)
            changed["surcharge_rate_notified"] = case.surcharge_rate_notified
        if not changed:
            return case
        # Issue 9, defect 14: the inputs the guards rely on (APL Art. 36 limitation; APL Arts. 57–58,
        # 63 triggers; ACL Arts. 13, 45, 53) are changed after filing only with a journaled reason.
        moved = sorted(k for k in GUARD_INPUTS if k in changed and changed[k] != before[k])
        if moved and State(case.state) != State.LEAD:
            reason = _text(reason, "更改理由")
            if not reason:
                raise InvalidCaseInput(
                    "立案后更改追责时效、案件情节标记、强制执行权或加处罚款告知情况，须说明理由",
                    code="change_reason_missing",
                    details={"fields": moved},
                )
            changed["reason"] = reason
            changed["guard_inputs_changed"] = moved
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
        raise _no_such_officer(value)
    return officer


def _no_such_officer(value) -> InvalidCaseInput:
    """Missing and another agency's officer answer alike: the refusal names nobody (issue 10)."""
    return InvalidCaseInput(
        "执法人员不存在或不属于本案办案机构，不能指派",
        code="officer_not_found",
        details={"officer": getattr(value, "pk", value)},
    )


def _assign(case: Case, *, actor, officers, lead_officer, as_of: date) -> list[CaseOfficer]:
    rows = []
    officers = [_officer(o) for o in officers]
    lead = _officer(lead_officer) if lead_officer is not None else None
    has_lead = case.officers.filter(role=OfficerRole.LEAD).exists()
    for officer in officers:
        if not officer.user.agency.path.startswith(case.agency.path):
            raise _no_such_officer(officer)
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
        approval_requested.send(Recusal, case=case, obj=recusal, kind="recusal", actor=actor)
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


def _with_first_violation(case: Case, actor, as_of: date) -> dict:
    # the violations app answers (registered in its AppConfig): None when it cannot be looked up
    found = hooks.ask("first_violation", case, default=None, actor=actor, as_of=as_of)
    facts = dict(case.facts or {})
    if found is None:
        facts.pop("first_violation", None)  # not stated: the engine asks for it
    else:
        facts["first_violation"] = found
    return facts


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
        # APL Art. 33 para 1: the first-violation fact comes from the party's real history
        case.facts = _with_first_violation(case, actor, as_of)
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
    case: Case,
    *,
    actor,
    kind: str,
    summary: str = "",
    as_of: date | None = None,
    at_premises: bool = False,
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
        with selectors.snapshot_scope():  # roles and facts read the officers once (fire_step)
            roles = selectors.roles_for(actor, case, as_of)
            if Role.OFFICER.value not in roles:
                raise NotAllowed(
                    "调查笔录须由本案可以执法的执法人员制作", code="procedure_role_not_allowed"
                )
            if State(case.state) not in {State.LEAD, State.FILED, State.INVESTIGATION}:
                raise CaseLocked(
                    "只能在立案前后的调查阶段制作调查笔录", code="investigation_closed"
                )
            facts = selectors.case_facts(case, as_of=as_of)
        from zhifa.core.procedure.guards import not_backdated, two_officers

        refused = not_backdated(facts, as_of) + two_officers(facts, as_of)
        if refused:
            raise GuardRefused("record_investigation_record", refused)
        if kind == "interview_record" and at_premises:
            # TEPP Art. 54 last para; T4 §三(八): questioning in the case-handling premises is
            # filmed in full; the record is made only with the video attached
            hooks.ask("require_recording", case, act="premises_questioning")  # evidence app
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
