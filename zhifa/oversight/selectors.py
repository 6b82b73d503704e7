"""Reads of oversight, always scoped to the user's part of the agency tree: checks, rectifications,
referrals, the 同案不同罚 monitor over decided cases, and the workbench group."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, TextField
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

    from .choices import DEADLINE_CODE

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

    from .choices import DEADLINE_CODE

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


# What the monitor reads of each decided penalty, as plain values: the group key (provision, the
# level the case was placed in), the fine, the benchmark range of that level and the recommended
# range (both as stored text, parsed like `_money`), and whether a departure was approved.
FINE_COLUMNS = (
    "case_id",
    "agency_id",
    "provision_id",
    "level",
    "fine",
    "bench_low",
    "bench_high",
    "rec_low",
    "rec_high",
    "range_text",
    "deviation_id",
)
NO_LEVEL = "未生成裁量建议"


def _stored_text(path: str):
    """One value of the case's stored recommendation as SQL text, NULL when absent or JSON null
    (PostgreSQL: ->>; SQLite: json_extract, which unlike Django's key transform answers NULL,
    not 'null', for a JSON null such as the level of a recommendation without one)."""
    from django.db import connection
    from django.db.models import Func, Value
    from django.db.models.fields.json import KT

    if connection.vendor == "sqlite":
        return Func(
            F("recommendation"),
            Value("$." + path),
            function="JSON_EXTRACT",
            output_field=TextField(),
        )
    return KT("recommendation__" + path.replace(".", "__"))


def decided_cases(user, *, since: date | None = None, until: date | None = None):
    """The cases of the user's scope decided with a penalty under a provision, in the period."""
    from zhifa.cases.models import Case

    qs = Case.objects.filter(
        scope_filter(user, "agency"), decision__kind="penalty", provision__isnull=False
    )
    if since:
        qs = qs.filter(decision__decided_on__gte=since)
    if until:
        qs = qs.filter(decision__decided_on__lte=until)
    return qs


