from django.core.management.base import BaseCommand

from zhifa.indicators import services


class Command(BaseCommand):
    help = "汇总期限指标（逾期率、强制措施超期、公示及时率）；页面显示最近汇总时间。"

    def handle(self, *args, **options):
        cells = services.refresh_deadlines()
        self.stdout.write(f"期限指标已汇总（{cells} 个单元）。")
