"""Give the application's PostgreSQL role its least privileges (run as the owner role).

    manage.py create_app_role zhifa_app --create          create the role (password from
                                                          ZHIFA_APP_DB_PASSWORD) and grant
    manage.py create_app_role zhifa_app                   grant again (after a restore)
    manage.py create_app_role zhifa_app --print-sql       only print the grants, for a DBA

The role owns nothing: it cannot disable or replace the journal's triggers, and may only SELECT
and INSERT on the journal. See README "Deploying" and docs/database-roles.md.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ..privileges import PrivilegeError, as_owner, create_app_role, grant_statements


class Command(BaseCommand):
    help = "为应用的数据库角色授予最小权限（以所有者角色运行，仅 PostgreSQL）。"

    def add_arguments(self, parser):
        parser.add_argument("role", help="应用角色名，如 zhifa_app")
        parser.add_argument("--create", action="store_true", help="角色不存在时创建")
        parser.add_argument(
            "--password-env",
            default="ZHIFA_APP_DB_PASSWORD",
            help="从此环境变量读取角色口令（默认 ZHIFA_APP_DB_PASSWORD）",
        )
        parser.add_argument("--print-sql", action="store_true", help="只打印授权语句")
        parser.add_argument("--database", default="default")

    def handle(self, *args, role, create, password_env, print_sql, database, **options):
        if connections[database].vendor != "postgresql":
            raise CommandError("最小权限的数据库角色只适用于 PostgreSQL；SQLite 没有角色。")
        try:
            if print_sql:
                with as_owner(database) as connection, connection.cursor() as cursor:
                    cursor.execute("SELECT current_user, current_database(), current_schema()")
                    owner, db, schema = cursor.fetchone()
                    for statement in grant_statements(connection, role, owner, db, schema):
                        self.stdout.write(statement + ";")
                return
            run = create_app_role(
                role, password=os.environ.get(password_env) or None, create=create, using=database
            )
        except PrivilegeError as exc:
            raise CommandError(str(exc)) from exc
        for statement in run:
            self.stdout.write(statement + ";")
        self.stdout.write(self.style.SUCCESS(f"已为 {role} 授予应用所需的最小权限。"))
