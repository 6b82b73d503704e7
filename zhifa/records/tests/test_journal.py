"""Appending to the journal (zhifa/records/journal.py)."""

import itertools
from decimal import Decimal

import pytest
from django.db import transaction

from zhifa.core import hashchain
from zhifa.core.errors import InvalidInput
from zhifa.records import journal
from zhifa.records.context import reset_correlation_id, set_correlation_id
from zhifa.records.errors import UnknownEventType
from zhifa.records.events import EVENT_TYPES, register_event
from zhifa.records.models import JournalEntry, JournalHead


def chain_entries(chain):
    return [e.as_chain_entry() for e in JournalEntry.objects.filter(chain=chain).order_by("seq")]


def test_append_records_who_what_on_what_and_links_the_chain(officer, agency):
    # given a request with a correlation id
    token = set_correlation_id("req-12345678")
    try:
        # when an officer's action is recorded twice
        first = journal.append(
            "user.login", actor=officer, subject=officer, payload={"ip": "10.0.0.1"}
        )
        second = journal.append(
            "user.roles_changed",
            actor=officer,
            subject=("accounts.user", officer.pk),
            payload={"fine": Decimal("50.00")},
        )
    finally:
        reset_correlation_id(token)
    # then both sit in the officer's agency chain, linked, with the copied name
    first.refresh_from_db()
    assert (first.chain, first.seq, first.prev_hash) == (
        f"agency:{agency.pk}",
        1,
        hashchain.GENESIS,
    )
    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert (first.actor_name, first.agency_id) == ("张三", agency.pk)
    assert (first.subject_type, first.subject_id) == ("accounts.user", str(officer.pk))
    assert first.correlation_id == second.correlation_id == "req-12345678"
    assert first.occurred_at.utcoffset().total_seconds() == 0
    assert second.payload == '{"fine":"50.00"}'
    assert first.algorithm == hashchain.DEFAULT_ALGORITHM
    head = JournalHead.objects.get(chain=first.chain)
    assert (head.seq, head.entry_hash) == (2, second.entry_hash)
    assert hashchain.verify_chain(chain_entries(first.chain), head.as_head()) is None


def test_each_agency_has_its_own_chain_and_no_agency_means_system(agency, other_agency):
    # when
    a = journal.append("agency.renamed", subject=agency, agency=agency, payload={})
    b = journal.append("agency.renamed", subject=other_agency, agency=other_agency, payload={})
    c = journal.append("journal.verified", payload={"ok": True})
    # then
    assert [(e.chain, e.seq) for e in (a, b, c)] == [
        (f"agency:{agency.pk}", 1),
        (f"agency:{other_agency.pk}", 1),
        ("system", 1),
    ]
    assert c.actor is None and c.actor_name == "" and c.subject_type == ""


def test_an_explicit_agency_wins_over_the_actors(officer, other_agency):
    entry = journal.append(
        "agency.renamed", actor=officer, subject=other_agency, agency=other_agency, payload={}
    )
    assert entry.agency_id == other_agency.pk


def test_an_anonymous_actor_is_recorded_as_none(db):
    from django.contrib.auth.models import AnonymousUser

    entry = journal.append("user.login_failed", actor=AnonymousUser(), payload={"username": "x"})
    assert entry.actor_id is None and entry.chain == "system"


def test_unknown_event_type_is_refused_and_nothing_written(db):
    with pytest.raises(UnknownEventType) as error:
        journal.append("case.teleported", payload={})
    assert error.value.code == "unknown_event_type"
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("subject", [("", "1"), ("cases.case", "x" * 65), 42, ("a", "b", "c")])
def test_bad_subjects_are_refused(db, subject):
    with pytest.raises(InvalidInput):
        journal.append("journal.verified", subject=subject, payload={})


def test_unsaved_subject_is_refused(db):
    from zhifa.orgs.models import Agency

    with pytest.raises(InvalidInput):
        journal.append("agency.created", subject=Agency(name="x"), payload={})


def test_an_entry_rolls_back_with_its_action(agency):
    # given an action that fails after journaling
    with pytest.raises(RuntimeError), transaction.atomic():
        journal.append("agency.renamed", subject=agency, agency=agency, payload={})
        raise RuntimeError
    # then neither the entry nor the head moved
    assert not JournalEntry.objects.exists()
    assert not JournalHead.objects.filter(seq__gt=0).exists()


def test_register_event_validates_codes_and_keeps_the_first_label():
    assert register_event("agency.created", "别的名字") == "agency.created"
    assert str(EVENT_TYPES["agency.created"]) == "新建机构"
    with pytest.raises(ValueError):
        register_event("Not A Code", "x")


def test_the_foundation_events_are_registered():
    for code in [
        "agency.created",
        "user.login_failed",
        "certificate.status_changed",
        "calendar.day_changed",
        "journal.verified",
        "suspension.lifted",
    ]:
        assert code in EVENT_TYPES


def test_an_entry_rolled_back_with_its_savepoint_does_not_break_the_chain(officer, agency):
    # given an entry whose head this transaction moved, then one inside a savepoint rolled back
    from zhifa.records.verification import verify

    chain = journal.chain_for(agency.pk)
    with transaction.atomic():
        journal.append("user.login", actor=officer, subject=officer, payload={"n": 1})
        try:
            with transaction.atomic():
                journal.append("user.login", actor=officer, subject=officer, payload={"n": 2})
                raise RuntimeError("the act failed")
        except RuntimeError:
            pass
        # when the transaction journals once more (its remembered head is stale now)
        journal.append("user.login", actor=officer, subject=officer, payload={"n": 3})
    # then the third entry links to the first, the head names it, and the chain verifies
    entries = list(JournalEntry.objects.filter(chain=chain).order_by("seq"))
    assert entries[-1].seq == entries[-2].seq + 1
    assert entries[-1].prev_hash == entries[-2].entry_hash
    head = JournalHead.objects.get(chain=chain)
    assert (head.seq, head.entry_hash) == (entries[-1].seq, entries[-1].entry_hash)
    assert '"n":2' not in "".join(e.payload.replace(" ", "") for e in entries)
    assert verify(chain=chain).ok


def test_a_head_moved_by_another_append_path_is_read_again(officer, agency):
    # given a head this transaction moved, then moved again by append_many (which does not use
    # the remembered head)
    from zhifa.records.verification import verify

    chain = journal.chain_for(agency.pk)
    with transaction.atomic():
        journal.append("user.login", actor=officer, subject=officer, payload={"n": 1})
        journal.append_many([("user.login", officer, {"n": 2})], actor=officer, agency=agency)
        journal.append("user.login", actor=officer, subject=officer, payload={"n": 3})
    entries = list(JournalEntry.objects.filter(chain=chain).order_by("seq"))
    assert [e.seq for e in entries] == list(range(entries[0].seq, entries[0].seq + len(entries)))
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    assert verify(chain=chain).ok
