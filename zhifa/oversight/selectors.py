"""Reads of oversight, always scoped to the user's part of the agency tree: checks, rectifications,
referrals, the 同案不同罚 monitor over decided cases, and the workbench group."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from zhifa.core import fine_dispersion as fd
from zhifa.orgs.models import Agency
from zhifa.orgs.selectors import scope_filter

from .choices import RectificationState
from .errors import OversightNotFound
from .models import (
    AccountabilityReferral,
    ExemplaryCase,
    FlagReview,
    MinistryReport,
    Rectification,
    SupervisoryCheck,
)


def is_supervising(user) -> bool:
    """Supervisors and agency heads with anything below them read the oversight pages."""
    return (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "admin_role", "")
        and user.agency_id is not None
        and (user.is_supervisor or user.is_agency_head)
    )


def visible_checks(user) -> QuerySet[SupervisoryCheck]:
    return SupervisoryCheck.objects.filter(scope_filter(user, "agency")).select_related(
        "agency", "checker_agency", "checker", "rectification"
    )


def access_check(user, check_id: int) -> SupervisoryCheck:
    c = visible_checks(user).filter(pk=check_id).first()
    if c is None:
        raise OversightNotFound("督查记录不存在或无权查看。")
    return c


def visible_rectifications(user) -> QuerySet[Rectification]:
    return Rectification.objects.filter(scope_filter(user, "agency")).select_related(
        "agency", "owner", "checker", "finding"
    )


def access_rectification(user, rectification_id: int) -> Rectification:
    r = visible_rectifications(user).filter(pk=rectification_id).first()
    if r is None:
        raise OversightNotFound("整改事项不存在或无权查看。")
    return r


def search_rectifications(user, *, state: str = "") -> QuerySet[Rectification]:
    qs = visible_rectifications(user)
    if state in RectificationState.values:
        qs = qs.filter(state=state)
    return qs


def visible_referrals(user) -> QuerySet[AccountabilityReferral]:
    return AccountabilityReferral.objects.filter(scope_filter(user, "agency")).select_related(
        "agency", "rectification"
    )


def access_referral(user, referral_id: int) -> AccountabilityReferral:
    ref = visible_referrals(user).filter(pk=referral_id).first()
    if ref is None:
        raise OversightNotFound("问责移送记录不存在或无权查看。")
    return ref


def subordinate_agencies(user) -> QuerySet[Agency]:
    """Agencies the user may check: strictly below their own."""
    if not is_supervising(user):
        return Agency.objects.none()
    return (
        Agency.objects.filter(path__startswith=user.agency.path)
        .exclude(pk=user.agency_id)
        .order_by("path")
    )


# --- the workbench -------------------------------------------------------------------------------


def workbench_group(user, today):
    """The workbench groups of rectification: those the user must answer (owner or head of the
    unit) and those whose 回头看 is due (the checker: a response arrived or the deadline passed)."""
    from zhifa.deadlines.models import Deadline
    from zhifa.workbench.selectors import Group, Item

    from .services import DEADLINE_CODE

    if not getattr(user, "is_authenticated", False) or getattr(user, "admin_role", ""):
        return []
    mine = Q(owner=user)
    if user.is_agency_head:
        mine |= Q(agency_id=user.agency_id)
    respond = Rectification.objects.filter(mine, state=RectificationState.OPEN)
    lapsed = Deadline.objects.filter(
        subject_type="oversight.rectification",
        subject_id=Cast(OuterRef("pk"), CharField()),
        code=DEADLINE_CODE,
        state="open",
        due__lt=today,
    )
    follow = Rectification.objects.filter(checker=user).filter(
        Q(state=RectificationState.RESPONDED) | Q(Exists(lapsed), state=RectificationState.OPEN)
    )
    counts = [(respond, respond.count()), (follow, follow.count())]  # two queries for anyone
    if not any(n for _, n in counts):
        return []
    groups = []
    shown = [[*qs.select_related("agency")[:20]] if n else [] for qs, n in counts]
    dues = _dues([r for rows in shown for r in rows])
    for (key, label, note, order), (_, count), rows in zip(
        (
            ("rectify", "整改待报送", "报送整改情况", 95),
            ("follow_up", "整改回头看", "开展回头看", 96),
        ),
        counts,
        shown,
        strict=True,
    ):
        if not count:
            continue
        items = [
            Item(
                title=r.title,
                subject=r.get_state_display(),
                url=reverse("oversight:rectification", args=[r.pk]),
                due=dues.get(r.pk),
                note=note,
            )
            for r in rows
        ]
        groups.append(Group(key=key, label=label, items=items, count=count, order=order))
    return groups


def _dues(rects) -> dict[int, date]:
    from zhifa.deadlines.models import Deadline

    from .services import DEADLINE_CODE

    ids = [str(r.pk) for r in rects]
    rows = Deadline.objects.filter(
        subject_type="oversight.rectification", subject_id__in=ids, code=DEADLINE_CODE
    ).order_by("opened_at")
    return {int(d.subject_id): d.due for d in rows}


# --- 同案不同罚 ----------------------------------------------------------------------------------


def _money(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@dataclass
class FlagRow:
    case: object
    flag: fd.Flag
    review: FlagReview | None
    deviation_approved: bool


@dataclass
class GroupView:
    provision: object
    level: str
    range_text: str
    spread: fd.Spread
    flags: list[FlagRow] = field(default_factory=list)
    # the same group per agency: (agency, count, median, lowest, highest) — same facts, same range
    by_agency: list[tuple] = field(default_factory=list)


@dataclass
class AgencyRate:
    agency: Agency
    decided: int
    deviated: int
    rate: Decimal | None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass
class Monitor:
    groups: list[GroupView]
    rates: list[AgencyRate]

    @property
    def flag_count(self) -> int:
        return sum(len(g.flags) for g in self.groups)

    @property
    def open_count(self) -> int:
        return sum(1 for g in self.groups for f in g.flags if f.review is None)


def decided_penalties(user, *, since: date | None = None, until: date | None = None):
    from zhifa.cases.models import Decision

    qs = Decision.objects.filter(
        scope_filter(user, "case__agency"), kind="penalty", case__provision__isnull=False
    ).select_related("case__provision__law", "case__agency")
    if since:
        qs = qs.filter(decided_on__gte=since)
    if until:
        qs = qs.filter(decided_on__lte=until)
    return qs.order_by("case_id")


def fine_monitor(user, *, since: date | None = None, until: date | None = None) -> Monitor:
    """Decided fines grouped by provision and benchmark level (same facts → same range), each
    group's spread and flagged decisions, and each agency's rate of departure from the
    recommended range. Only supervising users see anything."""
    if not is_supervising(user):
        return Monitor([], [])
    by_group: dict[tuple, list] = defaultdict(list)
    cases, provisions, labels = {}, {}, {}
    per_agency: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    agencies = {}
    for d in decided_penalties(user, since=since, until=until):
        case = d.case
        rec = case.recommendation or {}
        level = (rec.get("level") or {}).get("label") or "未生成裁量建议"
        bench_range = rec.get("benchmark_range") or {}
        key = (case.provision_id, level)
        provisions[key] = case.provision
        labels[key] = bench_range.get("text") or ""
        by_group[key].append(
            fd.DecidedFine(
                case_id=case.pk,
                agency_id=case.agency_id,
                amount=d.fine,
                low=_money(bench_range.get("low")),
                high=_money(bench_range.get("high")),
                deviation_approved=d.deviation_id is not None,
            )
        )
        cases[case.pk] = case
        agencies[case.agency_id] = case.agency
        recommended = rec.get("recommended_range") or {}
        low, high = _money(recommended.get("low")), _money(recommended.get("high"))
        if low is not None and high is not None:
            counts = per_agency[case.agency_id]
            counts[0] += 1
            counts[1] += int(not (low <= d.fine <= high))
    reviews = {r.case_id: r for r in FlagReview.objects.filter(case_id__in=list(cases))}
    groups = []
    for key, fines in by_group.items():
        approved = {f.case_id for f in fines if f.deviation_approved}
        view = GroupView(provisions[key], key[1], labels[key], fd.spread(fines))
        view.flags = [
            FlagRow(cases[f.case_id], f, reviews.get(f.case_id), f.case_id in approved)
            for f in fd.flags(fines)
        ]
        per: dict[int, list] = defaultdict(list)
        for f in fines:
            per[f.agency_id].append(f)
        view.by_agency = sorted(
            ((agencies[a], *_agency_spread(rows)) for a, rows in per.items()),
            key=lambda row: row[0].path,
        )
        groups.append(view)
    groups.sort(key=lambda g: (-len(g.flags), g.provision.data_id, g.level))
    rates = [
        AgencyRate(agencies[a], n, dev, fd.deviation_rate(n, dev))
        for a, (n, dev) in per_agency.items()
    ]
    rates.sort(key=lambda r: r.agency.path)
    return Monitor(groups, rates)


def _agency_spread(rows) -> tuple:
    s = fd.spread(rows)
    return s.count, s.median, s.low, s.high


def flagged_case(user, case_id: int):
    """The flag of one case (for the conclusion form), or OversightNotFound. Its group is the
    decision's year, as on the monitor page."""
    from zhifa.cases.models import Decision

    decided_on = (
        Decision.objects.filter(case_id=case_id).values_list("decided_on", flat=True).first()
    )
    if decided_on is None:
        raise OversightNotFound("该案件没有同案不同罚提示，或无权查看。")
    year = decided_on.year
    monitor = fine_monitor(user, since=date(year, 1, 1), until=date(year, 12, 31))
    for g in monitor.groups:
        for row in g.flags:
            if row.case.pk == case_id:
                return g, row
    raise OversightNotFound("该案件没有同案不同罚提示，或无权查看。")


