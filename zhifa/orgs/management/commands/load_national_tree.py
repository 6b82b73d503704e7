from django.core.management.base import BaseCommand

from zhifa.orgs.services import load_national_tree


class Command(BaseCommand):
    help = "载入全国行政区划与执法机构树（zhifa/refdata/regions.json 与直属机构名单），可重复执行。"

    def handle(self, *args, **options):
        counts = load_national_tree()
        self.stdout.write(
            f"省级 {counts['provinces']} 个，地市级 {counts['prefectures']} 个，"
            f"机构 {counts['agencies']} 个（本次新建 {counts['created']} 个）。"
        )
