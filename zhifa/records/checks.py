"""`check --deploy --database default`: warn when the application's PostgreSQL role could lift the
journal's append-only triggers (it owns the table, or is a superuser). docs/database-roles.md."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connections

from .models import JournalEntry


@register(Tags.database, deploy=True)
def journal_role_cannot_lift_triggers(app_configs=None, databases=None, **kwargs):
    found = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT r.rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE') "
                    "FROM pg_class c, pg_roles r "
                    "WHERE c.oid = %s::regclass AND r.rolname = current_user",
                    [JournalEntry._meta.db_table],
                )
                row = cursor.fetchone()
        except DatabaseError:
            continue  # no table yet (before migrate) or no connection: other checks say so
        if row and row[0]:
            found.append(
                Warning(
                    "应用连接数据库所用的角色拥有全过程记录表（或为超级用户），可以停用其只追加触发器。",
                    hint="Run the application as a role that owns nothing (DATABASE_URL) and migrate "
                    "as the owner (MIGRATE_DATABASE_URL); manage.py create_app_role. "
                    "See docs/database-roles.md.",
                    id="zhifa.records.W001",
                )
            )
    return found
