"""Anchor finished days of the journal, or check the stored anchors against the entries.

manage.py anchor_journal                 anchor every finished day not yet anchored
manage.py anchor_journal --day 2026-11-28
manage.py anchor_journal --check         recompute every anchor; exit 1 when one differs
manage.py anchor_journal --check --day 2026-11-28 --root <hex kept elsewhere>
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.records import anchoring
from zhifa.records.models import JournalAnchor


class Command(BaseCommand):
    help = "生成或核对全过程记录的每日默克尔锚定。"

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, help="日期，格式 YYYY-MM-DD")
        parser.add_argument("--check", action="store_true", help="核对已有锚定")
        parser.add_argument("--root", help="与 --check --day 同用：另行保存的默克尔根")

    def handle(self, *args, day=None, check=False, root=None, **options):
        if check:
            return self._check(day, root)
        try:
            anchors = [anchoring.anchor_day(day)] if day else anchoring.anchor_missing_days()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for anchor in anchors:
            self.stdout.write(f"{anchor.day}  {anchor.root}  （{anchor.chain_count} 条记录链）")
        if not anchors:
            self.stdout.write("没有需要锚定的日期。")

    def _check(self, day, root):
        if root and not day:
            raise CommandError("--root 须与 --day 同用。")
        anchors = JournalAnchor.objects.filter(day=day) if day else JournalAnchor.objects.all()
        checks = [anchoring.check_anchor(a, root=root) for a in anchors.order_by("day")]
        if day and not checks:
            raise CommandError(f"{day} 尚无锚定。")
        for result in checks:
            style = self.style.SUCCESS if result.ok else self.style.ERROR
            self.stdout.write(style(result.summary))
        if not all(c.ok for c in checks):
            raise CommandError("锚定核对未通过。", returncode=1)
