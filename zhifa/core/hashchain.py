"""The hash chain under the whole-process record (全过程记录, legal.md §F.2): pure, no Django.

Every journal entry belongs to one chain ("agency:<id>", or "system") and carries the hash of the
entry before it, so a changed, deleted or inserted row shows. The bytes hashed, version
"zhifa-journal/1":

    H               SM3 (GB/T 32905-2016) through OpenSSL, or SHA-256 where OpenSSL lacks SM3;
                    the name ("sm3" / "sha256") is stored in each entry's `algorithm`.
    payload text    json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                    allow_nan=False), with Decimal, UUID as str() and date, time, datetime as
                    isoformat(); stored as-is in the entry.
    payload_digest  hex(H(UTF-8 of the payload text))
    entry bytes     UTF-8 of the JSON array (same json.dumps options, no sorting needed)
                    ["zhifa-journal/1", chain, seq, occurred_at, actor_id, actor_name, agency_id,
                     subject_type, subject_id, event_type, correlation_id, payload_digest,
                     prev_hash, algorithm]
                    seq, actor_id, agency_id are integers (ids null when absent); occurred_at is
                    UTC written "YYYY-MM-DDTHH:MM:SS.ffffffZ"; all else are strings.
    entry_hash      hex(H(entry bytes))
    prev_hash       the previous entry's entry_hash in the same chain; GENESIS (64 zeros) for seq 1.

JSON escaping makes the layout unambiguous (no field can forge a separator), and any language
with a JSON library and SM3 can re-verify an export.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from uuid import UUID

from zhifa.core.errors import InvalidInput

LAYOUT = "zhifa-journal/1"
# One encoder, built once: json.dumps with options builds a new one per call.
_ENTRY_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
GENESIS = "0" * 64
ALGORITHMS = ("sm3", "sha256")


def _template(algorithm: str):
    """An empty hash object to copy: hashlib.new() looks the algorithm up in OpenSSL on every call,
    a copy does not (about half the cost per digest for short inputs)."""
    if algorithm not in ALGORITHMS:
        return None
    try:
        return hashlib.new(algorithm)
    except ValueError:
        return None


_TEMPLATES = {name: _template(name) for name in ALGORITHMS}


def available(algorithm: str) -> bool:
    """True when this Python's OpenSSL can compute `algorithm`."""
    return _TEMPLATES.get(algorithm) is not None


# The national standard where OpenSSL 3 offers it; SHA-256 otherwise.
DEFAULT_ALGORITHM = "sm3" if available("sm3") else "sha256"


def digest_bytes(algorithm: str, data: bytes) -> bytes:
    template = _TEMPLATES.get(algorithm)
    if template is None:
        raise ValueError(f"unsupported hash algorithm: {algorithm}")
    h = template.copy()
    h.update(data)
    return h.digest()


def digest(algorithm: str, data: bytes) -> str:
    return digest_bytes(algorithm, data).hex()


def _json_default(value):
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, date | time):  # datetime is a date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not allowed in a journal payload")


def canonical_payload(payload: dict) -> str:
    """The one text a payload is stored and hashed as (see the module docstring)."""
    if not isinstance(payload, dict):
        raise InvalidInput("记录内容必须是字典。", code="invalid_payload")
    try:
        return json.dumps(
            payload,
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
            default=_json_default,
        )
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            "记录内容含有无法规范化的值。", code="invalid_payload", details={"error": str(exc)}
        ) from exc


def utc_text(moment: datetime) -> str:
    """occurred_at as hashed: UTC, microseconds always written ("YYYY-MM-DDTHH:MM:SS.ffffffZ")."""
    if moment.tzinfo is None:
        raise InvalidInput("记录时间必须带时区。", code="naive_datetime")
    m = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    # An f-string: strftime costs about a fifth of recomputing an entry.
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond:06d}Z"
    )


@dataclass(frozen=True)
class ChainEntry:
    """One journal entry as the chain sees it. `id` is the database id, for reports only."""

    chain: str
    seq: int
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    agency_id: int | None
    subject_type: str
    subject_id: str
    event_type: str
    correlation_id: str
    payload: str
    payload_digest: str
    prev_hash: str
    algorithm: str
    entry_hash: str = ""
    id: int | None = field(default=None, compare=False)


def entry_bytes(entry: ChainEntry) -> bytes:
    return fields_bytes(
        entry.chain,
        entry.seq,
        utc_text(entry.occurred_at),
        entry.actor_id,
        entry.actor_name,
        entry.agency_id,
        entry.subject_type,
        entry.subject_id,
        entry.event_type,
        entry.correlation_id,
        entry.payload_digest,
        entry.prev_hash,
        entry.algorithm,
    )


