from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚决定")  # 7 working days (A27)
    OTHER = "other", _("其他行政执法决定")  # 20 working days (A28)


class DisclosureState(models.TextChoices):
    PUBLISHED = "published", _("已公示")
    WITHHELD = "withheld", _("依法不予公示")
    WITHDRAWN = "withdrawn", _("已撤回")


class ExceptionGround(models.TextChoices):
    # legal.md §F.1 "Scope difference" (per-decision exception flag) and "Secrets"
    MINOR = "minor", _("当事人为未成年人")
    STATE_SECRET = "state_secret", _("涉及国家秘密")
    TRADE_SECRET = "trade_secret", _("涉及商业秘密")
    PRIVACY = "privacy", _("涉及个人隐私")
    SECURITY = "security", _("公开可能危及国家安全、公共安全、经济安全、社会稳定")
    LAW = "law", _("法律、行政法规另有规定")


class WithdrawalGround(models.TextChoices):
    # APL Art. 48 para 2: 变更、撤销、确认违法或者确认无效
    CHANGED = "changed", _("决定被变更")
    REVOKED = "revoked", _("决定被撤销")
    ILLEGAL = "illegal", _("决定被确认违法")
    VOID = "void", _("决定被确认无效")
    REMADE = "remade", _("决定被撤销后重新作出")
