"""Reads of cases, always scoped to a user; and the core snapshot (`CaseFacts`) of one case.

`case_facts` is the single mapping from rows to the procedure core's snapshot
(zhifa/core/procedure/INTERFACE.md, "Mapping the cases app into CaseFacts"); `roles_for` is the
single place that says which core roles a user holds on a case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.officers import SuspensionFacts
from zhifa.core.payment import (
    Pause,
    court_enforcement_window,
    late_surcharge,
    litigation_period_end,
)
from zhifa.core.procedure import (
    MARITIME_LARGE_AMOUNTS,
    CaseFacts,
    CaseTriggers,
    DecisionFacts,
    DeliberationFacts,
    DeliberationStatus,
    HearingFacts,
    LargeAmounts,
    NoticeFacts,
    OfficerFact,
    PartyKind,
    PenaltyKind,
    PerformanceFacts,
    Procedure,
    Proposal,
    Recommendation,
    Resolution,
    ReviewFacts,
    ReviewStatus,
    Role,
    State,
    available,
)
from zhifa.core.procedure import deadlines as dl
from zhifa.officers.models import Certificate, Officer, Suspension
from zhifa.orgs.selectors import access_agency, scope_filter, visible_agencies
from zhifa.records.models import JournalEntry

from . import hooks
from .models import (
    Case,
    CaseOfficer,
    Decision,
    DeviationApproval,
    Document,
    Payment,
    PaymentPlan,
    StepRecord,
    notice_dues,
    penalty_from_json,
)

# Investigation records made through this app count as collected evidence besides the evidence
# app's items: the party's statement and examination records are evidence (TEPP Art. 30).
EVIDENCE_KINDS = ("interview_record", "examination_record", "onsite_record", "sampling_voucher")
TRIGGER_FIELDS = frozenset(CaseTriggers.__dataclass_fields__)
ZERO = Decimal(0)


def today() -> date:
    return timezone.localdate()


# --- one snapshot per request --------------------------------------------------------------------
#
# A case page asks for the user's roles, the actions, the facts, the tasks and the amounts, and
# each of these used to rebuild the snapshot (officers, certificates, notice, hearing, decision,
# plans, thresholds...) from the database: 48+ queries for one page (issue 15, item 5). Inside a
# `snapshot_scope` each piece is read once and reused. A scope covers reads only: `fire_step` ends
# it before it changes anything, and a write made inside a scope must call `forget_snapshots()`.
# Outside a scope (jobs, shells, tests that change a case and read it again) nothing is kept.

from .snapshot import _memo, forget_snapshots, snapshot_scope  # noqa: E402, F401


def _user_key(user) -> Any:
    return getattr(user, "pk", None) if user is not None else "system"


# --- scope ---------------------------------------------------------------------------------------


def visible_cases(user) -> QuerySet[Case]:
    """Cases of the user's agency and of the agencies below it."""
    return Case.objects.filter(scope_filter(user)).select_related(
        "agency", "party", "provision", "lead"
    )


def access_case(user, case_id) -> Case:
    """One case in the user's scope; out of scope looks exactly like missing."""
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        pk = None
    # The page, the evidence list and the measures panel each ask for the same case: within one
    # read request (snapshot scope) the scoped row is read once.
    case = (
        _memo(
            ("access_case", _user_key(user), pk),
            lambda: visible_cases(user).filter(pk=pk).first(),
        )
        if pk is not None
        else None
    )
    if case is None:
        raise NotFound("案件不存在或无权查看。", code="case_not_found")
    return case


def filter_cases(
    user,
    *,
    state: str | None = None,
    procedure: str | None = None,
    officer: int | None = None,
    overdue: bool | None = None,
    q: str = "",
    as_of: date | None = None,
    agency: int | None = None,
) -> QuerySet[Case]:
    """The case list's filters: state, procedure, officer (Officer id), overdue on `as_of`, text,
    agency (that agency and the agencies below it; one outside the user's scope raises NotFound)."""
    qs = visible_cases(user)
    if agency:
        qs = qs.filter(agency__path__startswith=access_agency(user, agency).path)
    if state:
        qs = qs.filter(state=state)
    if procedure is not None:
        qs = qs.filter(procedure=procedure)
    if officer:
        # at most one assignment per officer and case, yet a subquery keeps rows single for sure
        # without the DISTINCT over every column the other filters never needed (issue 15)
        qs = qs.filter(pk__in=CaseOfficer.objects.filter(officer_id=officer).values("case_id"))
    if overdue is not None:
        day = as_of or today()
        late = Q(next_due__lt=day)
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if q:
        q = q.strip()[:64]
        qs = qs.filter(
            Q(case_number__icontains=q) | Q(party__name__icontains=q) | Q(lead__facts__icontains=q)
        )
    # a list row shows the case, its agency, party and provision: not the lead's text
    return qs.select_related(None).select_related("agency", "party", "provision").order_by("-id")


