"""Reads of the indicators, always scoped: a viewer sees their agency's subtree, administrators
nothing (zhifa.orgs.selectors.scope_filter / sees_case_data). Figures come from the rollups only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from zhifa.cases.choices import STATE_LABEL
from zhifa.cases.models import Case
from zhifa.core.errors import InvalidInput, NotFound
from zhifa.core.indicators import BY_CODE, CASE_COUNTERS, CATALOGUE, Indicator, Source, ratio
from zhifa.orgs.divisions import AFTER_PROVINCES, division_code
from zhifa.orgs.models import Agency
from zhifa.orgs.selectors import access_agency, scope_filter, sees_case_data

from .facts import province_id_of
from .models import (
    AgencyMonthRollup,
    CaseFact,
    CaseRollup,
    DeadlineRollup,
    ProvinceRollup,
    RefreshMark,
)

CASE_INDICATORS = [i for i in CATALOGUE if i.source == Source.CASES]
DEADLINE_FAMILIES = {"overdue_rate": None, "measures_past_limit": "measures"}
DISCLOSURE = "disclosure"


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None  # None: the whole year

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:  # exclusive
        if self.month is None or self.month == 12:
            return date(self.year + 1, 1, 1)
        return date(self.year, self.month + 1, 1)

    @property
    def label(self) -> str:
        if self.month:
            return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}
        return _("%(year)s年") % {"year": self.year}

    def q(self, field_name: str = "month") -> Q:
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lt": self.end})


def parse_period(year, month=None, *, today: date) -> Period:
    try:
        y = int(year) if year not in (None, "") else today.year
        m = int(month) if month not in (None, "") else None
    except (TypeError, ValueError):
        raise InvalidInput("统计期应为年份和月份数字。", code="period_invalid") from None
    if not 2000 <= y <= 2100 or (m is not None and not 1 <= m <= 12):
        raise InvalidInput("统计期超出范围。", code="period_invalid")
    return Period(y, m)


def root_for(user, agency_id=None) -> Agency:
    """The agency whose subtree the dashboard shows: the user's own by default, any in scope."""
    if not sees_case_data(user):
        raise NotFound("无权查看监督指标。")
    if agency_id in (None, ""):
        return user.agency
    try:
        return access_agency(user, int(agency_id))
    except (TypeError, ValueError):
        raise NotFound("机构不存在或无权查看。") from None


@dataclass
class Row:
    """One line of the table: an agency (a child of the root, or the root itself) and its figures."""

    agency: Agency | None
    counters: dict = field(default_factory=lambda: dict.fromkeys(CASE_COUNTERS, 0))
    deadlines: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))

    def value(self, ind: Indicator):
        if ind.source == Source.DEADLINES:
            due, overdue, on_time = self._deadline_sums(ind.code)
            num = {"overdue": overdue, "on_time": on_time}[ind.numerator]
            return ratio(num, due, percent=True)
        num = self.counters[ind.numerator]
        den = self.counters[ind.denominator] if ind.denominator else None
        return ratio(num, den, percent=ind.is_rate)

    def _deadline_sums(self, code: str):
        fam = DISCLOSURE if code == "disclosure_timeliness" else DEADLINE_FAMILIES.get(code)
        due = overdue = on_time = 0
        for family, (d, o, t) in self.deadlines.items():
            if fam is None or family == fam:
                due, overdue, on_time = due + d, overdue + o, on_time + t
        return due, overdue, on_time


def _child_id(root: Agency, path: str) -> int:
    ids = [int(p) for p in path.split("/") if p]
    return ids[root.depth + 1] if len(ids) > root.depth + 1 else root.pk


def in_subtree(qs: QuerySet, root: Agency) -> QuerySet:
    """The rollup rows of `root`'s subtree. Below the national level the province column comes
    first: an equality the rollups' indexes lead with, so a province reads its own rows instead
    of filtering every row of the period by path prefix."""
    if root.depth == 0:
        return qs.filter(path__startswith=root.path)
    return qs.filter(province_id=province_id_of(root.path), path__startswith=root.path)


def _sums(qs, *group) -> QuerySet:
    return qs.values(*group).annotate(**{c: Sum(c) for c in CASE_COUNTERS}).order_by()


def _division(a: Agency) -> int:
    """orgs.divisions.agency_order() computed on the fetched row: the ORM expression has a branch
    per prefecture (some 370), and building it cost more than the dashboard's queries."""
    if a.parent_id is None:
        return 0
    region = a.region
    if region is None:
        return AFTER_PROVINCES * 100
    if region.parent is None:
        return division_code(region.name)
    return division_code(region.parent.name, region.name)


def case_table(root: Agency, period: Period) -> tuple[list[Row], Row]:
    """Figures per child of `root` (per province at the national level) and the total: two
    group-bys over the rollup (the national one on its province column, no path folding)."""
    qs = in_subtree(AgencyMonthRollup.objects.filter(period.q()), root)
    by_child: dict[int, Row] = {}
    if root.depth == 0:
        grouped = ((r.pop("province_id") or root.pk, r) for r in _sums(qs, "province_id"))
    else:
        grouped = ((_child_id(root, r.pop("path")), r) for r in _sums(qs, "path"))
    for child, sums in grouped:
        row = by_child.setdefault(child, Row(None))
        for c in CASE_COUNTERS:
            row.counters[c] += sums[c] or 0
    dq = in_subtree(DeadlineRollup.objects.filter(period.q()), root)
    for r in (
        dq.values("path", "family")
        .annotate(d=Sum("due"), o=Sum("overdue"), t=Sum("on_time"))
        .order_by()
    ):
        row = by_child.setdefault(_child_id(root, r["path"]), Row(None))
        cell = row.deadlines[r["family"]]
        cell[0], cell[1], cell[2] = cell[0] + r["d"], cell[1] + r["o"], cell[2] + r["t"]
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(pk__in=[*by_child, root.pk]).select_related("region__parent")
    }
    for a in agencies.values():
        a.division = _division(a)
    total = Row(root)
    for child, row in by_child.items():
        row.agency = agencies.get(child)
        for c in CASE_COUNTERS:
            total.counters[c] += row.counters[c]
        for fam, cell in row.deadlines.items():
            t = total.deadlines[fam]
            t[0], t[1], t[2] = t[0] + cell[0], t[1] + cell[1], t[2] + cell[2]
    rows = sorted(
        (r for r in by_child.values() if r.agency is not None),
        key=lambda r: (r.agency.pk != root.pk, r.agency.division, r.agency.path),
    )
    return rows, total


