"""Back up the database and the evidence files into one directory with a checksummed manifest.

    manage.py backup /srv/backup/zhifa-2026-12-03

SQLite: the online backup API (the platform may keep running); PostgreSQL: pg_dump --format=custom
(as the owner role when MIGRATE_DATABASE_URL is set). See docs/backup.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhifa.evidence.storage import size_label

from ..backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库和证据文件（附校验清单）。"

    def add_arguments(self, parser):
        parser.add_argument("target", help="备份目录（不存在或为空）")
        parser.add_argument("--database", default="default")

    def handle(self, *args, target, database, **options):
        try:
            result = create_backup(Path(target), database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        m = result.manifest
        self.stdout.write(
            f"数据库（{m['database']['vendor']}）：{m['database']['file']}，"
            f"{size_label(m['database']['size'])}。"
        )
        self.stdout.write(
            f"证据文件：{m['evidence']['count']} 个，{size_label(m['evidence']['bytes'])}。"
        )
        self.stdout.write(f"全过程记录链：{len(m['journal_heads'])} 条。")
        if result.missing:
            for name in result.missing:
                self.stdout.write(self.style.ERROR(f"  存储中缺失：{name}"))
            raise CommandError(
                f"备份已写入 {result.path}，但有 {len(result.missing)} 个证据文件在存储中缺失"
                "（运行 verify_evidence 查看）。",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"备份完成：{result.path}"))
