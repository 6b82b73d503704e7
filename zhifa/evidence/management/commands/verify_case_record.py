"""Verify an exported case record offline (no database is read; zhifa/evidence/offline.py).

    manage.py verify_case_record OUT.zip [--root 2026-03-01=<root kept elsewhere> ...]

Exit status 0 when the record is intact, 1 with every problem named.
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.evidence.offline import verify_archive


class Command(BaseCommand):
    help = "离线校验导出的案件全过程记录。"
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--root", action="append", default=[], help="日期=另行保存的锚定根，可多次给出"
        )

    def handle(self, *args, archive, root, **options):
        roots = {}
        for item in root:
            day, sep, value = item.partition("=")
            if not sep or not value:
                raise CommandError("--root 的格式应为 日期=默克尔根，如 2026-03-01=ab12…")
            roots[day.strip()] = value.strip()
        report = verify_archive(archive, roots=roots)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("案件全过程记录校验未通过。", returncode=1)
