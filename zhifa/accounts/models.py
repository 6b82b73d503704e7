"""Accounts: every user belongs to one agency and holds business roles or one administrator role."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import BUSINESS_ROLE_FIELDS, AdminRole


class User(AbstractUser):
    """A person who signs in. Scope comes from `agency`; actions from the role flags.

    The three administrator roles share one column, so no account can hold two of them; a check
    constraint keeps administrators out of case work (三员分立, separation of duties).
    """

    full_name = models.CharField(_("姓名"), max_length=64)
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="users", verbose_name=_("所属机构")
    )
    is_officer = models.BooleanField(_("执法人员"), default=False)
    is_legal_reviewer = models.BooleanField(_("法制审核人员"), default=False)
    is_agency_head = models.BooleanField(_("执法部门负责人"), default=False)
    is_supervisor = models.BooleanField(_("监督人员"), default=False)
    admin_role = models.CharField(
        _("管理员角色"), max_length=16, choices=AdminRole.choices, default="", blank=True
    )
    # Set when an administrator sets or resets the password: the holder must choose their own at
    # the next sign-in, so no administrator can use an account it opened (issue 10, 三员分立).
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # The sign-in notice: this sign-in and the one before it (time and address).
    sign_in_at = models.DateTimeField(_("本次登录时间"), null=True, blank=True)
    sign_in_ip = models.CharField(_("本次登录地址"), max_length=45, blank=True)
    previous_sign_in_at = models.DateTimeField(_("上次登录时间"), null=True, blank=True)
    previous_sign_in_ip = models.CharField(_("上次登录地址"), max_length=45, blank=True)
    # Administrators hold one session at a time: the key of the live one.
    admin_session_key = models.CharField(_("管理员会话"), max_length=64, blank=True)

    REQUIRED_FIELDS = ["full_name", "email", "agency"]

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(admin_role__in=["", "system", "security", "audit"]),
                name="user_admin_role_known",
            ),
            models.CheckConstraint(
                condition=models.Q(admin_role="")
                | models.Q(
                    is_officer=False,
                    is_legal_reviewer=False,
                    is_agency_head=False,
                    is_supervisor=False,
                ),
                name="user_admin_holds_no_business_role",
            ),
            # No all-powerful account: the administrators' powers stay split three ways.
            models.CheckConstraint(
                condition=models.Q(is_superuser=False), name="user_no_superuser"
            ),
        ]

    def __str__(self):
        return f"{self.full_name or self.username}（{self.username}）"

    @property
    def roles(self) -> list[str]:
        """Business roles held, by their glossary names."""
        return [str(role) for role, field in BUSINESS_ROLE_FIELDS.items() if getattr(self, field)]

    def has_role(self, role: str) -> bool:
        return getattr(self, BUSINESS_ROLE_FIELDS[role], False)


class PasswordHistory(models.Model):
    """A password hash once used by an account, so the last few cannot be chosen again (等保)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history", verbose_name=_("用户")
    )
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_user_idx")]

    def __str__(self):
        return f"{self.user_id}@{self.created_at:%Y-%m-%d}"
