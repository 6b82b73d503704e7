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
import multiprocessing
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


# Cases per committed chunk; chunk c of a load draws from its own seed ("seed:c"), so case number k
# is the same row whichever run writes it (a re-run continues at the first chunk not committed).
CHUNK = 100_000
# A load at least this large on PostgreSQL drops the secondary indexes of the two tables it fills
# and builds them once at the end (cheaper than keeping ten indexes current row by row).
DEFER_INDEXES_AT = 500_000
# Columns the generator fills, first; every other column of Case takes its default.
CASE_VARYING = ["id", "agency_id", "procedure", "state", "provision_id", "violation_date",
                "lead_received_on", "filed_on", "last_step_on", "created_at", "updated_at"]  # fmt: skip


@dataclass(frozen=True)
class Setup:
    """What the draws need from the database, read once per run."""

    units: list[Unit]
    unit_cum: list[float]
    provisions: list[int | None]
    prov_cum: list[float]


def setup(seed: int) -> Setup:
    rng = random.Random(seed)
    units, unit_w = units_and_weights(rng)
    provisions, prov_w = provisions_and_weights()
    return Setup(units, _cumulative(unit_w), provisions, _cumulative(prov_w))


def _draws(s: Setup, *, seed: int, as_of: date, first: int, n: int) -> Iterator[tuple]:
    """(case number, unit, procedure, state, provision id, violation date, received, filed, last
    step, counters) for case numbers first … first + n - 1."""
    end, k = first + n, first
    units, unit_cum, provisions, prov_cum = s.units, s.unit_cum, s.provisions, s.prov_cum
    while k < end:
        chunk = k // CHUNK
        rng = random.Random(f"{seed}:{chunk}")
        upto = min(end, (chunk + 1) * CHUNK)
        for j in range(chunk * CHUNK, upto):
            unit = units[_pick(rng, unit_cum)]
            age = int(rng.random() ** 1.3 * 730)  # the last two years, more recent than old
            received = as_of - timedelta(days=age)
            summary = rng.random() < SUMMARY_SHARE
            state = _state(rng, age, summary)
            row, dates = _row(rng, state, summary, received)
            provision = provisions[_pick(rng, prov_cum)]
            violation = received - timedelta(days=_ri(rng, 0, 3))
            if j < k:  # before the first case asked for, in its chunk: drawn, not yielded
                continue
            procedure = (
                "summary" if summary else ("general" if state not in ("lead", "not_filed") else "")
            )
            filed = dates["filed_on"]
            last = row.decided_on or row.report_on or filed or received
            yield (j, unit, procedure, state, provision, violation, received, filed, last,
                   case_counters(row))  # fmt: skip
        k = upto


