"""A deterministic synthetic national data set for the dashboards at scale (`generate_national_data`).

Cases over the whole national tree (zhifa/orgs, loaded if absent), in every state, with realistic
mixes: provinces weighted by population (2020 census, millions), prefectures within a province by
a fixed Zipf-like weight, provisions by a Zipf-like weight over the loaded law data, the summary
procedure for most on-the-spot fines, and each case's stage drawn from its age. The same seed gives
the same rows. Written straight to the tables — PostgreSQL COPY (psycopg3 `cursor.copy`), multi-row
INSERTs on SQLite — with their CaseFact rows and the rollup, without the journal or the documents
(synthetic cases are counted, not handled; drill-down lists them like any case).
"""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from zhifa.cases.models import Case
from zhifa.core.indicators import CASE_COUNTERS, CaseRow, case_counters, month_of

from .facts import province_id_of
from .models import CaseFact

# 2020 census (第七次全国人口普查), millions; the weight of a province's share of cases.
POPULATION = {
    "广东": 126.0,
    "山东": 101.5,
    "河南": 99.4,
    "江苏": 84.7,
    "四川": 83.7,
    "河北": 74.6,
    "湖南": 66.4,
    "浙江": 64.6,
    "安徽": 61.0,
    "湖北": 57.8,
    "广西": 50.1,
    "云南": 47.2,
    "江西": 45.2,
    "辽宁": 42.6,
    "福建": 41.5,
    "陕西": 39.5,
    "贵州": 38.6,
    "山西": 34.9,
    "重庆": 32.1,
    "黑龙江": 31.9,
    "新疆": 25.9,
    "甘肃": 25.0,
    "上海": 24.9,
    "内蒙古": 24.0,
    "吉林": 24.1,
    "北京": 21.9,
    "天津": 13.9,
    "海南": 10.1,
    "宁夏": 7.2,
    "青海": 5.9,
    "西藏": 3.6,
}
OTHER_WEIGHT = 2.0  # each directly administered body (maritime bureaus, 长江/珠江航务管理局)
SUMMARY_SHARE = 0.55
# The general procedure in order; a case's stage is drawn from its age along this path.
GENERAL_PATH = [
    "lead",
    "filed",
    "investigation",
    "report_submitted",
    "report_approved",
    "notified",
    "legal_review",
    "legal_review_passed",
    "decided_penalty",
    "served",
    "awaiting_performance",
    "performed",
    "closed",
    "archived",
]
SUMMARY_PATH = ["onspot_decided", "awaiting_performance", "performed", "closed", "archived"]
# Off the main path, after a decision (no penalty, payment plans, enforcement).
AFTER_DECISION = [
    "decided_no_penalty",
    "deferral_or_instalments",
    "overdue",
    "demand_issued",
    "compulsory_execution",
    "execution_suspended",
    "execution_terminated",
    "court_enforcement",
]
# Side branches, each taken by a small share of open general cases (so every state appears).
RARE = [
    "not_filed",
    "investigation_terminated",
    "transferred_to_agency",
    "transferred_to_judiciary",
    "hearing_requested",
    "hearing_scheduled",
    "hearing_postponed",
    "hearing_suspended",
    "hearing_held",
    "hearing_terminated",
    "deliberation",
    "deliberation_resolved",
    *AFTER_DECISION,
]
CLOSED = {"not_filed", "closed", "archived"}
DECIDED_AFTER = set(GENERAL_PATH[GENERAL_PATH.index("decided_penalty") :]) | set(AFTER_DECISION)
HEARING = {"hearing_requested", "hearing_scheduled", "hearing_postponed", "hearing_suspended",
           "hearing_held", "hearing_terminated"}  # fmt: skip
CASE_COLUMNS = [f for f in Case._meta.concrete_fields if f.column != "id"]
FACT_COLUMNS = ["case_id", "agency_id", "province_id", "path", "month", "procedure", "state",
                *CASE_COUNTERS]  # fmt: skip


@dataclass(frozen=True)
class Unit:
    agency_id: int
    province_id: int | None
    path: str


