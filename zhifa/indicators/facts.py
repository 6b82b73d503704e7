"""What the indicators read from one case (the cases app's rows, through its snapshot selector)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, F, OuterRef, Subquery

from zhifa.cases.choices import CLOSED_STATES, DecisionKind, ProcedureKind, ReviewState
from zhifa.cases.models import (
    Case,
    Decision,
    Deliberation,
    Hearing,
    LegalReview,
    Notice,
    RemedyPeriod,
    StepRecord,
    penalty_from_json,
)
from zhifa.cases.selectors import case_facts, snapshot_scope
from zhifa.complaints.models import Complaint
from zhifa.core.indicators import CaseRow, case_counters, month_of
from zhifa.core.procedure import rules
from zhifa.core.remedies import RemedyRow, final_outcome


def province_id_of(path: str) -> int | None:
    """The province-level ancestor (depth 1: provincial department, maritime bureau, 长江/珠江
    航务管理局) of the agency at `path` ("/1/5/77/" → 5); None for the ministry itself."""
    ids = [p for p in path.split("/") if p]
    return int(ids[1]) if len(ids) > 1 else None


def _required(case: Case, decided_on: date, decision) -> tuple[bool, bool]:
    """Whether legal review (APL Art. 58) and collective discussion (APL Art. 57 para 2; TEPP
    Art. 76) were mandatory for the decision, by the same core rules the decide guards apply."""
    facts = case_facts(case, as_of=decided_on)
    review = bool(rules.legal_review_triggers(facts))
    try:
        deliberation = bool(
            rules.deliberation_triggers(
                penalty_from_json(decision.penalty),
                facts.party_kind,
                facts.large_amounts,
                facts.triggers,
            )
        )
    except rules.MissingParameter:
        deliberation = False  # no provincial figures: the guard could not require it either
    return review, deliberation


def _lookups(case: Case) -> dict:
    """Everything case_row reads besides the case, in one query (it runs in every step)."""
    reviews = LegalReview.objects.filter(case=OuterRef("pk")).order_by("-id")
    return (
        Case.objects.filter(pk=case.pk)
        .annotate(
            has_decision=Exists(Decision.objects.filter(case=OuterRef("pk"))),
            report_on=Subquery(
                StepRecord.objects.filter(case=OuterRef("pk"), code="submit_report")
                .order_by("as_of")
                .values("as_of")[:1]
            ),
            review_submitted_on=Subquery(reviews.values("submitted_on")[:1]),
            review_decided_on=Subquery(reviews.values("decided_on")[:1]),
            review_passed=Exists(
                LegalReview.objects.filter(case=OuterRef("pk"), status=ReviewState.PASSED)
            ),
            deliberation_resolved=Exists(
                Deliberation.objects.filter(case=OuterRef("pk"), resolved_on__isnull=False)
            ),
            hearing_offered=Exists(
                Notice.objects.filter(case=OuterRef("pk"), hearing_offered=True)
            ),
            hearing_held=Exists(Hearing.objects.filter(case=OuterRef("pk"), held_on__isnull=False)),
            remedied=Exists(RemedyPeriod.objects.filter(case=OuterRef("pk"))),
            complained=Exists(Complaint.objects.filter(case=OuterRef("pk"))),
            agency_path=F("agency__path"),
        )
        .values(
            "has_decision",
            "report_on",
            "review_submitted_on",
            "review_decided_on",
            "review_passed",
            "deliberation_resolved",
            "hearing_offered",
            "hearing_held",
            "remedied",
            "complained",
            "agency_path",
        )
        .get()
    )


def _has_evidence(case: Case) -> bool:
    """What the decision-day snapshot's `evidence_count > 0` says, from its two counts alone (the
    count does not depend on the day)."""
    from zhifa.cases.models import Document
    from zhifa.cases.selectors import EVIDENCE_KINDS, evidence_items

    if Document.objects.filter(case=case, kind__in=EVIDENCE_KINDS).exists():
        return True
    return evidence_items(case) > 0


def case_row(case: Case, found: dict | None = None, decided: dict | None = None) -> CaseRow:
    """`decided`: the case's counters as last counted, when it was decided then. A case has one
    decision (made once), so the review and discussion it required are those counted then and the
    decision-day snapshot is not rebuilt at every later step (issue 8); the evidence is recounted
    until there is some."""
    found = found or _lookups(case)
    decision = Decision.objects.filter(case=case).first() if found["has_decision"] else None
    review_required = deliberation_required = evidence = False
    if decision is not None and decided is not None:
        review_required = bool(decided["review_required"])
        deliberation_required = bool(decided["deliberation_required"])
        evidence = bool(decided["with_evidence"]) or _has_evidence(case)
    elif decision is not None:
        review_required, deliberation_required = _required(case, decision.decided_on, decision)
        evidence = case_facts(case, as_of=decision.decided_on).evidence_count > 0
    return CaseRow(
        open=case.state not in CLOSED_STATES,
        general=case.procedure == ProcedureKind.GENERAL,
        filed_on=case.filed_on,
        report_on=found["report_on"],
        review_submitted_on=found["review_submitted_on"],
        review_decided_on=found["review_decided_on"],
        decided_on=decision.decided_on if decision else None,
        no_penalty=bool(decision and decision.kind == DecisionKind.NO_PENALTY),
        first_violation=bool(decision and decision.no_penalty_ground == "first_violation"),
        review_required=review_required,
        review_passed=found["review_passed"],
        deliberation_required=deliberation_required,
        deliberation_resolved=found["deliberation_resolved"],
        hearing_offered=found["hearing_offered"],
        hearing_held=found["hearing_held"],
        recommended=bool(case.recommendation),
        deviated=bool(decision and decision.deviation_id),
        evidence=evidence,
        remedied=found["remedied"],
        remedy_outcome=_remedy_outcome(case) if found["remedied"] else "",
        complained=found["complained"],
    )


def _remedy_outcome(case: Case) -> str:
    """The outcome the decision stands on after its reconsiderations and suits (one query, only for
    a case with a remedy)."""
    rows = RemedyPeriod.objects.filter(case=case).values_list(
        "kind", "started_on", "ended_on", "outcome", "id"
    )
    return final_outcome([RemedyRow(*r) for r in rows])


def fact_values(case: Case, old: dict | None = None) -> dict:
    """The CaseFact columns of `case` (where it is counted and its counters). Read after the
    step's writes, in a snapshot scope of its own: the decision-day facts are built once, not once
    for the review/deliberation rule and again for the evidence count."""
    with snapshot_scope():
        return _fact_values(case, old)


def _fact_values(case: Case, old: dict | None = None) -> dict:
    """`old`: the case's CaseFact values before this step (their decision-day part is reused)."""
    found = _lookups(case)
    decided = old if old is not None and old.get("decided") else None
    path = found["agency_path"]
    return {
        "agency_id": case.agency_id,
        "province_id": province_id_of(path),
        "path": path,
        "month": month_of(case.lead_received_on),
        "procedure": case.procedure or "",
        "state": case.state,
        **case_counters(case_row(case, found, decided)),
    }
