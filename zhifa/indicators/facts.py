"""What the indicators read from one case (the cases app's rows, through its snapshot selector)."""

from __future__ import annotations

from datetime import date

from zhifa.cases.choices import CLOSED_STATES, DecisionKind, ProcedureKind, ReviewState
from zhifa.cases.models import (
    Case,
    Decision,
    Deliberation,
    LegalReview,
    StepRecord,
    penalty_from_json,
)
from zhifa.cases.selectors import case_facts
from zhifa.core.indicators import CaseRow, case_counters, month_of
from zhifa.core.procedure import rules


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


def case_row(case: Case) -> CaseRow:
    decision = Decision.objects.filter(case=case).first()
    review = LegalReview.objects.filter(case=case).order_by("-id").first()
    report_on = (
        StepRecord.objects.filter(case=case, code="submit_report")
        .order_by("as_of")
        .values_list("as_of", flat=True)
        .first()
    )
    hearing_offered = case.notices.filter(hearing_offered=True).exists()
    hearing_held = case.hearings.filter(held_on__isnull=False).exists()
    review_required = deliberation_required = False
    evidence = False
    if decision is not None:
        review_required, deliberation_required = _required(case, decision.decided_on, decision)
        evidence = case_facts(case, as_of=decision.decided_on).evidence_count > 0
    return CaseRow(
        open=case.state not in CLOSED_STATES,
        general=case.procedure == ProcedureKind.GENERAL,
        filed_on=case.filed_on,
        report_on=report_on,
        review_submitted_on=review.submitted_on if review else None,
        review_decided_on=review.decided_on if review else None,
        decided_on=decision.decided_on if decision else None,
        no_penalty=bool(decision and decision.kind == DecisionKind.NO_PENALTY),
        first_violation=bool(decision and decision.no_penalty_ground == "first_violation"),
        review_required=review_required,
        review_passed=LegalReview.objects.filter(case=case, status=ReviewState.PASSED).exists(),
        deliberation_required=deliberation_required,
        deliberation_resolved=Deliberation.objects.filter(
            case=case, resolved_on__isnull=False
        ).exists(),
        hearing_offered=hearing_offered,
        hearing_held=hearing_held,
        recommended=bool(case.recommendation),
        deviated=bool(decision and decision.deviation_id),
        evidence=evidence,
        remedied=case.remedies.exists(),
    )


def fact_values(case: Case) -> dict:
    """The CaseFact columns of `case` (where it is counted and its counters)."""
    return {
        "agency_id": case.agency_id,
        "province_id": province_id_of(case.agency.path),
        "path": case.agency.path,
        "month": month_of(case.lead_received_on),
        "procedure": case.procedure or "",
        "state": case.state,
        **case_counters(case_row(case)),
    }
