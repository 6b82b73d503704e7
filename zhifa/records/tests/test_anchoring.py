"""Daily anchors: a later rewrite of any earlier entry shows against the kept root (issue 5 item 6)."""

import json
from datetime import date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from zhifa.core.errors import InvalidInput
from zhifa.core.hashchain import ChainEntry, seal
from zhifa.records import anchoring, journal
from zhifa.records.models import JournalAnchor, JournalEntry
from zhifa.records.triggers import lifted

DAY = date(2026, 11, 27)


def _at(day: date, hour: int):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _append_on(day, hour, chain_subject, **payload):
    entry = journal.append("journal.verified", actor=None, subject=chain_subject, payload=payload)
    with lifted(), connection.cursor() as cur:  # place it in the past, re-sealed as if written then
        e = entry.as_chain_entry()
        moved = seal(ChainEntry(**{**e.__dict__, "occurred_at": _at(day, hour), "entry_hash": ""}))
        assert moved.prev_hash == e.prev_hash
        cur.execute(
            "UPDATE records_journalentry SET occurred_at=%s, entry_hash=%s WHERE id=%s",
            [moved.occurred_at, moved.entry_hash, entry.pk],
        )
        cur.execute(
            "UPDATE records_journalhead SET entry_hash=%s WHERE chain=%s",
            [moved.entry_hash, e.chain],
        )
    return JournalEntry.objects.get(pk=entry.pk)


@pytest.fixture
def two_days(db):
    first = _append_on(DAY, 9, ("test.thing", "1"), n=1)
    _append_on(DAY, 10, ("test.thing", "1"), n=2)
    _append_on(DAY + timedelta(days=1), 9, ("test.thing", "1"), n=3)
    return first


def test_anchor_covers_heads_at_the_end_of_the_day(two_days):
    anchor = anchoring.anchor_day(DAY, today=DAY + timedelta(days=2))
    assert json.loads(anchor.heads) == [["system", 2, JournalEntry.objects.get(seq=2).entry_hash]]
    assert anchoring.anchor_day(DAY, today=DAY + timedelta(days=2)) == anchor  # idempotent
    assert anchoring.check_anchor(anchor).ok
    assert JournalEntry.objects.filter(event_type="journal.anchored").count() == 1


def test_a_day_not_over_cannot_be_anchored(db):
    with pytest.raises(InvalidInput) as err:
        anchoring.anchor_day(DAY, today=DAY)
    assert err.value.code == "anchor_day_not_over"


def test_rewriting_an_earlier_entry_and_rehashing_the_chain_shows_against_the_anchor(two_days):
    # given: the day is anchored and its root kept elsewhere
    kept_root = anchoring.anchor_day(DAY, today=DAY + timedelta(days=3)).root
    # when: an attacker with database rights rewrites entry 1 and re-hashes the whole chain,
    # so verify_journal alone finds nothing wrong
    with lifted(), connection.cursor() as cur:
        prev = "0" * 64
        for row in JournalEntry.objects.filter(chain="system").order_by("seq"):
            e = row.as_chain_entry()
            payload = '{"n":99}' if e.seq == 1 else e.payload
            fixed = seal(
                ChainEntry(
                    **{**e.__dict__, "payload": payload, "prev_hash": prev, "entry_hash": ""}
                )
            )
            cur.execute(
                "UPDATE records_journalentry SET payload=%s, payload_digest=%s, prev_hash=%s,"
                " entry_hash=%s WHERE id=%s",
                [fixed.payload, fixed.payload_digest, fixed.prev_hash, fixed.entry_hash, row.pk],
            )
            prev = fixed.entry_hash
        cur.execute("UPDATE records_journalhead SET entry_hash=%s WHERE chain='system'", [prev])
    # then
    from zhifa.records.verification import verify

    assert verify().ok  # the chain alone cannot tell
    result = anchoring.check_anchor(JournalAnchor.objects.get(day=DAY), root=kept_root)
    assert not result.ok
    assert result.changed_chains == ("system",)
    with pytest.raises(CommandError):
        call_command("anchor_journal", "--check", "--day", DAY.isoformat(), "--root", kept_root)


def test_anchor_page_and_check(two_days, client):
    from zhifa import testing

    anchoring.anchor_day(DAY, today=DAY + timedelta(days=2))
    world_user = testing.make_user(testing.make_ministry(), roles=("supervisor",))
    client.force_login(world_user)
    page = client.get("/records/anchors/").content.decode()
    assert JournalAnchor.objects.get().root in page
    check = client.get(f"/records/anchors/{DAY.isoformat()}/check/").content.decode()
    assert "锚定一致" in check
    assert client.get("/records/anchors/2020-01-01/check/").status_code == 404
    assert client.get("/records/anchors/2020-13-45/check/").status_code == 404


def test_verify_journal_reports_a_changed_anchor_day(two_days):
    anchor = anchoring.anchor_day(DAY, today=DAY + timedelta(days=2))
    JournalAnchor.objects.filter(pk=anchor.pk).update(
        root="0" * 64
    )  # the stored root no longer fits
    with pytest.raises(CommandError):
        call_command("verify_journal", "--no-record")
