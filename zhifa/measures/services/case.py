"""What the cases app calls when a case step ends the measures (procedure core effects
`release_measures` and `hand_over_property`, zhifa/core/procedure/INTERFACE.md "Effects")."""

from __future__ import annotations

from django.db import transaction

from zhifa.cases.models import Case

from ..choices import (
    Custody,
    DisposalKind,
    DisposalState,
    MeasureState,
    PreservationOutcome,
    PreservationState,
    ReleaseGround,
)
from ..models import CaseProperty, PropertyDisposal
from . import _common as c
from . import measures, preservation
from .property import _disposal_payload, _lock

TRANSFER_BASIS = "涉嫌犯罪移送司法机关，查封、扣押的财物一并移送（ACL Art. 21; S6 Art. 5）"


@transaction.atomic
def release_case_measures(
    case: Case, *, actor, ground: str = ReleaseGround.DECIDED, reason: str, as_of=None
) -> dict:
    """Release every running seal, seizure and preservation of the case (investigation terminated,
    no-penalty decision: TEPP Art. 123; ACL Art. 28). The agency head acts. A preservation past its
    due day has lapsed by law and is marked so instead."""
    as_of = c.day(as_of, "解除日期")
    released = {"measures": [], "preservations": [], "lapsed": []}
    for m in case.measures.filter(state=MeasureState.ACTIVE).order_by("id"):
        measures.release_measure(m, actor=actor, ground=ground, reason=reason, as_of=as_of)
        released["measures"].append(m.pk)
    for p in case.preservations.filter(state=PreservationState.ACTIVE).order_by("id"):
        if p.due < as_of:
            if preservation._lapse_one(p.pk, c.now(), as_of):
                released["lapsed"].append(p.pk)
            continue
        preservation.decide_preservation(
            p, actor=actor, outcome=PreservationOutcome.RELEASE, note=reason, as_of=as_of
        )
        released["preservations"].append(p.pk)
    return released


@transaction.atomic
def transfer_case_property(case: Case, *, actor, as_of=None) -> list[PropertyDisposal]:
    """A suspected crime goes to the judiciary with the seized property (ACL Art. 21): every item
    still held gets an approved transfer, carried out when the police sign for it."""
    as_of = c.day(as_of, "移送日期")
    c.require_head(actor, case, as_of, "涉案财物随案移送", role="principal_head")
    at = c.now()
    out = []
    for item in (
        CaseProperty.objects.filter(case=case).exclude(custody=Custody.DISPOSED).order_by("id")
    ):
        item = _lock(item)
        for open_ in item.disposals.filter(state__in=["pending", "approved"]):
            open_.state, open_.decided_at = DisposalState.REFUSED, at
            open_.decision_note = "案件移送司法机关，财物随案移送。"
            open_.save(update_fields=["state", "decided_at", "decision_note"])
        disposal = PropertyDisposal.objects.create(
            item=item,
            kind=DisposalKind.TRANSFER,
            reason=TRANSFER_BASIS,
            state=DisposalState.APPROVED,
            requested_by=actor,
            requested_at=at,
            approved_by=actor,
            decided_at=at,
            approval_basis=TRANSFER_BASIS,
        )
        from .. import events

        c.append(
            events.PROPERTY_DISPOSAL_APPROVED,
            actor=actor,
            subject=item,
            agency=item.agency,
            payload=_disposal_payload(disposal, basis=TRANSFER_BASIS),
        )
        out.append(disposal)
    return out
