"""Django's `migrate`, connected as the owner role when MIGRATE_DATABASE_URL is set.

The application itself runs as a role that owns nothing (DATABASE_URL), so it cannot lift the
journal's triggers; schema changes need the owner (docs/database-roles.md).
"""

from django.core.management.commands import migrate

from zhifa.records.management.privileges import as_owner


class Command(migrate.Command):
    def handle(self, *args, **options):
        with as_owner(options["database"]):
            return super().handle(*args, **options)
