"""Restore a backup made by `manage.py backup`: checksums first, then database and evidence files.

    manage.py restore /srv/backup/zhifa-2026-12-03            asks for confirmation
    manage.py restore /srv/backup/zhifa-2026-12-03 --noinput
    manage.py restore /srv/backup/zhifa-2026-12-03 --check    only check the checksums

Stop the application servers and workers first. On PostgreSQL run it as the owner role
(MIGRATE_DATABASE_URL), then `create_app_role` again. Afterwards run verify_journal and
verify_evidence (docs/backup.md).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ..backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "从备份目录恢复数据库和证据文件（先校验全部校验和）。"

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录")
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--check", action="store_true", help="只校验备份，不恢复")

    def handle(self, *args, source, database, interactive, check, **options):
        try:
            manifest = read_manifest(Path(source))
            self.stdout.write(
                f"备份校验通过：{manifest['started_at']}，数据库 {manifest['database']['vendor']}，"
                f"证据文件 {manifest['evidence']['count']} 个。"
            )
            if check:
                return
            if interactive:
                answer = input("恢复将替换当前数据库的全部内容。输入 yes 继续：")
                if answer.strip() != "yes":
                    raise CommandError("已取消。")
            restore_backup(Path(source), database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS("恢复完成。请运行 verify_journal 和 verify_evidence。")
        )