DECISION_DUE_CODES = ("A13_decision", "A13_decision_extension")
PAYMENT_DUE_CODES = ("A16_fine_payment",)


def with_decision_due(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Rows annotated `listed_decision_due` and `listed_payment_due`: what `Case.decision_due`
    and `Case.payment_due` read per case (the latest A13 row, APL Art. 60, TEPP Art. 78; the latest
    A16 row, APL Art. 67; open or closed), in the list's own query instead of one more query per
    row (a list of 50 read 50 deadline lists: issue 15 item 5)."""
    from django.db.models import CharField, OuterRef, Subquery
    from django.db.models.functions import Cast

    from zhifa.deadlines.models import Deadline

    def latest(codes):
        return Subquery(
            Deadline.objects.filter(
                subject_type=Case._meta.label_lower,
                subject_id=Cast(OuterRef("pk"), CharField()),
                code__in=codes,
            )
            .order_by("-opened_at", "-id")
            .values("due")[:1]
        )

    return qs.annotate(
        listed_decision_due=latest(DECISION_DUE_CODES),
        listed_payment_due=latest(PAYMENT_DUE_CODES),
    )


def case_agencies(user) -> list:
    """Agencies a supervisor may filter the case list by: those in scope that hold cases, and the
    agencies above them up to the user's own (filtering by one takes in everything below it). Empty
    when the user's scope has cases of one agency only (nothing to filter)."""
    from zhifa.orgs.divisions import agency_order

    holding = set(visible_cases(user).values_list("agency__path", flat=True).distinct())
    if len(holding) < 2:
        return []
    agencies = visible_agencies(user).annotate(division=agency_order()).order_by("division", "path")
    return [a for a in agencies if any(path.startswith(a.path) for path in holding)]


# --- roles ---------------------------------------------------------------------------------------


def officer_of(user) -> Officer | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Officer.objects.filter(user=user).first()


def roles_for(user, case: Case, as_of: date) -> frozenset[str]:
    """The core roles `user` holds on this case on `as_of` (procedure INTERFACE.md, "Roles").

    - officer: assigned to the case, not recused, may act on `as_of` (certificate, suspension);
    - agency_head (and unit_head, principal_head — no separate flags yet): head of the case's agency;
    - legal_reviewer: reviewer of the case's agency;
    - hearing_chair: the chair designated for the case's current hearing;
    - system: `user` None (a job).
    """
    if user is None:
        return frozenset({Role.SYSTEM.value})
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return _memo(("roles", _user_key(user), case.pk, as_of), lambda: _roles_for(user, case, as_of))


def _roles_for(user, case: Case, as_of: date) -> frozenset[str]:
    roles: set[str] = set()
    if user.agency_id == case.agency_id:
        if user.is_agency_head:
            roles |= {Role.AGENCY_HEAD.value, Role.UNIT_HEAD.value, Role.PRINCIPAL_HEAD.value}
        if user.is_legal_reviewer:
            roles.add(Role.LEGAL_REVIEWER.value)
    for fact in officer_facts(case):
        if fact.officer_id == str(user.pk) and fact.may_act(as_of):
            roles.add(Role.OFFICER.value)
    hearing = current_hearing(case)
    if hearing is not None and hearing.chair_id == user.pk:
        roles.add(Role.HEARING_CHAIR.value)
    return frozenset(roles)


# --- the snapshot --------------------------------------------------------------------------------


def case_officers(case: Case) -> list[CaseOfficer]:
    return _memo(("case_officers", case.pk), lambda: _case_officers(case))


def _case_officers(case: Case) -> list[CaseOfficer]:
    return list(
        case.officers.select_related("officer__user").prefetch_related(
            Prefetch(
                "officer__certificates", queryset=Certificate.objects.select_related("territory")
            ),
            Prefetch("officer__suspensions", queryset=Suspension.objects.all()),
        )
    )


def officer_facts(case: Case) -> tuple[OfficerFact, ...]:
    return _memo(("officer_facts", case.pk), lambda: _officer_facts(case))


def _officer_facts(case: Case) -> tuple[OfficerFact, ...]:
    from zhifa.officers.selectors import act_context, certificate_facts

    # T2 Arts. 22–23: certificates must cover the case's category (provision's sector) and territory.
    context = act_context(case.agency, case.provision.sector if case.provision_id else None)
    out = []
    for row in case_officers(case):
        officer = row.officer
        out.append(
            OfficerFact(
                officer_id=str(officer.user_id),
                certificates=tuple(certificate_facts(c) for c in officer.certificates.all()),
                suspensions=tuple(
                    SuspensionFacts(s.starts_on, s.ends_on, s.lifted_on, s.reason)
                    for s in officer.suspensions.all()
                ),
                recused=row.recused,
                investigator=row.investigator,
                name=officer.user.full_name or officer.user.username,
                context=context,
            )
        )
    return tuple(out)


def calendar():
    from zhifa.workcalendar.selectors import national_calendar

    return national_calendar()


def large_amounts(case: Case, as_of: date | None = None) -> LargeAmounts | None:
    """The "large amount" (较大数额) thresholds for this case (APL Art. 63(3); TEPP Arts. 76(1),
    80 para 2): maritime bodies use TEPP Art. 80 para 2's national figures; every other agency its
    province's, held as data with their source (`parameters`). None when the province has none:
    the decision that depends on it is refused (`large_amounts_missing`), never guessed."""
    as_of = as_of or today()
    return _memo(("large_amounts", case.agency.pk, as_of), lambda: _large_amounts(case, as_of))


def _large_amounts(case: Case, as_of: date) -> LargeAmounts | None:
    from . import parameters as pp

    if case.agency.kind == "maritime":
        return MARITIME_LARGE_AMOUNTS
    province = engine_province_of(case.agency)
    person = pp.province_row(province, pp.LARGE_FINE_PERSON, as_of)
    org = pp.province_row(province, pp.LARGE_FINE_ORGANISATION, as_of)
    if person is None or org is None:
        return None
    conf_p = pp.province_value(province, pp.LARGE_CONFISCATION_PERSON, as_of)
    conf_o = pp.province_value(province, pp.LARGE_CONFISCATION_ORGANISATION, as_of)
    sources = sorted({person.source, org.source})
    return LargeAmounts(
        person.value,
        org.value,
        f"{province}：{'；'.join(sources)}",
        confiscation_person=conf_p,
        confiscation_organisation=conf_o,
    )


def province_of(agency) -> Any:
    """The province of an agency, for the discretion engine: its region id when the tree has
    regions, else the name of the provincial-level agency."""
    node = agency
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    # chain: agency … ministry; the provincial level is the one just below the ministry
    for a in chain:
        if a.region_id is not None:
            region = a.region
            return region.parent_id or region.pk
    provincial = chain[-2] if len(chain) >= 2 else chain[0]
    return provincial.name


def engine_province_of(agency) -> str | None:
    return _memo(("engine_province", agency.pk), lambda: _engine_province_of(agency))


def _engine_province_of(agency) -> str | None:
    from zhifa.law.discretion import engine_province

    try:
        return engine_province(province_of(agency))
    except Exception:
        return None


def evidence_items(case: Case) -> int:
    """Evidence items uploaded to the case (evidence app), 0 while that app is absent."""
    return _memo(("evidence_items", case.pk), lambda: hooks.count("evidence", case))
    # registered by the evidence app: no import upwards


def active_measures(case: Case) -> int:
    """Preservations and seals/seizures still active (measures app): closing needs none."""
    # registered by the measures app
    return _memo(("active_measures", case.pk), lambda: hooks.count("active_measures", case))


def current_notice(case: Case):
    return _memo(("notice", case.pk), lambda: case.notices.filter(current=True).first())


def notice_windows(notice) -> dict:
    """code → due of the windows `notice` started (A10, A12), read once per scope."""
    return _memo(("notice_windows", notice.pk), lambda: notice_dues(notice))


def current_hearing(case: Case):
    return _memo(("hearing", case.pk), lambda: case.hearings.filter(current=True).first())


def latest_review(case: Case):
    return _memo(("review", case.pk), lambda: case.reviews.order_by("-id").first())


def current_deliberation(case: Case):
    return _memo(("deliberation", case.pk), lambda: case.deliberations.filter(current=True).first())


def decision_of(case: Case) -> Decision | None:
    return _memo(("decision", case.pk), lambda: Decision.objects.filter(case=case).first())


def _plans(case: Case) -> list[PaymentPlan]:
    """The case's payment plans, newest first (few per case: one query for both look-ups)."""
    return _memo(("plans", case.pk), lambda: list(case.payment_plans.order_by("-id")))


def latest_plan(case: Case) -> PaymentPlan | None:
    return next(iter(_plans(case)), None)


def approved_plan(case: Case) -> PaymentPlan | None:
    return next((p for p in _plans(case) if p.approved_on is not None), None)


def decision_due_of(case: Case) -> date | None:
    """`case.decision_due` (APL Art. 60's period, as extended), read once per scope."""
    return _memo(("decision_due", case.pk), lambda: case.decision_due)


def decision_period_extended(case: Case) -> bool:
    """`case.decision_period_extended` (TEPP Art. 78), read once per scope."""
    return _memo(("decision_extended", case.pk), lambda: case.decision_period_extended)


def open_deadline_map(case: Case) -> dict:
    """`case.deadlines` (the deadlines app's open rows of the case), read once per scope."""
    return _memo(("deadlines", case.pk), lambda: case.deadlines or {})


def recommendation_range(case: Case) -> Recommendation | None:
    rec = case.recommendation or {}
    rng = rec.get("recommended_range") or {}
    if rng.get("low") is None or rng.get("high") is None:
        return None
    bm = rec.get("benchmark") or {}
    return Recommendation(
        Decimal(str(rng["low"])), Decimal(str(rng["high"])), str(bm.get("version") or "")
    )


def deviation_for_amount(case: Case, amount: Decimal | None) -> DeviationApproval | None:
    if amount is None:
        return None
    return case.deviations.filter(amount=amount).order_by("-id").first()


def paid_total(case: Case) -> Decimal:
    return _memo(
        ("paid_total", case.pk), lambda: case.payments.aggregate(s=Sum("amount"))["s"] or ZERO
    )


def money_owed(penalty) -> Decimal:
    """Fine plus confiscated gains to be paid (APL Art. 67)."""
    if penalty is None:
        return ZERO
    owed = penalty.fine
    if PenaltyKind.CONFISCATE_GAINS in penalty.kinds:
        owed += penalty.confiscation
    return owed


def _remedies(case: Case) -> list:
    return _memo(("remedies", case.pk), lambda: list(case.remedies.all()))


def case_remedies(case: Case) -> list:
    """The case's reconsiderations and suits, oldest first (read once per request)."""
    return _remedies(case)


def remedy_pauses(case: Case) -> tuple[Pause, ...]:
    return tuple(Pause(r.started_on, r.ended_on) for r in _remedies(case))


def surcharge_start(case: Case) -> date | None:
    """The date the surcharge runs from: the approved plan's end, else the payment due date
    (APL Art. 72(1); TEPP Art. 101); the demand's 30 days count from it (ACL Art. 46)."""
    plan = approved_plan(case)
    return plan.end if plan is not None else case.payment_due


def missed_instalment_due(case: Case, as_of: date) -> date | None:
    """The first instalment of the approved plan due before `as_of` and not paid in full
    (`zhifa.core.payment.PaymentPlan.overdue`; payments from the application on count)."""
    from zhifa.core.payment import Instalment
    from zhifa.core.payment import PaymentPlan as CorePlan

    plan = approved_plan(case)
    if plan is None or not plan.instalments:
        return None
    core = CorePlan(
        kind=plan.kind,
        total=plan.total,
        instalments=tuple(
            Instalment(int(i["number"]), date.fromisoformat(i["due"]), Decimal(str(i["amount"])))
            for i in plan.instalments
        ),
        applied_on=plan.applied_on,
        hardship=plan.hardship,
        approved=True,
        approved_on=plan.approved_on,
    )
    paid = (
        case.payments.filter(paid_on__gte=plan.applied_on).aggregate(s=Sum("amount"))["s"] or ZERO
    )
    missed = core.overdue(paid, as_of)
    return missed[0].due if missed else None


def surcharge_of(case: Case, as_of: date):
    """The late surcharge on the decided fine as of `as_of` (zhifa.core.payment), or None."""
    decision = decision_of(case)
    penalty = penalty_from_json(decision.penalty) if decision else None
    if penalty is None or penalty.fine <= 0:
        return None
    plan = approved_plan(case)
    due = plan.end if plan is not None else case.payment_due
    if due is None:
        return None
    return late_surcharge(
        penalty.fine,
        due,
        as_of,
        pauses=remedy_pauses(case),
        rate_notified=case.surcharge_rate_notified,
    )


def outstanding(case: Case, as_of: date, *, extra_paid: Decimal = ZERO) -> Decimal:
    """Fine (and confiscated gains) plus surcharge, less what was paid."""
    decision = decision_of(case)
    penalty = penalty_from_json(decision.penalty) if decision else None
    owed = money_owed(penalty)
    surcharge = surcharge_of(case, as_of)
    if surcharge is not None:
        owed += surcharge.amount
    left = owed - paid_total(case) - extra_paid
    return left if left > 0 else ZERO


def court_window(case: Case, decision: Decision | None) -> tuple[date, date] | None:
    """The A22 window: 3 months after the party's period to challenge ran out (or the plan's end)."""
    if decision is None or decision.served_on is None or case.has_execution_power:
        return None
    cal = calendar()
    end = litigation_period_end(
        decision.served_on,
        onspot=case.procedure == Procedure.SUMMARY.value,
        add_natural_days=cal.add_natural_days,
        add_months=cal.add_months,
    )
    plan = approved_plan(case)
    window = court_enforcement_window(
        end, add_months=cal.add_months, plan_end=plan.end if plan else None
    )
    return (window.start, window.end)


def _due(case: Case, code: str) -> date | None:
    entry = open_deadline_map(case).get(code)
    return date.fromisoformat(entry["due"][:10]) if entry else None


def case_facts(case: Case, *, as_of: date, proposal: Proposal | None = None) -> CaseFacts:
    """The core snapshot of `case` (INTERFACE.md mapping); `proposal` is this step's input."""
    if proposal is None:
        return _memo(("facts", case.pk, as_of), lambda: _case_facts(case, as_of, Proposal()))
    return _case_facts(case, as_of, proposal)


def _case_facts(case: Case, as_of: date, proposal: Proposal) -> CaseFacts:
    proposal = proposal or Proposal()
    party = case.party
    notice = current_notice(case)
    hearing = current_hearing(case)
    review = latest_review(case)
    deliberation = current_deliberation(case)
    decision = decision_of(case)
    plan = latest_plan(case)
    proposed_fine = proposal.penalty.fine if proposal.penalty is not None else None
    evidence = _memo(
        ("evidence_records", case.pk),
        lambda: Document.objects.filter(case=case, kind__in=EVIDENCE_KINDS).count(),
    ) + evidence_items(case)
    triggers = CaseTriggers(
        **{k: bool(v) for k, v in (case.triggers or {}).items() if k in TRIGGER_FIELDS}
    )
    decided = penalty_from_json(decision.penalty) if decision else None
    return CaseFacts(
        state=State(case.state),
        procedure=Procedure(case.procedure) if case.procedure else None,
        party_kind=PartyKind(party.kind) if party else PartyKind.PERSON,
        officers=officer_facts(case),
        lead_received_on=case.lead_received_on,
        violation_ended_on=case.violation_date,
        limitation_years=case.limitation_years,
        filed_on=case.filed_on,
        decision_due=decision_due_of(case),
        decision_period_extended=decision_period_extended(case),
        last_step_on=case.last_step_on,
        evidence_count=evidence,
        active_measures=active_measures(case),
        report_unit_reviewed=case.report_unit_reviewed,
        crime_report_on=case.crime_report_on,
        large_amounts=large_amounts(case, as_of),
        triggers=triggers,
        recommendation=recommendation_range(case),
        recommended_outcome=str((case.recommendation or {}).get("outcome") or ""),
        open_deadlines=frozenset(open_deadline_map(case)),
        notice=NoticeFacts(
            penalty=penalty_from_json(notice.penalty),
            served_on=notice.served_on,
            hearing_offered=notice.hearing_offered,
            hearing_request_due=notice_windows(notice).get("A10_hearing_request"),
            statement_due=notice_windows(notice).get("A12_statement"),
            statement_recorded=notice.statement_recorded,
            statement_waived=notice.statement_waived,
            new_facts_since_notice=notice.new_facts_since,
        )
        if notice
        else NoticeFacts(),
        hearing=HearingFacts(
            requested_on=hearing.requested_on,
            waived=hearing.waived,
            scheduled_on=hearing.scheduled_on,
            chair_id=str(hearing.chair_id) if hearing.chair_id else None,
            held_on=hearing.held_on,
            terminated_on=hearing.terminated_on,
        )
        if hearing
        else HearingFacts(),
        review=ReviewFacts(ReviewStatus(review.status), frozenset(review.checklist))
        if review
        else ReviewFacts(),
        deliberation=DeliberationFacts(
            DeliberationStatus(deliberation.status),
            Resolution(deliberation.resolution) if deliberation.resolution else None,
        )
        if deliberation
        else DeliberationFacts(),
        decision=DecisionFacts(
            penalty=decided,
            decided_on=decision.decided_on if decision else None,
            no_penalty=bool(decision and decision.kind == "no_penalty"),
            service_due=decision.service_due if decision else None,
            served_on=decision.served_on if decision else None,
            correction_required=decision.correction_required if decision else True,
            deviation_approved=deviation_for_amount(case, proposed_fine) is not None,
            party_address_confirmed=bool(party and party.e_service_confirmed),
        ),
        performance=PerformanceFacts(
            payment_due=case.payment_due,
            outstanding=outstanding(case, as_of) if decision else ZERO,
            surcharge_rate_notified=case.surcharge_rate_notified,
            remedy_pending=any(r.ended_on is None for r in _remedies(case)),
            remedy_pauses=remedy_pauses(case),
            deferral_applied_on=plan.applied_on if plan else None,
            plan_end=plan.end if plan else None,
            surcharge_from=surcharge_start(case),
            missed_instalment_due=missed_instalment_due(case, as_of),
            demand_served_on=case.demand_served_on,
            demand_wait_ends=case.demand_wait_ends,
            court_window=court_window(case, decision),
            has_execution_power=case.has_execution_power,
            court_accepted_on=case.court_accepted_on,
            court_enforcement_finished=case.court_enforcement_finished_on is not None,
            execution_suspended_on=case.execution_suspended_on,
            onspot_filed=case.onspot_filed,
            crime_handed_over_on=case.crime_handed_over_on,
        ),
        proposal=proposal,
    )


# --- what a user may do -------------------------------------------------------------------------

# Refusals that only say "the form is not filled in yet": a page asks for these inputs, so they do
# not block the button (the step re-checks everything when submitted).
INPUT_REFUSALS = frozenset(
    {
        "penalty_missing",
        "summary_no_penalty",
        "reason_missing",
        "hearing_date_missing",
        "hearing_earliest_missing",
        "hearing_chair_missing",
        "service_method_unknown",
        "deliberation_attendees",
        "deliberation_no_resolution",
        "review_checklist_incomplete",
        "reviewer_not_qualified",
        "onspot_steps_missing",
        "collect_no_ground",
        "collect_no_receipt",
        "fine_no_statutory_range",
        "not_paid_in_full",
    }
)

# The inputs each step's form asks for (names of `services.fire_step` keyword inputs).
FORMS: dict[str, tuple[str, ...]] = {
    "decide_on_spot": ("penalty", "onspot_steps", "service_method"),
    "collect_on_spot": ("collection_ground", "receipt_issued"),
    "decline_filing": ("reason",),
    "terminate_investigation": ("reason",),
    "transfer_to_agency": ("reason", "to_agency"),
    "submit_report": ("summary",),
    "return_report": ("reason",),
    "serve_rights_notice": ("penalty", "service_method"),
    "record_statement": ("text",),
    "schedule_hearing": ("hearing_date", "chair"),
    "postpone_hearing": ("reason",),
    "reschedule_hearing": ("hearing_date",),
    "suspend_hearing": ("reason",),
    "resume_hearing": ("hearing_date",),
    "hold_hearing": ("record",),
    "terminate_hearing": ("reason",),
    "pass_legal_review": ("checklist", "opinion"),
    "return_review_for_investigation": ("reason",),
    "return_review_for_report": ("reason",),
    "resolve_deliberation": ("attendees", "opinions", "resolution"),
    "extend_decision_period": ("reason",),
    "decide_penalty": ("penalty",),
    "decide_no_penalty": ("reason",),
    "serve_decision": ("service_method", "address", "recipient"),
    "record_payment": ("amount", "reference"),
    "issue_demand": ("service_method",),
    "decide_execution": ("executed_at", "emergency_ground", "demolition"),  # ACL Art. 43
    "resume_execution": ("executed_at", "emergency_ground", "demolition"),
    "suspend_execution": ("reason",),
    "terminate_execution": ("reason",),
    "close_case": ("summary",),
}


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    allowed: bool
    refusals: tuple[dict, ...] = ()
    form: tuple[str, ...] = ()


def actions_for(user, case: Case, as_of: date | None = None) -> list[Action]:
    """What `user` may do on `case` now (the core's `available`): each with the reasons it is
    blocked; input-only refusals are dropped since the form asks for them."""
    as_of = as_of or today()
    roles = roles_for(user, case, as_of)
    if not roles:
        return []
    facts = case_facts(case, as_of=as_of)
    out = []
    for option in available(facts, roles, as_of):
        blocking = tuple(
            {"code": r.code, "message": r.message, "article": r.article}
            for r in option.refusals
            if r.code not in INPUT_REFUSALS
        )
        out.append(
            Action(option.code, option.label, not blocking, blocking, FORMS.get(option.code, ()))
        )
    return out


def available_actions(user, case: Case, as_of: date | None = None) -> list[Action]:
    """The page's name for `actions_for`: the transitions offered, from the core's `available`."""
    return actions_for(user, case, as_of)


@dataclass(frozen=True)
class FactAction:
    code: str
    label: str
    allowed: bool
    refusals: tuple[dict, ...] = ()


def facts_for(user, case: Case, as_of: date | None = None) -> list[FactAction]:
    """The facts beside the transitions (waivers, receipts) `user` may record on `case` now, from
    the core's table the fact services follow (zhifa.core.procedure.recorded_facts)."""
    from zhifa.core.procedure.recorded_facts import fact_options

    as_of = as_of or today()
    roles = roles_for(user, case, as_of)
    if not roles:
        return []
    facts = case_facts(case, as_of=as_of)
    return [
        FactAction(
            o.code,
            o.label,
            o.allowed,
            tuple({"code": r.code, "message": r.message, "article": r.article} for r in o.refusals),
        )
        for o in fact_options(facts, roles, as_of)
    ]


# The states in which the work beside the transitions may be done (the services' own checks:
# `record_investigation_record`, `assign_officers`, `request_recusal`, `update_case_details`).
RECORD_STATES = frozenset({State.LEAD, State.FILED, State.INVESTIGATION})
ENDED_STATES = frozenset({State.CLOSED, State.ARCHIVED, State.NOT_FILED})


def tasks_for(user, case: Case, as_of: date | None = None) -> frozenset[str]:
    """The non-transition tasks `user` may start on `case` now: "details", "assign", "evidence"
    (an investigation record), "recusal", "deviation" — none that its service would refuse for
    the role or the state."""
    as_of = as_of or today()
    roles = roles_for(user, case, as_of)
    officer, head = Role.OFFICER.value in roles, Role.AGENCY_HEAD.value in roles
    state = State(case.state)
    decided = decision_of(case) is not None
    out: set[str] = set()
    if (officer or head) and state not in ENDED_STATES:
        out |= {"assign", "recusal"}
        if not decided:
            out.add("details")
    if officer and state in RECORD_STATES:
        out.add("evidence")
    if head and case.recommendation and not decided:
        out.add("deviation")
    return frozenset(out)


def may_register_lead(user) -> bool:
    """Leads are recorded by the agency's officers or its head (the rule `create_lead` checks):
    other roles (supervisors, reviewers, administrators) are not offered the form."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_officer or user.is_agency_head)
        and user.agency_id is not None
    )


def record_documents(case: Case) -> QuerySet[Document]:
    """Investigation records made on the case (询问笔录 …): evidence beside the uploaded items."""
    return case.documents.filter(kind__in=EVIDENCE_KINDS).order_by("id")


def report_step(case: Case) -> StepRecord | None:
    """The latest investigation report submitted (its summary is what heads approve)."""
    return case.steps.filter(code="submit_report").order_by("-id").first()


# --- timeline and lists ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    at: Any
    event_type: str
    label: str
    actor_name: str
    payload: dict = field(default_factory=dict)


def case_timeline(case: Case) -> list[TimelineItem]:
    """The case's journal entries, oldest first."""
    entries = JournalEntry.objects.filter(
        subject_type=Case._meta.label_lower, subject_id=str(case.pk)
    ).order_by("occurred_at", "id")
    out = []
    for e in entries:
        try:
            payload = json.loads(e.payload)
        except ValueError:
            payload = {}
        out.append(TimelineItem(e.occurred_at, e.event_type, e.event_label, e.actor_name, payload))
    return out


def case_documents(case: Case) -> QuerySet[Document]:
    return case.documents.order_by("id")


def case_steps(case: Case) -> QuerySet[StepRecord]:
    return case.steps.select_related("actor").order_by("id")


def case_payments(case: Case) -> QuerySet[Payment]:
    return case.payments.order_by("id")


def open_deadlines(case: Case) -> list[dict]:
    """The case's open deadlines, soonest first: code, label, due, start, unit, basis."""
    from zhifa.core.time_limits import registry

    reg = registry()
    out = []
    for code, entry in open_deadline_map(case).items():
        try:
            title = reg.get(code).title
        except Exception:
            title = code
        out.append({"code": code, "label": title, **entry})
    return sorted(out, key=lambda d: d["due"])


PASSED_IN = dl.PASSED_IN


# --- guard inputs changed with a reason (issue 9, defect 14) ---------------------------------------

GUARD_INPUT_LABELS = {
    "limitation_years": "追责时效",
    "triggers": "案件情节标记",
    "has_execution_power": "本机关有行政强制执行权",
    "surcharge_rate_notified": "已告知加处罚款标准",
}


def guard_input_changes(case: Case) -> list[dict]:
    """Every change after filing of an input the guards rely on, from the journal: when, who,
    which fields and the reason given (for the case page). Not scoped: the caller reached `case`
    through its own scoped selector."""
    rows = JournalEntry.objects.filter(
        subject_type="cases.case", subject_id=str(case.pk), event_type="case.details_updated"
    ).order_by("seq")
    out = []
    for entry in rows:
        payload = json.loads(entry.payload)
        fields = payload.get("guard_inputs_changed") or ()
        if fields:
            out.append(
                {
                    "at": entry.occurred_at,
                    "actor": entry.actor_name,
                    "fields": [GUARD_INPUT_LABELS.get(f, f) for f in fields],
                    "reason": payload.get("reason", ""),
                }
            )
    return out


# --- what a step's snapshot need not read (issue 8 item 2, issue 15 item 5) -----------------------
#
# Most steps happen before the case has a notice, hearing, review, deliberation, decision, plan or
# remedy: the snapshot asked for each with a query of its own and found nothing. `with_presence`
# asks the locked case's row for all of them at once; `prime_absent` records the absent ones in the
# current snapshot scope, so the snapshot reads only what exists.

_PRESENCE = {  # annotation → (memo key name, the value an absent one stands for)
    "has_notice": ("notice", None),
    "has_hearing": ("hearing", None),
    "has_review": ("review", None),
    "has_deliberation": ("deliberation", None),
    "has_decision": ("decision", None),
    "has_plans": ("plans", []),
    "has_remedies": ("remedies", []),
}


def with_presence(qs: QuerySet[Case]) -> QuerySet[Case]:
    from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery

    from .models import Deliberation, Hearing, LegalReview, Notice, RemedyPeriod

    case = OuterRef("pk")
    records = (
        Document.objects.filter(case=case, kind__in=EVIDENCE_KINDS)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        has_notice=Exists(Notice.objects.filter(case=case, current=True)),
        has_hearing=Exists(Hearing.objects.filter(case=case, current=True)),
        has_review=Exists(LegalReview.objects.filter(case=case)),
        has_deliberation=Exists(Deliberation.objects.filter(case=case, current=True)),
        has_decision=Exists(Decision.objects.filter(case=case)),
        has_plans=Exists(PaymentPlan.objects.filter(case=case)),
        has_remedies=Exists(RemedyPeriod.objects.filter(case=case)),
        evidence_records=Subquery(records, output_field=IntegerField()),
    )


def prime_absent(case: Case) -> None:
    """Inside a snapshot scope: what `with_presence` found absent is not read again."""
    from .snapshot import _SCOPE

    memo = _SCOPE.get()
    if memo is None or not hasattr(case, "has_notice"):
        return
    for attr, (name, empty) in _PRESENCE.items():
        if not getattr(case, attr):
            memo.setdefault((name, case.pk), empty)
    memo.setdefault(("evidence_records", case.pk), case.evidence_records or 0)
