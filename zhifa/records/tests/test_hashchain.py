"""The pure hash chain: layout, sealing and verification (zhifa/core/hashchain.py)."""

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core import hashchain as hc
from zhifa.core.errors import InvalidInput

T0 = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def make_chain(payloads, chain="agency:7", algorithm=hc.DEFAULT_ALGORITHM):
    entries, prev = [], hc.GENESIS
    for seq, payload in enumerate(payloads, start=1):
        entry = hc.seal(
            hc.ChainEntry(
                chain=chain,
                seq=seq,
                occurred_at=T0 + timedelta(seconds=seq),
                actor_id=3,
                actor_name="张三",
                agency_id=7,
                subject_type="cases.case",
                subject_id=str(seq),
                event_type="case.filed",
                correlation_id="c0ffee",
                payload=hc.canonical_payload(payload),
                payload_digest="",
                prev_hash=prev,
                algorithm=algorithm,
                id=100 + seq,
            )
        )
        entries.append(entry)
        prev = entry.entry_hash
    return entries


def head_of(entries, chain="agency:7"):
    last = entries[-1] if entries else None
    return hc.Head(chain, last.seq if last else 0, last.entry_hash if last else hc.GENESIS)


# --- canonical payload ---


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        ({"b": 1, "a": 2}, '{"a":2,"b":1}'),  # keys sorted
        ({"名称": "某市支队"}, '{"名称":"某市支队"}'),  # Chinese kept as UTF-8, not \\u escapes
        ({"fine": Decimal("200.50")}, '{"fine":"200.50"}'),  # Decimal as text, never float
        ({"due": date(2025, 10, 9)}, '{"due":"2025-10-09"}'),
        ({"at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)}, '{"at":"2025-01-02T03:04:05+00:00"}'),
        ({"id": UUID(int=1)}, '{"id":"00000000-0000-0000-0000-000000000001"}'),
        ({"n": [1, None, True]}, '{"n":[1,null,true]}'),
    ],
)
def test_canonical_payload(payload, text):
    assert hc.canonical_payload(payload) == text


@pytest.mark.parametrize("payload", [[1, 2], {"x": float("nan")}, {"x": object()}, {"x": {1, 2}}])
def test_canonical_payload_refuses_what_cannot_be_canonical(payload):
    with pytest.raises(InvalidInput) as error:
        hc.canonical_payload(payload)
    assert error.value.code == "invalid_payload"


# --- layout ---


def test_entry_bytes_follow_the_documented_layout():
    # given an entry at a non-UTC time
    entry = make_chain([{"a": 1}])[0]
    entry = replace(
        entry, occurred_at=datetime(2025, 3, 1, 16, 30, 1, tzinfo=timezone(timedelta(hours=8)))
    )
    # when / then: one JSON array, UTC time with microseconds, ids as numbers
    assert entry_bytes_text(entry) == (
        '["zhifa-journal/1","agency:7",1,"2025-03-01T08:30:01.000000Z",3,"张三",7,"cases.case",'
        f'"1","case.filed","c0ffee","{entry.payload_digest}","{hc.GENESIS}","{entry.algorithm}"]'
    )
    assert entry.payload_digest == hashlib.new(entry.algorithm, b'{"a":1}').hexdigest()


def entry_bytes_text(entry):
    return hc.entry_bytes(entry).decode()


def test_sm3_matches_the_standard_test_vector():
    if not hc.available("sm3"):
        pytest.skip("this OpenSSL has no SM3")
    # GB/T 32905-2016, appendix A.1: SM3("abc")
    assert hc.digest("sm3", b"abc") == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_naive_time_is_refused():
    entry = replace(make_chain([{}])[0], occurred_at=datetime(2025, 1, 1))
    with pytest.raises(InvalidInput):
        hc.entry_bytes(entry)


# --- verification: one row per kind of tampering ---


def tamper_payload(entries, i):
    entries[i] = replace(entries[i], payload=entries[i].payload.replace(":", " :", 1))


def tamper_field(entries, i):
    entries[i] = replace(entries[i], actor_name="李四")


def tamper_hash(entries, i):
    entries[i] = replace(entries[i], entry_hash="f" * 64)


def delete_row(entries, i):
    del entries[i]


def rewrite_and_reseal(entries, i):  # an attacker who knows the layout rewrites one entry fully
    entries[i] = hc.seal(replace(entries[i], payload='{"v":999}'))


