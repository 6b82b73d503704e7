"""Writes to the law catalogue: loading the reference data and importing benchmarks.

The pure engine (zhifa.core.discretion) owns every legal rule: its parsers validate each record, its
legality check decides whether a benchmark leaves the statute. This module stores what it accepted,
journals the load in the same transaction, and rebuilds the engine's catalogue from stored records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.core.discretion.catalogue import Catalogue, load_catalogue, without_duplicate_lists
from zhifa.core.discretion.errors import DiscretionError
from zhifa.core.discretion.legality import legality_check
from zhifa.core.discretion.model import Benchmark as CoreBenchmark
from zhifa.core.discretion.model import Effect
from zhifa.core.discretion.model import ExemptionList as CoreExemptionList
from zhifa.core.errors import DomainError
from zhifa.records import journal

from . import events
from .choices import BenchmarkStatus, ExemptionKind, LawLevel, Scope
from .errors import BenchmarkImportInvalid, ImportNotAllowed, InvalidLawData, NotSignedIn
from .models import (
    Benchmark,
    BenchmarkLevel,
    ExemptionItem,
    ExemptionList,
    Law,
    PenaltyProvision,
)
from .provinces import province_index, resolve_issuer

DATA_FILES = ("provisions.json", "benchmarks.json", "no_penalty_lists.json")
# Problem kinds of the core legality check that make a benchmark unusable (the rest are notes).
BLOCKING_KINDS = ("illegal", "obsolete")


@dataclass
class LoadSummary:
    laws: int = 0
    provisions: int = 0
    benchmarks: int = 0
    exemption_lists: int = 0
    exemption_items: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    obsolete: list[str] = field(default_factory=list)
    newly_obsolete: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    cache: RowCache = field(default_factory=lambda: RowCache(), repr=False)

    def as_payload(self) -> dict[str, Any]:
        return {
            "laws": self.laws,
            "provisions": self.provisions,
            "benchmarks": self.benchmarks,
            "exemption_lists": self.exemption_lists,
            "exemption_items": self.exemption_items,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "obsolete": sorted(self.obsolete),
            "newly_obsolete": sorted(self.newly_obsolete),
            "files_sha256": self.digests,
        }


# --- reading and validating ------------------------------------------------------------------


def read_data_dir(data_dir: Path) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """The three files as lists of records, and the SHA-256 of each file as read."""
    records: dict[str, list[dict]] = {}
    digests: dict[str, str] = {}
    for name in DATA_FILES:
        path = Path(data_dir) / name
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InvalidLawData(
                f"无法读取数据文件 {path}：{exc.strerror}。",
                code="law_data_missing",
                details={"file": str(path)},
            ) from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidLawData(
                f"数据文件 {name} 不是有效的 UTF-8 JSON：{exc}。", details={"file": name}
            ) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidLawData(f"数据文件 {name} 应为记录列表。", details={"file": name})
        records[name] = data
        digests[name] = hashlib.sha256(raw).hexdigest()
    return records, digests


def build_catalogue(
    provisions: Iterable[Mapping], benchmarks: Iterable[Mapping], exemption_lists: Iterable[Mapping]
) -> Catalogue:
    """The core's catalogue; a record the core refuses becomes InvalidLawData naming it."""
    try:
        return load_catalogue(list(provisions), list(benchmarks), list(exemption_lists))
    except DiscretionError as exc:
        raise InvalidLawData(f"数据未通过校验：{exc.message}", details=exc.details) from None


def benchmark_problems(cat: Catalogue, b: CoreBenchmark, as_of: date) -> list[dict[str, Any]]:
    """Legality findings on the benchmark's own effective date and on `as_of` (the statute may have
    changed under a table since it was issued), without duplicates."""
    versions = {
        v.id: v for pid in b.applies_to if pid in cat.provisions for v in cat.versions_of(pid)
    }.values()
    found: dict[tuple, dict[str, Any]] = {}
    for when in (None, as_of):
        for pr in legality_check(b, versions, when):
            found.setdefault(
                (pr.code, pr.provision_id, pr.level),
                {
                    "code": pr.code,
                    "kind": pr.kind,
                    "message": pr.message,
                    "provision_id": pr.provision_id,
                    "level": pr.level,
                    "as_of": pr.as_of.isoformat() if pr.as_of else None,
                },
            )
    return list(found.values())


