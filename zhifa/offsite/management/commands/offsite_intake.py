"""manage.py offsite_intake FILE --agency ID [--user NAME] [--images DIR]

Takes a CSV or JSON-lines file of off-site enforcement records. Running it again on the same file
resumes an interrupted run and never stores a record twice."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zhifa.offsite import services
from zhifa.offsite.choices import BatchSource
from zhifa.offsite.intake_files import ingest_file
from zhifa.orgs.models import Agency


class Command(BaseCommand):
    help = "接收非现场执法检测记录文件（CSV或JSON lines），可中断后续传"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--agency", type=int, required=True)
        parser.add_argument("--user", default="")
        parser.add_argument("--images", default="", help="图像文件所在目录")
        parser.add_argument("--chunk", type=int, default=services.CHUNK)

    def handle(self, *args, **opts):
        agency = Agency.objects.filter(pk=opts["agency"]).first()
        if agency is None:
            raise CommandError("未找到该机构")
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError("未找到该用户")
        files = {}
        if opts["images"]:
            paths = sorted(p for p in Path(opts["images"]).iterdir() if p.is_file())
            opened = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed below
            try:
                files = services.store_images(opened, actor=actor)
            finally:
                for f in opened:
                    f.close()
        path = Path(opts["file"])
        with open(path, "rb") as binary:
            batch = ingest_file(
                binary,
                actor=actor,
                agency=agency,
                name=path.name,
                source=BatchSource.COMMAND,
                files=files,
                chunk_size=opts["chunk"],
            )
        self.stdout.write(
            f"批次{batch.pk}：共{batch.processed_lines}行，接收{batch.accepted}条，错误{batch.rejected_lines}行"
        )