def decided_penalties(user, *, since: date | None = None, until: date | None = None):
    """The decided penalties of the user's scope as FINE_COLUMNS rows (values, no instances)."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce, NullIf

    return (
        decided_cases(user, since=since, until=until)
        .annotate(
            level=Coalesce(
                NullIf(_stored_text("level.label"), Value("")),
                Value(NO_LEVEL),
                output_field=TextField(),
            ),
            bench_low=_stored_text("benchmark_range.low"),
            bench_high=_stored_text("benchmark_range.high"),
            rec_low=_stored_text("recommended_range.low"),
            rec_high=_stored_text("recommended_range.high"),
            range_text=_stored_text("benchmark_range.text"),
        )
        .order_by("id")
        .values_list(
            "id",
            "agency_id",
            "provision_id",
            "level",
            "decision__fine",
            "bench_low",
            "bench_high",
            "rec_low",
            "rec_high",
            "range_text",
            "decision__deviation_id",
        )
    )


@dataclass
class _Figures:
    """What the monitor computes before it loads any instance: per group (provision id, level)
    its spread, range text and flags; per group and agency (count, median, lowest, highest); per
    agency (decisions with a recommended range, of which outside it); the approved departures."""

    spreads: dict[tuple, fd.Spread] = field(default_factory=dict)
    labels: dict[tuple, str] = field(default_factory=dict)
    flags: dict[tuple, list[fd.Flag]] = field(default_factory=dict)
    by_agency: dict[tuple, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    rates: dict[int, tuple[int, int]] = field(default_factory=dict)
    approved: set[int] = field(default_factory=set)


def fine_monitor(user, *, since: date | None = None, until: date | None = None) -> Monitor:
    """Decided fines grouped by provision and benchmark level (same facts → same range), each
    group's spread and flagged decisions, and each agency's rate of departure from the
    recommended range. Only supervising users see anything. On PostgreSQL the database groups and
    takes the medians and hands over the group figures and the few candidate flags only; elsewhere
    the same values are grouped here (`_figures_in_python`), with the same rule and results."""
    from django.db import connection

    if not is_supervising(user):
        return Monitor([], [])
    if connection.vendor == "postgresql":
        figures = _figures_in_sql(decided_cases(user, since=since, until=until))
    else:
        figures = _figures_in_python(decided_penalties(user, since=since, until=until))
    return _monitor_view(figures)


def _figures_in_python(rows) -> _Figures:
    """The rule over every decided fine read as values (SQLite, and the reference of the SQL)."""
    by_group: dict[tuple, list[fd.DecidedFine]] = defaultdict(list)
    out = _Figures()
    per_agency: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for case_id, agency_id, pid, level, fine, b_low, b_high, r_low, r_high, text, dev in rows:
        key = (pid, level)
        out.labels[key] = text or ""  # the range text of the latest case, as the page shows it
        by_group[key].append(
            fd.DecidedFine(case_id, agency_id, fine, _money(b_low), _money(b_high), dev is not None)
        )
        low, high = _money(r_low), _money(r_high)
        if low is not None and high is not None:
            counts = per_agency[agency_id]
            counts[0] += 1
            counts[1] += int(not (low <= fine <= high))
    for key, fines in by_group.items():
        out.spreads[key] = fd.spread(fines)
        out.flags[key] = fd.flags(fines)
        out.approved.update(f.case_id for f in fines if f.deviation_approved)
        per: dict[int, list] = defaultdict(list)
        for f in fines:
            per[f.agency_id].append(f)
        out.by_agency[key] = [(a, *_agency_spread(own)) for a, own in per.items()]
    out.rates = {a: (n, dev) for a, (n, dev) in per_agency.items()}
    return out


# A stored amount as a number, or NULL when it is not one (as `_money` answers None).
_SQL_MONEY = (
    "CASE WHEN ({0}) ~ '^\\s*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\\s*$' "
    "THEN ({0})::numeric END"
)
# One statement over the decided penalties (d, read once). The medians are the two middle values
# (percentile_disc, exact on numeric money; percentile_cont would answer in floating point): the
# lower at 0.5, the upper at 0.5 + 1e-12 (percentile_disc takes the row at ceil(f · n): the same
# middle row for an odd n, the next one for an even n, for any n below 10^11), both over the same
# order, so PostgreSQL sorts each group once for the pair. Per group and per group and agency (one
# GROUPING SETS pass); the decisions' rate counts per agency (a hash aggregate, no sort); the
# deviations from each group's median for its MAD; and the candidate flags — outside the range, or
# beyond 3.4 (not 3.5) times the scale computed in SQL, so that rounding there can only add
# candidates, which `fd.flag` then decides exactly. Rows are told apart by their first column.
_MONITOR_SQL = """
WITH d AS MATERIALIZED (
  SELECT case_id, agency_id, provision_id,
         coalesce(nullif(x.level ->> 'label', ''), '{no_level}') AS level, fine,
         {bench_low} AS b_low, {bench_high} AS b_high, {rec_low} AS r_low, {rec_high} AS r_high,
         deviation_id
  FROM ({inner}) AS d0 (case_id, agency_id, provision_id, fine, deviation_id, rec)
  LEFT JOIN LATERAL jsonb_to_record(CASE WHEN jsonb_typeof(rec) = 'object' THEN rec END)
       AS x (level jsonb, benchmark_range jsonb, recommended_range jsonb) ON true
), s AS (
  SELECT provision_id, level, agency_id, GROUPING(agency_id) AS gk, count(*) AS n,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY fine) AS m_lo,
         percentile_disc(0.5 + 1e-12) WITHIN GROUP (ORDER BY fine) AS m_hi,
         min(fine) AS lo, max(fine) AS hi, max(case_id) AS latest
  FROM d GROUP BY GROUPING SETS ((provision_id, level), (provision_id, level, agency_id))
), r AS (
  SELECT agency_id,
         count(*) FILTER (WHERE r_low IS NOT NULL AND r_high IS NOT NULL) AS rated,
         count(*) FILTER (WHERE r_low IS NOT NULL AND r_high IS NOT NULL
                            AND (fine < r_low OR fine > r_high)) AS deviated
  FROM d GROUP BY agency_id
), g AS (
  SELECT provision_id, level, n, (m_lo + m_hi) / 2 AS med FROM s WHERE gk = 1
), a AS (
  SELECT d.provision_id, d.level, max(g.n) AS n, max(g.med) AS med,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY abs(d.fine - g.med)) AS mad_lo,
         percentile_disc(0.5 + 1e-12) WITHIN GROUP (ORDER BY abs(d.fine - g.med)) AS mad_hi,
         sum(abs(d.fine - g.med)) AS abs_sum
  FROM d JOIN g USING (provision_id, level) GROUP BY d.provision_id, d.level
), sc AS (
  SELECT provision_id, level, med,
         CASE WHEN n < {min_group} THEN 0
              WHEN mad_lo + mad_hi > 0 THEN {mad_scale} * (mad_lo + mad_hi) / 2
              ELSE {mean_ad_scale} * abs_sum / n END AS scale
  FROM a
)
SELECT 's', provision_id, level, agency_id, gk, n, m_lo, m_hi, lo, hi, latest,
       NULL::bigint, NULL::numeric, NULL::numeric, NULL::bigint
FROM s
UNION ALL
SELECT 'r', NULL, NULL, agency_id, NULL, rated, NULL, NULL, NULL, NULL, deviated,
       NULL, NULL, NULL, NULL
FROM r WHERE rated > 0
UNION ALL
SELECT 'a', provision_id, level, NULL, NULL, n, mad_lo, mad_hi, abs_sum, NULL, NULL,
       NULL, NULL, NULL, NULL
FROM a
UNION ALL
SELECT 'c', d.provision_id, d.level, d.agency_id, NULL, NULL, d.fine, NULL, NULL, NULL, NULL,
       d.case_id, d.b_low, d.b_high, d.deviation_id
FROM d JOIN sc USING (provision_id, level)
WHERE d.fine < d.b_low OR d.fine > d.b_high
   OR (sc.scale > 0 AND abs(d.fine - sc.med) * 10 > 34 * sc.scale)
