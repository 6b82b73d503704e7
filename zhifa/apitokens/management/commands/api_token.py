"""Issue, list and revoke API tokens from the shell (the security administrator's duty).

    manage.py api_token create --name "12328热线" --agency 77 --permission cases:read [--days 90]
    manage.py api_token list [--agency 77]
    manage.py api_token revoke a1b2c3d4 [--reason "对方系统下线"]

`create` prints the token once; only its digest is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.core.errors import DomainError
from zhifa.orgs.models import Agency

from ...choices import TokenPermission
from ...models import ApiToken
from ...services import create_token, revoke_token


class Command(BaseCommand):
    help = "签发、列出、吊销其他系统使用的接口令牌。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="签发令牌（只显示一次）")
        create.add_argument("--name", required=True, help="接入系统名称")
        create.add_argument("--agency", type=int, required=True, help="机构编号：令牌的范围")
        create.add_argument(
            "--permission",
            action="append",
            required=True,
            choices=TokenPermission.values,
            help="权限，可重复",
        )
        create.add_argument("--days", type=int, default=None, help="有效期天数")
        listing = sub.add_parser("list", help="列出令牌")
        listing.add_argument("--agency", type=int, default=None)
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("prefix", help="令牌前缀（list 中显示）")
        revoke.add_argument("--reason", default="")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def do_create(self, *, name, agency, permission, days, **_):
        agency_obj = Agency.objects.filter(pk=agency).first()
        if agency_obj is None:
            raise CommandError(f"机构 {agency} 不存在。")
        issued = create_token(name=name, agency=agency_obj, permissions=permission, days=days)
        token = issued.token
        self.stdout.write(f"已签发：{token.name}，范围 {agency_obj.name}，前缀 {token.prefix}，")
        self.stdout.write(
            f"权限 {'、'.join(token.permissions)}，有效期至 {token.expires_at:%Y-%m-%d}。"
        )
        self.stdout.write("令牌（只显示这一次）：")
        self.stdout.write(issued.secret)

    def do_list(self, *, agency, **_):
        qs = ApiToken.objects.select_related("agency").order_by("-created_at")
        if agency is not None:
            qs = qs.filter(agency_id=agency)
        for t in qs:
            self.stdout.write(
                f"{t.prefix}  {t.state_label}  {t.name}  {t.agency.name}  "
                f"{','.join(t.permissions)}  至 {t.expires_at:%Y-%m-%d}"
            )

    def do_revoke(self, *, prefix, reason, **_):
        token = ApiToken.objects.filter(prefix=prefix.strip()).first()
        if token is None:
            raise CommandError(f"没有前缀为 {prefix} 的令牌。")
        revoke_token(token, reason=reason)
        self.stdout.write(f"已吊销：{token}")
