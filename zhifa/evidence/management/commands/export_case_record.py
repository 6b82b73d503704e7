"""Export a case's whole-process record as one archive a reviewer verifies offline.

    manage.py export_case_record CASE_ID OUT.zip

The archive holds the case's journal entries exactly as hashed, the chain entries after them up to
a daily anchor (payloads withheld), the anchors, the evidence list and files, and a README; verify it
with `manage.py verify_case_record OUT.zip` (zhifa/evidence/README.md).
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.evidence.record import export_case_record


class Command(BaseCommand):
    help = "导出案件全过程记录（记录、证据清单与文件、每日锚定），可离线校验。"

    def add_arguments(self, parser):
        parser.add_argument("case_id", type=int)
        parser.add_argument("out", help="输出的 .zip 文件")

    def handle(self, *args, case_id, out, **options):
        from zhifa.cases.models import Case

        case = Case.objects.select_related("agency").filter(pk=case_id).first()
        if case is None:
            raise CommandError(f"案件 {case_id} 不存在。")
        try:
            manifest = export_case_record(case, out)
        except OSError as exc:
            raise CommandError(f"无法写入 {out}：{exc}") from exc
        members = manifest["members"]
        files = sum(1 for name in members if name.startswith("files/"))
        self.stdout.write(
            f"已导出案件 {case.case_number or case.pk} 的全过程记录到 {out}："
            f"{len(members) - files} 个记录文件，{files} 个证据文件。"
        )
        self.stdout.write(f"离线校验：python manage.py verify_case_record {out}")
