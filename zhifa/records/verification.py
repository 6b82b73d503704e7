"""Recomputing the journal's hash chains (`manage.py verify_journal`, and pages showing 记录完整).

Whole chains are streamed in seq order with constant memory. Appends may go on meanwhile: when
the head has moved past the entries read, the walk continues from where it stopped, so a
concurrent append is never mistaken for a deleted tail.

A subject's entries are spread over a chain, so for a subject each entry is checked on its own and
against its two neighbours in the chain (and the head, when it is the last). That proves the
entries are intact and in place; a deleted entry elsewhere in the chain shows in a chain check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zhifa.core import hashchain
from zhifa.core.hashchain import Break, ChainEntry, Head

from .journal import chain_for
from .models import JournalEntry, JournalHead

REASONS = {
    hashchain.SEQUENCE_GAP: _("序号不连续：此前有记录被删除"),
    hashchain.PREV_LINK_BROKEN: _("与前一条记录的哈希链接断开：前一条或本条被改写"),
    hashchain.PAYLOAD_DIGEST_MISMATCH: _("记录内容被修改：内容摘要不符"),
    hashchain.ENTRY_HASH_MISMATCH: _("记录字段或哈希被修改：本条哈希不符"),
    hashchain.UNKNOWN_ALGORITHM: _("哈希算法未知或本机不支持，无法校验"),
    hashchain.HEAD_MISMATCH: _("链头与最后一条记录不符：末尾记录被删除"),
}

# The columns of JournalEntry in ChainEntry's field order, so rows need no model instances.
_FIELDS = [
    "chain", "seq", "occurred_at", "actor_id", "actor_name", "agency_id", "subject_type",
    "subject_id", "event_type", "correlation_id", "payload", "payload_digest", "prev_hash",
    "algorithm", "entry_hash", "id",
]  # fmt: skip


@dataclass(frozen=True)
class VerifyResult:
    """What was checked and the first broken entry, if any."""

    chains: int
    entries: int
    broken: Break | None = None
    algorithms: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.broken.reason]) if self.broken else ""

    @property
    def summary(self) -> str:
        """One line for a page: 记录完整, or where the first break is and why."""
        if self.broken is None:
            return str(_("记录完整"))
        return str(_("记录链 %(chain)s 第 %(seq)s 条：%(reason)s")) % {
            "chain": self.broken.chain,
            "seq": self.broken.seq,
            "reason": self.reason_label,
        }


def verify(
    *,
    chain: str | None = None,
    agency=None,
    subject: tuple[str, str] | None = None,
    chunk_size: int = 2000,
) -> VerifyResult:
    """Verify one chain, one agency's chain, one subject's entries, or (by default) every chain."""
    if subject is not None:
        return _verify_subject(str(subject[0]), str(subject[1]))
    if chain is not None or agency is not None:
        chains = [chain if chain is not None else chain_for(agency.pk)]
    else:
        chains = sorted(
            set(JournalHead.objects.values_list("chain", flat=True))
            | set(JournalEntry.objects.values_list("chain", flat=True).distinct())
        )
    entries, algorithms = 0, Counter()
    for name in chains:
        walk = hashchain.ChainWalk(name)
        broken = _walk_chain(walk, chunk_size, algorithms)
        entries += walk.count
        if broken:
            return VerifyResult(len(chains), entries, broken, dict(algorithms))
    return VerifyResult(len(chains), entries, None, dict(algorithms))


def _walk_chain(walk: hashchain.ChainWalk, chunk_size: int, algorithms: Counter) -> Break | None:
    while True:
        broken = walk.feed(_counted(_stream(walk.chain, walk.last_seq, chunk_size), algorithms))
        if broken:
            return broken
        head = _head(walk.chain)
        appended_meanwhile = (
            head.seq > walk.last_seq and _rows(walk.chain).filter(seq__gt=walk.last_seq).exists()
        )
        if not appended_meanwhile:
            return walk.end(head)


def _verify_subject(subject_type: str, subject_id: str) -> VerifyResult:
    rows = JournalEntry.objects.filter(subject_type=subject_type, subject_id=subject_id)
    entries = [ChainEntry(*row) for row in rows.order_by("chain", "seq").values_list(*_FIELDS)]
    algorithms = Counter(entry.algorithm for entry in entries)
    chains = sorted({entry.chain for entry in entries})
    for name in chains:
        mine = [entry for entry in entries if entry.chain == name]
        wanted = {seq for entry in mine for seq in (entry.seq - 1, entry.seq + 1)}
        neighbours = {
            row[1]: ChainEntry(*row)
            for row in _rows(name).filter(seq__in=wanted).values_list(*_FIELDS)
        }
        head = _head(name)
        for entry in mine:
            broken = _check_in_place(entry, neighbours, head)
            if broken:
                return VerifyResult(len(chains), len(entries), broken, dict(algorithms))
    return VerifyResult(len(chains), len(entries), None, dict(algorithms))


def _check_in_place(entry: ChainEntry, neighbours: dict, head: Head) -> Break | None:
    previous = neighbours.get(entry.seq - 1)
    if entry.seq > 1 and previous is None:
        return Break(entry.chain, entry.seq, entry.id, hashchain.SEQUENCE_GAP)
    broken = hashchain.check_link(entry, previous) or hashchain.check_entry(entry)
    if broken:
        return broken
    following = neighbours.get(entry.seq + 1)
    if following is not None:
        return hashchain.check_link(following, entry)
    if head.seq > entry.seq:  # the entry after this one is gone
        return Break(entry.chain, entry.seq + 1, None, hashchain.SEQUENCE_GAP)
    if (head.seq, head.entry_hash) != (entry.seq, entry.entry_hash):
        detail = f"head at seq {head.seq}, last entry at seq {entry.seq}"
        return Break(entry.chain, entry.seq + 1, None, hashchain.HEAD_MISMATCH, detail)
    return None


def _rows(chain: str):
    return JournalEntry.objects.filter(chain=chain)


def _stream(chain: str, after_seq: int, chunk_size: int) -> Iterator[ChainEntry]:
    rows = _rows(chain).filter(seq__gt=after_seq).order_by("seq").values_list(*_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        yield ChainEntry(*row)


def _counted(entries: Iterator[ChainEntry], algorithms: Counter) -> Iterator[ChainEntry]:
    for entry in entries:
        algorithms[entry.algorithm] += 1
        yield entry


def _head(chain: str) -> Head:
    row = JournalHead.objects.filter(chain=chain).first()
    return row.as_head() if row else Head(chain, 0, hashchain.GENESIS)
