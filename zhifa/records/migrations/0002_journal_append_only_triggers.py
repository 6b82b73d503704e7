"""Database triggers that refuse UPDATE and DELETE of journal entries (and TRUNCATE on PostgreSQL).

They hold against raw SQL and a bulk ORM call alike; only someone who can alter the schema can
lift them, and the hash chain shows what such a person changes. `manage.py flush` lifts them for
its one statement (see records/management/commands/flush.py and records/triggers.py).
"""

from django.db import migrations

TABLE = "records_journalentry"

SQLITE = [
    f"""CREATE TRIGGER journal_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'journal_append_only: 全过程记录不可修改'); END""",
    f"""CREATE TRIGGER journal_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'journal_append_only: 全过程记录不可删除'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS journal_no_update", "DROP TRIGGER IF EXISTS journal_no_delete"]

POSTGRESQL = [
    """CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'journal_append_only: 全过程记录不可修改或删除 (%)', TG_OP
           USING ERRCODE = 'integrity_constraint_violation';
       END $$""",
    f"""CREATE TRIGGER journal_no_update_or_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()""",
    f"""CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS journal_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS journal_no_update_or_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS journal_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"no append-only triggers written for {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0001_journal")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
