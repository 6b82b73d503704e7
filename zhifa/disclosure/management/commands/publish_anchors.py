"""Take, sign and publish the hourly public anchor of the journal (run at least hourly)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhifa.disclosure.services import anchor_hour, anchor_missing_hours


class Command(BaseCommand):
    help = "公开记录锚点：每小时对全部记录链链头生成默克尔根并签名公开"

    def add_arguments(self, parser):
        parser.add_argument("--at", help="锚定时刻（ISO 格式，取整点），默认当前")

    def handle(self, *args, at=None, **options):
        if at:
            try:
                moment = datetime.fromisoformat(at)
            except ValueError as exc:
                raise CommandError("时刻格式应为 2026-12-03T14:00") from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            made = [anchor_hour(moment)]
        else:
            made = anchor_missing_hours()
        for a in made:
            self.stdout.write(f"{timezone.localtime(a.taken_at):%Y-%m-%d %H:%M} {a.root}")
        self.stdout.write(f"已公开锚点 {len(made)} 个")
