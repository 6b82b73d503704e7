"""The 12328 work-order table, duplicate likeness, tracking codes and the §6.1 indicators."""

from datetime import date

import pytest

from zhifa.core import complaint_flow as f

ALLOWED = [
    (f.RECEIVED, "answer", f.ANSWERED),
    (f.RECEIVED, "transfer", f.TRANSFERRED),
    (f.TRANSFERRED, "reroute", f.TRANSFERRED),
    (f.TRANSFERRED, "accept", f.ACCEPTED),
    (f.ACCEPTED, "handle", f.IN_PROGRESS),
    (f.RETURNED, "handle", f.IN_PROGRESS),
    (f.IN_PROGRESS, "reply", f.REPLIED),
    (f.REPLIED, "close", f.CLOSED),
    (f.REPLIED, "send_back", f.RETURNED),
    (f.CLOSED, "visit", f.VISITED),
    (f.ANSWERED, "visit", f.VISITED),
    (f.VISITED, "rectify", f.VISITED),
    (f.CLOSED, "archive", f.ARCHIVED),
    (f.VISITED, "archive", f.ARCHIVED),
    (f.ANSWERED, "archive", f.ARCHIVED),
]


@pytest.mark.parametrize(("state", "action", "target"), ALLOWED)
def test_allowed_moves(state, action, target):
    assert f.next_state(state, action) == target


def test_every_other_move_is_refused():
    allowed = {(s, a) for s, a, _ in ALLOWED}
    for state in f.STATES:
        for action in f.ACTIONS:
            if (state, action) not in allowed:
                with pytest.raises(f.FlowError):
                    f.next_state(state, action)
    with pytest.raises(f.FlowError):
        f.next_state(f.RECEIVED, "nonsense")


def test_archived_is_final_and_every_state_has_a_label():
    assert f.actions_from(f.ARCHIVED) == []
    assert set(f.STATE_LABELS) == set(f.STATES)


def test_missing_clocks_per_category():
    configured = [("complaint", c) for c in f.CLOCKS] + [("enquiry", "transfer")]
    assert f.missing_clocks(configured, "complaint") == []
    assert f.missing_clocks(configured, "enquiry") == ["accept", "close", "visit"]
    assert f.missing_clocks([], "praise") == list(f.CLOCKS)


@pytest.mark.parametrize(
    ("a", "b", "dup"),
    [
        ("出租车司机拒载，车牌浙A12345。", "出租车司机拒载 车牌浙A12345", True),
        (
            "出租车司机拒载，车牌浙A12345，在杭州东站。",
            "出租车司机拒载，车牌浙A12345，在杭州东站！！",
            True,
        ),
        ("出租车司机拒载", "公交车站牌损坏需要维修", False),
        ("", "任何内容", False),
    ],
)
def test_duplicate_likeness(a, b, dup):
    assert f.is_duplicate(a, b) is dup


def test_tracking_code_normalised_or_refused():
    assert f.normalise_tracking_code("abcd-efgh 23") == "ABCDEFGH23"
    assert f.normalise_tracking_code("ABCDEFGH2O") is None  # O is not in the alphabet
    assert f.normalise_tracking_code("' OR 1=1 --") is None
    assert f.normalise_tracking_code("") is None


def test_indicators_match_a_hand_count():
    d = date(2026, 3, 10)
    due = date(2026, 3, 20)
    late = date(2026, 3, 25)
    orders = [
        # three enquiries: two answered at once (rated satisfied, dissatisfied), one transferred
        f.OrderFacts("enquiry", answered_at=d, visited_at=d, rating="satisfied"),
        f.OrderFacts("enquiry", answered_at=d, visited_at=d, rating="dissatisfied", rectified_at=d),
        f.OrderFacts("enquiry", transferred_at=d, closed_at=d, close_due=due),
        # a suggestion closed late and visited
        f.OrderFacts(
            "suggestion",
            transferred_at=d,
            closed_at=late,
            close_due=due,
            visited_at=late,
            rating="basically_satisfied",
        ),
        # complaints: on time + rechecked + visited dissatisfied (not rectified); late + rechecked;
        # still open
        f.OrderFacts(
            "complaint",
            transferred_at=d,
            closed_at=d,
            close_due=due,
            rechecked_at=d,
            visited_at=d,
            rating="dissatisfied",
        ),
        f.OrderFacts(
            "complaint", transferred_at=d, closed_at=late, close_due=due, rechecked_at=late
        ),
        f.OrderFacts("complaint", transferred_at=d, close_due=due),
    ]
    got = {k: (r.numerator, r.denominator) for k, r in f.indicators(orders).items()}
    assert got == {
        "immediate_answer": (2, 3),
        "non_complaint_on_time": (1, 2),
        "immediate_satisfaction": (1, 2),
        "transfer_visit": (2, 4),
        "bad_rating_rectified": (1, 2),
        "complaint_on_time": (1, 3),
        "complaint_recheck": (2, 3),
        "complaint_visit_satisfaction": (0, 1),
    }
    assert [k for k, _ in f.INDICATORS] == list(got)
    assert f.Rate(0, 0).percent == "—"
    assert f.Rate(1, 3).percent == "33.3%"