def generate(n: int, *, seed: int, as_of: date, start_id: int) -> Iterator[tuple[dict, dict]]:
    """(case columns, fact columns) for case numbers 0 … n - 1 with ids from `start_id`; the same
    rows for the same seed."""
    stamp = datetime.combine(as_of, datetime.min.time(), tzinfo=UTC)
    for k, unit, procedure, state, provision, violation, received, filed, last, counters in _draws(
        setup(seed), seed=seed, as_of=as_of, first=0, n=n
    ):
        case = {
            "id": start_id + k,
            "agency_id": unit.agency_id,
            "procedure": procedure,
            "state": state,
            "provision_id": provision,
            "violation_date": violation,
            "lead_received_on": received,
            "filed_on": filed,
            "last_step_on": last,
            "created_at": stamp,
            "updated_at": stamp,
        }
        fact = {
            "case_id": start_id + k,
            "agency_id": unit.agency_id,
            "province_id": unit.province_id,
            "path": unit.path,
            "month": month_of(received),
            "procedure": procedure,
            "state": state,
            **counters,
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


# --- PostgreSQL: COPY text, a chunk at a time ------------------------------------------------------


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    value = value.isoformat() if isinstance(value, date | datetime) else str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_columns() -> tuple[list[str], list[str]]:
    """The column lists of the two COPY statements (cases: the varying ones, then the rest)."""
    by_att = {f.attname: f.column for f in CASE_COLUMNS}
    rest = [f.column for f in CASE_COLUMNS if f.attname not in CASE_VARYING]
    return [by_att.get(a, a) for a in CASE_VARYING] + rest, FACT_COLUMNS


def encode(
    s: Setup, *, seed: int, as_of: date, first: int, n: int, first_id: int
) -> tuple[bytes, bytes]:
    """Case numbers first … first + n - 1 as the COPY text of their case rows and fact rows: the
    columns that do not vary are formatted once, dates once per day."""
    defaults = _case_defaults()
    tail = "\t".join(
        _text(defaults[f.attname]) for f in CASE_COLUMNS if f.attname not in CASE_VARYING
    )
    stamp = _text(datetime.combine(as_of, datetime.min.time(), tzinfo=UTC))
    iso: dict = {None: r"\N"}
    where = {u: f"{u.agency_id}\t{_text(u.province_id)}\t{_text(u.path)}" for u in s.units}
    cases, facts = [], []
    for k, unit, procedure, state, provision, violation, received, filed, last, counters in _draws(
        s, seed=seed, as_of=as_of, first=first, n=n
    ):
        dates = []
        for d in (violation, received, filed, last, month_of(received)):
            t = iso.get(d)
            if t is None:
                t = iso[d] = d.isoformat()
            dates.append(t)
        pk = first_id + k
        prov = r"\N" if provision is None else provision
        cases.append(
            f"{pk}\t{unit.agency_id}\t{procedure}\t{state}\t{prov}\t{dates[0]}\t{dates[1]}\t"
            f"{dates[2]}\t{dates[3]}\t{stamp}\t{stamp}\t{tail}\n"
        )
        facts.append(
            f"{pk}\t{where[unit]}\t{dates[4]}\t{procedure}\t{state}\t"
            + "\t".join(map(str, counters.values()))
            + "\n"
        )
    return "".join(cases).encode(), "".join(facts).encode()


def _encode_args(args: tuple) -> tuple[bytes, bytes]:
    s, seed, as_of, first, n, first_id = args
    return encode(s, seed=seed, as_of=as_of, first=first, n=n, first_id=first_id)


def copy_in(cases: bytes, facts: bytes) -> None:
    """COPY the encoded rows into the cases and the facts tables (psycopg3's own cursor)."""
    case_cols, fact_cols = copy_columns()
    with connection.cursor() as cur:
        raw = cur.cursor
        for table, cols, data in (
            (Case._meta.db_table, case_cols, cases),
            (CaseFact._meta.db_table, fact_cols, facts),
        ):
            with raw.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                copy.write(data)


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the non-unique indexes of the two tables the load fills."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid IN (%s::regclass, %s::regclass) AND NOT x.indisunique "
            "ORDER BY i.relname",
            [Case._meta.db_table, CaseFact._meta.db_table],
        )
        return cur.fetchall()


def _superuser() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cur.fetchone()[0])


# --- the load ----------------------------------------------------------------------------------------


