"""zhifa.core.remedies: filing and outcome checks, the outcome a decision stands on, what an outcome
asks of the agency, and the indicator counters (legal.md §H)."""

from datetime import date

import pytest

from zhifa.core.remedies import (
    REVERSING,
    Follow,
    Outcome,
    RemedyRow,
    check_filing,
    check_outcome,
    final_outcome,
    follow_ups,
    outcome_counters,
)

D = date
TODAY = D(2026, 10, 1)
DECIDED = D(2026, 9, 10)


@pytest.mark.parametrize(
    ("kind", "started", "decided", "pending", "problem"),
    [
        ("reconsideration", D(2026, 9, 20), DECIDED, False, None),
        ("litigation", DECIDED, DECIDED, False, None),  # the decision's own day is allowed
        ("appeal", D(2026, 9, 20), DECIDED, False, "bad_kind"),
        ("reconsideration", D(2026, 9, 20), None, False, "no_decision"),  # APL Art. 7
        ("reconsideration", D(2026, 9, 9), DECIDED, False, "before_decision"),
        ("litigation", D(2026, 10, 2), DECIDED, False, "in_future"),
        ("litigation", D(2026, 9, 20), DECIDED, True, "already_pending"),  # ARL Art. 29
    ],
)
def test_check_filing(kind, started, decided, pending, problem):
    assert (
        check_filing(
            kind=kind, started_on=started, decided_on=decided, pending=pending, today=TODAY
        )
        == problem
    )


@pytest.mark.parametrize(
    ("outcome", "ended", "problem"),
    [
        ("revoked", D(2026, 9, 30), None),
        ("quashed", D(2026, 9, 30), "bad_outcome"),
        ("upheld", D(2026, 9, 19), "before_filing"),
        ("upheld", D(2026, 10, 2), "in_future"),
    ],
)
def test_check_outcome(outcome, ended, problem):
    assert (
        check_outcome(outcome=outcome, started_on=D(2026, 9, 20), ended_on=ended, today=TODAY)
        == problem
    )


def R(outcome, ended, id_, kind="reconsideration"):
    return RemedyRow(kind, D(2026, 9, 1), ended, outcome, id_)


@pytest.mark.parametrize(
    ("rows", "standing"),
    [
        ([], ""),
        ([R("", None, 1)], ""),  # pending: no outcome yet
        ([R("upheld", D(2026, 9, 20), 1)], "upheld"),
        # reconsideration upheld, then the court revoked: the judgment stands
        (
            [R("upheld", D(2026, 9, 20), 1), R("revoked", D(2026, 12, 1), 2, "litigation")],
            "revoked",
        ),
        # the suit after the reconsideration was withdrawn: the reconsideration's outcome stands
        (
            [R("changed", D(2026, 9, 20), 1), R("withdrawn", D(2026, 11, 1), 2, "litigation")],
            "changed",
        ),
        ([R("withdrawn", D(2026, 9, 20), 1)], "withdrawn"),
        # a bare period ended without outcome does not count
        ([R("", D(2026, 9, 20), 1, "")], ""),
    ],
)
def test_final_outcome(rows, standing):
    assert final_outcome(rows) == standing


def test_follow_ups():
    # revoked: publication down (APL Art. 48 para 2), execution ended (ACL Art. 40), refund, redo
    assert follow_ups("revoked", published=True, executing=True, paid=True) == (
        Follow.WITHDRAW_PUBLICATION,
        Follow.TERMINATE_EXECUTION,
        Follow.REFUND,
        Follow.REDECIDE,
    )
    assert follow_ups("revoked", published=False, executing=False, paid=False) == (Follow.REDECIDE,)
    assert follow_ups("changed", published=True, executing=False, paid=True) == (
        Follow.WITHDRAW_PUBLICATION,
        Follow.PERFORM_AS_CHANGED,
    )
    # confirmed illegal: the decision stays, but its publication comes down
    assert follow_ups("confirmed_illegal", published=True, executing=True, paid=True) == (
        Follow.WITHDRAW_PUBLICATION,
    )
    for outcome in ("upheld", "withdrawn", "settled"):
        assert follow_ups(outcome, published=True, executing=True, paid=True) == ()


def test_counters_and_reversing():
    assert {
        Outcome.CHANGED,
        Outcome.REVOKED,
        Outcome.CONFIRMED_ILLEGAL,
        Outcome.CONFIRMED_VOID,
        Outcome.ORDERED_TO_PERFORM,
    } == REVERSING
    assert outcome_counters("") == dict.fromkeys(
        (
            "remedy_concluded",
            "remedy_upheld",
            "remedy_changed",
            "remedy_revoked",
            "remedy_reversed",
        ),
        0,
    )
    assert outcome_counters("confirmed_void") == {
        "remedy_concluded": 1,
        "remedy_upheld": 0,
        "remedy_changed": 0,
        "remedy_revoked": 1,
        "remedy_reversed": 1,
    }
    assert outcome_counters("withdrawn")["remedy_concluded"] == 1
    assert outcome_counters("withdrawn")["remedy_reversed"] == 0
    assert outcome_counters("upheld")["remedy_upheld"] == 1
