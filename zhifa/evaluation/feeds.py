"""The figures an evaluation scheme's automatic items and triggers are scored from.

One function per figure: (agency, start, end) → value for a unit (the agency and the units below
it, T3 Art. 11 "下级交通运输主管部门及其所属执法机构"), (officer, start, end) → value for an officer;
None when the period holds nothing to measure. Each is computed simply from the models that exist
today; when the indicators app (issue 13 item 1) keeps rollups, point these functions at it — the
scheme items name figures by the keys of FEEDS only. Never fine totals or counts of fines (B.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Q
from django.utils import timezone

from zhifa.core import evaluation as ev

CASE = "cases.case"


def _range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001")) if whole else None


def _under(agency, field: str = "agency") -> Q:
    return Q(**{f"{field}__path__startswith": agency.path})


# --- units ---------------------------------------------------------------------------------------


def overdue_rate(agency, start: date, end: date) -> Decimal | None:
    """Share of the deadlines falling due in the period that were met late or are still open past
    their day (APL Art. 60, TEPP Art. 78 and every other period the deadlines app keeps)."""
    from zhifa.deadlines.choices import DeadlineState
    from zhifa.deadlines.models import Deadline

    rows = Deadline.objects.filter(_under(agency), due__gte=start, due__lte=end).exclude(
        state=DeadlineState.CANCELLED
    )
    cutoff = min(end, timezone.localdate())  # an open period not yet past its day is not late
    total = late = 0
    for state, due, closed_at in rows.values_list("state", "due", "closed_at"):
        total += 1
        done = timezone.localdate(closed_at) if closed_at else None
        if (done and done > due) or (state == DeadlineState.OPEN and due < cutoff):
            late += 1
    return _rate(late, total)


def _decided(agency, start: date, end: date):
    from zhifa.cases.models import Decision

    return Decision.objects.filter(
        _under(agency, "case__agency"), decided_on__gte=start, decided_on__lte=end
    )


def legal_review_coverage(agency, start: date, end: date) -> Decimal | None:
    """Share of the cases decided in the period that went through legal review (APL Art. 58;
    TEPP Art. 71) with a passed opinion."""
    from zhifa.cases.choices import ReviewState
    from zhifa.cases.models import LegalReview

    decided = _decided(agency, start, end)
    total = decided.count()
    reviewed = (
        LegalReview.objects.filter(case_id__in=decided.values("case_id"), status=ReviewState.PASSED)
        .values("case_id")
        .distinct()
        .count()
    )
    return _rate(reviewed, total)


def complaint_rate(agency, start: date, end: date) -> Decimal | None:
    """Complaints (12328 category "complaint") received about the units in the period, per 100
    decisions made in it (T3 Art. 9(4), complaints-12328.md §6)."""
    from zhifa.complaints.models import Complaint

    decisions = _decided(agency, start, end).count()
    lo, hi = _range(start, end)
    complaints = Complaint.objects.filter(
        _under(agency), category="complaint", received_at__gte=lo, received_at__lt=hi
    ).count()
    if not decisions:
        return None
    return (Decimal(complaints) * 100 / decisions).quantize(Decimal("0.1"))


def _case_facts(agency, start: date, end: date, *counters: str) -> dict[str, int]:
    """Sums of the indicators' per-case counters (indicators.CaseFact, the dashboards' own
    definitions) over the units' cases decided in the period."""
    from django.db.models import Sum

    from zhifa.indicators.models import CaseFact

    sums = CaseFact.objects.filter(
        path__startswith=agency.path,
        case__decision__decided_on__gte=start,
        case__decision__decided_on__lte=end,
    ).aggregate(**{c: Sum(c) for c in counters})
    return {c: int(sums[c] or 0) for c in counters}


def remedy_reversal_rate(agency, start: date, end: date) -> Decimal | None:
    """Share of the remedies concluded on the units' decisions of the period that corrected the
    decision (变更、撤销、确认违法或无效、责令履行; T3 Art. 9): the indicator
    remedy_reversal_rate, read from the same per-case counters."""
    s = _case_facts(agency, start, end, "remedy_reversed", "remedy_concluded")
    return _rate(s["remedy_reversed"], s["remedy_concluded"])


def case_complaint_rate(agency, start: date, end: date) -> Decimal | None:
    """Share of the units' decisions of the period whose case has a complaint linked (APL Art.
    75); the indicators' `complained` counter over `decided`."""
    s = _case_facts(agency, start, end, "complained", "decided")
    return _rate(s["complained"], s["decided"])


