"""The loaded catalogue with its indexes, and the version chain of provisions (APL Art. 37).

Built once (`load_catalogue`); every lookup during `recommend` is a dict access. The chain links a
provision version to its successors (`superseded_by`) and back; `resolve(pid, on)` finds the version
of the same conduct in force on a date, refusing to guess when a split leaves several candidates.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import AmbiguousProvision, InvalidRecord, NoLawInForce, UnknownProvision
from .model import Benchmark, EngineSettings, ExemptionItem, ExemptionList, Provision
from .parsing import parse_benchmark, parse_exemption_list, parse_provision


@dataclass(frozen=True)
class Catalogue:
    provisions: Mapping[str, Provision]
    benchmarks: tuple[Benchmark, ...]
    exemption_lists: tuple[ExemptionList, ...]
    settings: EngineSettings = field(default_factory=EngineSettings)
    # indexes (filled by load_catalogue)
    successors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    predecessors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    benchmarks_by_provision: Mapping[str, tuple[Benchmark, ...]] = field(default_factory=dict)
    exemptions_by_provision: Mapping[str, tuple[tuple[ExemptionList, ExemptionItem], ...]] = field(
        default_factory=dict
    )
    candidate_exemptions: Mapping[str, tuple[tuple[ExemptionList, ExemptionItem], ...]] = field(
        default_factory=dict
    )
    benchmark_index: Mapping[str, Benchmark] = field(default_factory=dict)
    _cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def provision(self, pid: str) -> Provision:
        p = self.provisions.get(pid)
        if p is None:
            raise UnknownProvision(pid)
        return p

    def versions_of(self, pid: str) -> tuple[Provision, ...]:
        """The whole chain around `pid`: predecessors, itself, successors (transitively), by date."""
        self.provision(pid)
        seen: set[str] = set()
        stack = [pid]
        while stack:
            x = stack.pop()
            if x in seen or x not in self.provisions:
                continue
            seen.add(x)
            stack.extend(self.successors.get(x, ()))
            stack.extend(self.predecessors.get(x, ()))
        return tuple(
            sorted(
                (self.provisions[x] for x in seen),
                key=lambda p: (p.effective_from or date.min, p.id),
            )
        )

    def resolve(self, pid: str, on: date) -> Provision | None:
        """The version of the conduct `pid` names that is in force on `on`.

        None when the conduct is no longer punished on that date (version repealed without successor).
        Raises NoLawInForce before the law existed or when the version of that date is not recorded,
        AmbiguousProvision when a later split leaves several successors (the caller must choose).
        """
        key = (pid, on)
        hit = self._cache.get(key)
        if hit is not None or key in self._cache:
            return hit
        out = self._resolve(self.provision(pid), on, set())
        self._cache[key] = out
        return out

    def _resolve(self, p: Provision, on: date, seen: set[str]) -> Provision | None:
        seen.add(p.id)
        if p.in_force(on):
            return p
        if p.effective_from is not None and on < p.effective_from:
            olds = [self.provisions[x] for x in self.predecessors.get(p.id, ()) if x not in seen]
            found = [r for r in (self._resolve(o, on, set(seen)) for o in olds) if r is not None]
            same_law = [r for r in found if r.law == p.law]
            pick = same_law or found
            uniq = {r.id: r for r in pick}
            if len(uniq) == 1:
                return next(iter(uniq.values()))
            if len(uniq) > 1:
                raise AmbiguousProvision(
                    f"违法行为发生时有多个版本可能适用（{'、'.join(sorted(uniq))}），请指明。",
                    candidates=sorted(uniq),
                )
            if p.law_in_force_from is not None and on < p.law_in_force_from:
                raise NoLawInForce(
                    f"违法行为发生日{on.isoformat()}早于《{p.law}》施行日{p.law_in_force_from.isoformat()}，"
                    "行为发生时没有可适用的规定，不得给予处罚（《行政处罚法》第四条）。",
                    provision_id=p.id,
                )
            # The rule existed (or its first day is unknown): the version is missing, not the law.
            existed = (
                f"《{p.law}》自{p.law_in_force_from.isoformat()}起施行，"
                if p.law_in_force_from is not None
                else ""
            )
            raise NoLawInForce(
                f"{on.isoformat()}适用的{p.citation}条文版本未收录于本平台法规目录：{existed}"
                f"目录中最早的版本自{p.effective_from.isoformat()}起施行，不作推测。"
                "请补录违法行为发生时施行的版本。",
                code="discretion.version_missing",
                provision_id=p.id,
            )
        # after the end of this version
        news = [
            self.provisions[x]
            for x in self.successors.get(p.id, ())
            if x in self.provisions and x not in seen
        ]
        if not news:
            if p.repealed:
                return None
            raise NoLawInForce(
                f"{p.citation}已于{p.effective_to}失效，其后施行的版本未收录于本平台法规目录。",
                code="discretion.version_missing",
                provision_id=p.id,
            )
        found = [r for r in (self._resolve(n, on, set(seen)) for n in news) if r is not None]
        uniq = {r.id: r for r in found}
        if len(uniq) == 1:
            return next(iter(uniq.values()))
        if not uniq:
            return None
        raise AmbiguousProvision(
            f"条款“{p.id}”已被拆分为{'、'.join(sorted(uniq))}，请选择与违法行为相符的现行条款。",
            provision_id=p.id,
            candidates=sorted(uniq),
        )


def _successor_end(provisions: dict[str, Provision]) -> dict[str, Provision]:
    """Default effective_to of a superseded version: the day before its earliest successor starts."""
    from dataclasses import replace
    from datetime import timedelta

    out = dict(provisions)
    for pid, p in provisions.items():
        if p.effective_to is None and p.superseded_by:
            starts = [provisions[s].effective_from for s in p.superseded_by if s in provisions]
            starts_d = [s for s in starts if s is not None]
            if starts_d:
                end = min(starts_d) - timedelta(days=1)
                if p.effective_from is None or end >= p.effective_from:
                    out[pid] = replace(p, effective_to=end, dates_confirmed=False)
    return out


# No-penalty lists in no_penalty_lists.json that repeat another record (issue 9): one source per
# rule, so an exemption is never counted twice or shown twice with different wording.
DUPLICATE_LISTS: Mapping[str, str] = {
    # 江苏 2025 清单 recorded twice; npl-2025-521b34 holds the same item (序号21) and the list's rules
    "npl-2025-c261b6": "与《江苏省交通运输轻微违法依法不予行政处罚事项清单》（npl-2025-521b34）重复",
    # 山西 普法小课堂 restates the 山西 benchmark's 不予处罚 tier (bm-frt-61-5cac04)
    "npl-2025-7037ae": "与山西省道路货运裁量基准的“不予处罚”档（bm-frt-61-5cac04）重复",
}


def without_duplicate_lists(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The no-penalty list records less those in DUPLICATE_LISTS."""
    from .ids import exemption_list_id

    return [d for d in records if (d.get("id") or exemption_list_id(d)) not in DUPLICATE_LISTS]