@pytest.mark.parametrize(
    ("tamper", "index", "reason", "named_seq"),
    [
        (tamper_payload, 2, hc.PAYLOAD_DIGEST_MISMATCH, 3),
        (tamper_field, 2, hc.ENTRY_HASH_MISMATCH, 3),
        (tamper_hash, 2, hc.ENTRY_HASH_MISMATCH, 3),
        (delete_row, 2, hc.SEQUENCE_GAP, 4),  # the entry after the hole is named
        (delete_row, 0, hc.SEQUENCE_GAP, 2),
        (rewrite_and_reseal, 2, hc.PREV_LINK_BROKEN, 4),  # the next link no longer fits
    ],
)
def test_verify_names_the_first_broken_entry(tamper, index, reason, named_seq):
    # given an intact chain of five entries
    entries = make_chain([{"v": n} for n in range(1, 6)])
    head = head_of(entries)
    # when one is tampered with
    tamper(entries, index)
    broken = hc.verify_chain(entries, head)
    # then
    assert (broken.reason, broken.seq, broken.chain) == (reason, named_seq, "agency:7")


def test_deleted_tail_shows_only_against_the_head():
    # given a chain whose last entry is deleted
    entries = make_chain([{"v": n} for n in range(3)])
    head = head_of(entries)
    del entries[-1]
    # then the remaining entries are consistent, but not with the head
    assert hc.verify_chain(entries) is None
    broken = hc.verify_chain(entries, head)
    assert (broken.reason, broken.seq, broken.id) == (hc.HEAD_MISMATCH, 3, None)


def test_an_emptied_chain_shows_against_its_head():
    broken = hc.verify_chain([], hc.Head("system", 4, "a" * 64))
    assert (broken.chain, broken.reason, broken.seq) == ("system", hc.HEAD_MISMATCH, 1)


def test_unknown_algorithm_is_named():
    entries = make_chain([{}])
    entries[0] = replace(entries[0], algorithm="md5")
    assert hc.verify_chain(entries).reason == hc.UNKNOWN_ALGORITHM


def test_sha256_chains_verify_too():
    entries = make_chain([{"v": 1}, {"v": 2}], algorithm="sha256")
    assert hc.verify_chain(entries, head_of(entries)) is None


def test_verification_consumes_a_stream_once():
    entries = make_chain([{"v": n} for n in range(50)])
    assert hc.verify_chain(iter(entries), head_of(entries)) is None


# --- properties ---

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=10,
)
payloads = st.lists(
    st.dictionaries(st.text(max_size=8), json_values, max_size=4), min_size=1, max_size=8
)


@given(payloads)
def test_any_sealed_chain_verifies(items):
    entries = make_chain(items)
    assert hc.verify_chain(entries, head_of(entries)) is None


@given(payloads, st.data())
def test_any_single_changed_byte_of_a_payload_is_named(items, data):
    # given a chain and one byte of one stored payload changed
    entries = make_chain(items)
    head = head_of(entries)
    i = data.draw(st.integers(0, len(entries) - 1))
    raw = bytearray(entries[i].payload.encode())
    pos = data.draw(st.integers(0, len(raw) - 1))
    raw[pos] ^= data.draw(st.integers(1, 255))
    entries[i] = replace(entries[i], payload=raw.decode("utf-8", errors="replace"))
    if entries[i].payload == make_chain(items)[i].payload:
        return  # the flip fell inside a character that decodes to the same replacement text
    # then exactly that entry is named
    broken = hc.verify_chain(entries, head)
    assert (broken.seq, broken.reason) == (i + 1, hc.PAYLOAD_DIGEST_MISMATCH)


@given(payloads, st.data())
def test_any_deleted_row_is_found(items, data):
    entries = make_chain(items)
    head = head_of(entries)
    i = data.draw(st.integers(0, len(entries) - 1))
    del entries[i]
    broken = hc.verify_chain(entries, head)
    expected = hc.HEAD_MISMATCH if i == len(items) - 1 else hc.SEQUENCE_GAP
    assert (broken.seq, broken.reason) == (i + 1 if i == len(items) - 1 else i + 2, expected)


def test_the_core_imports_no_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(hc))
    imported = {
        name.name for node in ast.walk(tree) if isinstance(node, ast.Import) for name in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(module and module.startswith("django") for module in imported)
