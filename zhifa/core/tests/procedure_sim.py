"""An in-memory case that applies `Outcome`s the way the cases app will, for scenario tests.

It is the executable reference for INTERFACE.md: how each effect changes the snapshot, and how an
opening becomes a due date with the working-day calendar and the time-limit registry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from zhifa.core.calendar import WorkingDayCalendar
from zhifa.core.procedure import (
    CaseFacts,
    DeliberationFacts,
    DeliberationStatus,
    HearingFacts,
    Outcome,
    Proposal,
    ReviewStatus,
    fire,
)
from zhifa.core.procedure import deadlines as dl

from .procedure_cases import upd

D = date
# The State Council's 2024 holiday notice (国办发明电〔2023〕7号): holidays and make-up days.
CAL_2024 = WorkingDayCalendar.build(
    holidays=[
        D(2024, 1, 1),
        *(D(2024, 2, d) for d in range(10, 18)),
        *(D(2024, 4, d) for d in (4, 5, 6)),
        *(D(2024, 5, d) for d in range(1, 6)),
        D(2024, 6, 10),
        *(D(2024, 9, d) for d in (15, 16, 17)),
        *(D(2024, 10, d) for d in range(1, 8)),
    ],
    makeup_workdays=[
        D(2024, 2, 4),
        D(2024, 2, 18),
        D(2024, 4, 7),
        D(2024, 4, 28),
        D(2024, 5, 11),
        D(2024, 9, 14),
        D(2024, 9, 29),
        D(2024, 10, 12),
    ],
    published_years=[2024],
)

_REGISTRY = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "time_limits.json").read_text("utf-8")
)
RULES = {r["code"]: r["versions"][-1] for r in _REGISTRY["rules"]}


@dataclass
class SimCase:
    facts: CaseFacts
    calendar: WorkingDayCalendar = CAL_2024
    deadlines: dict[str, date] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    log: list[Outcome] = field(default_factory=list)

    def do(self, code: str, roles: set[str] | str, on: date, **changes) -> Outcome:
        """Fire `code` with `changes` (the step's proposal and new facts), then apply it."""
        roles = {roles} if isinstance(roles, str) else roles
        before = upd(self.facts, **changes)
        out = fire(code, before, roles, on)
        self.log.append(out)
        self.documents += [d.kind for d in out.documents]
        for code_ in out.closes:
            if code_ == dl.ALL:
                self.deadlines.clear()
            self.deadlines.pop(code_, None)
        for o in out.opens:
            if o.due is not None:
                self.deadlines[o.code] = o.due
            else:
                rule = RULES[o.code]
                start = o.start
                if rule["unit"] == "hours":  # the app passes the time of the act; noon here
                    start = datetime.combine(start, time(12, 0))
                self.deadlines[o.code] = self.calendar.add(start, rule["amount"], rule["unit"]).due
        facts = replace(before, state=out.to_state, procedure=out.procedure, last_step_on=on)
        for effect in out.effects:
            facts = EFFECTS.get(effect, lambda f, o, s: f)(facts, out, self)
        self.facts = replace(facts, proposal=Proposal())
        return out


EFFECTS = {
    "record_filed_on": lambda f, o, s: replace(
        f, filed_on=o.as_of, decision_due=s.deadlines[dl.A13_DECISION]
    ),
    "record_decided_penalty": lambda f, o, s: upd(
        f,
        decision={
            "penalty": f.proposal.penalty,
            "decided_on": o.as_of,
            "service_due": s.deadlines.get(dl.A14_DECISION_SERVICE),
        },
    ),
    "record_decision_served_on_the_spot": lambda f, o, s: upd(f, decision={"served_on": o.as_of}),
    "record_onspot_filed": lambda f, o, s: upd(f, performance={"onspot_filed": True}),
    "record_report_unit_reviewed": lambda f, o, s: replace(f, report_unit_reviewed=True),
    "clear_report_unit_reviewed": lambda f, o, s: replace(f, report_unit_reviewed=False),
    "record_notified_penalty": lambda f, o, s: upd(
        f,
        notice={
            "penalty": f.proposal.penalty,
            "served_on": o.as_of,
            "new_facts_since_notice": False,
        },
    ),
    "record_hearing_offered": lambda f, o, s: upd(
        f,
        notice={
            "hearing_offered": dl.A10_HEARING_REQUEST in {x.code for x in o.opens},
            "hearing_request_due": s.deadlines.get(dl.A10_HEARING_REQUEST),
            "statement_due": s.deadlines.get(dl.A12_STATEMENT),
        },
    ),
    "reset_party_responses": lambda f, o, s: upd(
        f, notice={"statement_recorded": False, "statement_waived": False}, hearing=HearingFacts()
    ),
    "record_statement": lambda f, o, s: upd(f, notice={"statement_recorded": True}),
    "record_hearing_requested": lambda f, o, s: upd(f, hearing={"requested_on": o.as_of}),
    "record_hearing_schedule": lambda f, o, s: upd(
        f,
        hearing={
            "scheduled_on": f.proposal.hearing_date,
            "chair_id": f.proposal.hearing_chair_id or f.hearing.chair_id,
        },
    ),
    "record_hearing_held": lambda f, o, s: upd(f, hearing={"held_on": o.as_of}),
    "record_hearing_terminated": lambda f, o, s: upd(f, hearing={"terminated_on": o.as_of}),
    "record_review_pending": lambda f, o, s: upd(f, review={"status": ReviewStatus.PENDING}),
    "record_review_passed": lambda f, o, s: upd(f, review={"status": ReviewStatus.PASSED}),
    "record_review_failed": lambda f, o, s: upd(f, review={"status": ReviewStatus.FAILED}),
    "record_deliberation_pending": lambda f, o, s: replace(
        f, deliberation=DeliberationFacts(DeliberationStatus.PENDING)
    ),
    "record_resolution": lambda f, o, s: replace(
        f, deliberation=DeliberationFacts(DeliberationStatus.RESOLVED, f.proposal.resolution)
    ),
    "clear_deliberation": lambda f, o, s: replace(f, deliberation=DeliberationFacts()),
    "record_decision_period_extended": lambda f, o, s: replace(
        f, decision_period_extended=True, decision_due=s.deadlines[dl.A13_DECISION_EXTENSION]
    ),
    "record_no_penalty": lambda f, o, s: upd(
        f,
        decision={
            "no_penalty": True,
            "penalty": None,
            "decided_on": o.as_of,
            "service_due": s.deadlines.get(dl.A14_DECISION_SERVICE),
        },
    ),
    "release_measures": lambda f, o, s: replace(f, active_measures=0),
    "record_decision_served": lambda f, o, s: upd(f, decision={"served_on": o.as_of}),
    "record_payment_plan": lambda f, o, s: upd(
        f, performance={"plan_end": s.deadlines[dl.A20_PLAN_END]}
    ),
    "record_payment": lambda f, o, s: upd(f, performance={"outstanding": Decimal(0)}),
    "record_demand_served": lambda f, o, s: upd(
        f,
        performance={
            "demand_served_on": o.as_of,
            "demand_wait_ends": s.deadlines[dl.A21_DEMAND_WAIT],
        },
    ),
    "record_execution_suspended": lambda f, o, s: upd(
        f, performance={"execution_suspended_on": o.as_of}
    ),
}
