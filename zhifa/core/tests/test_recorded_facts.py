"""Facts recorded beside the transitions: offered to the right roles in the right states, refused
with a reason once recorded (one row per rule), and the phone numbers officers type."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.core.identifiers import phone_problem
from zhifa.core.procedure import State
from zhifa.core.procedure.recorded_facts import FACT_TABLE, fact_options, fact_refusals

from .procedure_cases import BASE, upd

AS_OF = date(2024, 3, 1)
CRIME = {"crime_report_on": None}
NOTIFIED = {"state": State.NOTIFIED, "notice": {"hearing_offered": True}}

# (fact, changes to BASE, refusal codes expected: empty means it may be recorded)
ROWS = [
    ("waive_statement", NOTIFIED, set()),
    ("waive_statement", {**NOTIFIED, "notice": {"statement_waived": True}}, {"fact_already_recorded"}),
    ("waive_statement", {"state": State.NOTIFIED, "notice": {"served_on": None}}, {"notice_not_served"}),
    ("waive_statement", {"state": State.INVESTIGATION}, {"procedure_illegal_transition"}),
    ("waive_hearing", NOTIFIED, set()),
    ("waive_hearing", {"state": State.NOTIFIED}, {"hearing_not_available"}),
    ("waive_hearing", {**NOTIFIED, "hearing": {"waived": True}}, {"fact_already_recorded"}),
    ("submit_crime_report", {"state": State.INVESTIGATION, **CRIME}, set()),
    ("submit_crime_report", {"state": State.INVESTIGATION}, {"fact_already_recorded"}),
    ("record_crime_handover", {"state": State.TRANSFERRED_TO_JUDICIARY}, set()),
    (
        "record_crime_handover",
        {"state": State.TRANSFERRED_TO_JUDICIARY, "performance": {"crime_handed_over_on": AS_OF}},
        {"fact_already_recorded"},
    ),
    ("record_court_acceptance", {"state": State.COURT_ENFORCEMENT}, set()),
    (
        "record_court_acceptance",
        {"state": State.COURT_ENFORCEMENT, "performance": {"court_accepted_on": AS_OF}},
        {"fact_already_recorded"},
    ),
    ("record_court_enforcement_finished", {"state": State.CLOSED}, set()),
    (
        "record_court_enforcement_finished",
        {"state": State.CLOSED, "performance": {"court_enforcement_finished": True}},
        {"fact_already_recorded"},
    ),
    ("record_court_acceptance", {"state": State.COURT_ENFORCEMENT, "last_step_on": date(2024, 3, 2)}, {"date_before_previous_step"}),
]  # fmt: skip


@pytest.mark.parametrize(("code", "changes", "codes"), ROWS)
def test_fact_refusals(code, changes, codes):
    facts = upd(BASE, **changes)
    assert {r.code for r in fact_refusals(code, facts, AS_OF)} == codes


def test_options_follow_roles_and_states():
    facts = upd(BASE, **NOTIFIED)
    officer = {o.code for o in fact_options(facts, {"officer"}, AS_OF)}
    head = {o.code for o in fact_options(facts, {"agency_head"}, AS_OF)}
    reviewer = fact_options(facts, {"legal_reviewer"}, AS_OF)
    assert officer == {"waive_statement", "waive_hearing"}
    assert head == set() and reviewer == ()
    court = upd(BASE, state=State.COURT_ENFORCEMENT)
    assert {o.code for o in fact_options(court, {"agency_head"}, AS_OF)} == {
        "record_court_acceptance",
        "record_court_enforcement_finished",
    }
    assert all(f.label and f.article for f in FACT_TABLE.values())


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("13800138000", True),
        ("138 0013 8000", True),
        ("+8613800138000", True),
        ("0571-87654321", True),
        ("(010)12345678", True),
        ("0571-87654321转123", True),
        ("4008123123", True),
        ("12800138000", False),  # no 12x mobile block
        ("1380013800", False),  # 10 digits
        ("87654321", False),  # landline without its area code
        ("abc", False),
        ("", False),
    ],
)
def test_phone_numbers(phone, ok):
    assert (phone_problem(phone) is None) is ok
