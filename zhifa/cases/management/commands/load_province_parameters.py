from django.core.management.base import BaseCommand

from zhifa.cases.parameters import DATA_FILE, load_province_parameters


class Command(BaseCommand):
    help = "载入省级参数（较大数额标准、陈述申辩期），每条附依据文件和施行日期"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE))

    def handle(self, *args, file, **options):
        n = load_province_parameters(file)
        self.stdout.write(f"已载入{n}条省级参数")
