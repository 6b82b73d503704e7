"""Django's `flush`, able to empty the journal too.

Emptying every table is a deliberate act of whoever runs the database (tests do it between
transactional cases); the append-only triggers would otherwise stop it at the journal table.
"""

from django.core.management.commands import flush

from zhifa.records.triggers import lifted


class Command(flush.Command):
    def handle(self, **options):
        with lifted(options["database"]):
            return super().handle(**options)
