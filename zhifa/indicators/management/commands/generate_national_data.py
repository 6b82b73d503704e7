from datetime import date
from time import perf_counter

from django.core.management.base import BaseCommand, CommandError

from zhifa.indicators import generator


class Command(BaseCommand):
    help = (
        "生成确定性的全国合成案件数据（含指标汇总），用于监督指标的规模测试；"
        "分批提交，中断后以相同参数重新运行即从中断处继续。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--workers", type=int, default=2, help="生成行的进程数（PostgreSQL；按顺序提交）"
        )
        parser.add_argument("--as-of", default="2026-11-30", help="数据截止日期（YYYY-MM-DD）")

    def handle(self, *args, cases, seed, as_of, workers, **options):
        from zhifa.orgs.models import Agency
        from zhifa.orgs.services import load_national_tree

        if cases <= 0:
            raise CommandError("案件数应为正整数。")
        try:
            as_of_day = date.fromisoformat(as_of)
        except ValueError:
            raise CommandError("截止日期格式应为 YYYY-MM-DD。") from None
        if Agency.objects.count() < 30:
            load_national_tree()
        started = perf_counter()
        last = [started, 0]

        def progress(done: int, target: int) -> None:
            now = perf_counter()
            rate = (done - last[1]) / max(now - last[0], 1e-9) if last[1] else 0
            last[0], last[1] = now, done
            if target >= 10 * generator.CHUNK:
                self.stdout.write(f"{done:,}/{target:,}（{rate:,.0f} 件/秒）")
                self.stdout.flush()

        written = generator.write(
            cases, seed=seed, as_of=as_of_day, workers=workers, progress=progress
        )
        took = perf_counter() - started
        self.stdout.write(
            f"已生成 {written} 件案件，用时 {took:.1f} 秒（{written / took:,.0f} 件/秒，"
            "含索引重建和汇总）。"
        )
