"""Entries cannot be changed or removed: the ORM refuses, and database triggers refuse raw SQL."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, models, transaction

from zhifa.records import journal
from zhifa.records.errors import JournalIsAppendOnly
from zhifa.records.models import JournalEntry
from zhifa.records.triggers import lifted

TABLE = JournalEntry._meta.db_table


@pytest.fixture
def entry(db):
    return journal.append("journal.verified", payload={"ok": True})


def refused_by_database(statement, params=()):
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    assert "journal_append_only" in str(error.value)


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.save(),
        lambda e: e.delete(),
        lambda e: JournalEntry.objects.filter(pk=e.pk).update(payload="{}"),
        lambda e: JournalEntry.objects.filter(pk=e.pk).delete(),
    ],
    ids=["save", "delete", "queryset-update", "queryset-delete"],
)
def test_the_orm_refuses_changes(entry, change):
    with pytest.raises(JournalIsAppendOnly):
        change(entry)


def test_a_bulk_update_that_skips_the_guard_meets_the_trigger(entry):
    # when the ORM's own QuerySet.update is called past the append-only queryset
    with pytest.raises(DatabaseError), transaction.atomic():
        models.QuerySet.update(JournalEntry.objects.filter(pk=entry.pk), payload="{}")
    # then
    entry.refresh_from_db()
    assert entry.payload == '{"ok":true}'


def test_a_raw_delete_that_skips_the_guard_meets_the_trigger(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk)._raw_delete(connection.alias)
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_update_is_refused(entry):
    refused_by_database(f"UPDATE {TABLE} SET payload = %s WHERE id = %s", ["{}", entry.pk])
    entry.refresh_from_db()
    assert entry.payload == '{"ok":true}'


def test_raw_sql_delete_is_refused(entry):
    refused_by_database(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_truncate_is_refused_on_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE without WHERE meets the delete trigger")
    with connection.cursor() as cursor:  # TRUNCATE waits for no deferred foreign-key check
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    refused_by_database(f"TRUNCATE {TABLE}")
    assert JournalEntry.objects.exists()


def test_lifting_the_triggers_restores_them_afterwards(entry):
    # given the triggers lifted (as someone with rights on the schema could)
    with lifted(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET actor_name = %s WHERE id = %s", ["x", entry.pk])
    # then they are back
    refused_by_database(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_journal_and_keeps_the_triggers():
    # given an entry in a committed transaction
    entry = journal.append("journal.verified", payload={})
    # when the database is flushed (as transactional tests do between cases)
    call_command("flush", interactive=False, verbosity=0)
    # then the journal is empty and still append-only
    assert not JournalEntry.objects.exists()
    entry = journal.append("journal.verified", payload={})
    refused_by_database(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
