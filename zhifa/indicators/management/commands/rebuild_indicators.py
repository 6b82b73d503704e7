from django.core.management.base import BaseCommand

from zhifa.indicators import services


class Command(BaseCommand):
    help = "从案件重新计算全部案件指标事实和汇总表（增量汇总应与之相同）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--from-facts",
            action="store_true",
            help="只从已有的案件指标事实重新汇总（合成数据只有事实，没有办案记录）",
        )

    def handle(self, *args, from_facts=False, **options):
        if from_facts:
            services.rollup_from_facts()
            self.stdout.write("已从案件指标事实重新汇总。")
            return
        n = services.rebuild()
        self.stdout.write(f"已重新计算 {n} 件案件的指标。")