def units_and_weights(rng: random.Random) -> tuple[list[Unit], list[float]]:
    """Every enforcing agency below the ministry with its share of the cases."""
    from zhifa.orgs.models import Agency

    agencies = list(
        Agency.objects.exclude(parent=None).order_by("path").values("id", "path", "name", "depth")
    )
    by_province: dict[int, list[dict]] = {}
    for a in agencies:
        by_province.setdefault(province_id_of(a["path"]), []).append(a)
    units, weights = [], []
    for pid, members in by_province.items():
        head = next(a for a in members if a["id"] == pid)
        share = next((w for k, w in POPULATION.items() if head["name"].startswith(k)), OTHER_WEIGHT)
        zipf = [1 / (i + 1) ** 0.8 for i in range(len(members))]
        order = list(range(len(members)))
        rng.shuffle(order)  # which prefecture is busiest: fixed by the seed
        total = sum(zipf)
        for rank, a in zip(order, members, strict=True):
            units.append(Unit(a["id"], pid, a["path"]))
            weights.append(share * zipf[rank] / total)
    return units, weights


def provisions_and_weights() -> tuple[list[int | None], list[float]]:
    from zhifa.law.models import PenaltyProvision

    ids = list(PenaltyProvision.objects.order_by("id").values_list("id", flat=True))
    if not ids:
        return [None], [1.0]
    return ids, [1 / (i + 1) ** 1.1 for i in range(len(ids))]


def _state(rng: random.Random, age: int, summary: bool) -> str:
    if summary:
        path, typical = SUMMARY_PATH, 40
    else:
        if rng.random() < 0.04:
            return "not_filed"
        path, typical = GENERAL_PATH, 150
    progress = min(1.0, age / typical * rng.uniform(0.5, 1.6))
    state = path[min(len(path) - 1, int(progress * len(path)))]
    if not summary and state not in CLOSED and rng.random() < 0.06:
        return RARE[int(rng.random() * len(RARE))]
    return state


def _row(rng: random.Random, state: str, summary: bool, received: date) -> tuple[CaseRow, dict]:
    """The case's facts consistent with its state, and its date columns."""
    if summary:
        return CaseRow(
            open=state not in CLOSED, general=False, decided_on=received, evidence=True
        ), {"filed_on": None}
    filed = received + timedelta(days=_ri(rng, 1, 5)) if state != "not_filed" else None
    stage = GENERAL_PATH.index(state) if state in GENERAL_PATH else 8
    report = filed + timedelta(days=_ri(rng, 5, 40)) if filed and stage >= 3 else None
    review_required = rng.random() < 0.3
    submitted = report + timedelta(days=_ri(rng, 3, 12)) if report and stage >= 6 else None
    reviewed = submitted + timedelta(days=_ri(rng, 1, 7)) if submitted and stage >= 7 else None
    decided_on = None
    if state in DECIDED_AFTER:
        base = reviewed or report or filed
        decided_on = base + timedelta(days=_ri(rng, 1, 12))
    no_penalty = state == "decided_no_penalty" or (decided_on is not None and rng.random() < 0.07)
    hearing_offered = state in HEARING or rng.random() < 0.08
    row = CaseRow(
        open=state not in CLOSED,
        general=True,
        filed_on=filed,
        report_on=report,
        review_submitted_on=submitted,
        review_decided_on=reviewed,
        decided_on=decided_on,
        no_penalty=no_penalty,
        first_violation=no_penalty and rng.random() < 0.6,
        review_required=review_required,
        review_passed=review_required and reviewed is not None and rng.random() < 0.97,
        deliberation_required=rng.random() < 0.08,
        deliberation_resolved=rng.random() < 0.96,
        hearing_offered=hearing_offered,
        hearing_held=hearing_offered and (state == "hearing_held" or rng.random() < 0.3),
        recommended=rng.random() < 0.85,
        deviated=rng.random() < 0.04,
        evidence=rng.random() < 0.96,
        remedied=decided_on is not None and rng.random() < 0.02,
    )
    return row, {"filed_on": filed}


