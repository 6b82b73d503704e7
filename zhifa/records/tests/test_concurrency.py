"""Concurrent appends to one chain on PostgreSQL: the head row lock keeps the chain from forking."""

import threading

import pytest
from django.db import connection, connections

from zhifa.records import journal
from zhifa.records.models import JournalEntry
from zhifa.records.verification import verify

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_writers_racing_on_a_new_chain_never_fork_it():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers by itself")
    # given four writers starting together on a chain that has no head yet
    writers, each = 4, 15
    start = threading.Barrier(writers)
    errors = []

    def write():
        try:
            start.wait()
            for n in range(each):
                journal.append("journal.verified", payload={"n": n})
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every append landed, in one unbroken sequence
    assert errors == []
    seqs = list(
        JournalEntry.objects.filter(chain="system").order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, writers * each + 1))
    assert verify(chain="system").ok