def fields_bytes(
    chain, seq, occurred_text, actor_id, actor_name, agency_id, subject_type, subject_id,
    event_type, correlation_id, payload_digest, prev_hash, algorithm,
) -> bytes:  # fmt: skip
    """What an entry's hash covers, from its fields (`occurred_text` = utc_text(occurred_at))."""
    return _ENTRY_ENCODER.encode(
        [
            LAYOUT,
            chain,
            seq,
            occurred_text,
            actor_id,
            actor_name,
            agency_id,
            subject_type,
            subject_id,
            event_type,
            correlation_id,
            payload_digest,
            prev_hash,
            algorithm,
        ]
    ).encode()


def entry_digest(entry: ChainEntry) -> str:
    return digest(entry.algorithm, entry_bytes(entry))


def seal(entry: ChainEntry) -> ChainEntry:
    """The entry with payload_digest and entry_hash computed from its other fields."""
    with_digest = replace(entry, payload_digest=digest(entry.algorithm, entry.payload.encode()))
    return replace(with_digest, entry_hash=entry_digest(with_digest))


# Why verification stopped; the records app gives each a Chinese label.
SEQUENCE_GAP = "sequence_gap"  # an entry before this one is missing (deleted row)
PREV_LINK_BROKEN = "prev_link_broken"  # prev_hash is not the previous entry's hash (rewritten)
PAYLOAD_DIGEST_MISMATCH = "payload_digest_mismatch"  # the stored payload was changed
ENTRY_HASH_MISMATCH = "entry_hash_mismatch"  # a field or the stored hash was changed
UNKNOWN_ALGORITHM = "unknown_algorithm"  # cannot recompute: algorithm unknown or unavailable
HEAD_MISMATCH = "head_mismatch"  # the chain head disagrees with the last entry (deleted tail)


@dataclass(frozen=True)
class Head:
    """What the chain head records about the last entry appended."""

    chain: str
    seq: int
    entry_hash: str


@dataclass(frozen=True)
class Break:
    """The first broken entry of a chain. `id` is None when the named entry is missing."""

    chain: str
    seq: int
    id: int | None
    reason: str
    detail: str = ""


def check_entry(entry: ChainEntry) -> Break | None:
    """The entry's own integrity: its payload and fields still hash to what it stores."""

    def broken(reason: str, detail: str = "") -> Break:
        return Break(entry.chain, entry.seq, entry.id, reason, detail)

    if not available(entry.algorithm):
        return broken(UNKNOWN_ALGORITHM, entry.algorithm)
    if digest(entry.algorithm, entry.payload.encode()) != entry.payload_digest:
        return broken(PAYLOAD_DIGEST_MISMATCH)
    if entry_digest(entry) != entry.entry_hash:
        return broken(ENTRY_HASH_MISMATCH)
    return None


def check_link(entry: ChainEntry, previous: ChainEntry | None) -> Break | None:
    """The entry follows `previous` (None: the entry should open its chain)."""
    expected_seq = previous.seq + 1 if previous else 1
    expected_prev = previous.entry_hash if previous else GENESIS
    if entry.seq != expected_seq:
        detail = f"expected seq {expected_seq}, found {entry.seq}"
        return Break(entry.chain, entry.seq, entry.id, SEQUENCE_GAP, detail)
    if entry.prev_hash != expected_prev:
        return Break(entry.chain, entry.seq, entry.id, PREV_LINK_BROKEN)
    return None


class ChainWalk:
    """Verifies one chain fed in seq order, in any number of pieces; keeps only the last entry."""

    def __init__(self, chain: str):
        self.chain = chain
        self.last: ChainEntry | None = None
        self.count = 0

    def feed(self, entries: Iterable[ChainEntry]) -> Break | None:
        for entry in entries:
            broken = check_link(entry, self.last) or check_entry(entry)
            if broken:
                return broken
            self.last = entry
            self.count += 1
        return None

    @property
    def last_seq(self) -> int:
        return self.last.seq if self.last else 0

    def end(self, head: Head) -> Break | None:
        """The head agrees with the last entry fed; a deleted tail shows here."""
        last_hash = self.last.entry_hash if self.last else GENESIS
        if (head.seq, head.entry_hash) != (self.last_seq, last_hash):
            detail = f"head at seq {head.seq}, last entry at seq {self.last_seq}"
            return Break(head.chain, self.last_seq + 1, None, HEAD_MISMATCH, detail)
        return None


def verify_chain(entries: Iterable[ChainEntry], head: Head | None = None) -> Break | None:
    """The first broken entry of one chain, or None when intact.

    `entries` must be the whole chain in seq order; it is consumed once, so memory stays constant.
    With `head`, a deleted tail shows too.
    """
    walk = ChainWalk(head.chain if head else "")
    return walk.feed(entries) or (walk.end(head) if head else None)
