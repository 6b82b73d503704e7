"""Least privilege in PostgreSQL: the application's role owns nothing, so it cannot lift the
journal's append-only triggers, and it may only SELECT and INSERT journal entries.

Signs in as that role over a second connection, as the application would. PostgreSQL only: SQLite
has no roles (its file is protected by the file system's permissions)."""

import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from zhifa.records import journal
from zhifa.records.management.privileges import PrivilegeError, create_app_role
from zhifa.records.models import JournalEntry

pytestmark = pytest.mark.django_db(transaction=True)

TABLE = JournalEntry._meta.db_table

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no database roles; least privilege is checked on PostgreSQL "
    "(DATABASE_URL=postgres://…, as CI's second pass)",
)


def may_create_roles() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        return bool(cursor.fetchone()[0])


@pytest.fixture
def app_role(db):
    if not may_create_roles():
        pytest.skip("the test's database user may not create roles")
    role = f"secops_app_{uuid.uuid4().hex[:8]}"
    call_command("create_app_role", role, "--create")
    yield role
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def as_app(app_role):
    """A connection signed in as the application role (the test server trusts local sign-ins)."""
    import psycopg

    s = connection.settings_dict
    conn = psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        dbname=s["NAME"],
        user=app_role,
        password="",
        autocommit=True,
    )
    yield conn
    conn.close()


@pytest.fixture
def entry(db):
    return journal.append("journal.verified", payload={"ok": True})


def refused(conn, statement):
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
        conn.execute(statement)


@needs_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        f"ALTER TABLE {TABLE} DISABLE TRIGGER USER",
        f"ALTER TABLE {TABLE} DISABLE TRIGGER journal_no_update_or_delete",
        f"DROP TRIGGER journal_no_update_or_delete ON {TABLE}",
        "CREATE OR REPLACE FUNCTION journal_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        f"UPDATE {TABLE} SET payload = '{{}}'",
        f"DELETE FROM {TABLE}",
        f"TRUNCATE {TABLE}",
        "DELETE FROM records_journalanchor",
        "DELETE FROM django_migrations",
        "CREATE TABLE secops_sneaky (id int)",
        f"DROP TABLE {TABLE}",
    ],
    ids=[
        "disable-all-triggers",
        "disable-the-trigger",
        "drop-trigger",
        "replace-trigger-function",
        "update-entry",
        "delete-entry",
        "truncate",
        "delete-anchors",
        "rewrite-migrations",
        "create-table",
        "drop-table",
    ],
)
def test_the_application_role_is_refused(as_app, entry, statement):
    # when the application's role tries to change the record or lift its protection
    refused(as_app, statement)
    # then the entry is unchanged and the triggers are still on
    entry.refresh_from_db()
    assert entry.payload == '{"ok":true}'
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled = 'O' "
            "AND NOT tgisinternal",
            [TABLE],
        )
        assert cursor.fetchone()[0] == 2


@needs_postgresql
def test_the_application_role_reads_appends_and_does_its_work(as_app, entry):
    import psycopg

    with as_app.transaction():
        assert as_app.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0] >= 1
        as_app.execute(
            f"INSERT INTO {TABLE} (chain, seq, occurred_at, actor_name, subject_type, subject_id,"
            " event_type, correlation_id, payload, payload_digest, prev_hash, entry_hash, algorithm)"
            " VALUES ('probe', 1, now(), '', '', '', 'journal.verified', 'x', '{}', '', '', '',"
            " 'sm3')"
        )
        # the head row moves on each append; other tables are read and written as usual
        as_app.execute("UPDATE records_journalhead SET seq = seq")
        as_app.execute("UPDATE orgs_agency SET name = name")
        raise psycopg.Rollback()
    assert not JournalEntry.objects.filter(chain="probe").exists()


@needs_postgresql
def test_the_application_role_owns_nothing(app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = %s",
            [app_role],
        )
        assert cursor.fetchone()[0] == 0


@needs_postgresql
def test_the_owner_role_is_not_accepted_as_the_application_role(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(PrivilegeError):
        create_app_role(owner)


@needs_postgresql
def test_the_grants_can_be_printed_for_a_dba(db, capsys):
    call_command("create_app_role", "zhifa_app", "--print-sql")
    out = capsys.readouterr().out
    assert f'REVOKE UPDATE, DELETE, TRUNCATE ON "public"."{TABLE}" FROM "zhifa_app";' in out


def test_on_sqlite_the_command_says_why_not(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite answer")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("create_app_role", "zhifa_app")


@needs_postgresql
def test_migrate_and_restore_run_as_the_owner_and_the_application_keeps_its_rights(
    app_role, entry, settings, tmp_path
):
    from django.db import DatabaseError, transaction

    from zhifa.records.management.privileges import as_owner

    # given the application connected as its role, the owner given by MIGRATE_DATABASE_URL
    s = connection.settings_dict
    owner = s["USER"]
    settings.MIGRATE_DATABASE_URL = f"postgres://{owner}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    connection.close()
    s["USER"] = app_role
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role
        with as_owner() as conn, conn.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == owner
        call_command("migrate", verbosity=0)
        # when a backup is restored (pg_restore as the owner, without grants)
        call_command("backup", str(tmp_path / "b"))
        call_command("restore", str(tmp_path / "b"), interactive=False)
        # then the application role reads the journal again, and still cannot change it
        assert JournalEntry.objects.filter(pk=entry.pk).exists()
        with (
            pytest.raises(DatabaseError, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"UPDATE {TABLE} SET payload = '{{}}'")
        journal.append("journal.verified", payload={"after": "restore"})
    finally:
        connection.close()
        s["USER"] = owner


@needs_postgresql
def test_the_deploy_check_warns_when_the_application_owns_the_journal(db):
    from zhifa.records.checks import journal_role_cannot_lift_triggers

    # the test runs as the tables' owner: exactly what production must not do
    warnings = journal_role_cannot_lift_triggers(databases=["default"])
    assert [w.id for w in warnings] == ["zhifa.records.W001"]


@needs_postgresql
def test_the_deploy_check_is_quiet_for_the_application_role(app_role):
    from zhifa.records.checks import journal_role_cannot_lift_triggers

    s = connection.settings_dict
    owner = s["USER"]
    connection.close()
    s["USER"] = app_role
    try:
        assert journal_role_cannot_lift_triggers(databases=["default"]) == []
    finally:
        connection.close()
        s["USER"] = owner


def test_the_deploy_check_says_nothing_on_sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite answer")
    from zhifa.records.checks import journal_role_cannot_lift_triggers

    assert journal_role_cannot_lift_triggers(databases=["default"]) == []
