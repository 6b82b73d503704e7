"""Lifting the journal's append-only triggers (migration 0002), for the two who may: `flush`,
which empties the whole database, and tests that play an attacker with rights on the schema.

On SQLite the triggers are dropped and re-created from their own text in sqlite_master; on
PostgreSQL they are disabled and enabled (ALTER TABLE needs the table's owner).
"""

from contextlib import contextmanager

from django.db import connections

from .models import JournalEntry


@contextmanager
def lifted(using: str = "default"):
    connection = connections[using]
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [JournalEntry._meta.db_table],
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
            try:
                yield
            finally:
                for _name, sql in saved:
                    cursor.execute(sql)
        elif connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred foreign-key check: run them now, defer again after
            # (Django creates its foreign keys DEFERRABLE INITIALLY DEFERRED).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            yield