"""
# the sorts and the materialised rows of a national year stay in memory (this statement only)
_MONITOR_WORK_MEM = "128MB"


def monitor_sql(cases) -> tuple[str, list]:
    """The one statement of the set-based monitor over a queryset of decided cases."""
    # the stored recommendation is read whole and taken apart once per row (jsonb_to_record):
    # every ->> on the column itself would decompress it again
    inner, params = (
        cases.order_by()  # the medians need no order
        .values_list(
            "id",
            "agency_id",
            "provision_id",
            "decision__fine",
            "decision__deviation_id",
            "recommendation",
        )
        .query.sql_with_params()
    )
    sql = _MONITOR_SQL.format(
        inner=inner,
        no_level=NO_LEVEL,
        bench_low=_SQL_MONEY.format("x.benchmark_range ->> 'low'"),
        bench_high=_SQL_MONEY.format("x.benchmark_range ->> 'high'"),
        rec_low=_SQL_MONEY.format("x.recommended_range ->> 'low'"),
        rec_high=_SQL_MONEY.format("x.recommended_range ->> 'high'"),
        min_group=int(fd.MIN_GROUP),
        mad_scale=fd.MAD_SCALE,
        mean_ad_scale=fd.MEAN_AD_SCALE,
    )
    return sql, params


def _figures_in_sql(cases) -> _Figures:
    from django.db import connection, transaction

    sql, params = monitor_sql(cases)
    out = _Figures()
    groups, deviations, candidates, latest = {}, {}, [], {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{_MONITOR_WORK_MEM}'")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for row in rows:
        kind, pid, level, agency_id = row[:4]
        key = (pid, level)
        if kind == "s":
            gk, n, m_lo, m_hi, lo, hi, last = row[4:11]
            if gk == 1:  # the group
                groups[key] = (n, fd.middle(m_lo, m_hi), lo, hi)
                latest[key] = last
            else:  # the group in one agency
                out.by_agency[key].append((agency_id, n, fd.middle(m_lo, m_hi), lo, hi))
        elif kind == "r":  # an agency with decisions that had a recommended range
            out.rates[agency_id] = (row[5], row[10])
        elif kind == "a":
            deviations[key] = (fd.middle(row[6], row[7]), row[8])
        else:
            candidates.append(row)
    texts = _range_texts(latest.values())
    medians, scales = {}, {}
    for key, (n, med, lo, hi) in groups.items():
        mad, abs_sum = deviations[key]
        agencies = len(out.by_agency[key])
        out.spreads[key] = fd.Spread(n, med, mad, lo, hi, agencies)
        out.labels[key] = texts.get(latest[key]) or ""  # the latest case's, as on the page
        scales[key] = fd.scale_of(n, mad, abs_sum)
        medians[key] = med
        out.flags[key] = []
    for row in sorted(candidates, key=lambda r: r[11]):
        key, agency_id, fine = (row[1], row[2]), row[3], row[6]
        case_id, b_low, b_high, deviation_id = row[11:15]
        decided = fd.DecidedFine(case_id, agency_id, fine, b_low, b_high, deviation_id is not None)
        found = fd.flag(decided, medians[key], scales[key])
        if found is not None:
            out.flags[key].append(found)
            if decided.deviation_approved:
                out.approved.add(case_id)
    return out


def _range_texts(case_ids) -> dict[int, str | None]:
    """The benchmark range text stored on these cases (one per group: its latest case)."""
    from zhifa.cases.models import Case

    return dict(
        Case.objects.filter(pk__in=list(case_ids))
        .annotate(text=_stored_text("benchmark_range.text"))
        .values_list("pk", "text")
    )


def _monitor_view(figures: _Figures) -> Monitor:
    """The page's groups and rates: instances are loaded for the provisions, the agencies and the
    flagged cases only."""
    from zhifa.cases.models import Case
    from zhifa.law.models import PenaltyProvision

    flagged = [f.case_id for flags in figures.flags.values() for f in flags]
    cases = Case.objects.select_related("agency", "provision__law").in_bulk(flagged)
    provisions = PenaltyProvision.objects.select_related("law").in_bulk(
        {pid for pid, _level in figures.spreads}
    )
    agency_ids = {a for rows in figures.by_agency.values() for a, *_ in rows} | set(figures.rates)
    agencies = Agency.objects.in_bulk(agency_ids)
    reviews = {r.case_id: r for r in FlagReview.objects.filter(case_id__in=flagged)}
    groups = []
    for key, spread in figures.spreads.items():
        view = GroupView(provisions[key[0]], key[1], figures.labels.get(key, ""), spread)
        view.flags = [
            FlagRow(cases[f.case_id], f, reviews.get(f.case_id), f.case_id in figures.approved)
            for f in figures.flags.get(key, [])
        ]
        view.by_agency = sorted(
            ((agencies[a], *rest) for a, *rest in figures.by_agency[key]),
            key=lambda row: row[0].path,
        )
        groups.append(view)
    groups.sort(key=lambda g: (-len(g.flags), g.provision.data_id, g.level))
    rates = [
        AgencyRate(agencies[a], n, dev, fd.deviation_rate(n, dev))
        for a, (n, dev) in figures.rates.items()
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
