"""Reads of work orders: scoped lists, the public status by tracking code, the §6.1 indicators per
unit and month, and the workbench group of orders waiting on a person."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhifa.core import complaint_flow as flow
from zhifa.orgs.models import Agency
from zhifa.orgs.selectors import scope_filter

from .choices import State, SubjectType
from .errors import ComplaintNotFound
from .models import Complaint, EvaluationCard


def visible_complaints(user) -> QuerySet[Complaint]:
    """Orders taken in or handled within the user's scope. Orders about an officer's conduct are
    kept from officers (spec §8.3): only heads and supervisors see them."""
    qs = Complaint.objects.filter(
        scope_filter(user, "agency") | scope_filter(user, "intake_agency")
    )
    if not (getattr(user, "is_agency_head", False) or getattr(user, "is_supervisor", False)):
        qs = qs.exclude(subject_type=SubjectType.CONDUCT)
    return qs.select_related("agency", "intake_agency", "officer__user")


def access_complaint(user, complaint_id: int) -> Complaint:
    c = visible_complaints(user).filter(pk=complaint_id).first()
    if c is None:
        raise ComplaintNotFound("工单不存在或无权查看。")
    return c


def search(user, *, state: str = "", category: str = "") -> QuerySet[Complaint]:
    qs = visible_complaints(user)
    if state in State.values:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    return qs


def by_tracking_code(code: str) -> Complaint | None:
    """For the public status page: None for anything that is not a real code."""
    value = flow.normalise_tracking_code(code)
    if value is None:
        return None
    return Complaint.objects.select_related("agency").filter(tracking_code=value).first()


def open_channels() -> dict[int, set[str]]:
    """Per province (agency id), the categories whose every clock is set: the public form says
    which provinces' channels are not open yet (complaints-12328.md §5)."""
    from .models import ProvinceTimeLimit

    have: dict[int, list] = {}
    for pid, category, clock in ProvinceTimeLimit.objects.values_list(
        "province_id", "category", "clock"
    ):
        have.setdefault(pid, []).append((category, clock))
    return {
        pid: {c for c in flow.CATEGORIES if not flow.missing_clocks(rows, c)}
        for pid, rows in have.items()
    }


def province_id_of(agency: Agency) -> int | None:
    ids = [p for p in agency.path.split("/") if p]
    return int(ids[1]) if len(ids) >= 2 else None


# --- indicators ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitMonth:
    agency: Agency
    month: date
    count: int
    rates: list  # [(key, label, Rate)]


def _facts(c: Complaint) -> flow.OrderFacts:
    return flow.OrderFacts(
        category=c.category,
        answered_at=c.answered_at,
        transferred_at=c.transferred_at,
        closed_at=c.closed_at and timezone.localdate(c.closed_at),
        close_due=c.close_due,
        visited_at=c.visited_at,
        rating=c.rating,
        rechecked_at=c.rechecked_at,
        rectified_at=c.rectified_at,
    )


def _month_bounds(month: date):
    start = month.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    from datetime import datetime, time

    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end, time.min, tzinfo=tz),
    )


def indicators_for(agency: Agency, month: date) -> UnitMonth:
    """The eight national indicators (§6.1) over the orders `agency` handled (as the unit the
    order ended with), received in `month`."""
    lo, hi = _month_bounds(month)
    orders = list(Complaint.objects.filter(agency=agency, received_at__gte=lo, received_at__lt=hi))
    rates = flow.indicators(_facts(c) for c in orders)
    return UnitMonth(
        agency=agency,
        month=month.replace(day=1),
        count=len(orders),
        rates=[(key, label, rates[key]) for key, label in flow.INDICATORS],
    )


