from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    TRANSPORT = "transport", _("交通运输行政执法证")
    MARITIME = "maritime", _("海事行政执法证")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    REVOKED = "revoked", _("吊销")
    CANCELLED = "cancelled", _("注销")
    LOST = "lost", _("挂失")
