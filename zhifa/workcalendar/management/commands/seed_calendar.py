"""Load every holiday notice year the `chinesecalendar` package has and the database lacks.

Idempotent: years already present (seeded or imported from a notice) are left alone. The
migration 0002 seeds a fresh database; run this after upgrading the package to pick up new years.
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.workcalendar import seed, services


class Command(BaseCommand):
    help = "从 chinesecalendar 载入尚未导入的年度放假安排（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, action="append", dest="years", help="只载入这些年度（可重复）"
        )

    def handle(self, *args, years=None, **options):
        try:
            added = services.seed_calendar(years=years)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        covered = sorted(seed.package_years())
        if added:
            self.stdout.write(
                self.style.SUCCESS(f"已载入 {len(added)} 个年度：{', '.join(map(str, added))}")
            )
        else:
            self.stdout.write(
                f"无需载入：chinesecalendar {seed.package_version()} 覆盖的 "
                f"{covered[0]}–{covered[-1]} 年均已在库。"
            )