def by_stage(root: Agency, period: Period) -> list[dict]:
    """Cases by state and procedure (from the rollup), in the order of the procedure."""
    if root.depth == 0:  # national: the province rollup, a few thousand rows a year
        qs = ProvinceRollup.objects.filter(period.q())
    elif root.depth == 1:  # a province: its own rows of the province rollup
        qs = ProvinceRollup.objects.filter(period.q(), province_id=root.pk)
    else:
        qs = in_subtree(CaseRollup.objects.filter(period.q()), root)
    rows = qs.values("state", "procedure").annotate(n=Sum("cases")).order_by()
    table: dict[str, dict] = {}
    for r in rows:
        line = table.setdefault(
            r["state"], {"state": r["state"], "label": STATE_LABEL.get(r["state"], r["state"])}
        )
        line[r["procedure"] or "none"] = line.get(r["procedure"] or "none", 0) + r["n"]
    order = list(STATE_LABEL)
    out = sorted(
        table.values(), key=lambda x: order.index(x["state"]) if x["state"] in order else 99
    )
    for line in out:
        line["total"] = sum(line.get(k, 0) for k in ("general", "summary", "none"))
    return out


def monthly(root: Agency, year: int) -> list[dict]:
    """Cases received and decided per month of `year` (the trend chart)."""
    rows = (
        in_subtree(AgencyMonthRollup.objects.filter(Period(year).q()), root)
        .values("month")
        .annotate(cases=Sum("cases"), decided=Sum("decided"))
        .order_by("month")
    )
    return [{"month": r["month"].month, "cases": r["cases"], "decided": r["decided"]} for r in rows]


def deadline_kinds(root: Agency, period: Period) -> list[dict]:
    """Overdue rate per deadline kind (code), worst first."""
    rows = (
        in_subtree(DeadlineRollup.objects.filter(period.q()), root)
        .values("code", "family")
        .annotate(due=Sum("due"), overdue=Sum("overdue"), on_time=Sum("on_time"))
        .order_by("code")
    )
    titles = dict(
        DeadlineRollup.objects.filter(code__in=[r["code"] for r in rows])
        .values_list("code", "title")
        .distinct()
    )
    out = [
        {
            **r,
            "title": titles.get(r["code"], r["code"]),
            "rate": ratio(r["overdue"], r["due"], percent=True),
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: -(r["rate"] or 0))


def deadlines_refreshed_at():
    mark = RefreshMark.objects.filter(name="deadlines").first()
    return mark.refreshed_at if mark else None


def officer_figures(root: Agency, year: int) -> dict:
    """Training hours per officer and the assessment pass rate in the root's subtree for `year`."""
    from zhifa.officers.models import Assessment, Officer, TrainingRecord

    where = {"user__agency__path__startswith": root.path, "user__is_active": True}
    officers = Officer.objects.filter(**where).count()
    hours = TrainingRecord.objects.filter(
        **{f"officer__{k}": v for k, v in where.items()}, ends_on__year=year
    ).aggregate(s=Sum("hours"))["s"]
    assessed = Assessment.objects.filter(
        **{f"officer__{k}": v for k, v in where.items()}, held_on__year=year
    ).aggregate(n=Count("id"), passed=Count("id", filter=Q(passed=True)))
    return {
        "officers": officers,
        "hours": float(hours or 0),
        "training_hours": ratio(float(hours or 0), officers, percent=False),
        "assessments": assessed["n"],
        "passed": assessed["passed"],
        "assessment_pass_rate": ratio(assessed["passed"], assessed["n"], percent=True),
    }


def complaint_figures(user, period: Period):
    """The complaints app's own indicators (complaints-12328.md §6) for a month; reused, not
    recomputed. Only per month: the app defines them per unit and month."""
    if period.month is None:
        return None
    from zhifa.complaints.selectors import indicator_table

    return indicator_table(user, period.start)


# --- drill-down ----------------------------------------------------------------------------------

DRILLABLE_STATES = set(STATE_LABEL)


def drill_cases(
    user, *, code: str, root: Agency, period: Period, state: str = ""
) -> QuerySet[Case]:
    """The cases behind a figure: those counted in the indicator's drill counter (or, for
    `cases` with a state, those in that state), in the user's scope and the root's subtree."""
    ind = BY_CODE.get(code)
    if ind is None or ind.source != Source.CASES:
        raise InvalidInput("该指标不能按案件查看。", code="indicator_not_drillable")
    facts = CaseFact.objects.filter(period.q(), path__startswith=root.path)
    counter = ind.drill or ind.numerator
    facts = facts.filter(**{f"{counter}__gt": 0})
    if state:
        if state not in DRILLABLE_STATES:
            raise InvalidInput("案件状态不正确。", code="state_invalid")
        facts = facts.filter(state=state)
    return (
        Case.objects.filter(scope_filter(user, "agency"))
        .filter(pk__in=facts.values("case_id"))
        .select_related("agency", "party")
        .order_by("-lead_received_on", "-pk")
    )
