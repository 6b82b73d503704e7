"""The national demo: the whole organisation tree, reference data, and two prefectures fully staffed."""

import io
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from zhifa import testing
from zhifa.accounts import services as accounts
from zhifa.accounts.models import User
from zhifa.law.choices import Sector
from zhifa.officers import services as officers
from zhifa.orgs.choices import AgencyKind
from zhifa.orgs.models import Agency
from zhifa.orgs.services import load_national_tree
from zhifa.web import demo
from zhifa.web.demo import complaints as demo_complaints
from zhifa.web.demo import documents as demo_documents

DEMO_PASSWORD = "Zhifa@Demo2026"  # noqa: S105 -- the demo's published password, printed by make run


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    note: str
    roles: tuple[str, ...] = ()
    admin_role: str = ""
    certificate: str = "valid"  # valid | expired | suspended | none


PREFECTURES = {
    # prefecture prefix: (province, prefecture, province prefix)
    "hz": ("浙江省", "杭州市", "zj"),
    "nb": ("浙江省", "宁波市", "zj"),
    "cd": ("四川省", "成都市", "sc"),
    "my": ("四川省", "绵阳市", "sc"),
}
FULL_STAFF = {
    "hz",
    "cd",
}  # the other prefectures get a smaller squad (two officers, head, reviewer)
PREFECTURE_STAFF = [
    DemoUser("officer1", "执法员甲", "执法人员（证件有效）", ("officer",)),
    DemoUser("officer2", "执法员乙", "执法人员（证件有效）", ("officer",)),
    DemoUser("expired", "执法员丙", "执法人员（证件已过期）", ("officer",), certificate="expired"),
    DemoUser(
        "suspended", "执法员丁", "执法人员（已暂停执法）", ("officer",), certificate="suspended"
    ),
    DemoUser("reviewer", "审核员", "法制审核人员", ("legal_reviewer",), certificate="none"),
    DemoUser("head", "负责人", "执法部门负责人（兼执法人员）", ("agency_head", "officer")),
]
PROVINCE_STAFF = [
    DemoUser("supervisor", "省级监督员", "省级监督人员", ("supervisor",), certificate="none")
]
MINISTRY_STAFF = [
    DemoUser("mot_supervisor", "部级监督员", "部级监督人员", ("supervisor",), certificate="none"),
    DemoUser("sysadmin", "系统管理员", "系统管理员", admin_role="system", certificate="none"),
    DemoUser("secadmin", "安全管理员", "安全管理员", admin_role="security", certificate="none"),
    DemoUser("auditor", "安全审计员", "安全审计员", admin_role="audit", certificate="none"),
]


SMALL_STAFF = ("officer1", "officer2", "reviewer", "head")
DEFAULT_CASES = 300


def _pad(text: str, width: int) -> str:
    """Left-aligned in a column of `width` terminal cells (a Chinese character takes two)."""
    cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - cells)