def indicator_table(user, month: date) -> list[UnitMonth]:
    """One row per unit in the user's scope that had orders in `month`."""
    lo, hi = _month_bounds(month)
    ids = (
        visible_complaints(user)
        .filter(received_at__gte=lo, received_at__lt=hi)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    return [indicators_for(a, month) for a in Agency.objects.filter(pk__in=list(ids))]


def card_summary(user):
    return EvaluationCard.objects.filter(scope_filter(user, "agency"))


# --- the workbench -------------------------------------------------------------------------------

CENTRE_WAITING = (State.RECEIVED, State.REPLIED, State.CLOSED, State.ANSWERED)
UNIT_WAITING = (State.TRANSFERRED, State.ACCEPTED, State.IN_PROGRESS, State.RETURNED)


def waiting_on(user) -> QuerySet[Complaint]:
    """Orders whose next step is the user's agency's (centre or unit side)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "admin_role", ""):
        return Complaint.objects.none()
    if not (user.is_agency_head or user.is_officer):
        return Complaint.objects.none()
    qs = Complaint.objects.filter(
        Q(intake_agency_id=user.agency_id, state__in=CENTRE_WAITING)
        | Q(agency_id=user.agency_id, state__in=UNIT_WAITING)
        | Q(agency_id=user.agency_id, state=State.VISITED, rating="dissatisfied", rectified_at=None)
    )
    if not user.is_agency_head:
        qs = qs.exclude(subject_type=SubjectType.CONDUCT)
    return qs.order_by("close_due", "received_at")


def workbench_group(user, today):
    """The workbench's "complaints" group (registered in apps.py; the workbench imports nothing
    of this app)."""
    from zhifa.workbench.selectors import Group, Item

    qs = waiting_on(user)
    count = qs.count()
    if not count:
        return []
    items = [
        Item(
            title=f"{c.get_category_display()}工单 {c.tracking_code}",
            subject=c.get_state_display(),
            url=reverse("complaints:detail", args=[c.pk]),
            due=c.close_due,
        )
        for c in qs[:20]
    ]
    return [Group(key="complaints", label="投诉举报工单", items=items, count=count, order=90)]


# --- hot spots (issue 12 item 5) -----------------------------------------------------------------

HOT_SPOT_MONTHS_BEFORE = 3  # the trend compares with the three months before


@dataclass(frozen=True)
class HotSpot:
    rank: int
    words: tuple[str, ...]
    count: int
    trend: tuple[tuple[str, int], ...]
    direction: str  # up / down / flat / new
    examples: list  # [(Complaint, masked text)], most typical first

    @property
    def topic(self) -> str:
        return " ".join(self.words)


def _shift_month(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


def may_see_hot_spots(user) -> bool:
    return bool(
        (getattr(user, "is_supervisor", False) or getattr(user, "is_agency_head", False))
        and not getattr(user, "admin_role", "")
    )


def hot_spots(user, agency: Agency, month: date, *, examples: int = 3) -> list[HotSpot]:
    """Topics of the complaints handled within `agency` (and its units) received in `month`,
    ranked, with up to `examples` texts each (the complainant's name masked) and the trend over
    the months before. Only orders the user may see count (visible_complaints)."""
    from zhifa.core import hot_spots as core
    from zhifa.core.masking import mask_free_text

    start = _shift_month(month.replace(day=1), -HOT_SPOT_MONTHS_BEFORE)
    lo, _ = _month_bounds(start)
    _, hi = _month_bounds(month)
    orders = {
        c.pk: c
        for c in visible_complaints(user).filter(
            agency__path__startswith=agency.path, received_at__gte=lo, received_at__lt=hi
        )
    }
    texts = [
        core.Text(c.pk, timezone.localtime(c.received_at).strftime("%Y-%m"), core.tokens(c.content))
        for c in orders.values()
    ]
    months = [
        _shift_month(start, i).strftime("%Y-%m") for i in range(HOT_SPOT_MONTHS_BEFORE)
    ]  # every earlier month of the window, those without any order too
    found = [
        replace(t, trend=tuple((m, dict(t.trend).get(m, 0)) for m in months))
        for t in core.hot_spots(texts, month.strftime("%Y-%m"))
    ]
    return [
        HotSpot(
            rank=i,
            words=t.words,
            count=t.count,
            trend=t.trend,
            direction=core.trend_direction(t),
            examples=[
                (orders[k], mask_free_text(orders[k].content, [orders[k].complainant_name]))
                for k in t.keys[:examples]
            ],
        )
        for i, t in enumerate(found, start=1)
    ]


RECTIFICATION_NEW = "/oversight/rectifications/new/"  # the oversight app's page (another helper's)


def rectification_link(agency: Agency, month: date, spot) -> str:
    """Where a supervisor turns a hot spot into a rectification plan (zhifa/oversight)."""
    query = urlencode(
        {
            "source": "hot_spot",
            "agency": agency.pk,
            "month": month.strftime("%Y-%m"),
            "topic": spot.topic,
        }
    )
    return f"{RECTIFICATION_NEW}?{query}"


# --- evaluation cards (issue 12 item 4) ----------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    """The ratings of one agency or officer in one month: how many cards and each score's mean."""

    key: int
    name: str
    agency: str
    count: int
    conduct: float
    legality: float
    attitude: float

    @property
    def overall(self) -> float:
        return round((self.conduct + self.legality + self.attitude) / 3, 2)


def _card_row(key, name, agency, cards) -> CardRow:
    n = len(cards)
    return CardRow(
        key=key,
        name=name,
        agency=agency,
        count=n,
        conduct=round(sum(c.conduct for c in cards) / n, 2),
        legality=round(sum(c.legality for c in cards) / n, 2),
        attitude=round(sum(c.attitude for c in cards) / n, 2),
    )


def card_summary_for(user, month: date) -> tuple[list[CardRow], list[CardRow]]:
    """Evaluation cards rated in `month` within the user's scope, per agency and per officer (an
    officer counts every card on a document of a case they were assigned to), lowest first: the
    ones to look at. Only heads and supervisors (may_see_hot_spots) call this."""
    from zhifa.cases.models import CaseOfficer
    from zhifa.documents.models import IssuedDocument

    lo, hi = _month_bounds(month)
    cards = list(
        card_summary(user)
        .filter(rated_at__gte=lo, rated_at__lt=hi)
        .select_related("agency")
        .order_by("id")
    )
    by_agency: dict[int, list] = {}
    for c in cards:
        by_agency.setdefault(c.agency_id, []).append(c)
    agencies = [
        _card_row(aid, rows[0].agency.name, rows[0].agency.name, rows)
        for aid, rows in by_agency.items()
    ]
    case_of = dict(
        IssuedDocument.objects.filter(code__in=[c.document_code for c in cards]).values_list(
            "code", "case_id"
        )
    )
    officers_of: dict[int, list] = {}
    names: dict[int, tuple[str, str]] = {}
    for case_id, oid, name, agency in CaseOfficer.objects.filter(
        case_id__in=set(case_of.values())
    ).values_list(
        "case_id", "officer_id", "officer__user__full_name", "officer__user__agency__name"
    ):
        officers_of.setdefault(case_id, []).append(oid)
        names[oid] = (name, agency)
    by_officer: dict[int, list] = {}
    for c in cards:
        for oid in set(officers_of.get(case_of.get(c.document_code), ())):
            by_officer.setdefault(oid, []).append(c)
    officers = [_card_row(oid, *names[oid], rows) for oid, rows in by_officer.items()]
    return sorted(agencies, key=_lowest_first), sorted(officers, key=_lowest_first)


def _lowest_first(row: CardRow):
    return (row.overall, -row.count, row.name)


# --- social supervisors --------------------------------------------------------------------------


def visible_public_supervisors(user) -> QuerySet:
    """The supervisors appointed within the user's scope (heads and supervisors see them)."""
    from .models import PublicSupervisor

    if not may_see_hot_spots(user):
        return PublicSupervisor.objects.none()
    return PublicSupervisor.objects.filter(scope_filter(user, "agency")).select_related("agency")


def public_supervisor_by_code(code: str, today: date):
    """The supervisor whose personal code this is and who serves today, or None."""
    from .models import PublicSupervisor, supervisor_code_digest

    code = (code or "").strip()
    if not 16 <= len(code) <= 64:
        return None
    found = (
        PublicSupervisor.objects.select_related("agency")
        .filter(code_digest=supervisor_code_digest(code))
        .first()
    )
    return found if found is not None and found.serves_on(today) else None


# --- complaints about a case (the case page's 救济 panel) -------------------------------------------


def complaints_of_case(user, case, *, limit: int = 50) -> tuple[list[Complaint], list[Complaint]]:
    """The work orders linked to `case` that the user may see (conduct orders: heads and
    supervisors only, as everywhere), and the recent orders the case's agency handles that are not
    linked to any case yet (what the case page offers to link). One query."""
    rows = list(
        visible_complaints(user)
        .filter(Q(case=case) | Q(agency_id=case.agency_id, case__isnull=True))
        .order_by("-received_at", "-id")[: limit * 2]
    )
    linked = sorted((c for c in rows if c.case_id == case.pk), key=lambda c: (c.received_at, c.pk))
    return linked, [c for c in rows if c.case_id is None][:limit]
