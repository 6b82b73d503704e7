"""Reads of preservation, measures and the property ledger, always scoped to a user.

A user sees what belongs to cases of their agency and the agencies below (the cases app's
scope); out of scope looks exactly like missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from zhifa.cases import selectors as cases
from zhifa.cases.models import Case
from zhifa.deadlines.selectors import deadlines_for
from zhifa.orgs.selectors import scope_filter
from zhifa.records.models import JournalEntry

from .choices import (
    Custody,
    DisposalState,
    MeasureState,
    PreservationOutcome,
    PreservationState,
)
from .errors import DisposalNotFound, MeasureNotFound, PreservationNotFound, PropertyNotFound
from .models import (
    CaseProperty,
    CompulsoryMeasure,
    EvidencePreservation,
    MeasurePause,
    PropertyDisposal,
)

# --- scope -----------------------------------------------------------------------------------------


def visible_preservations(user) -> QuerySet[EvidencePreservation]:
    return EvidencePreservation.objects.filter(scope_filter(user)).select_related(
        "case", "agency", "requested_by", "approved_by", "decided_by"
    )


def visible_measures(user) -> QuerySet[CompulsoryMeasure]:
    return (
        CompulsoryMeasure.objects.filter(scope_filter(user))
        .select_related("case", "agency", "requested_by", "approved_by", "released_by")
        .prefetch_related(
            "extensions", Prefetch("pauses", queryset=MeasurePause.objects.order_by("start", "id"))
        )
    )


def visible_property(
    user,
    *,
    custody: str | None = None,
    case_id: int | None = None,
    q: str = "",
    awaiting_handover: bool | None = None,
) -> QuerySet[CaseProperty]:
    """The ledger of the user's agency and below, newest first; filters for the ledger page."""
    qs = CaseProperty.objects.filter(scope_filter(user)).select_related(
        "case", "agency", "custodian", "preservation", "measure"
    )
    if custody:
        qs = qs.filter(custody=custody)
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    if awaiting_handover is True:
        qs = qs.filter(custody=Custody.HELD_BY_OFFICER)
    if q:
        q = q.strip()[:64]
        qs = qs.filter(
            Q(number__icontains=q) | Q(description__icontains=q) | Q(case__case_number__icontains=q)
        )
    return qs.order_by("-year", "-seq")


def access_preservation(user, preservation_id) -> EvidencePreservation:
    found = _by_id(visible_preservations(user), preservation_id)
    if found is None:
        raise PreservationNotFound("先行登记保存记录不存在或无权查看。")
    return found


def access_measure(user, measure_id) -> CompulsoryMeasure:
    found = _by_id(visible_measures(user), measure_id)
    if found is None:
        raise MeasureNotFound("行政强制措施不存在或无权查看。")
    return found


def access_property(user, item_id) -> CaseProperty:
    found = _by_id(visible_property(user), item_id)
    if found is None:
        raise PropertyNotFound("涉案财物不存在或无权查看。")
    return found


def access_disposal(user, disposal_id) -> PropertyDisposal:
    qs = PropertyDisposal.objects.filter(scope_filter(user, "item__agency")).select_related(
        "item", "item__case", "item__agency"
    )
    found = _by_id(qs, disposal_id)
    if found is None:
        raise DisposalNotFound("处置记录不存在或无权查看。")
    return found


