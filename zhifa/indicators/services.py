"""Writes of the indicator rollups. Derived data: no journal entry (the acts they count have theirs).

`refresh_case` runs inside the transaction of the step that changed the case (receivers.py): it
replaces the case's CaseFact and moves the difference into CaseRollup and AgencyMonthRollup, so the dashboards never scan
cases. `rebuild` recomputes both tables from the cases; `refresh_deadlines` is the job that
recomputes the deadline rollup and stamps its time (the page shows the lag).
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.db.models import Case as When_
from django.db.models import Count, F, IntegerField, Max, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.core.indicators import CASE_COUNTERS

from .facts import fact_values, province_id_of
from .models import (
    AgencyMonthRollup,
    CaseFact,
    CaseRollup,
    DeadlineRollup,
    ProvinceRollup,
    RefreshMark,
)

WHERE = ("agency_id", "province_id", "path", "month", "procedure", "state")
PROVINCE_CELL = ("province_id", "month", "procedure", "state")
# Each rollup: its model, the columns that key a cell, the columns copied into a new cell.
ROLLUPS = (
    (CaseRollup, ("agency_id", "month", "procedure", "state"), WHERE),
    (AgencyMonthRollup, ("agency_id", "month"), ("agency_id", "province_id", "path", "month")),
    (ProvinceRollup, PROVINCE_CELL, PROVINCE_CELL),
)


def _add(model, key: dict, amounts: dict) -> int:
    """Add `amounts` to the cell `key` in one UPDATE (which locks the row); the rows updated."""
    if not amounts:
        return 1
    return model.objects.filter(**key).update(**{c: F(c) + v for c, v in amounts.items()})


def _move(old: dict | None, new: dict) -> None:
    """Take the case's old counters out of their cells and add the new ones, in each rollup; where
    a rollup's cell does not change (the same agency and month), only the difference."""
    for model, cell, where in ROLLUPS:
        new_key = {k: new[k] for k in cell}
        if old is not None:
            old_key = {k: old[k] for k in cell}
            if old_key == new_key:
                _add(
                    model, new_key, {c: new[c] - old[c] for c in CASE_COUNTERS if new[c] != old[c]}
                )
                continue
            _add(model, old_key, {c: -old[c] for c in CASE_COUNTERS if old[c]})
        if _add(model, new_key, {c: new[c] for c in CASE_COUNTERS if new[c]}) == 0:
            row = {**{k: new[k] for k in where}, **{c: new[c] for c in CASE_COUNTERS}}
            if not model._meta.constraints:  # no unique cell: a twin cell only splits the sum
                model.objects.create(**row)
                continue
            try:
                with transaction.atomic():  # a concurrent step may have made the cell meanwhile
                    model.objects.create(**row)
            except IntegrityError:
                _add(model, new_key, {c: new[c] for c in CASE_COUNTERS if new[c]})


def _as_values(fact: CaseFact) -> dict:
    return {k: getattr(fact, k) for k in (*WHERE, *CASE_COUNTERS)}


@transaction.atomic(savepoint=False)  # inside the step's own transaction: no savepoint round trips
def refresh_case(case: Case) -> None:
    """Bring the case's CaseFact and its rollup cells up to date (called in the step's transaction)."""
    old_fact = CaseFact.objects.select_for_update().filter(case_id=case.pk).first()
    old = _as_values(old_fact) if old_fact is not None else None
    new = fact_values(case, old)
    if old == new:
        return
    if old is None:
        CaseFact.objects.create(case_id=case.pk, **new)
    else:
        CaseFact.objects.filter(case_id=case.pk).update(**new)
    _move(old, new)


def rollup_from_facts() -> None:
    """Each rollup as the plain group-by of CaseFact (what the incremental updates must equal),
    computed inside the database, one statement per rollup."""
    sums = ", ".join(f"SUM({c})" for c in CASE_COUNTERS)
    with connection.cursor() as cur:
        for model, _cell, where in ROLLUPS:
            table, cols = model._meta.db_table, ", ".join(where)
            cur.execute(f"DELETE FROM {table}")  # noqa: S608 -- table and column names are ours
            cur.execute(
                f"INSERT INTO {table} ({cols}, {', '.join(CASE_COUNTERS)}) "  # noqa: S608
                f"SELECT {cols}, {sums} FROM {CaseFact._meta.db_table} GROUP BY {cols}"
            )


@transaction.atomic
def rebuild(*, batch: int = 500) -> int:
    """Recompute every CaseFact from its case, then the rollup; returns the number of cases."""
    CaseFact.objects.all().delete()
    n = 0
    pending = []
    for case in Case.objects.select_related("agency").order_by("pk").iterator(chunk_size=batch):
        pending.append(CaseFact(case_id=case.pk, **fact_values(case)))
        n += 1
        if len(pending) >= batch:
            CaseFact.objects.bulk_create(pending)
            pending = []
    CaseFact.objects.bulk_create(pending)
    rollup_from_facts()
    return n


def _family(subject_type: str) -> str:
    app = subject_type.split(".")[0]
    return app if app in ("cases", "measures", "disclosure") else "other"


@transaction.atomic
def refresh_deadlines(*, now=None) -> int:
    """The job: deadlines per agency, month of their due day and kind; `due` counts those whose
    day has come (cancelled ones excluded), `overdue` those flagged overdue or closed late,
    `on_time` those met without the overdue flag. Returns the number of cells."""
    from zhifa.deadlines.choices import DeadlineFlag, DeadlineState
    from zhifa.deadlines.models import Deadline

    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = (
        Deadline.objects.exclude(state=DeadlineState.CANCELLED)
        .filter(due__lte=today)
        .annotate(m=TruncMonth("due"))
        .values("agency_id", "agency__path", "m", "code", "subject_type")
        .annotate(
            n=Count("id"),
            late=Sum(
                When_(When(flag=DeadlineFlag.OVERDUE, then=Value(1)), default=Value(0)),
                output_field=IntegerField(),
            ),
            met=Count("id", filter=Q(state=DeadlineState.MET) & ~Q(flag=DeadlineFlag.OVERDUE)),
            title=Max("title"),
        )
        .order_by()
    )
    cells: dict[tuple, DeadlineRollup] = {}
    for r in rows:
        key = (r["agency_id"], r["m"], r["code"])
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = DeadlineRollup(
                agency_id=r["agency_id"],
                province_id=province_id_of(r["agency__path"]),
                path=r["agency__path"],
                month=r["m"],
                code=r["code"],
                title=r["title"] or r["code"],
                family=_family(r["subject_type"]),
            )
        cell.due += r["n"]
        cell.overdue += r["late"] or 0
        cell.on_time += r["met"]
    DeadlineRollup.objects.all().delete()
    DeadlineRollup.objects.bulk_create(cells.values(), batch_size=2000)
    RefreshMark.objects.update_or_create(name="deadlines", defaults={"refreshed_at": now})
    return len(cells)
