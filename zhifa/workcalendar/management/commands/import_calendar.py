"""Import one year's State Council holiday notice from a CSV file (columns date,kind,name).

    manage.py import_calendar notice-2027.csv --year 2027 \
        --source "国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕X号"

All or nothing: any bad row stops the import and every bad row is listed with its line number.
An already imported year is replaced only with --replace.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.workcalendar import services


class Command(BaseCommand):
    help = "从 CSV 文件导入某年度的国务院放假安排（date,kind,name）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV 文件路径")
        parser.add_argument("--year", type=int, required=True, help="年度，如 2027")
        parser.add_argument("--source", required=True, help="依据：通知名称和文号")
        parser.add_argument("--replace", action="store_true", help="替换已导入的同一年度")

    def handle(self, *args, file: Path, year: int, source: str, replace: bool, **options):
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}") from exc
        try:
            row = services.import_calendar_csv(
                content=content, year=year, source=source, replace=replace, filename=file.name
            )
        except DomainError as exc:
            lines = [exc.message]
            for error in exc.details.get("errors", []):
                where = f"第 {error['line']} 行" if error["line"] else "文件"
                lines.append(f"  {where}：{error['reason']}")
            raise CommandError("\n".join(lines)) from exc
        holidays = row.days.filter(is_workday=False).count()
        workdays = row.days.filter(is_workday=True).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {year} 年放假安排：放假 {holidays} 天，调休上班 {workdays} 天。"
            )
        )