class Command(BaseCommand):
    help = (
        "载入全国演示数据（机构树、参考数据、四个地市的办案人员和约300件样例案件），可重复执行："
        "再次执行不会重复创建。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help=f"样例案件数（默认 {DEFAULT_CASES}；0 表示不建案件）",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = load_national_tree()
        self.stdout.write(
            f"机构树：{counts['provinces']} 个省级、{counts['prefectures']} 个地市级、"
            f"{counts['agencies']} 个机构。"
        )
        quiet = io.StringIO()  # the loaders' own reports name internal data ids
        for command in ("seed_calendar", "load_law_data"):
            if command in get_commands():
                call_command(command, verbosity=0, stdout=quiet)
        # the provinces' "large amount" (TEPP Art. 80 para 2) is provincial data the platform does
        # not hold for 浙江/四川: clearly labelled demo figures, so that the demo's cases can proceed
        testing.plant_province_figures("浙江", "四川", source=testing.DEMO_FIGURES)
        rows = self._load_people()
        demo_documents.load_document_settings()  # what the demo agencies print on documents
        summary = demo.load_cases(options["cases"], stdout=self.stdout)
        # 12328: the demo provinces' clocks (the public form is open there) and a few work orders
        demo_complaints.load_complaints(summary.squads)
        # the work orders' clocks were opened after the cases' sweep: sweep once more (idempotent)
        from zhifa.deadlines.services import sweep

        sweep()
        # the deadline indicators are a job's (the case ones follow each step): run it once
        call_command("refresh_indicators", verbosity=0, stdout=quiet)
        # 评议考核 and 案卷评查 over the sample (zhifa/evaluation): once, through the services
        from zhifa.web.demo.evaluation import load_evaluation

        load_evaluation()
        self.stdout.write(f"\n演示账户（密码均为 {DEMO_PASSWORD}）：")
        self.stdout.write(f"  {_pad('用户名', 18)}{_pad('角色', 30)}机构")
        for username, agency, note in rows:
            self.stdout.write(f"  {_pad(username, 18)}{_pad(note, 30)}{agency}")
        for line in demo.what_to_try(summary):
            self.stdout.write(line)
        self.stdout.write(f"\n载入用时 {time.monotonic() - started:.1f} 秒。")

    @transaction.atomic
    def _load_people(self):
        # one published password for every demo account: hashed once here, not once per account
        self._password_hash = make_password(DEMO_PASSWORD)
        ministry = Agency.objects.get(kind=AgencyKind.MINISTRY)
        rows = [self._ensure(ministry, u, u.username) for u in MINISTRY_STAFF]
        provinces_done = set()
        for prefix, (province, prefecture, province_prefix) in PREFECTURES.items():
            dept = Agency.objects.get(kind=AgencyKind.PROVINCIAL_DEPARTMENT, region__name=province)
            agency = Agency.objects.get(
                kind=AgencyKind.PREFECTURE_AGENCY,
                region__name=prefecture,
                region__parent__name=province,
            )
            if province_prefix not in provinces_done:
                provinces_done.add(province_prefix)
                rows += [
                    self._ensure(dept, u, f"{province_prefix}_{u.username}") for u in PROVINCE_STAFF
                ]
            staff = [
                u for u in PREFECTURE_STAFF if prefix in FULL_STAFF or u.username in SMALL_STAFF
            ]
            rows += [self._ensure(agency, u, f"{prefix}_{u.username}") for u in staff]
        return rows

    def _ensure(self, agency, spec: DemoUser, username: str):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = accounts.create_user(
                username=username,
                full_name=spec.full_name,
                agency=agency,
                password=DEMO_PASSWORD,
                password_hash=self._password_hash,
                roles=spec.roles,
                admin_role=spec.admin_role,
            )
            if "officer" in spec.roles:
                self._certify(user, spec)
            if "legal_reviewer" in spec.roles:
                # 《行政处罚法》第五十八条第二款: the reviewer's qualification is on record once
                testing.record_qualification(user, recorded_on=timezone.localdate())
        return username, agency.name, spec.note

    def _certify(self, user, spec: DemoUser):
        today = timezone.localdate()
        officer = officers.register_officer(user, badge_number=f"{user.pk:06d}")
        expired = spec.certificate == "expired"
        officers.issue_certificate(
            officer,
            number=f"{user.agency.region_id or 0:02d}{user.pk:08d}",
            issuing_body=f"{user.agency.parent.name}",
            issued_on=today - timedelta(days=800 if expired else 300),
            valid_until=today - timedelta(days=30) if expired else today + timedelta(days=700),
            # 综合执法: one certificate covers every transport category (T2 Arts. 22–23), reviewed
            # this year (T2 Art. 30) so that it counts on the day the demo is used
            categories="交通运输综合行政执法",
            sectors=list(Sector.values),
            last_reviewed_on=None if expired else today - timedelta(days=30),
        )
        if spec.certificate == "suspended":
            officers.suspend_officer(
                officer, reason="年度考核不合格，离岗培训", starts_on=today - timedelta(days=10)
            )
