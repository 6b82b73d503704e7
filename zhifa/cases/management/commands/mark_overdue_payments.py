"""Mark cases whose fine was not paid in time as overdue (run daily by cron or Celery beat)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhifa.cases.tasks import mark_overdue_payments


class Command(BaseCommand):
    help = "将缴款期限届满仍未缴清罚款的案件登记为逾期（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="按该日期判断（YYYY-MM-DD），默认今天")

    def handle(self, *args, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        result = mark_overdue_payments(day)
        self.stdout.write(
            f"{result['as_of']}：登记逾期 {len(result['marked'])} 件，未处理 {len(result['refused'])} 件"
        )