# --- exemplary cases and reports -----------------------------------------------------------------


def visible_exemplary(user) -> QuerySet[ExemplaryCase]:
    return ExemplaryCase.objects.filter(scope_filter(user, "case__agency")).select_related(
        "case", "province"
    )


def visible_reports(user) -> QuerySet[MinistryReport]:
    return MinistryReport.objects.filter(scope_filter(user, "province")).select_related("province")


def access_report(user, report_id: int) -> MinistryReport:
    report = visible_reports(user).filter(pk=report_id).first()
    if report is None or not is_supervising(user):
        raise OversightNotFound("报告不存在或无权查看。")
    return report


def now_local() -> date:
    return timezone.localdate()


# --- reports to the ministry ---------------------------------------------------------------------


def province_of(agency: Agency) -> Agency | None:
    """The provincial-level agency at or above `agency`; None for the ministry (one rule with the
    complaints app's, which already had it)."""
    from zhifa.complaints.services import province_of as provincial

    return provincial(agency)


def _counted(rows, labels) -> list[list]:
    out = [[str(labels.get(key, key or "未确定")), n] for key, n in rows]
    return sorted(out, key=lambda r: -r[1])


def report_figures(province: Agency, start: date, end: date) -> dict:
    """Everything a province's report holds for [start, end]: simple counts from the platform's own
    records (the indicators app's rollups may replace them here, and only here). Never fine totals
    or counts of fines as a result (legal.md §B.3: fines may not drive assessment)."""
    from django.db.models import Count

    from zhifa.cases.choices import STATE_LABEL, ProcedureKind, ReviewOutcome
    from zhifa.cases.models import Case, LegalReview
    from zhifa.complaints.choices import State as ComplaintState
    from zhifa.complaints.models import Complaint
    from zhifa.deadlines.models import Deadline
    from zhifa.deadlines.rules import WINDOWS

    from .choices import ExemplaryState, SourceKind
    from .models import Finding

    tree = Q(agency__path__startswith=province.path)
    cases = Case.objects.filter(tree, lead_received_on__range=(start, end))
    by_state = cases.values_list("state").annotate(n=Count("id")).order_by()
    by_procedure = cases.values_list("procedure").annotate(n=Count("id")).order_by()
    reviews = LegalReview.objects.filter(
        Q(case__agency__path__startswith=province.path), submitted_on__range=(start, end)
    )
    review_rows = reviews.values_list("outcome").annotate(n=Count("id")).order_by()
    outcome_labels = {**dict(ReviewOutcome.choices), "": "审核中"}
    overdue = (
        Deadline.objects.filter(tree, due__range=(start, end), flag="overdue")
        .exclude(code__in=WINDOWS)
        .count()
    )
    complaints = Complaint.objects.filter(tree, received_at__date__range=(start, end))
    complaint_rows = complaints.values_list("state").annotate(n=Count("id")).order_by()
    findings = (
        Finding.objects.filter(
            check_record__agency__path__startswith=province.path,
            check_record__checked_on__range=(start, end),
        )
        .select_related("check_record__agency")
        .order_by("check_record__checked_on", "id")
    )
    rects = Rectification.objects.filter(tree, created_at__date__lte=end).filter(
        Q(created_at__date__gte=start) | ~Q(state=RectificationState.CLOSED)
    )
    rect_rows = rects.values_list("state").annotate(n=Count("id")).order_by()
    exemplary = ExemplaryCase.objects.filter(
        province=province, state=ExemplaryState.APPROVED, approved_at__date__lte=end
    ).order_by("approved_at")
    sources = dict(SourceKind.choices)
    states = dict(RectificationState.choices)
    return {
        "province": province.name,
        "cases": {
            "total": cases.count(),
            "by_state": _counted(by_state, STATE_LABEL),
            "by_procedure": _counted(by_procedure, dict(ProcedureKind.choices)),
        },
        "overdue": overdue,
        "reviews": {"total": reviews.count(), "by_outcome": _counted(review_rows, outcome_labels)},
        "complaints": {
            "total": complaints.count(),
            "by_state": _counted(complaint_rows, dict(ComplaintState.choices)),
        },
        "problems": [
            {
                "agency": f.check_record.agency.name,
                "check": f.check_record.title,
                "kind": f.check_record.get_kind_display(),
                "date": f.check_record.checked_on.isoformat(),
                "text": f.text,
            }
            for f in findings
        ],
        "rectifications": {
            "by_state": _counted(rect_rows, states),
            "items": [
                {
                    "title": r.title,
                    "agency": r.agency.name,
                    "source": str(sources.get(r.source_kind, "")),
                    "state": str(states.get(r.state, "")),
                    "rounds": r.rounds,
                }
                for r in rects.select_related("agency").order_by("created_at", "id")
            ],
        },
        "exemplary": [{"title": e.title, "text": e.text, "lesson": e.lesson} for e in exemplary],
    }
