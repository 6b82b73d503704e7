"""Accounts: creation by the system administrator, roles by the security administrator (三员分立)."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.records import journal

from . import events
from .choices import BUSINESS_ROLE_FIELDS, AdminRole, Role
from .errors import (
    AdminRolesCombined,
    NotAllowed,
    PasswordReused,
    UsernameTaken,
    WeakPassword,
    WrongPassword,
)
from .models import PasswordHistory, User


def check_roles(roles: Iterable[str], admin_role: str) -> set[str]:
    roles = set(roles)
    unknown = roles - set(Role.values)
    if unknown:
        raise AdminRolesCombined(f"未知角色：{'、'.join(sorted(unknown))}。", code="unknown_role")
    if admin_role not in AdminRole.values:
        # Asking for "system+audit" or a list lands here: one account, at most one admin role.
        raise AdminRolesCombined("系统管理员、安全管理员、安全审计员三种角色只能分设于不同账户。")
    if admin_role and roles:
        raise AdminRolesCombined("管理员账户不得同时担任执法、审核、负责人或监督等业务角色。")
    return roles


def _require_admin(actor, role: str, target_agency) -> None:
    """Commands and the demo loader pass actor=None; people must hold `role` over the target's agency."""
    if actor is None:
        return
    if actor.admin_role != role or not target_agency.is_within(actor.agency):
        raise NotAllowed("无权执行此操作。")


def _validate_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise WeakPassword("；".join(exc.messages)) from exc


@transaction.atomic
def create_user(
    *,
    username: str,
    full_name: str,
    agency,
    password: str,
    roles: Iterable[str] = (),
    admin_role: str = "",
    email: str = "",
    actor=None,
    must_change_password: bool | None = None,
    password_hash: str = "",
) -> User:
    """Open an account. Only a system administrator, within their own scope.

    `password_hash`: `password` already hashed by `make_password` (the demo hashes its one published
    password once for all its accounts instead of ~0.4 s per account); `password` is still checked.

    A password an administrator typed must be changed at the first sign-in (must_change_password
    defaults to True whenever a person opens the account; commands and the demo pass actor=None).
    """
    _require_admin(actor, AdminRole.SYSTEM, agency)
    roles = check_roles(roles, admin_role)
    username = (username or "").strip()
    if not username or not full_name:
        raise WeakPassword("用户名和姓名不能为空。", code="invalid_input")
    if User.objects.filter(username=username).exists():
        raise UsernameTaken(f"用户名“{username}”已被使用。")
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        agency=agency,
        admin_role=admin_role,
        is_staff=bool(admin_role),
    )
    for role, field in BUSINESS_ROLE_FIELDS.items():
        setattr(user, field, role in roles)
    _validate_password(password, user)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.must_change_password = (
        actor is not None if must_change_password is None else bool(must_change_password)
    )
    user.password_changed_at = timezone.now()
    user.save()
    _remember(user)
    journal.append(
        "user.created",
        actor=actor,
        subject=user,
        agency=agency,
        payload={
            "username": username,
            "full_name": full_name,
            "roles": sorted(roles),
            "admin_role": admin_role,
        },
    )
    return user


@transaction.atomic
def set_roles(user: User, *, roles: Iterable[str], admin_role: str = "", actor=None) -> User:
    """Change what an account may do. Only a security administrator, never on their own account."""
    _require_admin(actor, AdminRole.SECURITY, user.agency)
    if actor is not None and actor.pk == user.pk:
        raise NotAllowed("不得修改本人账户的角色。")
    roles = check_roles(roles, admin_role)
    user = User.objects.select_for_update().get(pk=user.pk)
    old = {"roles": user.roles, "admin_role": user.admin_role}
    for role, field in BUSINESS_ROLE_FIELDS.items():
        setattr(user, field, role in roles)
    user.admin_role = admin_role
    user.is_staff = bool(admin_role)
    user.save(update_fields=[*BUSINESS_ROLE_FIELDS.values(), "admin_role", "is_staff"])
    journal.append(
        "user.roles_changed",
        actor=actor,
        subject=user,
        agency=user.agency,
        payload={"old": old, "new": {"roles": sorted(roles), "admin_role": admin_role}},
    )
    return user


@transaction.atomic
def unlock_user(user: User, *, actor=None) -> int:
    """Lift a login lockout early. Only a security administrator."""
    from axes.utils import reset

    _require_admin(actor, AdminRole.SECURITY, user.agency)
    cleared = reset(username=user.username)
    journal.append(
        "user.unlocked",
        actor=actor,
        subject=user,
        agency=user.agency,
        payload={"username": user.username, "attempts_cleared": cleared},
    )
    return cleared


def _remember(user: User) -> None:
    """Keep the hash just set; only the last ZHIFA_PASSWORD_HISTORY are kept."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = max(settings.ZHIFA_PASSWORD_HISTORY, 1)
    old = list(
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-id")[keep:]
        .values_list("pk", flat=True)
    )
    if old:
        PasswordHistory.objects.filter(pk__in=old).delete()


def _check_not_reused(user: User, password: str) -> None:
    """None of the last ZHIFA_PASSWORD_HISTORY passwords (the current one included) again."""
    recent = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id")
    hashes = [
        user.password,
        *recent.values_list("password", flat=True)[: settings.ZHIFA_PASSWORD_HISTORY],
    ]
    if settings.ZHIFA_PASSWORD_HISTORY > 0 and any(
        check_password(password, h) for h in hashes if h
    ):
        raise PasswordReused(
            f"新密码不能与最近 {settings.ZHIFA_PASSWORD_HISTORY} 次使用过的密码相同。"
        )


@transaction.atomic
def change_password(user: User, *, old_password: str, new_password: str) -> User:
    """The holder changes their own password (self-service, or forced at sign-in)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(old_password or ""):
        raise WrongPassword("当前密码不正确。")
    if old_password == new_password:
        raise PasswordReused("新密码不能与当前密码相同。")
    _validate_password(new_password, user)
    _check_not_reused(user, new_password)
    forced = user.must_change_password
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _remember(user)
    journal.append(
        events.PASSWORD_CHANGED,
        actor=user,
        subject=user,
        agency=user.agency,
        payload={"username": user.username, "forced": forced},
    )
    return user


@transaction.atomic
def reset_password(user: User, *, new_password: str, actor=None) -> User:
    """A system administrator sets a temporary password, which the holder must change at the next
    sign-in; the administrator's own account is changed by its holder only."""
    _require_admin(actor, AdminRole.SYSTEM, user.agency)
    if actor is not None and actor.pk == user.pk:
        raise NotAllowed("本人账户的密码请在“账户与安全”中修改。")
    user = User.objects.select_for_update().get(pk=user.pk)
    _validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _remember(user)
    journal.append(
        events.PASSWORD_RESET,
        actor=actor,
        subject=user,
        agency=user.agency,
        payload={"username": user.username},
    )
    return user


@transaction.atomic
def reset_two_factor(user: User, *, actor=None) -> int:
    """A security administrator removes a lost device; the holder enrols again at sign-in."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_admin(actor, AdminRole.SECURITY, user.agency)
    if actor is not None and actor.pk == user.pk:
        raise NotAllowed("不得重置本人账户的双因素认证。")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    journal.append(
        events.TWO_FACTOR_RESET,
        actor=actor,
        subject=user,
        agency=user.agency,
        payload={"username": user.username, "devices_removed": removed},
    )
    return removed
