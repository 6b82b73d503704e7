"""Batch appends (journal.append_many): one head lock, entries sealed in memory, one insert; the
chain stays verifiable and interleaves with single appends."""

import pytest

from zhifa.records import journal
from zhifa.records.errors import UnknownEventType
from zhifa.records.models import JournalEntry
from zhifa.records.verification import verify


@pytest.mark.django_db
def test_a_batch_links_into_the_chain_and_verifies(world):
    chain = journal.chain_for(world.hangzhou.pk)
    before = JournalEntry.objects.filter(chain=chain).count()
    journal.append("journal.verified", agency=world.hangzhou, payload={"n": 0})
    items = [("journal.verified", ("cases.case", str(i)), {"n": i}) for i in range(1, 51)]
    assert journal.append_many(items, agency=world.hangzhou) == 50
    journal.append("journal.verified", agency=world.hangzhou, payload={"n": 51})
    seqs = list(
        JournalEntry.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, before + 53))
    assert verify(chain=chain).ok


@pytest.mark.django_db
def test_an_unknown_event_type_writes_nothing(world):
    before = JournalEntry.objects.count()
    with pytest.raises(UnknownEventType):
        journal.append_many(
            [("journal.verified", None, {}), ("no.such.event", None, {})], agency=world.hangzhou
        )
    assert JournalEntry.objects.count() == before
    assert journal.append_many([], agency=world.hangzhou) == 0
