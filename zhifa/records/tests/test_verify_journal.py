"""Tampering that someone with rights on the database could do, and `verify_journal` naming it."""

from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhifa.core import hashchain
from zhifa.records import journal
from zhifa.records.models import JournalEntry, JournalHead
from zhifa.records.triggers import lifted
from zhifa.records.verification import verify

TABLE = JournalEntry._meta.db_table


@pytest.fixture
def entries(agency, officer):
    """Five entries in the agency's chain, about five subjects, and one in the system chain."""
    made = [
        journal.append("user.login", actor=officer, subject=("cases.case", n), payload={"n": n})
        for n in range(1, 6)
    ]
    journal.append("journal.verified", payload={"ok": True})
    return made


def sql(statement, params=()):
    """Run SQL past the append-only triggers, as an attacker with rights on the schema could."""
    with lifted(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def run_verify(*args):
    out = StringIO()
    try:
        call_command("verify_journal", *args, stdout=out)
    except CommandError as error:
        return 1, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def change_one_payload_byte(entry):
    sql(
        f"UPDATE {TABLE} SET payload = %s WHERE id = %s",
        [entry.payload.replace("3", "4"), entry.pk],
    )


def change_the_hash(entry):
    sql(f"UPDATE {TABLE} SET entry_hash = %s WHERE id = %s", ["0" * 64, entry.pk])


def change_the_actor_name(entry):
    sql(f"UPDATE {TABLE} SET actor_name = %s WHERE id = %s", ["李四", entry.pk])


def delete_the_row(entry):
    sql(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])


@pytest.mark.parametrize(
    ("tamper", "index", "named_index", "reason"),
    [
        (change_one_payload_byte, 2, 2, hashchain.PAYLOAD_DIGEST_MISMATCH),
        (change_the_hash, 2, 2, hashchain.ENTRY_HASH_MISMATCH),
        (change_the_actor_name, 2, 2, hashchain.ENTRY_HASH_MISMATCH),
        (delete_the_row, 2, 3, hashchain.SEQUENCE_GAP),  # the entry after the hole is named
        (delete_the_row, 4, None, hashchain.HEAD_MISMATCH),  # the tail: only the head shows it
    ],
)
def test_verify_journal_names_the_tampered_entry(entries, tamper, index, named_index, reason):
    # given an intact journal
    assert run_verify("--no-record")[0] == 0
    # when one entry is tampered with
    tamper(entries[index])
    code, out, error = run_verify()
    # then the command fails and names the entry, its chain, its place and the reason
    named = entries[named_index] if named_index is not None else None
    assert code == 1 and "未通过" in error
    assert f"记录链：{entries[0].chain}" in out
    assert f"序号：{(named or entries[index]).seq}" in out
    assert f"记录编号：{named.pk if named else '（已缺失）'}" in out
    assert f"({reason})" in out.replace("（", "(").replace("）", ")")
    # and the run is itself on the record
    last = JournalEntry.objects.filter(event_type="journal.verified").latest("id")
    assert '"ok":false' in last.payload and f'"reason":"{reason}"' in last.payload


def test_verify_journal_reports_an_intact_journal_in_chinese(entries):
    code, out, _ = run_verify()
    assert code == 0
    assert "2 条记录链，6 条记录" in out and "记录完整" in out


@pytest.mark.parametrize(
    "args",
    [lambda e: ["--chain", e[0].chain], lambda e: ["--agency", str(e[0].agency_id)],
     lambda e: ["--subject", "cases.case:3"]],
    ids=["chain", "agency", "subject"],
)  # fmt: skip
def test_each_scope_finds_a_changed_payload(entries, args):
    change_one_payload_byte(entries[2])
    code, out, _ = run_verify("--no-record", *args(entries))
    assert code == 1 and f"记录编号：{entries[2].pk}" in out


def test_the_result_sums_itself_up_for_a_page(entries):
    assert verify().summary == "记录完整"
    change_one_payload_byte(entries[2])
    assert verify().summary == f"记录链 {entries[2].chain} 第 3 条：记录内容被修改：内容摘要不符"


def test_a_scope_elsewhere_stays_intact(entries):
    change_one_payload_byte(entries[2])
    assert run_verify("--no-record", "--chain", "system")[0] == 0
    assert run_verify("--no-record", "--subject", "cases.case:1")[0] == 0


def test_subject_check_sees_a_deleted_neighbour_and_a_deleted_tail(entries):
    # given the entry after subject 3's and the chain's last entry deleted
    delete_the_row(entries[3])
    delete_the_row(entries[4])
    # then
    third = verify(subject=("cases.case", "3")).broken
    assert (third.seq, third.id, third.reason) == (4, None, hashchain.SEQUENCE_GAP)
    fourth_gone = verify(subject=("cases.case", "4"))
    assert fourth_gone.ok and fourth_gone.entries == 0


def test_subject_check_sees_a_rewritten_neighbour(entries):
    # given the entry after subject 3's rewritten and resealed by someone who knows the layout
    target = entries[3]
    resealed = hashchain.seal(replace(target.as_chain_entry(), payload='{"n":99}'))
    sql(
        f"UPDATE {TABLE} SET payload = %s, payload_digest = %s, entry_hash = %s WHERE id = %s",
        [resealed.payload, resealed.payload_digest, resealed.entry_hash, target.pk],
    )
    # then the entry itself looks fine, but the one after it no longer links
    assert verify(subject=("cases.case", "4")).broken.seq == 5
    broken = verify().broken
    assert (broken.seq, broken.reason) == (5, hashchain.PREV_LINK_BROKEN)


def test_a_deleted_head_shows(entries):
    sql(f"DELETE FROM {JournalHead._meta.db_table} WHERE chain = %s", [entries[0].chain])
    broken = verify().broken
    assert (broken.chain, broken.reason) == (entries[0].chain, hashchain.HEAD_MISMATCH)


def test_an_empty_journal_is_intact(db):
    result = verify()
    assert (result.ok, result.chains, result.entries) == (True, 0, 0)


@pytest.mark.parametrize(
    "args", [["--subject", "nocolon"], ["--agency", "999999"], ["--chain", "x", "--agency", "1"]]
)
def test_bad_arguments_are_refused(db, args):
    with pytest.raises((CommandError, SystemExit)):
        call_command("verify_journal", *args, stdout=StringIO(), stderr=StringIO())


def test_an_append_during_verification_is_not_mistaken_for_a_deleted_tail(entries, monkeypatch):
    # given an append that lands after the chain's entries were read but before its head is
    from zhifa.records import verification

    read = verification._stream
    appended = []

    def stream_then_append(chain, after_seq, chunk_size):
        yield from read(chain, after_seq, chunk_size)
        if chain == entries[0].chain and not appended:
            appended.append(journal.append("user.login", actor=entries[0].actor, payload={}))

    monkeypatch.setattr(verification, "_stream", stream_then_append)
    # when
    result = verify(chain=entries[0].chain)
    # then the walk picks up the new entry and the chain is intact
    assert (result.ok, result.entries) == (True, 6)
