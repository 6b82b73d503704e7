"""Re-hash stored evidence files against their digests and name every broken one; exit 1 if any.

    manage.py verify_evidence               every stored file
    manage.py verify_evidence --case 1001   the files of one case
    manage.py verify_evidence --no-record   do not journal the run (read-only replica)

Also removes staging files older than a day left by interrupted uploads (--keep-incoming to skip).
"""

from django.core.management.base import BaseCommand, CommandError

from zhifa.evidence import storage
from zhifa.evidence.services import verify_evidence_files
from zhifa.evidence.verification import verify_files


class Command(BaseCommand):
    help = "重新计算证据文件的摘要，指出被改动或缺失的文件。"

    def add_arguments(self, parser):
        parser.add_argument("--case", type=int, help="案件编号：只校验该案的证据文件")
        parser.add_argument("--no-record", action="store_true", help="不写入校验记录")
        parser.add_argument("--keep-incoming", action="store_true", help="不清理中断上传的暂存文件")

    def handle(self, *args, case, no_record, keep_incoming, **options):
        case_obj = None
        if case is not None:
            from zhifa.cases.models import Case

            case_obj = Case.objects.select_related("agency").filter(pk=case).first()
            if case_obj is None:
                raise CommandError(f"案件 {case} 不存在。")
        if not keep_incoming:
            removed = storage.purge_incoming()
            if removed:
                self.stdout.write(f"已清理中断上传的暂存文件 {removed} 个。")
        result = verify_files(case_obj) if no_record else verify_evidence_files(case=case_obj)
        if not report(self, result):
            raise CommandError("证据文件校验未通过。", returncode=1)


def report(command, result) -> bool:
    """Print the outcome (also used by verify_journal when it runs the file check)."""
    out = command.stdout
    out.write(f"证据文件校验：{result.checked} 个文件，{storage.size_label(result.bytes)}。")
    if result.ok:
        out.write(command.style.SUCCESS("结果：证据文件完整。"))
        return True
    out.write(command.style.ERROR(f"结果：{len(result.broken)} 个证据文件有问题。"))
    for problem in result.broken:
        uses = "、".join(f"案件{case_id} 证据{number}" for case_id, number in problem.evidence)
        out.write(f"  文件：{problem.storage_name}")
        out.write(f"    摘要：{problem.digest}")
        out.write(f"    原因：{problem.label}（{problem.problem}）")
        if uses:
            out.write(f"    涉及：{uses}")
    return False
