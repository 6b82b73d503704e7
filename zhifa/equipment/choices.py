"""Choices of the equipment app (names as in docs/glossary.md; Chinese labels are the msgids)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceKind(models.TextChoices):
    NONE = "", _("无")
    BODY_CAMERA = "body_camera", _("执法记录仪")
    PHONE = "phone", _("执法手机")
    WEIGH_STATION = "weigh_station", _("称重检测设备")
    OTHER = "other", _("其他设备")
