"""Evidence preservation (先行登记保存, APL Art. 56; TEPP Arts. 43–45).

request (officer) → approval (agency head, beforehand) → the act on the spot, the list signed by
both sides (officers) → a decision within 7 working days (agency head), or it lapses by itself:
`lapse_overdue_preservations` (a job) marks it lapsed, journals it and orders the items returned.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from zhifa.cases.models import Case
from zhifa.cases.signals import approval_requested
from zhifa.notifications.services import notify

from .. import events, rules
from ..choices import (
    ApprovalState,
    PreservationOutcome,
    PreservationState,
    PropertySource,
)
from ..errors import BadInput, WrongState
from ..models import EvidencePreservation
from . import _common as c
from . import property as ledger

ARTICLE = "APL Art. 56; TEPP Arts. 43–45"
LAPSE_BASIS = "先行登记保存逾期未作出处理决定，自动解除（TEPP Art. 45）"


def _lock(preservation: EvidencePreservation) -> EvidencePreservation:
    return (
        EvidencePreservation.objects.select_for_update(of=("self",))
        .select_related("case", "case__agency", "case__party", "agency")
        .get(pk=preservation.pk)
    )


def _payload(p: EvidencePreservation, **extra) -> dict:
    return {"preservation_id": p.pk, "case_id": p.case_id, "state": p.state, **extra}


@transaction.atomic
def request_preservation(
    case: Case, *, actor, reason: str, items_summary: str, place: str = "", at=None
) -> EvidencePreservation:
    """An officer asks the head to approve preserving evidence that may be lost or later be hard
    to obtain (APL Art. 56; TEPP Art. 43)."""
    at = c.moment(at, "申请时间")
    case = c.lock_case(case)
    c.require_officer(actor, case, c.local_day(at), "申请先行登记保存")
    if not rules.case_open_for_measures(case.state):
        raise WrongState(
            "案件已作出决定或已结束，不能再先行登记保存证据。", code="case_not_open_for_measures"
        )
    preservation = EvidencePreservation.objects.create(
        case=case,
        agency=case.agency,
        reason=c.text(reason, "证据可能灭失或者以后难以取得的情形", required=True),
        items_summary=c.text(items_summary, "拟登记保存的物品", required=True),
        place=c.text(place, "地点", limit=200),
        requested_by=actor,
        requested_at=at,
    )
    c.append(
        events.PRESERVATION_REQUESTED,
        actor=actor,
        subject=preservation,
        agency=case.agency,
        payload=_payload(
            preservation, reason=preservation.reason, items_summary=preservation.items_summary
        ),
    )
    approval_requested.send(
        EvidencePreservation, case=case, obj=preservation, kind="preservation", actor=actor
    )
    return preservation


@transaction.atomic
def decide_preservation_approval(
    preservation: EvidencePreservation, *, actor, approve: bool, note: str = "", at=None
) -> EvidencePreservation:
    """The agency head approves beforehand, or refuses (TEPP Art. 43; legal.md §C.2)."""
    at = c.moment(at, "审批时间")
    p = _lock(preservation)
    c.require_head(actor, p.case, c.local_day(at), "先行登记保存")
    if p.state != PreservationState.PENDING:
        raise WrongState("该申请已审批。", code="already_decided")
    p.approval = ApprovalState.APPROVED if approve else ApprovalState.REFUSED
    p.state = PreservationState.APPROVED if approve else PreservationState.REFUSED
    p.approved_by, p.approved_at, p.approval_note = actor, at, c.text(note, "审批意见")
    p.save(update_fields=["approval", "state", "approved_by", "approved_at", "approval_note"])
    c.append(
        events.PRESERVATION_APPROVED if approve else events.PRESERVATION_REFUSED,
        actor=actor,
        subject=p,
        agency=p.agency,
        payload=_payload(p, note=p.approval_note, article="TEPP Art. 43"),
    )
    return p


@transaction.atomic
def start_preservation(
    preservation: EvidencePreservation,
    *,
    actor,
    items,
    officers=None,
    party_signed: bool = False,
    party_refused: bool = False,
    witness: str = "",
    started_at=None,
) -> EvidencePreservation:
    """The act on the spot: the items counted onto the ledger and the 《证据登记保存清单》 signed
    by two or more officers and the party (or the refusal noted with a witness); the 7
    working days for the decision start (APL Art. 56; TEPP Arts. 44–45)."""
    started_at = c.moment(started_at, "实施时间")
    on = c.local_day(started_at)
    case = c.lock_case(preservation.case)  # the case first, as the cases app locks
    p = _lock(preservation)
    c.require_officer(actor, case, on, "实施先行登记保存")
    if p.state != PreservationState.APPROVED or p.approval != ApprovalState.APPROVED:
        raise WrongState(
            "先行登记保存须经执法部门负责人事先批准后方可实施。",
            code="approval_required",
            details={"article": "TEPP Art. 43"},
        )
    if not rules.case_open_for_measures(case.state):
        raise WrongState("案件已作出决定或已结束。", code="case_not_open_for_measures")
    if p.approved_at and started_at < p.approved_at:
        raise BadInput("实施时间不能早于批准时间。", code="invalid_datetime")
    cleaned = ledger.clean_items(items)
    chosen = c.acting_officers(case, officers, on)
    witness = c.text(witness, "见证人", limit=100)
    c.refuse_if(
        rules.signature_refusals(
            officers_signed=len(chosen),
            party_signed=bool(party_signed),
            party_refused=bool(party_refused),
            witness=witness,
            document="证据登记保存清单",
            article="TEPP Art. 44",
        )
    )
    due = rules.preservation_due(c.calendar(), on)
    list_number, _seq = c.number(case.agency, on.year, "preservation_list")
    p.state = PreservationState.ACTIVE
    p.started_at, p.started_by, p.list_number, p.due = started_at, actor, list_number, due.due
    p.party_signed, p.party_refused, p.witness = bool(party_signed), bool(party_refused), witness
    p.save(
        update_fields=[
            "state",
            "started_at",
            "started_by",
            "list_number",
            "due",
            "party_signed",
            "party_refused",
            "witness",
        ]
    )
    p.officers.set(chosen)
    people = [o.user for o in chosen]
    c.append(
        events.PRESERVATION_STARTED,
        actor=actor,
        subject=p,
        agency=p.agency,
        payload=_payload(
            p,
            list_number=list_number,
            started_at=started_at.isoformat(),
            due=due.due.isoformat(),
            basis=due.basis,
            officers=sorted(o.pk for o in chosen),
            party_signed=p.party_signed,
            party_refused=p.party_refused,
            witness=witness,
            article=ARTICLE,
        ),
    )
    c.open_deadline(p, p.agency, rules.A3_PRESERVATION, on, actor=actor, due=due, people=people)
    ledger.register_items(
        case,
        actor=actor,
        items=cleaned,
        source=PropertySource.PRESERVATION,
        taken_at=started_at,
        preservation=p,
        people=people,
    )
    return p


@transaction.atomic
def decide_preservation(
    preservation: EvidencePreservation, *, actor, outcome: str, note: str = "", as_of=None
) -> EvidencePreservation:
    """The decision within 7 working days (TEPP Art. 45), approved by the agency head: release
    after recording, copying or photographing (《解除证据登记保存决定书》, the items go back), send
    for appraisal, transfer, confiscation by a penalty decision, or a seal or seizure."""
    as_of = c.day(as_of, "决定日期")
    p = _lock(preservation)
    c.require_head(actor, p.case, as_of, "先行登记保存的处理决定")
    if outcome not in PreservationOutcome.values:
        raise BadInput("处理决定无法识别。", code="outcome_unknown")
    if p.state != PreservationState.ACTIVE:
        raise WrongState("该先行登记保存不在保存中。", code="preservation_not_active")
    if rules.preservation_lapsed(p.due, as_of):
        raise WrongState(
            f"已超过处理期限（{p.due.isoformat()}），先行登记保存已自动解除。",
            code="preservation_lapsed",
            details={"due": p.due.isoformat(), "article": "TEPP Art. 45"},
        )
    note = c.text(note, "处理说明")
    release = outcome == PreservationOutcome.RELEASE
    p.outcome, p.decided_by, p.decided_on, p.decision_note = outcome, actor, as_of, note
    p.state = PreservationState.RELEASED if release else PreservationState.DECIDED
    fields = ["outcome", "decided_by", "decided_on", "decision_note", "state"]
    if release:
        p.release_number, _seq = c.number(p.agency, as_of.year, "preservation_release")
        fields.append("release_number")
    p.save(update_fields=fields)
    c.append(
        events.PRESERVATION_RELEASED if release else events.PRESERVATION_DECIDED,
        actor=actor,
        subject=p,
        agency=p.agency,
        payload=_payload(
            p,
            outcome=outcome,
            note=note,
            decided_on=as_of.isoformat(),
            release_number=p.release_number,
            article="TEPP Art. 45",
        ),
    )
    c.close_deadline(p, rules.A3_PRESERVATION, actor=actor, reason="met")
    if release:
        basis = f"解除证据登记保存决定（{p.release_number}）"
        at = c.now()
        for item in p.items.order_by("id"):
            ledger.approve_return(item, actor=actor, basis=basis, at=at)
    return p


def release_preservation(preservation, *, actor, note: str = "", as_of=None):
    """《解除证据登记保存决定书》: the decision to release (TEPP Art. 45(1))."""
    return decide_preservation(
        preservation, actor=actor, outcome=PreservationOutcome.RELEASE, note=note, as_of=as_of
    )


def lapse_overdue_preservations(now: datetime | None = None) -> list[int]:
    """Mark lapsed every preservation still running after its due day (TEPP Art. 45: it lapses by
    itself). Idempotent; each in its own short transaction. Returns the ids lapsed now."""
    now = now or c.now()
    today = c.local_day(now)
    ids = list(
        EvidencePreservation.objects.filter(state=PreservationState.ACTIVE, due__lt=today)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return [pk for pk in ids if _lapse_one(pk, now, today)]


@transaction.atomic
def _lapse_one(pk: int, now: datetime, today) -> bool:
    p = (
        EvidencePreservation.objects.select_for_update(of=("self",))
        .select_related("case", "agency")
        .filter(pk=pk, state=PreservationState.ACTIVE)
        .first()
    )
    if p is None or not rules.preservation_lapsed(p.due, today):
        return False
    p.state, p.lapsed_at = PreservationState.LAPSED, now
    p.save(update_fields=["state", "lapsed_at"])
    c.append(
        events.PRESERVATION_LAPSED,
        actor=None,
        subject=p,
        agency=p.agency,
        payload=_payload(
            p, due=p.due.isoformat(), lapsed_at=now.isoformat(), article="TEPP Art. 45"
        ),
    )
    c.close_deadline(p, rules.A3_PRESERVATION, actor=None, reason="lapsed")
    for item in p.items.order_by("id"):
        ledger.approve_return(item, actor=None, basis=LAPSE_BASIS, at=now)
    people = [o.user for o in p.officers.select_related("user")]
    notify(
        people,
        kind="measures.preservation_lapsed",
        title=f"先行登记保存已自动解除：{p.list_number or p.pk}",
        body=(
            f"处理期限 {p.due.isoformat()} 届满未作出处理决定，依法自动解除"
            "（TEPP Art. 45），请将登记保存的物品退还当事人。"
        ),
        link=f"/measures/preservations/{p.pk}/",
        subject=p,
    )
    return True
