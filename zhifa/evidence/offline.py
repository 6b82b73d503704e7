"""Verifying an exported case record offline: pure Python, no Django, no database.

    manage.py verify_case_record OUT.zip [--root 2026-03-01=<root kept elsewhere>]
    python -m zhifa.evidence.offline OUT.zip              (the same, without Django settings)

Only the hash chain and Merkle functions of zhifa/core are used (hashchain.py, merkle.py; their
docstrings give the exact bytes, so any language with JSON and SM3 can redo this).

The archive ("zhifa-case-record/1", written by record.export_case_record):

    README.txt                 how to verify, in Chinese
    manifest.json              the case, export time, every member's digest, the chain heads at export
    journal/record.jsonl       the case's journal entries, one JSON object a line, exactly the
                               fields of hashchain.ChainEntry as hashed (occurred_at as hashed)
    journal/neighbours.jsonl   the entries after them up to an anchored (or the export-time) chain
                               head, payload withheld (null): their hash needs only payload_digest
    anchors.json               the daily anchors (Merkle roots of every chain head) covering them
    evidence.json              the evidence list, each with its file's algorithm, digest, size, path
    files/ab/cd/<digest>       the files, named by digest

What is checked, in order:
1. every member listed in the manifest is present with its digest, and nothing else is there;
2. every entry's hash is recomputed (and its payload digest, where the payload is present);
3. within a chain, consecutive entries link (seq + 1, prev_hash = previous entry_hash);
4. from every record entry, the chain runs on, unbroken, to a head named by an anchor or by the
   manifest's export-time heads — so the entry is the one the head (and the anchor root) commits to;
5. every anchor's root is recomputed from its heads (and compared with roots given by --root);
6. no withheld neighbour belongs to the case's subjects (nothing of the case is hidden);
7. every evidence item matches its evidence.collected entry (fields and file digest), its custodian
   the last hand-over; every file re-hashes to its digest.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from zhifa.core import hashchain
from zhifa.core.hashchain import ChainEntry
from zhifa.core.merkle import ChainHead, merkle_root

FORMAT = "zhifa-case-record/1"
MANIFEST = "manifest.json"
README = "README.txt"
RECORD = "journal/record.jsonl"
NEIGHBOURS = "journal/neighbours.jsonl"
ANCHORS = "anchors.json"
EVIDENCE = "evidence.json"
FILES_DIR = "files/"
CHUNK = 4 * 1024 * 1024

ENTRY_FIELDS = (
    "chain", "seq", "occurred_at", "actor_id", "actor_name", "agency_id", "subject_type",
    "subject_id", "event_type", "correlation_id", "payload", "payload_digest", "prev_hash",
    "algorithm", "entry_hash", "id",
)  # fmt: skip

# Fields of an evidence item that must equal its evidence.collected payload.
EVIDENCE_FIELDS = (
    "number", "kind", "title", "description", "collected_by", "collected_at", "place", "method",
    "device_kind", "device_id", "act", "act_ref",
)  # fmt: skip


def file_path(digest: str) -> str:
    return f"{FILES_DIR}{digest[:2]}/{digest[2:4]}/{digest}"


def entry_to_json(entry: ChainEntry, *, withhold_payload: bool = False) -> dict:
    """One journal line: the fields of ChainEntry in order, occurred_at exactly as hashed."""
    data = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    data["occurred_at"] = hashchain.utc_text(entry.occurred_at)
    if withhold_payload:
        data["payload"] = None
    return data


def entry_from_json(data: dict) -> ChainEntry:
    moment = datetime.strptime(data["occurred_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    values = {name: data.get(name) for name in ENTRY_FIELDS}
    values["occurred_at"] = moment
    return ChainEntry(**values)


def stream_digest(algorithm: str, chunks) -> str:
    if not hashchain.available(algorithm):
        raise ValueError(f"unsupported hash algorithm: {algorithm}")
    h = hashlib.new(algorithm)
    for chunk in chunks:
        h.update(chunk)
    return h.hexdigest()


@dataclass
class Report:
    """The outcome: `problems` in the order found (the first names what broke first)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, text: str) -> None:
        self.problems.append(text)

    def lines(self) -> list[str]:
        out = [f"{k}：{v}" for k, v in self.counts.items()]
        out += [f"说明：{n}" for n in self.notes]
        if self.ok:
            out.append("结果：记录完整，可以信赖（请将锚定根与另行保存的根核对）。")
        else:
            out.append(f"结果：校验未通过，共 {len(self.problems)} 处问题：")
            out += [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        return out


def _read_json(archive: zipfile.ZipFile, name: str):
    return json.loads(archive.read(name).decode("utf-8"))


def _read_lines(archive: zipfile.ZipFile, name: str) -> list[dict]:
    text = archive.read(name).decode("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def verify_archive(path, *, roots: dict[str, str] | None = None) -> Report:
    """Verify the archive at `path`; `roots` maps a day ("2026-03-01") to a root kept elsewhere."""
    report = Report()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.fail(f"无法打开归档：{exc}")
        return report
    with archive:
        try:
            _verify(archive, report, roots or {})
        except (KeyError, ValueError, TypeError, json.JSONDecodeError, zipfile.BadZipFile) as exc:
            report.fail(f"归档格式错误：{exc!r}")
    return report


def _verify(archive: zipfile.ZipFile, report: Report, roots: dict[str, str]) -> None:
    manifest = _read_json(archive, MANIFEST)
    if manifest.get("format") != FORMAT:
        report.fail(f"不是本系统导出的案件记录（格式 {manifest.get('format')!r}）。")
        return
    _check_members(archive, manifest, report)

    record = [entry_from_json(d) for d in _read_lines(archive, RECORD)]
    neighbours = [entry_from_json(d) for d in _read_lines(archive, NEIGHBOURS)]
    anchors = _read_json(archive, ANCHORS)
    evidence = _read_json(archive, EVIDENCE)
    report.counts.update(
        {
            "案件": f"{manifest['case'].get('case_number') or ''}（编号 {manifest['case']['id']}）",
            "本案记录": f"{len(record)} 条",
            "链上相邻记录（内容不公开）": f"{len(neighbours)} 条",
            "每日锚定": f"{len(anchors)} 个",
            "证据": f"{len(evidence)} 项",
        }
    )

    for entry in record:
        broken = hashchain.check_entry(entry)
        if broken:
            report.fail(f"本案记录 {entry.chain} 第 {entry.seq} 条：{_reason(broken.reason)}")
    for entry in neighbours:
        if entry.payload is not None:
            broken = hashchain.check_entry(entry)
        elif not hashchain.available(entry.algorithm):
            broken = hashchain.Break(entry.chain, entry.seq, entry.id, hashchain.UNKNOWN_ALGORITHM)
        elif hashchain.entry_digest(entry) != entry.entry_hash:
            broken = hashchain.Break(
                entry.chain, entry.seq, entry.id, hashchain.ENTRY_HASH_MISMATCH
            )
        else:
            broken = None
        if broken:
            report.fail(f"相邻记录 {entry.chain} 第 {entry.seq} 条：{_reason(broken.reason)}")

    heads = _check_anchors(anchors, roots, report)
    for chain, (seq, entry_hash) in manifest.get("heads", {}).items():
        heads[chain].add((seq, entry_hash))
    _check_chains(record, neighbours, heads, anchors, report)

    subjects = {tuple(s) for s in manifest.get("subjects", [])}
    subjects.add(("cases.case", str(manifest["case"]["id"])))
    subjects |= {("evidence.evidence", str(item["id"])) for item in evidence}
    for entry in neighbours:
        if (entry.subject_type, entry.subject_id) in subjects:
            report.fail(
                f"相邻记录 {entry.chain} 第 {entry.seq} 条属于本案（{entry.subject_type}:"
                f"{entry.subject_id}），内容却被隐去。"
            )
    for entry in record:
        if (entry.subject_type, entry.subject_id) not in subjects:
            report.fail(f"本案记录 {entry.chain} 第 {entry.seq} 条的对象不属于本案。")
    _check_evidence(archive, record, evidence, report)


def _reason(code: str) -> str:
    return {
        hashchain.SEQUENCE_GAP: "序号不连续：中间有记录缺失",
        hashchain.PREV_LINK_BROKEN: "与前一条记录的哈希链接断开",
        hashchain.PAYLOAD_DIGEST_MISMATCH: "记录内容被修改：内容摘要不符",
        hashchain.ENTRY_HASH_MISMATCH: "记录字段或哈希被修改：本条哈希不符",
        hashchain.UNKNOWN_ALGORITHM: "哈希算法未知或本机不支持",
        hashchain.HEAD_MISMATCH: "链头与最后一条记录不符",
    }.get(code, code)


def _check_members(archive: zipfile.ZipFile, manifest: dict, report: Report) -> None:
    listed = manifest.get("members", {})
    present = {info.filename for info in archive.infolist() if not info.is_dir()}
    for name in sorted(present - set(listed) - {MANIFEST}):
        report.fail(f"归档中有清单未列出的文件：{name}")
    for name, (algorithm, digest) in sorted(listed.items()):
        if name not in present:
            report.fail(f"清单列出的文件缺失：{name}")
            continue
        with archive.open(name) as f:
            found = stream_digest(algorithm, iter(lambda f=f: f.read(CHUNK), b""))
        if found != digest:
            report.fail(f"文件与清单中的摘要不符：{name}")


def _check_anchors(anchors: list, roots: dict[str, str], report: Report) -> defaultdict:
    heads: defaultdict = defaultdict(set)
    for anchor in anchors:
        chain_heads = [ChainHead(c, int(s), h) for c, s, h in anchor["heads"]]
        root = merkle_root(anchor["algorithm"], chain_heads)
        if root != anchor["root"]:
            report.fail(f"{anchor['day']} 锚定：由各链链头重算的默克尔根与记载的根不符。")
            continue
        kept = roots.get(anchor["day"])
        if kept is not None and kept.lower() != root:
            report.fail(f"{anchor['day']} 锚定：默克尔根与另行保存的根不符（{kept}）。")
            continue
        report.notes.append(f"{anchor['day']} 锚定根 {root}" + ("（已核对）" if kept else ""))
        for head in chain_heads:
            heads[head.chain].add((head.seq, head.entry_hash))
    for day in sorted(set(roots) - {a["day"] for a in anchors}):
        report.fail(f"--root 给出了 {day} 的根，但归档中没有该日的锚定。")
    return heads


def _check_chains(record, neighbours, heads, anchors, report: Report) -> None:
    by_chain: dict[str, dict[int, ChainEntry]] = defaultdict(dict)
    for entry in [*record, *neighbours]:
        if entry.seq in by_chain[entry.chain]:
            report.fail(f"{entry.chain} 第 {entry.seq} 条在归档中出现两次。")
        by_chain[entry.chain][entry.seq] = entry
    anchored = {(c, s, h) for a in anchors for c, s, h in a["heads"]}
    unanchored = 0
    for entry in record:
        chain = by_chain[entry.chain]
        current = entry
        while (current.seq, current.entry_hash) not in heads.get(entry.chain, set()):
            following = chain.get(current.seq + 1)
            if following is None:
                report.fail(
                    f"本案记录 {entry.chain} 第 {entry.seq} 条：链在第 {current.seq} 条后中断，"
                    "无法连到锚定或导出时的链头。"
                )
                break
            broken = hashchain.check_link(following, current)
            if broken:
                report.fail(f"{entry.chain} 第 {following.seq} 条：{_reason(broken.reason)}")
                break
            current = following
        else:
            if (entry.chain, current.seq, current.entry_hash) not in anchored:
                unanchored += 1
    if unanchored:
        report.notes.append(f"{unanchored} 条记录晚于最近的每日锚定，只能核对到导出时的链头。")


def _check_evidence(archive, record, evidence, report: Report) -> None:
    collected = {}
    custodian = {}
    for entry in record:
        if entry.subject_type != "evidence.evidence":
            continue
        payload = json.loads(entry.payload)
        if entry.event_type == "evidence.collected":
            collected[entry.subject_id] = payload
            custodian[entry.subject_id] = payload.get("custodian")
        elif entry.event_type == "evidence.handed_over":
            custodian[entry.subject_id] = payload.get("to")
    for item in evidence:
        key = str(item["id"])
        label = f"证据{item.get('number')}"
        payload = collected.get(key)
        if payload is None:
            report.fail(f"{label}：记录中没有它的登记（evidence.collected）。")
            continue
        for name in EVIDENCE_FIELDS:
            if item.get(name) != payload.get(name):
                report.fail(f"{label}：“{name}”与登记记录不符。")
        for name in ("algorithm", "digest", "size", "content_type"):
            if item["file"].get(name) != payload["file"].get(name):
                report.fail(f"{label}：文件的“{name}”与登记记录不符。")
        if item.get("custodian") != custodian.get(key):
            report.fail(f"{label}：保管人与交接记录不符。")
        path = item["file"].get("path")
        if path != file_path(item["file"]["digest"]):
            report.fail(f"{label}：文件路径不是其摘要。")
            continue
        try:
            with archive.open(path) as f:
                found = stream_digest(
                    item["file"]["algorithm"], iter(lambda f=f: f.read(CHUNK), b"")
                )
        except KeyError:
            report.fail(f"{label}：归档中缺少文件 {path}。")
            continue
        if found != item["file"]["digest"]:
            report.fail(f"{label}：文件 {path} 的内容与摘要不符（文件被改动）。")
    missing = set(collected) - {str(item["id"]) for item in evidence}
    for key in sorted(missing, key=int):
        report.fail(f"记录中登记的证据（编号 {key}）不在证据清单中。")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="离线校验导出的案件全过程记录。")
    parser.add_argument("archive")
    parser.add_argument("--root", action="append", default=[], help="日期=另行保存的锚定根")
    args = parser.parse_args(argv)
    roots = dict(item.split("=", 1) for item in args.root)
    report = verify_archive(args.archive, roots=roots)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
