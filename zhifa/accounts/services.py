"""Accounts: creation by the system administrator, roles by the security administrator (三员分立)."""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zhifa.records import journal

from .choices import BUSINESS_ROLE_FIELDS, AdminRole, Role
from .errors import AdminRolesCombined, NotAllowed, UsernameTaken, WeakPassword
from .models import User


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
) -> User:
    """Open an account. Only a system administrator, within their own scope."""
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
    user.set_password(password)
    user.save()
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
