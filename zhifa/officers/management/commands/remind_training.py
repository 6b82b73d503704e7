"""Remind officers short of the year's training hours, and their heads (last quarter, once a year)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhifa.officers.services import send_training_reminders


class Command(BaseCommand):
    help = "第四季度提醒年度培训学时不足的执法人员及其所在机构负责人（每人每年一次，可由 cron 定时运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--on", help="以此日期为准（如 2026-10-08），用于补跑或演示")

    def handle(self, *args, on=None, **options):
        day = None
        if on:
            try:
                day = date.fromisoformat(on)
            except ValueError as exc:
                raise CommandError("日期格式有误，应为 2026-10-08 这样的格式。") from exc
        count = send_training_reminders(day)
        self.stdout.write(f"已提醒 {count} 名培训学时不足的执法人员。")