def write(
    n: int,
    *,
    seed: int,
    as_of: date,
    defer_indexes_at: int = DEFER_INDEXES_AT,
    workers: int = 1,
    progress=None,
) -> int:
    """Store `n` synthetic cases with their facts, a chunk per transaction, then build the rollups
    from the facts. An unfinished load of the same seed and date is continued instead (to its own
    target). Returns the number of cases this run wrote."""
    from django.utils import timezone

    from .models import SyntheticLoad
    from .services import rollup_from_facts

    pg = connection.vendor == "postgresql"
    with transaction.atomic():
        load = (
            SyntheticLoad.objects.select_for_update()
            .filter(seed=seed, as_of=as_of, finished_at=None)
            .order_by("-pk")
            .first()
        )
        if load is None:
            first_id = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            load = SyntheticLoad.objects.create(seed=seed, as_of=as_of, first_id=first_id, target=n)
        if pg and load.target - load.done >= defer_indexes_at and not load.deferred_indexes:
            # the statements are saved before the indexes go, in the same transaction: an
            # interrupted load still knows what to rebuild
            load.deferred_indexes = [ddl for _name, ddl in _secondary_indexes()]
            load.save(update_fields=["deferred_indexes"])
            with connection.cursor() as cur:
                for name, _ddl in _secondary_indexes():
                    cur.execute(f'DROP INDEX "{name}"')
    s = setup(seed)
    # the rows' foreign keys are ids just read from the tree and the law data: with the indexes
    # deferred (a big load), skip the per-row FK triggers too (superuser only; local to each chunk)
    skip_triggers = pg and bool(load.deferred_indexes) and _superuser()
    chunks, d = [], load.done
    while d < load.target:
        m = min(CHUNK - d % CHUNK, load.target - d)
        chunks.append((d, m))
        d += m
    pool = None
    if pg and workers > 1 and len(chunks) > 1:
        # the drawing and formatting is the cost (COPY keeps up with one process): worker
        # processes encode chunks ahead, this one COPYs and commits them in order
        pool = multiprocessing.get_context("fork").Pool(workers)
        encoded = pool.imap(
            _encode_args, [(s, seed, as_of, d, m, load.first_id) for d, m in chunks]
        )
    elif pg:
        encoded = (_encode_args((s, seed, as_of, d, m, load.first_id)) for d, m in chunks)
    written = 0
    try:
        for d, m in chunks:
            with transaction.atomic():
                if pg:
                    data = next(encoded)
                    if skip_triggers:
                        with connection.cursor() as cur:
                            cur.execute("SET LOCAL session_replication_role = replica")
                    copy_in(*data)
                else:
                    _insert_chunk(s, load, m)
                load.done = d + m
                load.save(update_fields=["done"])
            written += m
            if progress:
                progress(load.done, load.target)
    finally:
        if pool is not None:
            pool.terminate()
    with transaction.atomic():
        with connection.cursor() as cur:
            if pg:
                cur.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "GREATEST((SELECT MAX(id) FROM cases_case), 1))",
                    [Case._meta.db_table],
                )
                cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
                cur.execute("SET LOCAL work_mem = '256MB'")
                for ddl in load.deferred_indexes:
                    cur.execute(ddl)
        rollup_from_facts()
        load.deferred_indexes = []
        load.finished_at = timezone.now()
        load.save(update_fields=["deferred_indexes", "finished_at"])
    if pg and not connection.in_atomic_block:
        # fresh rollups: statistics for the planner and a visibility map for index-only scans
        from .models import AgencyMonthRollup, CaseRollup, ProvinceRollup

        with connection.cursor() as cur:
            for model in (Case, CaseFact, CaseRollup, AgencyMonthRollup, ProvinceRollup):
                cur.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    return written


def _insert_chunk(s: Setup, load, m: int) -> None:
    """SQLite (tests, small N): the same rows as multi-row INSERTs."""
    vendor = connection.vendor
    defaults = _case_defaults()
    case_keys = ["id", *[f.attname for f in CASE_COLUMNS]]
    case_cols = ["id", *[f.column for f in CASE_COLUMNS]]
    stamp = datetime.combine(load.as_of, datetime.min.time(), tzinfo=UTC)
    cases, facts = [], []
    for k, unit, procedure, state, provision, violation, received, filed, last, counters in _draws(
        s, seed=load.seed, as_of=load.as_of, first=load.done, n=m
    ):
        pk = load.first_id + k
        case = {**defaults, "id": pk, "agency_id": unit.agency_id, "procedure": procedure,
                "state": state, "provision_id": provision, "violation_date": violation,
                "lead_received_on": received, "filed_on": filed, "last_step_on": last,
                "created_at": stamp, "updated_at": stamp}  # fmt: skip
        fact = {"case_id": pk, "agency_id": unit.agency_id, "province_id": unit.province_id,
                "path": unit.path, "month": month_of(received), "procedure": procedure,
                "state": state, **counters}  # fmt: skip
        cases.append(tuple(_db_value(case[k], vendor) for k in case_keys))
        facts.append(tuple(_db_value(fact[k], vendor) for k in FACT_COLUMNS))
    _store(Case._meta.db_table, case_cols, cases)
    _store(CaseFact._meta.db_table, FACT_COLUMNS, facts)


def _store(table: str, columns: list[str], rows: list[tuple]) -> None:
    """Multi-row INSERTs, as many rows per statement as SQLite's variable limit allows."""
    if not rows:
        return
    cols = ", ".join(columns)
    per = max(1, 32000 // len(columns))
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cur:
        for i in range(0, len(rows), per):
            chunk = rows[i : i + per]
            values = ", ".join([one] * len(chunk))
            sql = f"INSERT INTO {table} ({cols}) VALUES {values}"  # noqa: S608 -- our names
            cur.execute(sql, [v for row in chunk for v in row])
