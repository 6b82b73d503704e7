import json

from django.core.management.base import BaseCommand

from zhifa.api import api


class Command(BaseCommand):
    help = "输出 OpenAPI 接口描述（docs/openapi.json 由此生成，测试会比对）。"

    def handle(self, *args, **options):
        schema = api.get_openapi_schema()
        self.stdout.write(json.dumps(schema, sort_keys=True, ensure_ascii=False, indent=2))
