"""The transition table: every row fires from a ready case; everything outside the table raises."""

from __future__ import annotations

import json
from collections import deque
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from zhifa.core.procedure import (
    TABLE,
    TERMINAL_STATES,
    GuardRefused,
    IllegalTransition,
    ProcedureError,
    Role,
    RoleNotAllowed,
    State,
    UnknownTransition,
    available,
    fire,
)
from zhifa.core.procedure import deadlines as dl
from zhifa.core.procedure.documents import DOCUMENT_KINDS, STANDARD_FORMS
from zhifa.core.procedure.table import START_DATES

from .procedure_cases import AS_OF, READY, ready, upd

CODES = sorted(TABLE)


def test_every_transition_has_a_ready_case():
    assert set(READY) == set(TABLE)


@pytest.mark.parametrize("code", CODES)
def test_every_row_fires_from_its_ready_case(code):
    # given a case that satisfies every guard of the transition
    facts, roles, as_of = ready(code)
    # when an actor with its roles fires it
    outcome = fire(code, facts, roles, as_of)
    # then the case moves to the declared state and the outcome names the row's products
    t = TABLE[code]
    assert outcome.to_state == t.target_from(facts.state)
    assert outcome.transition == code and outcome.article == t.article
    assert {d.kind for d in outcome.documents} <= {p.kind for p in t.produces}
    assert outcome.closes == t.closes
    assert all(o.start is not None or o.due is not None for o in outcome.opens)


@pytest.mark.parametrize("code", CODES)
def test_every_other_state_is_an_illegal_source(code):
    facts, roles, as_of = ready(code)
    t = TABLE[code]
    for state in State:
        if state in t.sources:
            continue
        with pytest.raises(IllegalTransition) as err:
            fire(code, upd(facts, state=state), roles, as_of)
        assert err.value.code == "procedure_illegal_transition"
        assert err.value.details["state"] == state.value


@pytest.mark.parametrize("code", CODES)
def test_every_other_role_is_refused(code):
    facts, _, as_of = ready(code)
    others = {r.value for r in Role} - {r.value for r in TABLE[code].roles}
    for role in others:
        with pytest.raises(RoleNotAllowed) as err:
            fire(code, facts, {role}, as_of)
        assert err.value.code == "procedure_role_not_allowed"
    with pytest.raises(RoleNotAllowed):
        fire(code, facts, set(), as_of)


@pytest.mark.parametrize("code", CODES)
def test_a_transition_outside_its_procedure_is_illegal(code):
    facts, roles, as_of = ready(code)
    t = TABLE[code]
    from zhifa.core.procedure import Procedure

    for procedure in (None, Procedure.GENERAL, Procedure.SUMMARY):
        if procedure in t.procedures:
            continue
        with pytest.raises(IllegalTransition):
            fire(code, upd(facts, procedure=procedure), roles, as_of)


def test_unknown_transition():
    facts, roles, as_of = ready("file_case")
    with pytest.raises(UnknownTransition) as err:
        fire("skip_to_decision", facts, roles, as_of)
    assert err.value.code == "procedure_unknown_transition"
    assert isinstance(err.value, InvalidInput)


def test_errors_map_to_the_shared_error_classes():
    # the API maps these classes to HTTP statuses; the codes are stable
    assert issubclass(IllegalTransition, Conflict) and issubclass(IllegalTransition, ProcedureError)
    assert issubclass(RoleNotAllowed, PermissionDenied)
    assert issubclass(UnknownTransition, InvalidInput)


# --- the graph -------------------------------------------------------------------------------


def _edges(exclude: frozenset[State] = frozenset()):
    for t in TABLE.values():
        for source in t.sources:
            target = t.target_from(source)
            if source not in exclude and target not in exclude:
                yield source, target


def _reachable(start: State, exclude: frozenset[State] = frozenset()) -> set[State]:
    edges = list(_edges(exclude))
    seen, todo = {start}, deque([start])
    while todo:
        s = todo.popleft()
        for a, b in edges:
            if a == s and b not in seen:
                seen.add(b)
                todo.append(b)
    return seen


def test_every_state_is_reachable_from_a_lead():
    assert _reachable(State.LEAD) == set(State)


def test_every_state_but_the_terminal_ones_has_a_way_out():
    leaving = {a for a, b in _edges() if a != b}
    assert set(State) - leaving == set(TERMINAL_STATES)


def test_every_open_case_can_still_reach_archive_or_not_filed():
    for state in State:
        assert _reachable(state) & TERMINAL_STATES, state


