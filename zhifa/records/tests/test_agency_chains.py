"""One agency's appends never wait for another's (issue 15, item 5): each agency has its own chain
and an append locks only that chain's head row, so an agency holding its head (a long step in
progress) holds back its own appends only — not a table lock."""

import threading

import pytest
from django.db import connection, connections, transaction

from zhifa.records import journal
from zhifa.records.models import JournalEntry
from zhifa.records.verification import verify

pytestmark = pytest.mark.postgres


def _waiting_on_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_an_agency_holding_its_head_blocks_only_its_own_chain(agency, other_agency):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers by itself")
    holding, release = threading.Event(), threading.Event()
    other_done, same_done = threading.Event(), threading.Event()
    errors = []

    def hold():  # agency A appends and keeps its transaction (and its head row lock) open
        try:
            with transaction.atomic():
                journal.append("journal.verified", agency=agency, payload={"n": "held"})
                holding.set()
                release.wait(60)
        except Exception as error:  # reported by the assertions
            errors.append(error)
        finally:
            connections.close_all()

    def append(target, done):
        try:
            journal.append("journal.verified", agency=target, payload={"n": "next"})
            done.set()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(60)
    # when another agency appends while A holds its head: it goes through
    other = threading.Thread(target=append, args=(other_agency, other_done))
    other.start()
    other.join(60)
    assert other_done.is_set() and not release.is_set()
    # and a second append of agency A queues behind A's head lock until A commits
    same = threading.Thread(target=append, args=(agency, same_done))
    same.start()
    for _ in range(600):
        if _waiting_on_a_lock() or same_done.is_set():
            break
        threading.Event().wait(0.05)
    assert not same_done.is_set()
    release.set()
    holder.join(60)
    same.join(60)
    assert errors == [] and same_done.is_set()
    # then both chains are whole: A's entries in order, B's on its own chain
    chain_a = journal.chain_for(agency.pk)
    seqs = list(
        JournalEntry.objects.filter(chain=chain_a).order_by("seq").values_list("payload", flat=True)
    )
    assert len(seqs) == 2 and '"held"' in seqs[0]
    assert JournalEntry.objects.filter(chain=journal.chain_for(other_agency.pk)).count() == 1
    assert verify().ok