def load_catalogue(
    provisions: Iterable[Mapping[str, Any]],
    benchmarks: Iterable[Mapping[str, Any]],
    exemption_lists: Iterable[Mapping[str, Any]],
    settings: EngineSettings | None = None,
) -> Catalogue:
    """Parse and index everything; raise InvalidRecord on the first bad record or dangling reference."""
    provs: dict[str, Provision] = {}
    for d in provisions:
        p = parse_provision(d)
        if p.id in provs:
            raise InvalidRecord(p.id, "id", "条款编号重复")
        provs[p.id] = p
    provs = _successor_end(provs)
    succ: dict[str, tuple[str, ...]] = {}
    pred: dict[str, list[str]] = {}
    for p in provs.values():
        for s in p.superseded_by:
            if s not in provs:
                raise InvalidRecord(p.id, "superseded_by", f"引用了不存在的条款“{s}”")
            pred.setdefault(s, []).append(p.id)
        succ[p.id] = p.superseded_by
        for s in p.penalty_see:
            if s not in provs:
                raise InvalidRecord(p.id, "penalty_see", f"引用了不存在的条款“{s}”")

    bms: list[Benchmark] = []
    index: dict[str, Benchmark] = {}
    by_prov: dict[str, list[Benchmark]] = {}
    for d in benchmarks:
        b = parse_benchmark(d)
        if b.id in index:
            raise InvalidRecord(b.id, "id", "裁量基准编号重复")
        for pid in b.applies_to:
            if pid not in provs:
                raise InvalidRecord(b.id, "provision_id", f"引用了不存在的条款“{pid}”")
            by_prov.setdefault(pid, []).append(b)
        if b.provision_id and b.provision_id not in provs:
            raise InvalidRecord(b.id, "provision_id", f"引用了不存在的条款“{b.provision_id}”")
        index[b.id] = b
        bms.append(b)

    lists: list[ExemptionList] = []
    ex_by_prov: dict[str, list[tuple[ExemptionList, ExemptionItem]]] = {}
    candidates: dict[str, list[tuple[ExemptionList, ExemptionItem]]] = {}
    seen_lists: set[str] = set()
    for d in without_duplicate_lists(exemption_lists):
        lst = parse_exemption_list(d)
        if lst.id in seen_lists:
            raise InvalidRecord(lst.id, "id", "免罚清单编号重复")
        seen_lists.add(lst.id)
        lists.append(lst)
        for item in lst.items:
            if item.provision_id is not None:
                if item.provision_id not in provs:
                    raise InvalidRecord(
                        item.id, "provision_id", f"引用了不存在的条款“{item.provision_id}”"
                    )
                ex_by_prov.setdefault(item.provision_id, []).append((lst, item))
            for c in item.provision_candidates:
                if c in provs:
                    candidates.setdefault(c, []).append((lst, item))
    return Catalogue(
        provisions=provs,
        benchmarks=tuple(bms),
        exemption_lists=tuple(lists),
        settings=settings or EngineSettings(),
        successors=succ,
        predecessors={k: tuple(v) for k, v in pred.items()},
        benchmarks_by_provision={k: tuple(v) for k, v in by_prov.items()},
        exemptions_by_provision={k: tuple(v) for k, v in ex_by_prov.items()},
        candidate_exemptions={k: tuple(v) for k, v in candidates.items()},
        benchmark_index=index,
    )


def shared_data_dir() -> Path:
    """The project's reference data, zhifa/refdata (settings-free; see its README for provenance)."""
    return Path(__file__).resolve().parents[2] / "refdata"


def load_from_dir(
    path: str | os.PathLike[str] | None = None, settings: EngineSettings | None = None
) -> Catalogue:
    """Load provisions.json, benchmarks.json and no_penalty_lists.json from a directory."""
    d = Path(path) if path is not None else shared_data_dir()

    def read(name: str) -> list[Mapping[str, Any]]:
        data = json.loads((d / name).read_text("utf-8"))
        if not isinstance(data, list):
            raise InvalidRecord(name, "(file)", "应为记录列表")
        return data

    return load_catalogue(
        read("provisions.json"), read("benchmarks.json"), read("no_penalty_lists.json"), settings
    )
