"""The 12328 work-order flow (工单流转) as a state table, duplicate likeness and the eight national
indicators — pure rules, no Django.

Stages: complaints-12328.md §4 (JT/T 1019.1-2016 §2.1.1: unified acceptance, classified transfer,
follow-up, reply, closure, sample return visit, archiving; an immediate answer at intake; the
centre sends sub-standard replies back for re-handling). Indicators: §6.1 (交办运〔2021〕60号; the
formulas are UNCONFIRMED in the spec, so each one is written out below and kept in one place).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher

# --- states, actions, sides --------------------------------------------------------------------

RECEIVED = "received"  # 受理（统一受理）
ANSWERED = "answered"  # 即时答复
TRANSFERRED = "transferred"  # 已转办，待承办单位签收
ACCEPTED = "accepted"  # 承办单位已签收
IN_PROGRESS = "in_progress"  # 办理中
REPLIED = "replied"  # 已答复诉求人，待办结审核
RETURNED = "returned"  # 审核退回重办
CLOSED = "closed"  # 审核办结
VISITED = "visited"  # 已回访
ARCHIVED = "archived"  # 已归档

STATES = (
    RECEIVED,
    ANSWERED,
    TRANSFERRED,
    ACCEPTED,
    IN_PROGRESS,
    REPLIED,
    RETURNED,
    CLOSED,
    VISITED,
    ARCHIVED,
)

# Who acts: the centre is the agency that took the order in (受理机构, the 12328 centre of the
# city or province); the unit is the agency the order is transferred to (承办单位).
CENTRE, UNIT = "centre", "unit"

ENQUIRY, COMPLAINT, SUGGESTION, PRAISE = "enquiry", "complaint", "suggestion", "praise"
CATEGORIES = (ENQUIRY, COMPLAINT, SUGGESTION, PRAISE)

SATISFIED, BASICALLY_SATISFIED, DISSATISFIED = "satisfied", "basically_satisfied", "dissatisfied"
RATINGS = (SATISFIED, BASICALLY_SATISFIED, DISSATISFIED)


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: tuple[str, ...]
    target: str
    side: str


ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        # §4 "answer enquiries at once where possible, otherwise transfer to the responsible unit"
        Action("answer", "即时答复", (RECEIVED,), ANSWERED, CENTRE),
        Action("transfer", "转办", (RECEIVED,), TRANSFERRED, CENTRE),
        # routing down the tree: a unit that is not competent passes the order to its subordinate
        Action("reroute", "转交下级单位", (TRANSFERRED,), TRANSFERRED, UNIT),
        Action("accept", "签收", (TRANSFERRED,), ACCEPTED, UNIT),
        Action("handle", "开始办理", (ACCEPTED, RETURNED), IN_PROGRESS, UNIT),
        # §4 "the handling unit must reply promptly with the result"
        Action("reply", "答复诉求人", (IN_PROGRESS,), REPLIED, UNIT),
        # §4 "review and closure … the centre sends back sub-standard replies for re-handling"
        Action("close", "审核办结", (REPLIED,), CLOSED, CENTRE),
        Action("send_back", "退回重办", (REPLIED,), RETURNED, CENTRE),
        # §4 step 6 "sample return visits"; satisfaction recorded there (§6.1 indicators 3, 8)
        Action("visit", "回访", (ANSWERED, CLOSED), VISITED, CENTRE),
        # §6.1 indicator 5 "bad-rating rectification" (差评整改): the unit acts on a bad rating
        Action("rectify", "差评整改", (VISITED,), VISITED, UNIT),
        # §4 step 7 "work-order archiving"
        Action("archive", "归档", (ANSWERED, CLOSED, VISITED), ARCHIVED, CENTRE),
    )
}

STATE_LABELS = {
    RECEIVED: "已受理",
    ANSWERED: "已即时答复",
    TRANSFERRED: "已转办",
    ACCEPTED: "承办单位已签收",
    IN_PROGRESS: "办理中",
    REPLIED: "已答复，待审核",
    RETURNED: "退回重办",
    CLOSED: "已办结",
    VISITED: "已回访",
    ARCHIVED: "已归档",
}


class FlowError(ValueError):
    """An action the table does not allow from the order's state (the service turns it into a
    DomainError with a Chinese message)."""


def next_state(state: str, action: str) -> str:
    """The state after `action`, or FlowError."""
    act = ACTIONS.get(action)
    if act is None:
        raise FlowError(f"unknown action {action!r}")
    if state not in act.sources:
        raise FlowError(f"{action} not allowed from {state}")
    return act.target


def actions_from(state: str) -> list[Action]:
    return [a for a in ACTIONS.values() if state in a.sources]


# --- clocks (per-province configuration, no national default: spec §5) -----------------------

CLOCK_TRANSFER = "transfer"  # from receipt: answered or transferred
CLOCK_ACCEPT = "accept"  # from transfer: the unit signs for the order
CLOCK_CLOSE = "close"  # from transfer: the unit replies (限时办结)
CLOCK_VISIT = "visit"  # from closure: the return visit
CLOCKS = (CLOCK_TRANSFER, CLOCK_ACCEPT, CLOCK_CLOSE, CLOCK_VISIT)


def missing_clocks(configured: Iterable[tuple[str, str]], category: str) -> list[str]:
    """The clocks a province has not configured for `category` (pairs of (category, clock))."""
    have = {clock for cat, clock in configured if cat == category}
    return [c for c in CLOCKS if c not in have]


# --- duplicates ----------------------------------------------------------------------------------

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """NFKC, lower case, punctuation and spaces dropped: "我 要投诉！" and "我要投诉" compare equal."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def likeness(a: str, b: str) -> float:
    """0..1, how alike two complaint texts are once normalised (difflib's ratio)."""
    a, b = normalise_text(a), normalise_text(b)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


