"""Open one of the three administrator accounts (三员分立) on a fresh installation."""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from zhifa.accounts import services
from zhifa.accounts.choices import AdminRole
from zhifa.core.errors import DomainError
from zhifa.orgs.choices import AgencyKind
from zhifa.orgs.models import Agency


class Command(BaseCommand):
    help = (
        "创建系统管理员、安全管理员或安全审计员账户（密码取自 ZHIFA_ADMIN_PASSWORD 或交互输入）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--role", required=True, choices=["system", "security", "audit"])
        parser.add_argument("--agency-id", type=int, help="所属机构；默认交通运输部")

    def handle(self, *args, username, full_name, role, agency_id=None, **options):
        agency = (
            Agency.objects.filter(pk=agency_id).first()
            if agency_id
            else Agency.objects.filter(kind=AgencyKind.MINISTRY).first()
        )
        if agency is None:
            raise CommandError("找不到所属机构；请先运行 load_national_tree。")
        password = os.environ.get("ZHIFA_ADMIN_PASSWORD") or getpass.getpass("密码：")
        try:
            user = services.create_user(
                username=username,
                full_name=full_name,
                agency=agency,
                password=password,
                admin_role=role,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已创建{AdminRole(role).label}账户 {user.username}（{agency.name}）。")
