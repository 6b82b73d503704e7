"""API tokens for other systems (a 12328 hotline system, a provincial data exchange, a weigh station).

A token acts through its own account: a user of the token's agency with no role and no usable
password, so every scoped selector limits it exactly as it limits a person of that agency, and the
journal names it as the actor. Only the SHA-256 digest of the token is stored; the token itself is
shown once, at creation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import TokenPermission, TokenState


class ApiToken(models.Model):
    """One revocable credential of one other system, bound to an agency scope and permissions."""

    name = models.CharField(_("接入系统名称"), max_length=100)
    agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("授权范围（机构）"),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_token",
        verbose_name=_("令牌账户"),
    )
    permissions = models.JSONField(_("权限"), default=list)
    prefix = models.CharField(_("令牌前缀"), max_length=16, unique=True)
    # SHA-256 of the whole token: tokens carry 256 random bits, so a fast hash is enough (no
    # dictionary to guess from) and a lookup by digest is one index probe.
    digest = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    expires_at = models.DateTimeField(_("有效期至"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("吊销人"),
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="apitoken_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return TokenState.REVOKED
        if self.expires_at <= now:
            return TokenState.EXPIRED
        return TokenState.ACTIVE

    @property
    def state_label(self) -> str:
        return str(TokenState(self.state()).label)

    @property
    def permission_labels(self) -> list[str]:
        known = dict(TokenPermission.choices)
        return [str(known.get(p, p)) for p in self.permissions]
