"""Mark deadlines due soon or overdue and notify the people responsible (cron-able, idempotent)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhifa.deadlines.services import sweep


class Command(BaseCommand):
    help = "标记即将届满和已逾期的期限，并通知责任人（可由 cron 定时运行，重复运行不会重复通知）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="以此时刻为准（ISO 格式，如 2026-10-09T08:00，未带时区按北京时间），用于补跑或演示",
        )

    def handle(self, *args, now=None, **options):
        when = None
        if now:
            try:
                when = datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError("时刻格式有误，应为 ISO 格式，如 2026-10-09T08:00。") from exc
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        result = sweep(now=when)
        self.stdout.write(
            f"checked={result.checked} due_soon={len(result.due_soon)} "
            f"overdue={len(result.overdue)} notified={result.notified}"
        )
