"""manage.py load_law_data [--data DIR] [--as-of YYYY-MM-DD]: load the law catalogue."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.law import services


class Command(BaseCommand):
    help = "载入处罚条款、裁量基准与免罚清单（zhifa/refdata 下的三个文件）；可重复执行，结果相同。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            "--shared",
            dest="data",
            default=None,
            help="含三个文件的目录（或其下 data/ 含三个文件的目录）；默认项目内的 zhifa/refdata",
        )
        parser.add_argument(
            "--as-of",
            default=None,
            help="按此日期施行的条文核对裁量基准（默认今天），格式 YYYY-MM-DD",
        )

    def handle(self, *args, data=None, as_of=None, **options):
        base = Path(data) if data else Path(settings.REFDATA_DIR)
        data_dir = base / "data" if (base / "data").is_dir() else base
        try:
            day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError("--as-of 应为 YYYY-MM-DD 格式的日期。") from None
        try:
            summary = services.load_law_data(data_dir, as_of=day)
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.details or ''}".strip()) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入：法律法规版本 {summary.laws} 个，处罚条款 {summary.provisions} 条，"
                f"裁量基准 {summary.benchmarks} 个（失效 {len(summary.obsolete)} 个，"
                f"本次新标记失效 {len(summary.newly_obsolete)} 个），免罚清单 {summary.exemption_lists} 份"
                f"（事项 {summary.exemption_items} 项）；新增 {summary.created} 行，更新 {summary.updated} 行，"
                f"删除 {summary.removed} 行。"
            )
        )
        for key in summary.obsolete:
            self.stdout.write(f"  失效：{key}")
