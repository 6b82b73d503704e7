"""Recompute the journal's hash chains and name the first broken entry; exit 1 when one is found.

    manage.py verify_journal                      every chain
    manage.py verify_journal --agency 42          one agency's chain
    manage.py verify_journal --chain system       one chain by name
    manage.py verify_journal --subject cases.case:1001

The run itself is recorded as a journal.verified entry in the system chain (--no-record to skip,
e.g. on a read-only replica).
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.orgs.models import Agency
from zhifa.records.anchoring import check_all_anchors
from zhifa.records.services import verify_journal
from zhifa.records.verification import verify


class Command(BaseCommand):
    help = "校验全过程记录的哈希链，指出第一条被破坏的记录。"

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--chain", help="记录链名称，如 system 或 agency:42")
        scope.add_argument("--agency", type=int, help="机构编号：校验该机构的记录链")
        scope.add_argument("--subject", help="对象，格式 类型:标识，如 cases.case:1001")
        parser.add_argument("--chunk-size", type=int, default=2000)
        parser.add_argument("--no-record", action="store_true", help="不写入校验记录")

    def handle(self, *args, chain, agency, subject, chunk_size, no_record, **options):
        agency_obj = None
        if agency is not None:
            agency_obj = Agency.objects.filter(pk=agency).first()
            if agency_obj is None:
                raise CommandError(f"机构 {agency} 不存在。")
        subject_key = None
        if subject is not None:
            subject_type, sep, subject_id = subject.rpartition(":")
            if not sep or not subject_type or not subject_id:
                raise CommandError("--subject 的格式应为 类型:标识，如 cases.case:1001。")
            subject_key = (subject_type, subject_id)

        check = verify if no_record else verify_journal
        result = check(chain=chain, agency=agency_obj, subject=subject_key, chunk_size=chunk_size)
        self.report(result)
        anchors_ok = self.report_anchors() if subject_key is None else True
        files_ok = self.report_files(no_record) if subject_key is None else True
        if not result.ok or not anchors_ok or not files_ok:
            raise CommandError("全过程记录校验未通过。", returncode=1)

    def report_files(self, no_record: bool) -> bool:
        """Every stored evidence file still hashes to its digest (issue 5 item 6)."""
        from zhifa.evidence.management.commands.verify_evidence import report
        from zhifa.evidence.services import verify_evidence_files
        from zhifa.evidence.verification import verify_files

        return report(self, verify_files() if no_record else verify_evidence_files())

    def report_anchors(self) -> bool:
        """The stored daily anchors still match the entries (a rewritten, re-hashed chain shows)."""
        checks = check_all_anchors()
        bad = [c for c in checks if not c.ok]
        if checks:
            self.stdout.write(f"每日锚定：{len(checks)} 个，{len(bad)} 个不一致。")
        for check in bad:
            self.stdout.write(self.style.ERROR(f"  {check.summary}"))
        return not bad

    def report(self, result):
        algorithms = "、".join(
            f"{name.upper()} {count} 条" for name, count in sorted(result.algorithms.items())
        )
        self.stdout.write(
            f"全过程记录校验：{result.chains} 条记录链，{result.entries} 条记录"
            + (f"（{algorithms}）" if algorithms else "")
            + "。"
        )
        broken = result.broken
        if broken is None:
            self.stdout.write(self.style.SUCCESS("结果：记录完整。"))
            return
        self.stdout.write(self.style.ERROR("结果：发现被破坏的记录。"))
        self.stdout.write(f"  记录链：{broken.chain}")
        self.stdout.write(f"  序号：{broken.seq}")
        self.stdout.write(f"  记录编号：{broken.id if broken.id is not None else '（已缺失）'}")
        self.stdout.write(f"  原因：{result.reason_label}（{broken.reason}）")
        if broken.detail:
            self.stdout.write(f"  详情：{broken.detail}")
