from django.db import models
from django.utils.translation import gettext_lazy as _


class Conclusion(models.TextChoices):
    # 交法发〔2021〕53号 第（十）项: keep, or propose amendment or repeal to the body with the power
    KEEP = "keep", _("保留")
    AMEND = "amend", _("建议修改")
    REPEAL = "repeal", _("建议废止")


class ProposalSource(models.TextChoices):
    FORM = "form", _("在线修改现行基准")
    EXCEL = "excel", _("上传Excel基准")


class ReplayStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("推演中")
    CANCELLED = "cancelled", _("已取消")
    FAILED = "failed", _("中断")
    DONE = "done", _("已完成")


# A cancelled or interrupted replay may be resumed from its cursor; a finished one is final.
RESUMABLE = (ReplayStatus.CANCELLED, ReplayStatus.FAILED)
ACTIVE = (ReplayStatus.QUEUED, ReplayStatus.RUNNING)