def _by_id(qs, value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return qs.filter(pk=pk).first()


# --- one case ------------------------------------------------------------------------------------


def case_preservations(user, case_id) -> QuerySet[EvidencePreservation]:
    case = cases.access_case(user, case_id)
    return visible_preservations(user).filter(case=case).prefetch_related("items", "officers__user")


def preservations_to_carry_over(user, case_id) -> QuerySet[EvidencePreservation]:
    """The case's preservations decided as a seal or seizure whose items no measure holds yet
    (TEPP Art. 45(5)): the ones a measure's execution may take over, items keeping their numbers."""
    return (
        case_preservations(user, case_id)
        .filter(state=PreservationState.DECIDED, outcome=PreservationOutcome.SEIZURE)
        .exclude(items__measure__isnull=False)
        .distinct()
        .order_by("id")
    )


def case_measures(user, case_id) -> QuerySet[CompulsoryMeasure]:
    case = cases.access_case(user, case_id)
    return visible_measures(user).filter(case=case).prefetch_related("items", "officers__user")


def case_property(user, case_id) -> QuerySet[CaseProperty]:
    case = cases.access_case(user, case_id)
    return (
        visible_property(user, case_id=case.pk)
        .prefetch_related(Prefetch("disposals", queryset=PropertyDisposal.objects.order_by("id")))
        .order_by("year", "seq")
    )


def active_measure_count(case: Case) -> int:
    """Preservations and seals/seizures not yet released or decided, for the procedure core's
    `CaseFacts.active_measures` (closing needs none: ACL Art. 28; TEPP Arts. 45, 59, 122)."""
    return (
        EvidencePreservation.objects.filter(case=case, state=PreservationState.ACTIVE).count()
        + CompulsoryMeasure.objects.filter(case=case, state=MeasureState.ACTIVE).count()
    )


def case_subjects(case: Case) -> list:
    """The journal subjects that belong to `case` besides the case itself: its preservations,
    measures and property items (registered with the evidence app's case record)."""
    return [
        *EvidencePreservation.objects.filter(case=case).order_by("id"),
        *CompulsoryMeasure.objects.filter(case=case).order_by("id"),
        *CaseProperty.objects.filter(case=case).order_by("id"),
    ]


@dataclass(frozen=True)
class CaseSummary:
    """What a case page shows of its measures: live ones, lapses, and property to act on."""

    active_preservations: int
    active_measures: int
    lapsed_preservations: list[EvidencePreservation]
    items: int
    awaiting_handover: int
    awaiting_disposal: int

    @property
    def active(self) -> int:
        return self.active_preservations + self.active_measures


def case_summary(user, case_id) -> CaseSummary:
    case = cases.access_case(user, case_id)
    items = CaseProperty.objects.filter(case=case)
    return CaseSummary(
        active_preservations=case.preservations.filter(state=PreservationState.ACTIVE).count(),
        active_measures=case.measures.filter(state=MeasureState.ACTIVE).count(),
        lapsed_preservations=list(case.preservations.filter(state=PreservationState.LAPSED)),
        items=items.count(),
        awaiting_handover=items.filter(custody=Custody.HELD_BY_OFFICER).count(),
        awaiting_disposal=PropertyDisposal.objects.filter(
            item__case=case, state=DisposalState.APPROVED
        ).count(),
    )


# --- history ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    event_type: str
    label: str
    actor_name: str
    payload: dict[str, Any] = field(default_factory=dict)


def _history(subject) -> list[HistoryItem]:
    entries = JournalEntry.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).order_by("occurred_at", "id")
    out = []
    for e in entries:
        try:
            payload = json.loads(e.payload)
        except ValueError:
            payload = {}
        out.append(HistoryItem(e.occurred_at, e.event_type, e.event_label, e.actor_name, payload))
    return out


def property_history(user, item_id) -> list[HistoryItem]:
    """Every change of one ledger item, oldest first, read from the journal: registration,
    hand-over, appraisal, moves, disposals, and the hand-over deadline's own entries."""
    return _history(access_property(user, item_id))


def measure_history(user, measure_id) -> list[HistoryItem]:
    return _history(access_measure(user, measure_id))


def preservation_history(user, preservation_id) -> list[HistoryItem]:
    return _history(access_preservation(user, preservation_id))


def deadlines_of(subject) -> list:
    """The subject's deadlines, open and closed (the caller reached the subject through scope)."""
    return list(deadlines_for(subject))


def disposal_queue(user, *, state: str = DisposalState.PENDING) -> QuerySet[PropertyDisposal]:
    """Disposals awaiting the head's approval (or awaiting execution) in the user's scope."""
    return (
        PropertyDisposal.objects.filter(scope_filter(user, "item__agency"), state=state)
        .select_related("item", "item__case", "requested_by")
        .order_by("requested_at", "id")
    )


def overdue_handovers(user, now: datetime) -> QuerySet[CaseProperty]:
    return visible_property(user).filter(custody=Custody.HELD_BY_OFFICER, handover_due_at__lt=now)


def today() -> date:
    return cases.today()
