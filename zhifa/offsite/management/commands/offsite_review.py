"""manage.py offsite_review --user NAME [--batch ID] (--confirm | --reject REASON)

Reviews every pending record of the user's agency (or of one batch) in chunks; each chunk is one
transaction, so an interrupted run is resumed by running it again and no record is reviewed twice."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zhifa.offsite import services
from zhifa.offsite.selectors import review_queue


class Command(BaseCommand):
    help = "批量审核本机构待审核的非现场执法记录（可中断后续办）"

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--batch", type=int, default=None)
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--confirm", action="store_true")
        group.add_argument("--reject", default="")

    def handle(self, *args, **opts):
        actor = get_user_model().objects.filter(username=opts["user"]).first()
        if actor is None:
            raise CommandError("未找到该用户")
        done = 0
        while True:
            ids = list(
                review_queue(actor, batch=opts["batch"])
                .filter(agency_id=actor.agency_id)
                .values_list("pk", flat=True)[: services.REVIEW_CHUNK]
            )
            if not ids:
                break
            services.review(
                actor=actor, record_ids=ids, confirm=opts["confirm"], note=opts["reject"]
            )
            done += len(ids)
        self.stdout.write(f"已审核{done}条记录")