def obsolete_reason(problems: list[dict[str, Any]]) -> str:
    return "；".join(p["message"].rstrip("。") for p in problems if p["kind"] in BLOCKING_KINDS) + (
        "。" if any(p["kind"] in BLOCKING_KINDS for p in problems) else ""
    )


# --- law level -------------------------------------------------------------------------------


def law_level(name: str, provinces: Iterable[str] = ()) -> str:
    """Rank of a source from its name (立法法): …法 law, …条例 regulation, …规定/办法 rule; a name that
    begins with a province is local."""
    local = any(name.startswith(p) for p in provinces if p)
    if name.endswith("法") and not local:
        return LawLevel.LAW
    if name.endswith("条例"):
        return LawLevel.LOCAL_REGULATION if local else LawLevel.ADMINISTRATIVE_REGULATION
    if name.endswith(("规定", "办法", "细则", "规则")):
        return LawLevel.LOCAL_RULE if local else LawLevel.DEPARTMENTAL_RULE
    return LawLevel.OTHER


# --- upserts ---------------------------------------------------------------------------------


class RowCache:
    """The rows a load may touch, read once per model (a load writes a few hundred rows)."""

    def __init__(self) -> None:
        self.rows: dict[tuple, dict[tuple, Any]] = {}
        self.links: dict[tuple, dict[int, set[int]]] = {}

    @staticmethod
    def _plain(v):
        return v.pk if hasattr(v, "_meta") else v

    def _table(self, model, names: tuple[str, ...]) -> dict[tuple, Any]:
        table = self.rows.get((model, names))
        if table is None:
            attnames = [model._meta.get_field(n).attname for n in names]
            table = {tuple(getattr(o, a) for a in attnames): o for o in model.objects.all()}
            self.rows[(model, names)] = table
        return table

    def find(self, model, lookup: dict[str, Any]):
        names = tuple(sorted(lookup))
        return self._table(model, names).get(tuple(self._plain(lookup[n]) for n in names))

    def remember(self, model, lookup: dict[str, Any], obj) -> None:
        names = tuple(sorted(lookup))
        self._table(model, names)[tuple(self._plain(lookup[n]) for n in names)] = obj

    def linked(self, manager) -> set[int]:
        src, tgt = manager.source_field_name, manager.target_field_name
        key = (manager.through, src)
        if key not in self.links:
            links: dict[int, set[int]] = {}
            for a, b in manager.through.objects.values_list(f"{src}_id", f"{tgt}_id"):
                links.setdefault(a, set()).add(b)
            self.links[key] = links
        return self.links[key].setdefault(manager.instance.pk, set())