DUPLICATE_LIKENESS = 0.8


def is_duplicate(a: str, b: str, threshold: float = DUPLICATE_LIKENESS) -> bool:
    return likeness(a, b) >= threshold


# --- the eight indicators of §6.1 ---------------------------------------------------------------


@dataclass(frozen=True)
class OrderFacts:
    """What an indicator needs of one work order (timestamps as dates are enough)."""

    category: str
    answered_at: date | datetime | None = None  # immediate answer
    transferred_at: date | datetime | None = None
    closed_at: date | datetime | None = None
    close_due: date | None = None
    visited_at: date | datetime | None = None
    rating: str = ""
    rechecked_at: date | datetime | None = None
    rectified_at: date | datetime | None = None


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    @property
    def percent(self) -> str:
        return "—" if self.value is None else f"{self.value * 100:.1f}%"


INDICATORS = (
    ("immediate_answer", "信息咨询类即时答复率"),
    ("non_complaint_on_time", "非投诉举报类限时办结率"),
    ("immediate_satisfaction", "即时答复满意率"),
    ("transfer_visit", "转办工单回访率"),
    ("bad_rating_rectified", "差评整改率"),
    ("complaint_on_time", "投诉举报类限时办结率"),
    ("complaint_recheck", "投诉举报类复核率"),
    ("complaint_visit_satisfaction", "投诉举报类回访满意率"),
)


def _day(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def _on_time(o: OrderFacts) -> bool:
    return o.closed_at is not None and o.close_due is not None and _day(o.closed_at) <= o.close_due


def _content(o: OrderFacts) -> bool:
    return o.rating in (SATISFIED, BASICALLY_SATISFIED)


def indicators(orders: Iterable[OrderFacts]) -> dict[str, Rate]:
    """The eight indicators of §6.1 over one unit's orders of one month (formulas UNCONFIRMED,
    spec §6.1: "share of …" as read from each indicator's name):

    1 enquiries answered at once / enquiries;
    2 transferred non-complaint orders closed by their due day / transferred non-complaint orders;
    3 rated immediate answers satisfied or basically satisfied / rated immediate answers;
    4 transferred orders closed and visited / transferred orders closed;
    5 dissatisfied ratings rectified / dissatisfied ratings;
    6 as 2 for complaint/report orders;
    7 complaint/report orders re-checked at closure review / transferred complaint/report orders;
    8 visited complaint/report orders satisfied or basically satisfied / visited complaint orders.
    """
    orders = list(orders)
    enquiries = [o for o in orders if o.category == ENQUIRY]
    answered = [o for o in orders if o.answered_at is not None]
    transferred = [o for o in orders if o.transferred_at is not None]
    non_complaint = [o for o in transferred if o.category != COMPLAINT]
    complaints = [o for o in transferred if o.category == COMPLAINT]
    rated_answers = [o for o in answered if o.rating]
    closed_transferred = [o for o in transferred if o.closed_at is not None]
    bad = [o for o in orders if o.rating == DISSATISFIED]
    visited_complaints = [o for o in complaints if o.visited_at is not None and o.rating]
    return {
        "immediate_answer": Rate(
            sum(1 for o in enquiries if o.answered_at is not None), len(enquiries)
        ),
        "non_complaint_on_time": Rate(sum(map(_on_time, non_complaint)), len(non_complaint)),
        "immediate_satisfaction": Rate(sum(map(_content, rated_answers)), len(rated_answers)),
        "transfer_visit": Rate(
            sum(1 for o in closed_transferred if o.visited_at is not None), len(closed_transferred)
        ),
        "bad_rating_rectified": Rate(sum(1 for o in bad if o.rectified_at is not None), len(bad)),
        "complaint_on_time": Rate(sum(map(_on_time, complaints)), len(complaints)),
        "complaint_recheck": Rate(
            sum(1 for o in complaints if o.rechecked_at is not None), len(complaints)
        ),
        "complaint_visit_satisfaction": Rate(
            sum(map(_content, visited_complaints)), len(visited_complaints)
        ),
    }


# --- tracking codes ------------------------------------------------------------------------------

# No 0/O, 1/I/L: read over the phone without confusion. 10 characters of 31: about 49 bits.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 10
_TRACKING = re.compile(rf"^[{TRACKING_ALPHABET}]{{{TRACKING_LENGTH}}}$")


def normalise_tracking_code(code: str) -> str | None:
    """The code as stored (upper case, spaces and hyphens dropped), or None when it cannot be one."""
    value = re.sub(r"[\s-]", "", (code or "")[:40]).upper()
    return value if _TRACKING.match(value) else None
