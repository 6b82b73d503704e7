"""Enter one 12328 clock of a province from its own rules (no national default, journaled):

    manage.py set_complaint_time_limit --province 浙江省交通运输厅 --category complaint \
        --clock close --amount 13 --unit working_days --basis "浙江省12328热线管理办法第十条"
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.complaints.choices import Category, Clock, LimitUnit
from zhifa.complaints.services import set_time_limit
from zhifa.core.errors import DomainError
from zhifa.orgs.models import Agency


class Command(BaseCommand):
    help = "设置某省12328工单的一项办理时限（依本省管理办法，无全国默认值）"

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="省级机构名称或编号")
        parser.add_argument("--category", required=True, choices=Category.values)
        parser.add_argument("--clock", required=True, choices=Clock.values)
        parser.add_argument("--amount", required=True, type=int)
        parser.add_argument("--unit", required=True, choices=LimitUnit.values)
        parser.add_argument("--basis", required=True)

    def handle(self, *args, **opts):
        key = opts["province"]
        province = (
            Agency.objects.filter(pk=int(key)).first()
            if key.isdigit()
            else Agency.objects.filter(name=key, depth=1).first()
        )
        if province is None:
            raise CommandError("找不到该省级机构。")
        try:
            row = set_time_limit(
                province=province,
                category=opts["category"],
                clock=opts["clock"],
                amount=opts["amount"],
                unit=opts["unit"],
                basis=opts["basis"],
                actor=None,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{province.name}：{row}")