def _differs(obj, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _upsert(model, lookup: dict[str, Any], values: dict[str, Any], summary: LoadSummary):
    """Create, or update only the fields that changed (a second run writes nothing)."""
    obj = summary.cache.find(model, lookup)
    if obj is None:
        summary.created += 1
        obj = model.objects.create(**lookup, **values)
        summary.cache.remember(model, lookup, obj)
        return obj
    changed = [k for k, v in values.items() if _differs(obj, k, v)]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        fields = changed + (["loaded_at"] if hasattr(obj, "loaded_at") else [])
        obj.save(update_fields=fields)
        summary.updated += 1
    return obj


def _upsert_many(model, items: list[tuple[dict[str, Any], dict[str, Any]]], summary: LoadSummary):
    """_upsert for many rows, inserting the new ones in one statement."""
    out, new = [], []
    for lookup, values in items:
        if summary.cache.find(model, lookup) is None:
            obj = model(**lookup, **values)
            new.append((lookup, obj))
            out.append(obj)
        else:
            out.append(_upsert(model, lookup, values, summary))
    if new:
        model.objects.bulk_create([obj for _, obj in new])
        for lookup, obj in new:
            summary.cache.remember(model, lookup, obj)
        summary.created += len(new)
    return out


def _set_m2m(manager, wanted: Iterable, summary: LoadSummary) -> None:
    wanted_ids = {o.pk for o in wanted}
    current = summary.cache.linked(manager)
    if current != wanted_ids:
        manager.set(list(wanted_ids))
        current.clear()
        current.update(wanted_ids)


def _dec(v):
    from decimal import Decimal

    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


def _int(v):
    if v is None:
        return None
    return int(v)


def _law_dates(cat: Catalogue) -> dict[tuple[str, int], tuple[date | None, date | None]]:
    """In-force dates of each text version: the core's documented version dates where it has them
    (parsing.mapping("provision_versions.json")), else the earliest date of the version's provisions;
    a version ends the day before the next one starts."""
    from datetime import timedelta

    from zhifa.core.discretion.parsing import mapping

    documented = mapping("provision_versions.json").get("laws", {})
    earliest: dict[tuple[str, int], date] = {}
    for p in cat.provisions.values():
        key = (p.law, p.law_year)
        if p.effective_from and (key not in earliest or p.effective_from < earliest[key]):
            earliest[key] = p.effective_from
    starts: dict[tuple[str, int], date | None] = {}
    for p in cat.provisions.values():
        key = (p.law, p.law_year)
        raw = documented.get(p.law, {}).get("versions", {}).get(str(p.law_year), {})
        known = date.fromisoformat(raw["effective_from"]) if raw.get("effective_from") else None
        starts[key] = known or earliest.get(key)
    out: dict[tuple[str, int], tuple[date | None, date | None]] = {}
    by_name: dict[str, list[int]] = {}
    for name, year in starts:
        by_name.setdefault(name, []).append(year)
    for name, years in by_name.items():
        years.sort()
        for year, nxt in zip(years, [*years[1:], None], strict=True):
            start = starts[(name, year)]
            following = starts.get((name, nxt)) if nxt else None
            end = following - timedelta(days=1) if following else None
            if start and end and end < start:
                end = None
            out[(name, year)] = (start, end)
    return out


def _store_laws(cat: Catalogue, summary: LoadSummary) -> dict[tuple[str, int], Law]:
    versions: dict[tuple[str, int], list] = {}
    for p in cat.provisions.values():
        versions.setdefault((p.law, p.law_year), []).append(p)
    dates = _law_dates(cat)
    provinces = list(province_index().keys())
    laws: dict[tuple[str, int], Law] = {}
    for (name, year), provs in sorted(versions.items()):
        start, end = dates[(name, year)]
        laws[(name, year)] = _upsert(
            Law,
            {"name": name, "version_year": year},
            {
                "level": law_level(name, provinces),
                "version_date": start,
                "effective_from": start,
                "effective_to": end,
                "source": next((p.source_url for p in provs if p.source_url), "")[:500],
            },
            summary,
        )
    by_name: dict[str, list[Law]] = {}
    for law in laws.values():
        by_name.setdefault(law.name, []).append(law)
    for group in by_name.values():
        group.sort(key=lambda law: law.version_year)
        for older, newer in zip(group, [*group[1:], None], strict=True):
            target = newer.pk if newer else None
            if older.superseded_by_id != target:
                older.superseded_by_id = target
                older.save(update_fields=["superseded_by"])
    summary.laws = len(laws)
    return laws


def _store_provisions(
    records: list[dict], cat: Catalogue, laws, summary: LoadSummary
) -> dict[str, PenaltyProvision]:
    items = []
    for d in records:
        p = cat.provisions[d["id"]]
        items.append(
            (
                {"data_id": p.id},
                {
                    "law": laws[(p.law, p.law_year)],
                    "article": p.article[:128],
                    "violated_article": p.violated_article[:128],
                    "conduct": p.conduct_zh[:500],
                    "conduct_en": (d.get("conduct_en") or "")[:500],
                    "sector": p.sector,
                    "warning": p.warning,
                    "fine_min": _int(d.get("fine_min")),
                    "fine_max": _int(d.get("fine_max")),
                    "gain_multiple_min": _dec(d.get("gain_multiple_min")),
                    "gain_multiple_max": _dec(d.get("gain_multiple_max")),
                    "small_gain_threshold": _int(d.get("small_gain_threshold")),
                    "fallback_fine_min": _int(d.get("fallback_fine_min")),
                    "fallback_fine_max": _int(d.get("fallback_fine_max")),
                    "per_unit_fine": _int(d.get("per_unit_fine")),
                    "correct_first": p.correct_first,
                    "order_to_stop_or_correct": p.order_to_stop_or_correct,
                    "confiscation": list(p.confiscation),
                    "suspension_or_revocation": p.suspension_or_revocation[:500],
                    "unconfirmed": p.unconfirmed,
                    "source_url": p.source_url[:500],
                    "data": d,
                },
            )
        )
    rows = _upsert_many(PenaltyProvision, items, summary)
    stored = {row.data_id: row for row in rows}
    for pid, row in stored.items():
        _set_m2m(row.superseded_by, [stored[s] for s in cat.provisions[pid].superseded_by], summary)
    summary.provisions = len(stored)
    return stored


def version_label(b: CoreBenchmark) -> str:
    """ "2022-01-01" when the source gives the day, "2021年" for a year, "" when unknown."""
    if b.effective_from is not None and b.effective_precision == "day":
        return b.effective_from.isoformat()
    return f"{b.year}年" if b.year else ""


def store_benchmark(
    d: dict,
    b: CoreBenchmark,
    problems: list[dict[str, Any]],
    *,
    provisions: Mapping[str, PenaltyProvision],
    index,
    summary: LoadSummary,
    origin: str = "data",
    actor=None,
    key: str | None = None,
    effective_to: date | None = None,
) -> tuple[Benchmark, bool]:
    """Store one parsed benchmark with its levels; returns (row, newly flagged obsolete)."""
    issuer = resolve_issuer(b.province, index)
    reason = obsolete_reason(problems)
    status = BenchmarkStatus.OBSOLETE if reason else BenchmarkStatus.ACTIVE
    if status == BenchmarkStatus.ACTIVE and not b.attributable:
        status = BenchmarkStatus.EXAMPLE  # issuer or document unknown: never shown as 有效
    existing = summary.cache.find(Benchmark, {"key": key or b.id})
    before = existing.status if existing is not None else None
    values = {
        "provision": provisions.get(b.provision_id) if b.provision_id else None,
        "scope": issuer.scope,
        "province": issuer.province,
        "issuer": (b.province or "")[:128],
        "document": b.document[:300],
        "version": version_label(b),
        "year": b.year,
        "effective_from": b.effective_from if b.effective_precision == "day" else None,
        "status": status,
        "obsolete_reason": reason,
        "source_url": b.source_url[:500],
        "origin": origin,
        "data": d,
    }
    if effective_to is not None:
        values["effective_to"] = effective_to
    if actor is not None:
        values["imported_by"] = actor
    row = _upsert(Benchmark, {"key": key or b.id}, values, summary)
    _set_m2m(
        row.also_provisions,
        [provisions[x] for x in b.applies_to if x in provisions and x != b.provision_id],
        summary,
    )
    raw_levels = d.get("levels") or []
    level_items = []
    for lv, raw in zip(b.levels, raw_levels, strict=True):
        level_items.append(
            (
                {"benchmark": row, "order": lv.rank},
                {
                    "label": lv.label_zh[:120],
                    "tier": lv.kind.value,
                    "conditions_zh": lv.source_zh,
                    "conditions": lv.when.expr if lv.when is not None else None,
                    "fine_min": _int(lv.fine_low),
                    "fine_max": _int(lv.fine_high),
                    "gain_multiple_min": _dec(lv.gain_multiple_low),
                    "gain_multiple_max": _dec(lv.gain_multiple_high),
                    "notes": lv.other_zh or (raw.get("other") or ""),
                },
            )
        )
    _upsert_many(BenchmarkLevel, level_items, summary)
    if existing is not None:
        BenchmarkLevel.objects.filter(benchmark=row, order__gte=len(b.levels)).delete()
    newly = status == BenchmarkStatus.OBSOLETE and before != BenchmarkStatus.OBSOLETE
    if status == BenchmarkStatus.OBSOLETE:
        summary.obsolete.append(row.key)
    if newly:
        summary.newly_obsolete.append(row.key)
        journal.append(
            events.BENCHMARK_FLAGGED_OBSOLETE,
            actor=actor,
            subject=row,
            payload={
                "key": row.key,
                "document": row.document,
                "reason": reason,
                "problems": [p for p in problems if p["kind"] in BLOCKING_KINDS],
            },
        )
    return row, newly


def _store_exemption_list(
    d: dict, lst: CoreExemptionList, provisions, index, summary: LoadSummary
) -> ExemptionList:
    issuer = resolve_issuer(lst.scope, index)
    row = _upsert(
        ExemptionList,
        {"key": lst.id},
        {
            "scope": Scope.NATIONAL if lst.national else issuer.scope,
            "issuer": lst.scope[:128],
            "document": lst.document[:300],
            "year": lst.year,
            "effective_from": lst.effective_from,
            "source_url": lst.source_url[:500],
            "data": d,
        },
        summary,
    )
    _set_m2m(row.provinces, issuer.provinces, summary)
    item_rows = []
    for item, raw in zip(lst.items, d.get("items") or [], strict=True):
        kind = (
            ExemptionKind.NO_COERCION
            if item.measure
            else ExemptionKind.MINOR
            if item.effect is Effect.MUST
            else ExemptionKind.FIRST_VIOLATION
        )
        item_rows.append(
            (
                {"exemption_list": row, "order": item.index},
                {
                    "kind": kind,
                    "provision": provisions.get(item.provision_id) if item.provision_id else None,
                    "conduct": item.conduct_zh[:500],
                    "basis": item.basis[:300],
                    "conditions_zh": list(item.conditions_zh),
                    "data": raw,
                },
            )
        )
    existed = summary.cache.find(ExemptionItem, {"exemption_list": row, "order": 0}) is not None
    _upsert_many(ExemptionItem, item_rows, summary)
    if existed:
        ExemptionItem.objects.filter(exemption_list=row, order__gte=len(lst.items)).delete()
    summary.exemption_items += len(lst.items)
    return row


# --- the load --------------------------------------------------------------------------------


def default_data_dir() -> Path:
    return Path(settings.REFDATA_DIR)


def load_law_data(
    data_dir: Path | None = None, *, as_of: date | None = None, actor=None
) -> LoadSummary:
    """Load provisions, benchmarks and no-penalty lists; idempotent; all or nothing.

    Every record goes through the core parsers first: one bad record and nothing is written. A
    benchmark that fails the legality check on its effective date or on `as_of` (default: today) is
    stored but flagged obsolete with the reason.
    """
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    as_of = as_of or timezone.localdate()
    records, digests = read_data_dir(data_dir)
    # one record per no-penalty list: duplicates are left out (zhifa.core.discretion.catalogue)
    records["no_penalty_lists.json"] = without_duplicate_lists(records["no_penalty_lists.json"])
    # Excel-imported benchmarks take part in the check too (their ids must not collide).
    imported = list(
        Benchmark.objects.filter(origin="excel").order_by("id").values_list("data", flat=True)
    )
    cat = build_catalogue(
        records["provisions.json"],
        records["benchmarks.json"] + imported,
        records["no_penalty_lists.json"],
    )
    summary = LoadSummary(digests=digests)
    index = province_index()
    with transaction.atomic():
        laws = _store_laws(cat, summary)
        provisions = _store_provisions(records["provisions.json"], cat, laws, summary)
        keys = []
        n_data = len(records["benchmarks.json"])
        for d, b in zip(records["benchmarks.json"], cat.benchmarks[:n_data], strict=True):
            store_benchmark(
                d,
                b,
                benchmark_problems(cat, b, as_of),
                provisions=provisions,
                index=index,
                summary=summary,
            )
            keys.append(b.id)
        summary.benchmarks = len(keys)
        # Tables imported from Excel are checked again: the statute may have changed since.
        for row, b in zip(
            Benchmark.objects.filter(origin="excel").order_by("id"),
            cat.benchmarks[n_data:],
            strict=True,
        ):
            store_benchmark(
                row.data,
                b,
                benchmark_problems(cat, b, as_of),
                provisions=provisions,
                index=index,
                summary=summary,
                origin="excel",
                key=row.key,
            )
        stale = Benchmark.objects.filter(origin="data").exclude(key__in=keys)
        summary.removed += stale.count()
        BenchmarkLevel.objects.filter(benchmark__in=stale).delete()
        stale.delete()
        list_keys = []
        for d, lst in zip(records["no_penalty_lists.json"], cat.exemption_lists, strict=True):
            _store_exemption_list(d, lst, provisions, index, summary)
            list_keys.append(lst.id)
        summary.exemption_lists = len(list_keys)
        stale_lists = ExemptionList.objects.exclude(key__in=list_keys)
        summary.removed += stale_lists.count()
        stale_lists.delete()
        journal.append(
            events.DATA_LOADED,
            actor=actor,
            subject=("law.catalogue", "shared"),
            payload={"as_of": as_of.isoformat(), "dir": str(data_dir), **summary.as_payload()},
        )
    return summary


# --- the engine's catalogue from the database ------------------------------------------------

_CACHE: dict[str, Any] = {"stamp": None, "catalogue": None}


def catalogue_stamp() -> tuple:
    """Changes whenever a stored record changes (rows added, removed or re-saved)."""
    from django.db import connection

    # One round trip for the three tables, not three: every page that shows the discretion card
    # asks (issue 15 item 5).
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"(SELECT COUNT(*) FROM {t}), (SELECT MAX({quote('loaded_at')}) FROM {t})"  # noqa: S608
        for t in (quote(m._meta.db_table) for m in (PenaltyProvision, Benchmark, ExemptionList))
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # table names from the models, quoted
        row = cursor.fetchone()
    return tuple((row[i], row[i + 1]) for i in range(0, 6, 2))


def current_catalogue() -> Catalogue:
    """The engine's catalogue rebuilt from the stored records, kept while they do not change."""
    stamp = catalogue_stamp()
    if _CACHE["stamp"] != stamp or _CACHE["catalogue"] is None:
        cat = build_catalogue(
            PenaltyProvision.objects.order_by("id").values_list("data", flat=True),
            Benchmark.objects.order_by("id").values_list("data", flat=True),
            ExemptionList.objects.order_by("id").values_list("data", flat=True),
        )
        _CACHE.update(stamp=stamp, catalogue=cat)
    return _CACHE["catalogue"]


# --- Excel import and export of benchmarks ---------------------------------------------------

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def import_province(user):
    """The province a user may import benchmarks for; None for the ministry (any province).

    Raises ImportNotAllowed unless the user belongs to the ministry or a provincial department and
    is a supervisor or the system administrator.
    """
    from zhifa.orgs.choices import AgencyKind, RegionLevel

    if user is None or not getattr(user, "is_authenticated", False):
        raise NotSignedIn("请先登录。")
    agency = user.agency
    role_ok = user.is_supervisor or user.admin_role == "system"
    if not role_ok or agency.kind not in (AgencyKind.MINISTRY, AgencyKind.PROVINCIAL_DEPARTMENT):
        raise ImportNotAllowed(
            "只有交通运输部或省级交通运输主管部门的监督人员、系统管理员可以导入裁量基准。"
        )
    if agency.kind == AgencyKind.MINISTRY:
        return None
    region = agency.region
    if region is None:
        raise ImportNotAllowed("所属机构未设置行政区划，无法确定可导入的省份。")
    return region if region.level == RegionLevel.PROVINCE else region.parent


def can_import_benchmarks(user) -> bool:
    try:
        import_province(user)
    except DomainError:
        return False
    return True


def _imported_id(rec: Mapping[str, Any]) -> str:
    from zhifa.core.discretion.ids import benchmark_id

    base = benchmark_id({k: rec.get(k) for k in ("provision_id", "province", "document")})
    return f"{base}@{rec.get('effective_from') or rec.get('year') or 'undated'}"


def _problem_line(table, problem_level: str | None) -> tuple[str, int]:
    from .excel import SHEET_BENCHMARKS, SHEET_LEVELS

    if problem_level and problem_level in table.level_lines:
        return SHEET_LEVELS, table.level_lines[problem_level]
    return SHEET_BENCHMARKS, table.line


def check_import(content: bytes, *, actor, progress=None) -> list[tuple[Any, CoreBenchmark, list]]:
    """Read and check an upload; returns [(table, parsed benchmark, problems on today's date)].

    Raises BenchmarkImportInvalid listing every bad row (sheet, line, Chinese reason).
    """
    from zhifa.core.discretion.parsing import parse_benchmark

    from .excel import SHEET_BENCHMARKS, RowError, read_workbook

    allowed_province = import_province(actor)
    cat = current_catalogue()
    steps = {"read": 0}

    def read_progress(done, total):
        steps["read"] = total
        if progress:
            progress(done, total * 2)

    result = read_workbook(content, read_progress)
    errors = list(result.errors)
    index = province_index()
    checked = []
    ids: dict[str, int] = {}
    total = max(steps["read"], 1)
    for n, table in enumerate(result.benchmarks, 1):
        rec = table.record
        line_errors: list[RowError] = []

        def bad(reason, column="", sheet=SHEET_BENCHMARKS, line=table.line, _e=line_errors):
            _e.append(RowError(sheet, line, reason, column))

        if not rec.get("provision_id"):
            bad("条款编号必填。", "条款编号")
        for pid in [rec.get("provision_id"), *rec.get("applies_to", [])]:
            if pid and pid not in cat.provisions:
                bad(f"条款编号“{pid}”不存在（见条款目录）。", "条款编号")
        if not rec.get("province"):
            bad("省份或制定机关必填。", "省份或制定机关")
        else:
            issuer = resolve_issuer(rec["province"], index)
            if issuer.scope == Scope.UNKNOWN:
                bad(f"无法识别的省份或制定机关“{rec['province']}”。", "省份或制定机关")
            elif allowed_province is not None and allowed_province not in issuer.provinces:
                bad(f"只能导入本省（{allowed_province.name}）的裁量基准。", "省份或制定机关")
        if not rec.get("year") and not rec.get("effective_from"):
            bad("年份与施行日期至少填写一项（导入时按施行日期核对法定幅度）。", "施行日期")
        rec["id"] = _imported_id(rec)
        if rec["id"] in ids:
            bad(f"与第{ids[rec['id']]}行是同一基准（条款、制定机关、文件名称与日期均相同）。")
        ids.setdefault(rec["id"], table.line)
        # A table with a bad level row is still checked on its good rows, so that every bad row
        # of the file is reported at once; it is never stored.
        if not line_errors and rec.get("levels"):
            try:
                b = parse_benchmark(rec)
            except DiscretionError as exc:
                rid = str(exc.details.get("record_id", ""))
                label = rid.split("/", 1)[1] if "/" in rid else None
                sheet, line = _problem_line(table, label)
                bad(exc.message, sheet=sheet, line=line)
            else:
                versions = {
                    v.id: v
                    for pid in b.applies_to
                    if pid in cat.provisions
                    for v in cat.versions_of(pid)
                }.values()
                for pr in legality_check(b, versions):
                    if pr.kind in ("illegal", "unverifiable"):
                        sheet, line = _problem_line(table, pr.level)
                        when = b.effective_from.isoformat() if b.effective_from else ""
                        bad(
                            f"{pr.message}（按{when}施行的条文核对，超出法定幅度的基准不予导入）"
                            if pr.kind == "illegal"
                            else pr.message,
                            sheet=sheet,
                            line=line,
                        )
                if not line_errors and not table.broken:
                    checked.append((table, b, benchmark_problems(cat, b, timezone.localdate())))
        errors += line_errors
        if progress:
            progress(total + int(total * n / max(len(result.benchmarks), 1)), total * 2)
    if errors:
        errors.sort(key=lambda e: (e.sheet != SHEET_BENCHMARKS, e.line))
        raise BenchmarkImportInvalid(
            f"导入文件有 {len(errors)} 处错误，未导入任何数据。请逐行改正后重新上传。",
            details={"errors": [e.as_dict() for e in errors], "lines": [str(e) for e in errors]},
        )
    return checked


def import_benchmarks(content: bytes, *, actor, progress=None) -> list[Benchmark]:
    """Import every table of the workbook, or none: one transaction, one journal entry per table."""
    checked = check_import(content, actor=actor, progress=progress)
    summary = LoadSummary()
    index = province_index()
    provisions = {p.data_id: p for p in PenaltyProvision.objects.all()}
    rows = []
    with transaction.atomic():
        for table, b, problems in checked:
            row, _ = store_benchmark(
                table.record,
                b,
                problems,
                provisions=provisions,
                index=index,
                summary=summary,
                origin="excel",
                actor=actor,
                key=table.record["id"],
            )
            journal.append(
                events.BENCHMARK_IMPORTED,
                actor=actor,
                subject=row,
                payload={
                    "key": row.key,
                    "document": row.document,
                    "province": b.province,
                    "provision_id": b.provision_id,
                    "levels": len(b.levels),
                    "status": row.status,
                    "effective_from": version_label(b),
                },
            )
            rows.append(row)
    return rows


def start_benchmark_import(*, actor, filename: str, content: bytes):
    """Record an upload and schedule its import (a job; inline when no broker is configured)."""
    from .models import BenchmarkImport

    import_province(actor)
    if not content:
        raise BenchmarkImportInvalid("上传的文件是空的。", code="benchmark_import_empty")
    if len(content) > IMPORT_MAX_BYTES:
        raise BenchmarkImportInvalid(
            "文件超过 5 MB，请拆分后上传。", code="benchmark_import_too_big"
        )
    from .excel import archive_problem

    problem = archive_problem(content)  # a zip bomb is refused at the door, not in the job
    if problem:
        raise BenchmarkImportInvalid(problem, code="benchmark_import_unreadable")
    record = BenchmarkImport.objects.create(
        uploaded_by=actor, filename=filename[:200], content=content
    )

    def schedule():
        run_benchmark_import_task.delay(record.pk)

    transaction.on_commit(schedule)
    return record


def run_benchmark_import(import_id: int):
    """The job: check and import one upload, writing progress to its record as it goes."""
    from .choices import ImportStatus
    from .models import BenchmarkImport

    record = BenchmarkImport.objects.select_related("uploaded_by").get(pk=import_id)
    if record.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return record  # idempotent: a job run twice does nothing the second time
    BenchmarkImport.objects.filter(pk=record.pk).update(status=ImportStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        if total and (done == total or done % 10 == 0):
            BenchmarkImport.objects.filter(pk=record.pk).update(rows_done=done, rows_total=total)

    try:
        rows = import_benchmarks(bytes(record.content), actor=record.uploaded_by, progress=progress)
    except DomainError as exc:
        record.status = ImportStatus.FAILED
        record.errors = exc.details.get("errors") or [
            {"sheet": "", "line": 0, "column": "", "reason": exc.message}
        ]
    else:
        record.status = ImportStatus.DONE
        record.errors = []
        record.benchmarks.set(rows)
    record.finished_at = timezone.now()
    record.rows_done = record.rows_total = max(record.rows_total, 1)
    record.save(update_fields=["status", "errors", "finished_at", "rows_done", "rows_total"])
    return record


# The job is declared here, beside what it runs, so that services never import tasks.py (which
# lists it for Celery's autodiscovery); the name is the one queued messages already carry.
@shared_task(name="zhifa.law.tasks.run_benchmark_import_task")
def run_benchmark_import_task(import_id: int) -> str:
    return run_benchmark_import(import_id).status


def export_benchmarks(user, benchmarks: Iterable[Benchmark]) -> bytes:
    """The workbook of stored benchmarks, in the import template's form."""
    from .excel import write_workbook

    if user is None or not getattr(user, "is_authenticated", False):
        raise NotSignedIn("请先登录。")
    cat = current_catalogue()
    items = []
    for row in benchmarks:
        b = cat.benchmark_index.get(row.key)
        if b is None:
            continue
        p = cat.provisions.get(b.provision_id) if b.provision_id else None
        items.append((row.data, b, p.citation if p else ""))
    return write_workbook(items)