def generate(n: int, *, seed: int, as_of: date, start_id: int) -> Iterator[tuple[dict, dict]]:
    """(case columns, fact columns) for `n` cases, ids from `start_id`; the same for the same seed."""
    rng = random.Random(seed)
    units, unit_w = units_and_weights(rng)
    provisions, prov_w = provisions_and_weights()
    unit_cum, prov_cum = _cumulative(unit_w), _cumulative(prov_w)
    stamp = datetime.combine(as_of, datetime.min.time(), tzinfo=UTC)
    for i in range(n):
        unit = units[_pick(rng, unit_cum)]
        age = int(rng.random() ** 1.3 * 730)  # the last two years, more recent than old
        received = as_of - timedelta(days=age)
        summary = rng.random() < SUMMARY_SHARE
        state = _state(rng, age, summary)
        row, dates = _row(rng, state, summary, received)
        procedure = (
            "summary" if summary else ("general" if state not in ("lead", "not_filed") else "")
        )
        case = {
            "id": start_id + i,
            "agency_id": unit.agency_id,
            "procedure": procedure,
            "state": state,
            "provision_id": provisions[_pick(rng, prov_cum)],
            "violation_date": received - timedelta(days=_ri(rng, 0, 3)),
            "lead_received_on": received,
            "filed_on": dates["filed_on"],
            "last_step_on": row.decided_on or row.report_on or dates["filed_on"] or received,
            "created_at": stamp,
            "updated_at": stamp,
        }
        fact = {
            "case_id": start_id + i,
            "agency_id": unit.agency_id,
            "province_id": unit.province_id,
            "path": unit.path,
            "month": month_of(received),
            "procedure": procedure,
            "state": state,
            **case_counters(row),
        }
        yield case, fact


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return [x / total for x in out]


def _ri(rng: random.Random, low: int, high: int) -> int:
    """rng.randint without its checks (the generator draws tens of millions)."""
    return low + int(rng.random() * (high - low + 1))


def _pick(rng: random.Random, cum: list[float]) -> int:
    return min(bisect_left(cum, rng.random()), len(cum) - 1)


def _case_defaults() -> dict:
    out = {}
    for f in CASE_COLUMNS:
        value = f.get_default() if f.has_default() else None
        out[f.attname] = value
    out["transferred_to"] = ""
    return out


def _db_value(value, vendor: str):
    if isinstance(value, dict | list):
        return json.dumps(value)
    if vendor == "sqlite" and isinstance(value, date | datetime):
        return value.isoformat()
    return value


def write(n: int, *, seed: int, as_of: date, batch: int = 50_000) -> int:
    """Generate and store `n` cases with their facts, then rebuild the rollup from the facts."""
    from .services import rollup_from_facts

    vendor = connection.vendor
    with transaction.atomic():
        start = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        defaults = _case_defaults()
        case_cols = ["id", *[f.column for f in CASE_COLUMNS]]
        case_keys = ["id", *[f.attname for f in CASE_COLUMNS]]
        cases, facts = [], []
        for case, fact in generate(n, seed=seed, as_of=as_of, start_id=start):
            merged = {**defaults, **case}
            cases.append(tuple(_db_value(merged[k], vendor) for k in case_keys))
            facts.append(tuple(_db_value(fact[k], vendor) for k in FACT_COLUMNS))
            if len(cases) >= batch:
                _store(Case._meta.db_table, case_cols, cases, vendor)
                _store(CaseFact._meta.db_table, FACT_COLUMNS, facts, vendor)
                cases, facts = [], []
        _store(Case._meta.db_table, case_cols, cases, vendor)
        _store(CaseFact._meta.db_table, FACT_COLUMNS, facts, vendor)
        if vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [Case._meta.db_table, start + n - 1],
                )
        rollup_from_facts()
    return n


def _store(table: str, columns: list[str], rows: list[tuple], vendor: str) -> None:
    if not rows:
        return
    cols = ", ".join(columns)
    with connection.cursor() as cur:
        if vendor == "postgresql":
            raw = cur.cursor  # psycopg3's own cursor: COPY … FROM STDIN
            with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:  # multi-row INSERTs, as many rows per statement as SQLite's variable limit allows
            per = max(1, 32000 // len(columns))
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            for i in range(0, len(rows), per):
                chunk = rows[i : i + per]
                values = ", ".join([one] * len(chunk))
                sql = f"INSERT INTO {table} ({cols}) VALUES {values}"  # noqa: S608 -- our names
                cur.execute(sql, [v for row in chunk for v in row])
