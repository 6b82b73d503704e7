"""What a token may do: a small closed set, each a named permission (never a user role)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenPermission(models.TextChoices):
    CASES_READ = "cases:read", _("读取案件")
    COMPLAINTS_WRITE = "complaints:write", _("提交投诉举报")
    INTAKE_WRITE = "intake:write", _("报送线索（如治超站检测数据）")
    DISCLOSURE_READ = "disclosure:read", _("读取公示信息")


class TokenState(models.TextChoices):
    ACTIVE = "active", _("有效")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已吊销")
