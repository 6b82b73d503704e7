"""A case's whole-process record: which journal subjects belong to a case, and its export as one
archive that a reviewer verifies offline (offline.py describes the layout and the checks).

Other apps add their subjects (preservations, measures, property items) with
`register_case_subjects(provider)`; `provider(case)` returns model instances or
(subject_type, subject_id) pairs.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from zhifa.core import hashchain
from zhifa.records import journal
from zhifa.records.models import JournalAnchor, JournalEntry, JournalHead

from . import events, offline, storage
from .models import Evidence
from .services import collected_payload

_PROVIDERS: list[Callable] = []

# JournalEntry columns in ChainEntry's field order (as zhifa.records.verification reads them).
_FIELDS = list(offline.ENTRY_FIELDS)


def register_case_subjects(provider: Callable) -> Callable:
    """Add a source of journal subjects for cases (call from an AppConfig.ready())."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def _evidence_subjects(case):
    return Evidence.objects.filter(case=case).order_by("number")


register_case_subjects(_evidence_subjects)


def case_subjects(case) -> list[tuple[str, str]]:
    """The case itself, then every registered subject, each once, in a stable order."""
    keys = [journal.subject_key(case)]
    for provider in _PROVIDERS:
        for item in provider(case):
            key = journal.subject_key(item)
            if key not in keys:
                keys.append(key)
    return keys


def _entries(qs) -> Iterable[hashchain.ChainEntry]:
    for row in qs.values_list(*_FIELDS).iterator(chunk_size=2000):
        yield hashchain.ChainEntry(*row)


def record_entries(case) -> list[hashchain.ChainEntry]:
    """The case's journal entries, ordered by chain and seq."""
    out = []
    for subject_type, subject_id in case_subjects(case):
        qs = JournalEntry.objects.filter(subject_type=subject_type, subject_id=subject_id)
        out += list(_entries(qs))
    return sorted(out, key=lambda e: (e.chain, e.seq))


def _anchor_heads(anchors) -> dict[str, list[int]]:
    heads: dict[str, list[int]] = {}
    for anchor in anchors:
        for chain, seq, _hash in json.loads(anchor.heads):
            heads.setdefault(chain, []).append(int(seq))
    return {chain: sorted(seqs) for chain, seqs in heads.items()}


def plan(case) -> tuple[list, list, list, dict]:
    """(record entries, neighbour entries, anchors used, export-time heads).

    For each record entry, the chain is carried forward to the first anchored head at or after it,
    or, past the last anchor, to the chain's current head: those entries are the neighbours.
    """
    record = record_entries(case)
    chains = sorted({e.chain for e in record})
    anchors = list(JournalAnchor.objects.order_by("day"))
    anchored = _anchor_heads(anchors)
    heads = {h.chain: [h.seq, h.entry_hash] for h in JournalHead.objects.filter(chain__in=chains)}
    in_record = {(e.chain, e.seq) for e in record}
    wanted: dict[str, set[int]] = {c: set() for c in chains}
    used_heads: set[tuple[str, int]] = set()
    for entry in record:
        end = next((s for s in anchored.get(entry.chain, []) if s >= entry.seq), None)
        if end is None:
            end = heads.get(entry.chain, [entry.seq])[0]
        else:
            used_heads.add((entry.chain, end))
        wanted[entry.chain].update(range(entry.seq + 1, end + 1))
    neighbours = []
    for chain in chains:
        seqs = sorted(s for s in wanted[chain] if (chain, s) not in in_record)
        for start in range(0, len(seqs), 5000):
            qs = JournalEntry.objects.filter(chain=chain, seq__in=seqs[start : start + 5000])
            neighbours += list(_entries(qs.order_by("seq")))
    used = [
        a for a in anchors if any((c, int(s)) in used_heads for c, s, _h in json.loads(a.heads))
    ]
    return record, neighbours, used, heads


README_TEXT = """案件全过程记录导出包（{format}）
==================================

案件：{case_number}（系统编号 {case_id}）
机构：{agency}
导出时间（UTC）：{exported_at}
哈希算法：{algorithm}

内容
----
manifest.json              清单：案件信息、导出时各记录链链头、包内每个文件的摘要
journal/record.jsonl       本案全过程记录，每行一条，字段与计算哈希时完全一致
journal/neighbours.jsonl   同一记录链上紧随其后的记录（直到每日锚定或导出时的链头），
                           仅公开哈希所需字段，内容（payload）不公开
anchors.json               覆盖上述记录的每日锚定（各记录链链头的默克尔根）
evidence.json              证据清单：种类、取证人、时间、地点、方式、设备、所记录的执法行为、文件摘要
files/ab/cd/<摘要>          证据文件，以其摘要命名

离线校验（无需数据库、无需联网）
--------------------------------
在 Zhifa 代码目录中执行：

    python manage.py verify_case_record 本文件.zip

或不加载 Django 设置：

    python -m zhifa.evidence.offline 本文件.zip

如另行保存了某日的锚定根（上级机关备案、纸质登记簿），请一并核对：

    python manage.py verify_case_record 本文件.zip --root 2026-03-01=<该日的默克尔根>

校验内容：包内文件与清单一致；每条记录的哈希可重算；记录之间的哈希链接完整，
并一直连到每日锚定或导出时的链头；锚定的默克尔根可由各链链头重算；相邻记录中
没有被隐去的本案记录；证据清单与登记记录一致，每个证据文件的摘要可重算。

字节格式见 zhifa/core/hashchain.py 与 zhifa/core/merkle.py 的说明：任何有 JSON 与
SM3（或 SHA-256）实现的语言都可独立复核。
"""


