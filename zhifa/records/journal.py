"""Appending to the whole-process record. Every service calls `append` inside its own transaction:

    with transaction.atomic():
        agency.save(update_fields=["name"])
        journal.append("agency.renamed", actor=actor, subject=agency,
                       payload={"old": old_name, "new": agency.name})

so the action and its record commit or roll back together.
"""

from __future__ import annotations

from django.db import connection, models, transaction
from django.utils import timezone

from zhifa.core import hashchain
from zhifa.core.errors import InvalidInput

from .context import current_correlation_id, note_event
from .errors import UnknownEventType
from .events import EVENT_TYPES
from .models import JournalEntry, JournalHead

SYSTEM_CHAIN = "system"


def chain_for(agency_id: int | None) -> str:
    """One chain per agency, so appends in different agencies never wait on one lock."""
    return f"agency:{agency_id}" if agency_id is not None else SYSTEM_CHAIN


def subject_key(subject) -> tuple[str, str]:
    """(subject_type, subject_id): "app_label.model" and the pk for an instance, or a given pair."""
    if subject is None:
        return "", ""
    if isinstance(subject, models.Model):
        if subject.pk is None:
            raise InvalidInput("记录对象尚未保存。", code="unsaved_subject")
        key = subject._meta.label_lower, str(subject.pk)
    elif isinstance(subject, tuple) and len(subject) == 2:
        key = str(subject[0]), str(subject[1])
    else:
        raise InvalidInput("记录对象必须是模型实例或（类型, 标识）。", code="invalid_subject")
    if not key[0] or len(key[0]) > 100 or len(key[1]) > 64:
        raise InvalidInput("记录对象的类型或标识无效。", code="invalid_subject")
    return key


def append(
    event_type: str,
    *,
    actor=None,
    subject=None,
    payload: dict,
    agency=None,
) -> JournalEntry:
    """Record one action and link it to its chain.

    `agency` is whose record this is; when omitted, the actor's agency, and with neither the
    "system" chain. `actor` may be None or an anonymous user (a failed login, a job).
    """
    if event_type not in EVENT_TYPES:
        raise UnknownEventType("未登记的事件类型。", details={"event_type": event_type})
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if agency is None and actor is not None:
        agency_id = getattr(actor, "agency_id", None)
    else:
        agency_id = agency.pk if agency is not None else None
    subject_type, subject_id = subject_key(subject)
    chain = chain_for(agency_id)
    payload_text = hashchain.canonical_payload(payload)

    # No savepoint of its own (two queries an entry): an action and its entry commit together or
    # not at all, so a failure here rolls back the caller's whole transaction, never the entry alone.
    with transaction.atomic(savepoint=False):

        def seal(head: tuple):
            return hashchain.seal(
                hashchain.ChainEntry(
                    chain=chain,
                    seq=head[0] + 1,
                    occurred_at=timezone.now(),
                    actor_id=actor.pk if actor is not None else None,
                    actor_name=_name_of(actor),
                    agency_id=agency_id,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    event_type=event_type,
                    correlation_id=current_correlation_id(),
                    payload=payload_text,
                    payload_digest="",
                    prev_hash=head[1],
                    algorithm=hashchain.DEFAULT_ALGORITHM,
                )
            )

        # The head this transaction moved last (a step journals several entries) is tried first:
        # the UPDATE names the seq and hash it expects, so it locks the row and proves it is still
        # that head in one query; otherwise (another transaction, a rolled-back savepoint, a first
        # entry) the head is read and locked as before.
        held = _held().get(chain)
        sealed = seal(held) if held is not None else None
        if sealed is None or not _advance(chain, sealed, expect=held):
            # PostgreSQL locks the head row; SQLite (IMMEDIATE transactions) serialises writers.
            head, _ = JournalHead.objects.select_for_update().get_or_create(chain=chain)
            sealed = seal((head.seq, head.entry_hash))
            _advance(chain, sealed)
        entry = JournalEntry.objects.create(
            chain=sealed.chain,
            seq=sealed.seq,
            occurred_at=sealed.occurred_at,
            actor=actor,
            actor_name=sealed.actor_name,
            agency_id=sealed.agency_id,
            subject_type=sealed.subject_type,
            subject_id=sealed.subject_id,
            event_type=sealed.event_type,
            correlation_id=sealed.correlation_id,
            payload=sealed.payload,
            payload_digest=sealed.payload_digest,
            prev_hash=sealed.prev_hash,
            entry_hash=sealed.entry_hash,
            algorithm=sealed.algorithm,
        )
    note_event(event_type)
    return entry