def case_review_score(agency, start: date, end: date) -> Decimal | None:
    """Mean score of the units' case files reviewed (案卷评查) in the period (T3 Art. 16)."""
    from .models import ReviewedCaseFile

    lo, hi = _range(start, end)
    avg = ReviewedCaseFile.objects.filter(
        _under(agency), score__isnull=False, scored_at__gte=lo, scored_at__lt=hi
    ).aggregate(a=Avg("score"))["a"]
    return Decimal(avg).quantize(Decimal("0.1")) if avg is not None else None


def closed_file_edits(agency, start: date, end: date, *, actor=None) -> list[int]:
    """Journal entries (ids) in the period that changed a case file after its case was closed
    (T3 Art. 15(5)): the journal reveals them (a case's entries are kept in its agency's chain,
    documents and evidence name their case in the payload); nothing else is asked of anyone.
    With `actor`, only the edits that user made (an officer's evaluation)."""
    from zhifa.records.models import JournalEntry

    lo, hi = _range(start, end)
    mine = JournalEntry.objects.filter(_under(agency), occurred_at__lt=hi)
    closed = dict(
        mine.filter(event_type=ev.CLOSING_EVENT, subject_type=CASE).values_list(
            "subject_id", "occurred_at"
        )
    )
    if not closed:
        return []
    events = [ev.FileEvent(int(cid), ev.CLOSING_EVENT, at, 0) for cid, at in closed.items()]
    edits = mine.filter(event_type__in=ev.FILE_EDIT_EVENTS, occurred_at__gte=min(closed.values()))
    if actor is not None:
        edits = edits.filter(actor=actor)
    edits = edits.only("pk", "event_type", "occurred_at", "subject_type", "subject_id", "payload")
    for e in edits:
        case_id = _case_of(e)
        if case_id is not None and str(case_id) in closed:
            events.append(ev.FileEvent(case_id, e.event_type, e.occurred_at, e.pk))
    return [e.entry_id for e in ev.closed_file_edits(events) if lo <= e.occurred_at < hi]


def _case_of(entry) -> int | None:
    import json

    if entry.subject_type == CASE:
        return int(entry.subject_id)
    data = json.loads(entry.payload or "{}")
    value = data.get("case_id", data.get("case"))
    return int(value) if isinstance(value, int) else None


# --- officers ------------------------------------------------------------------------------------


def training_share(officer, start: date, end: date) -> Decimal | None:
    """Training hours done in the period's year against the year's required hours (T5; the
    officers app's figure, ZHIFA_TRAINING_HOURS_BY_PROVINCE)."""
    from zhifa.officers.selectors import training_hours

    hours = training_hours(officer, end.year)
    required = Decimal(hours.required)
    return (Decimal(hours.done) / required).quantize(Decimal("0.001")) if required else None


def assessment_pass_rate(officer, start: date, end: date) -> Decimal | None:
    """Share of the officer's assessments held in the period that were passed."""
    rows = list(
        officer.assessments.filter(held_on__gte=start, held_on__lte=end).values_list(
            "passed", flat=True
        )
    )
    return _rate(sum(1 for p in rows if p), len(rows))


def conduct_breaches(officer, start: date, end: date) -> Decimal:
    """Conduct breaches recorded against the officer in the period (confirmed or pending)."""
    return Decimal(
        officer.conduct_records.filter(occurred_on__gte=start, occurred_on__lte=end).count()
    )


@dataclass(frozen=True)
class Feed:
    label: str
    target: str  # "unit" / "officer"
    fn: object
    unit: str


FEEDS: dict[str, Feed] = {
    "overdue_rate": Feed("期限逾期率", "unit", overdue_rate, "比例（0–1）"),
    "legal_review_coverage": Feed("法制审核覆盖率", "unit", legal_review_coverage, "比例（0–1）"),
    "complaint_rate": Feed("投诉率", "unit", complaint_rate, "件/百件决定"),
    "remedy_reversal_rate": Feed("复议诉讼纠错率", "unit", remedy_reversal_rate, "比例（0–1）"),
    "case_complaint_rate": Feed("被投诉决定占比", "unit", case_complaint_rate, "比例（0–1）"),
    "case_review_score": Feed("案卷评查平均分", "unit", case_review_score, "分"),
    "training_share": Feed("培训学时完成率", "officer", training_share, "比例（0–1）"),
    "assessment_pass_rate": Feed("考试考核合格率", "officer", assessment_pass_rate, "比例（0–1）"),
    "conduct_breaches": Feed("违反执法行为规范次数", "officer", conduct_breaches, "次"),
}


def figures_for(subject, target: str, start: date, end: date) -> dict[str, str | None]:
    """Every figure of `target`'s kind for `subject` (agency or officer), as strings (JSON)."""
    out = {}
    for key, feed in FEEDS.items():
        if feed.target == target:
            value = feed.fn(subject, start, end)
            out[key] = None if value is None else str(value)
    return out
