"""Choices of the off-site enforcement app (names as in docs/glossary.md; Chinese labels are msgids)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceKind(models.TextChoices):
    WEIGH_STATION = "weigh_station", _("不停车称重检测设备")
    CAMERA = "camera", _("视频监控抓拍设备")


class BatchSource(models.TextChoices):
    UPLOAD = "upload", _("页面上传")
    COMMAND = "command", _("命令导入")
    API = "api", _("接口推送")


class BatchState(models.TextChoices):
    QUEUED = "queued", _("排队待处理")
    RUNNING = "running", _("接收中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")
    FAILED = "failed", _("处理中断")


class RecordState(models.TextChoices):
    PENDING = "pending", _("待审核")
    CONFIRMED = "confirmed", _("已确认立案")
    REJECTED = "rejected", _("审核不予采用")
