"""Retention of the whole-process record (issue 10 item 7): kept at least
ZHIFA_JOURNAL_RETENTION_DAYS (180, 等保 三级 practice and 网络安全法 第二十一条: logs kept no less than
six months), and in fact for ever.

The journal is append-only and hash-chained: database triggers refuse DELETE (migration 0002), and
removing the oldest entries would break every chain's link to its genesis and every daily anchor.
So this command exists to say so: it refuses anything younger than the retention period outright,
and refuses older entries too, telling how many there are. Archiving old years means copying the
database (backup), never deleting from it.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhifa.records.models import JournalEntry


class Command(BaseCommand):
    help = (
        "清除早于指定日期的全过程记录——本平台不提供清除：180 天内的记录一律拒绝，"
        "更早的记录因只能追加、哈希链接也拒绝删除（保存期限不限）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="日期 YYYY-MM-DD")

    def handle(self, *args, before, **options):
        try:
            day = date.fromisoformat(before)
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from exc
        days = settings.ZHIFA_JOURNAL_RETENTION_DAYS
        earliest_allowed = timezone.localdate() - timedelta(days=days)
        if day > earliest_allowed:
            raise CommandError(
                f"拒绝：全过程记录至少保存 {days} 天，不得清除 {earliest_allowed:%Y-%m-%d} "
                "之后的记录。"
            )
        cutoff = timezone.make_aware(datetime.combine(day, time.min))
        older = JournalEntry.objects.filter(occurred_at__lt=cutoff).count()
        raise CommandError(
            f"拒绝：早于 {day:%Y-%m-%d} 的记录共 {older} 条。全过程记录只能追加、逐条哈希链接，"
            "删除任何一条都会破坏校验，因此本平台不清除记录，保存期限不限；需要归档时请备份数据库。"
        )
