"""manage.py write_benchmark_template [--out PATH]: (re)write the benchmark import template."""

from pathlib import Path

from django.core.management.base import BaseCommand

from zhifa.law.excel import write_workbook

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "benchmark-template.xlsx"


class Command(BaseCommand):
    help = "生成裁量基准 Excel 导入模板（含填写说明与事实词汇表）。"

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(DEFAULT), help="输出路径")

    def handle(self, *args, out, **options):
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(write_workbook())
        self.stdout.write(self.style.SUCCESS(f"已生成导入模板：{path}"))