STRUCTURAL_ROWS = [
    # (state that must not be reachable, without passing through, why)
    (State.DECIDED_PENALTY, State.FILED, "general decision only after filing (APL Art. 54)"),
    (State.HEARING_HELD, State.HEARING_SCHEDULED, "no hearing without its notice (APL Art. 64)"),
    (State.LEGAL_REVIEW_PASSED, State.LEGAL_REVIEW, "passed only by review (APL Art. 58)"),
    (State.ARCHIVED, State.CLOSED, "archive only after closing (TEPP Art. 122)"),
    (State.COURT_ENFORCEMENT, State.DEMAND_ISSUED, "court only after a demand (ACL Art. 54)"),
    (
        State.COMPULSORY_EXECUTION,
        State.DEMAND_ISSUED,
        "execution only after a demand (ACL Art. 35)",
    ),
]


@pytest.mark.parametrize(("target", "through", "why"), STRUCTURAL_ROWS)
def test_no_path_skips_a_mandatory_step(target, through, why):
    assert target not in _reachable(State.LEAD, exclude=frozenset({through})), why


@pytest.mark.parametrize("state", sorted(TABLE["decide_penalty"].sources))
def test_no_decision_from_any_source_without_the_notice(state):
    # The graph lets a re-reviewed or deliberated case reach a decision from several states;
    # the notice guard closes every one of them (APL Arts. 44, 62).
    facts, roles, as_of = ready("decide_penalty")
    facts = upd(facts, state=state, notice={"served_on": None, "penalty": None})
    with pytest.raises(GuardRefused) as err:
        fire("decide_penalty", facts, roles, as_of)
    assert "notice_not_served" in {r.code for r in err.value.refusals}


def test_onspot_decisions_only_from_a_lead():
    assert {a for a, b in _edges() if b == State.ONSPOT_DECIDED and a != b} == {State.LEAD}


# --- declarations are consistent -------------------------------------------------------------


def test_documents_and_deadlines_declared():
    registry = json.loads(
        (Path(__file__).resolve().parents[1] / "data" / "time_limits.json").read_text("utf-8")
    )
    known = {r["code"] for r in registry["rules"]} | dl.PASSED_IN | {dl.ALL}
    for t in TABLE.values():
        for p in t.produces:
            assert p.kind in DOCUMENT_KINDS, (t.code, p.kind)
        for o in t.opens:
            assert o.code in known, (t.code, o.code)
            assert o.start in START_DATES and (o.due is None or o.due in START_DATES)
            assert (o.due is not None) == (o.code in dl.PASSED_IN), (t.code, o.code)
        for code in t.closes:
            assert code in known, (t.code, code)


def test_the_24_standard_forms_are_all_there():
    assert sorted(STANDARD_FORMS) == list(range(1, 25))


def test_every_article_is_cited():
    for t in TABLE.values():
        assert t.article.strip(), t.code
        for guard in t.guards + t.advisories:
            assert guard.article.strip(), (t.code, guard.code)


# --- random walks: nothing but the table, and nothing but domain errors ------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(list(Role))), max_size=25),
    st.sampled_from(CODES),
)
def test_random_walks_follow_the_table(steps, start):
    # given a case ready for some transition; when random transitions are fired by random roles
    facts, _, as_of = ready(start)
    for code, role in steps:
        try:
            outcome = fire(code, facts, {role.value}, as_of)
        except DomainError as err:
            # then a refusal is always a domain error with a stable code, and nothing changed
            assert err.code and err.message
            continue
        # and every success is a declared edge
        t = TABLE[code]
        assert facts.state in t.sources and role in t.roles
        assert outcome.to_state == t.target_from(facts.state)
        facts = upd(facts, state=outcome.to_state, procedure=outcome.procedure)


def test_available_lists_only_what_the_role_may_fire_with_reasons():
    facts, _, _ = ready("decide_penalty")
    head = {o.code: o for o in available(facts, {"agency_head"}, AS_OF)}
    assert head["decide_penalty"].allowed
    assert "record_statement" not in head  # an officer's step
    blocked = available(upd(facts, notice={"statement_due": AS_OF}), {"agency_head"}, AS_OF)
    decide = next(o for o in blocked if o.code == "decide_penalty")
    assert not decide.allowed
    assert decide.refusals[0].code == "statement_window_open"


def test_interface_md_shows_the_current_table():
    # regenerate with: .venv/bin/python -m zhifa.core.procedure.render
    from zhifa.core.procedure.render import BEGIN, END, markdown_table

    text = (Path(__file__).resolve().parents[1] / "procedure" / "INTERFACE.md").read_text("utf-8")
    shown = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert shown == markdown_table()
