"""Least privilege in PostgreSQL: the owner role migrates, the application role owns nothing.

- The owner role (MIGRATE_DATABASE_URL) creates and alters every table: `migrate`, `restore` and
  `create_app_role` connect as it (`as_owner`).
- The application role (DATABASE_URL) owns no table, so it can neither ALTER TABLE … DISABLE
  TRIGGER nor drop or replace the journal's append-only trigger and its function; on the journal
  and its daily anchors it holds only SELECT and INSERT (no UPDATE, DELETE, TRUNCATE); on
  django_migrations only SELECT; elsewhere SELECT, INSERT, UPDATE, DELETE. It may create nothing
  in the schema.

`grant_statements` is the whole grant, also printed by `create_app_role --print-sql` for a DBA.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.db import connections

# Append-only tables: the journal (records 0002 triggers) and its anchors (written once a day).
APPEND_ONLY_TABLES = ("records_journalentry", "records_journalanchor")
READ_ONLY_TABLES = ("django_migrations",)
OWNER_KEYS = ("USER", "PASSWORD", "HOST", "PORT")


class PrivilegeError(Exception):
    """The grant cannot be given as asked; the message is for the operator (Chinese)."""


def owner_url() -> str:
    return getattr(settings, "MIGRATE_DATABASE_URL", "") or ""


@contextmanager
def as_owner(using: str = "default"):
    """Connect `using` as the owner role for the block (when MIGRATE_DATABASE_URL is set).

    Only the credentials and address change; the database name stays the connection's own, so
    the test database stays the test database.
    """
    connection = connections[using]
    url = owner_url()
    if not url or using != "default" or connection.vendor != "postgresql":
        yield connection
        return
    import dj_database_url

    owner = dj_database_url.parse(url)
    saved = {key: connection.settings_dict.get(key) for key in OWNER_KEYS}
    connection.close()
    connection.settings_dict.update({k: owner[k] for k in OWNER_KEYS if owner.get(k)})
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _q(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def grant_statements(connection, role: str, owner: str, database: str, schema: str) -> list[str]:
    r, o, s = _q(connection, role), _q(connection, owner), _q(connection, schema)
    statements = [
        f"GRANT CONNECT ON DATABASE {_q(connection, database)} TO {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE CREATE ON SCHEMA {s} FROM {r}",
        f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        # Tables the owner creates in later migrations: the same rights, without a new grant.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(
            f"REVOKE UPDATE, DELETE, TRUNCATE ON {s}.{_q(connection, table)} FROM {r}"
        )
    for table in READ_ONLY_TABLES:
        statements.append(
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {s}.{_q(connection, table)} FROM {r}"
        )
    return statements


def role_problems(cursor, role: str) -> list[str]:
    """Why `role` cannot be the application role: superuser, owner of something, member of owner."""
    cursor.execute(
        "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = %s",
        [role],
    )
    row = cursor.fetchone()
    if row is None:
        return [f"角色 {role} 不存在（加 --create 创建）。"]
    problems = []
    if any(row):
        problems.append(f"角色 {role} 有超级用户、建角色、建库或绕过行级安全的权限。")
    cursor.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = %s AND c.relnamespace = current_schema()::regnamespace",
        [role],
    )
    owned = cursor.fetchone()[0]
    if owned:
        problems.append(f"角色 {role} 拥有 {owned} 个表或序列：应用角色不得拥有任何对象。")
    cursor.execute("SELECT pg_has_role(%s, current_user, 'MEMBER')", [role])
    if cursor.fetchone()[0]:
        problems.append(f"角色 {role} 是所有者角色的成员，会继承其权限。")
    return problems


def create_app_role(
    role: str,
    *,
    password: str | None = None,
    create: bool = False,
    using: str = "default",
) -> list[str]:
    """Give `role` the application's rights (creating it first when asked); returns the SQL run."""
    with as_owner(using) as connection:
        if connection.vendor != "postgresql":
            raise PrivilegeError("最小权限的数据库角色只适用于 PostgreSQL。")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database(), current_schema()")
            owner, database, schema = cursor.fetchone()
            if role == owner:
                raise PrivilegeError("应用角色不能是所有者角色本身。")
            run = []
            if create:
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
                if cursor.fetchone() is None:
                    statement = (
                        f"CREATE ROLE {_q(connection, role)} LOGIN NOSUPERUSER NOCREATEDB "
                        "NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
                    )
                    cursor.execute(
                        statement + (" PASSWORD %s" if password else ""),
                        [password] if password else None,
                    )
                    run.append(statement + (" PASSWORD '…'" if password else ""))
            elif password:
                cursor.execute(f"ALTER ROLE {_q(connection, role)} PASSWORD %s", [password])
                run.append(f"ALTER ROLE {_q(connection, role)} PASSWORD '…'")
            problems = role_problems(cursor, role)
            if problems:
                raise PrivilegeError(" ".join(problems))
            for statement in grant_statements(connection, role, owner, database, schema):
                cursor.execute(statement)
                run.append(statement)
    return run