def _write_bytes(archive: zipfile.ZipFile, name: str, data: bytes, members: dict, algorithm: str):
    archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    members[name] = [algorithm, hashchain.digest(algorithm, data)]


def export_case_record(case, out_path, *, actor=None) -> dict:
    """Write the case's record to `out_path` (a .zip); returns the manifest. Journaled as
    evidence.record_exported after the archive is complete."""
    algorithm = hashchain.DEFAULT_ALGORITHM
    record, neighbours, anchors, heads = plan(case)
    evidence = list(
        Evidence.objects.filter(case=case).select_related("file", "collected_by__user", "case")
    )
    exported_at = hashchain.utc_text(timezone.now())
    members: dict[str, list[str]] = {}
    out_path = Path(out_path)
    tmp = out_path.with_name(out_path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
            lines = "".join(
                json.dumps(offline.entry_to_json(e), ensure_ascii=False) + "\n" for e in record
            )
            _write_bytes(archive, offline.RECORD, lines.encode(), members, algorithm)
            lines = "".join(
                json.dumps(offline.entry_to_json(e, withhold_payload=True), ensure_ascii=False)
                + "\n"
                for e in neighbours
            )
            _write_bytes(archive, offline.NEIGHBOURS, lines.encode(), members, algorithm)
            anchor_list = [
                {
                    "day": a.day.isoformat(),
                    "algorithm": a.algorithm,
                    "root": a.root,
                    "heads": json.loads(a.heads),
                }
                for a in anchors
            ]
            _write_bytes(archive, offline.ANCHORS, _json(anchor_list), members, algorithm)
            items = [_evidence_item(e) for e in evidence]
            _write_bytes(archive, offline.EVIDENCE, _json(items), members, algorithm)
            for ef in {e.file_id: e.file for e in evidence}.values():
                name = offline.file_path(ef.digest)
                with (
                    storage.open_stored(ef.storage_name) as src,
                    archive.open(name, "w", force_zip64=True) as dst,
                ):
                    while chunk := src.read(storage.CHUNK_SIZE):
                        dst.write(chunk)
                members[name] = [ef.algorithm, ef.digest]
            readme = README_TEXT.format(
                format=offline.FORMAT,
                case_number=case.case_number or "（未编号）",
                case_id=case.pk,
                agency=case.agency.name,
                exported_at=exported_at,
                algorithm=algorithm.upper(),
            )
            _write_bytes(archive, offline.README, readme.encode(), members, algorithm)
            manifest = {
                "format": offline.FORMAT,
                "case": {
                    "id": case.pk,
                    "case_number": case.case_number or "",
                    "agency_id": case.agency_id,
                    "agency": case.agency.name,
                },
                "exported_at": exported_at,
                "algorithm": algorithm,
                "subjects": [list(k) for k in case_subjects(case)],
                "heads": heads,
                "members": members,
            }
            archive.writestr(offline.MANIFEST, _json(manifest), compress_type=zipfile.ZIP_DEFLATED)
        tmp.replace(out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with transaction.atomic():
        journal.append(
            events.RECORD_EXPORTED,
            actor=actor,
            subject=case,
            agency=case.agency,
            payload={
                "case": case.pk,
                "entries": len(record),
                "neighbours": len(neighbours),
                "anchors": [a.day for a in anchors],
                "evidence": len(evidence),
                "manifest_digest": hashchain.digest(algorithm, _json(manifest)),
            },
        )
    return manifest


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def _evidence_item(evidence: Evidence) -> dict:
    payload = collected_payload(evidence)
    item = {name: payload[name] for name in offline.EVIDENCE_FIELDS}
    item.update(
        {
            "id": evidence.pk,
            "kind_label": evidence.get_kind_display(),
            "collected_by_name": payload["collected_by_name"],
            "method_label": evidence.get_method_display(),
            "act_label": evidence.get_act_display(),
            "custodian": evidence.custodian_id,
            "custodian_name": getattr(evidence.custodian, "full_name", ""),
            "file": {**payload["file"], "path": offline.file_path(evidence.file.digest)},
        }
    )
    return item
