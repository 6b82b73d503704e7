"""Mark lapsed every evidence preservation past its 7 working days without a decision
(TEPP Art. 45). Cron-able and idempotent: a second run changes nothing."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhifa.measures.services import lapse_overdue_preservations


class Command(BaseCommand):
    help = (
        "将超过七个工作日未作出处理决定的先行登记保存标记为自动解除（TEPP Art. 45），可重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="以此时刻为准（ISO 格式，如 2026-10-15T00:30，未带时区按北京时间），用于补跑或演示",
        )

    def handle(self, *args, now=None, **options):
        when = None
        if now:
            try:
                when = datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError("时刻格式有误，应为 ISO 格式，如 2026-10-15T00:30。") from exc
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        lapsed = lapse_overdue_preservations(when)
        self.stdout.write(f"lapsed={len(lapsed)}" + (f" ids={lapsed}" if lapsed else ""))