def _held() -> dict:
    """chain → (seq, entry_hash) of the heads this connection's open transaction moved; dropped
    when it commits. Only a hint: `_advance` checks it against the row."""
    if not connection.in_atomic_block:
        return {}
    held = getattr(connection, "_zhifa_journal_heads", None)
    if held is None:
        held = connection._zhifa_journal_heads = {}
    return held


def _forget_heads() -> None:
    if getattr(connection, "_zhifa_journal_heads", None) is not None:
        connection._zhifa_journal_heads = None


def _advance(chain: str, sealed, *, expect: tuple | None = None) -> bool:
    """Make `sealed` the chain's head, provided the head is `expect` (seq, hash) when given;
    True when it moved."""
    table = JournalHead._meta.db_table
    sql = f"UPDATE {table} SET seq = %s, entry_hash = %s WHERE chain = %s"  # noqa: S608
    params = [sealed.seq, sealed.entry_hash, chain]
    if expect is not None:
        sql += " AND seq = %s AND entry_hash = %s"
        params += [expect[0], expect[1]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        moved = cursor.rowcount == 1
    if moved:
        held = _held()
        if not held:
            transaction.on_commit(_forget_heads)
        held[chain] = (sealed.seq, sealed.entry_hash)
    return moved


def _name_of(actor) -> str:
    if actor is None:
        return ""
    return (getattr(actor, "full_name", "") or actor.get_username())[:150]


# The sealed entry's fields that are columns of JournalEntry (all but the report-only `id`).
_ROW_FIELDS = tuple(f for f in hashchain.ChainEntry.__dataclass_fields__ if f not in ("id",))


def append_many(
    items,
    *,
    actor=None,
    agency,
) -> int:
    """Append many entries to one agency's chain in one go: the head is locked once, every entry is
    sealed in memory (each still linking to the one before it, so `verify_journal` checks them as
    any other) and the rows are inserted with one multi-row insert. `items` are
    (event_type, subject, payload) triples; the caller holds the transaction. Returns the count."""
    items = list(items)
    if not items:
        return 0
    for event_type, _subject, _payload in items:
        if event_type not in EVENT_TYPES:
            raise UnknownEventType("未登记的事件类型。", details={"event_type": event_type})
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    agency_id = agency.pk if agency is not None else None
    chain = chain_for(agency_id)
    actor_id, actor_name = (actor.pk if actor is not None else None), _name_of(actor)
    correlation = current_correlation_id()
    algorithm = hashchain.DEFAULT_ALGORITHM
    rows = []
    digest = hashchain.digest
    with transaction.atomic():
        head, _ = JournalHead.objects.select_for_update().get_or_create(chain=chain)
        seq, prev = head.seq, head.entry_hash
        now = timezone.now()
        occurred_text = hashchain.utc_text(now)
        for event_type, subject, payload in items:
            subject_type, subject_id = subject_key(subject)
            seq += 1
            # hashchain.seal's digests, from the fields directly (no entry object per row)
            payload_text = hashchain.canonical_payload(payload)
            payload_digest = digest(algorithm, payload_text.encode())
            entry_hash = digest(
                algorithm,
                hashchain.fields_bytes(
                    chain,
                    seq,
                    occurred_text,
                    actor_id,
                    actor_name,
                    agency_id,
                    subject_type,
                    subject_id,
                    event_type,
                    correlation,
                    payload_digest,
                    prev,
                    algorithm,
                ),
            )
            rows.append(
                (
                    chain,
                    seq,
                    now,
                    actor_id,
                    actor_name,
                    agency_id,
                    subject_type,
                    subject_id,
                    event_type,
                    correlation,
                    payload_text,
                    payload_digest,
                    prev,
                    algorithm,
                    entry_hash,
                )
            )
            prev = entry_hash
        _insert_entries(rows)
        head.seq, head.entry_hash = seq, prev
        head.save(update_fields=["seq", "entry_hash"])
    for event_type in {item[0] for item in items}:
        note_event(event_type)
    return len(rows)


def _insert_entries(rows: list) -> None:
    """One multi-row insert of value tuples in `_ROW_FIELDS` order; on PostgreSQL a COPY (psycopg
    quotes the payload texts inside an insert's arrays character by character, several times
    slower than the sealing itself)."""
    if connection.vendor != "postgresql":
        JournalEntry.objects.bulk_create(
            [JournalEntry(**dict(zip(_ROW_FIELDS, row, strict=True))) for row in rows],
            batch_size=2000,
        )
        return
    by_attname = {f.attname: f.column for f in JournalEntry._meta.concrete_fields}
    columns = [by_attname[name] for name in _ROW_FIELDS]
    table = JournalEntry._meta.db_table
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
