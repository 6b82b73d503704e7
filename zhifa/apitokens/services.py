"""Issuing, revoking and using API tokens; each write journaled in its transaction."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.choices import AdminRole
from zhifa.accounts.models import User
from zhifa.records import journal

from .choices import TokenPermission, TokenState
from .errors import TokenInputInvalid, TokenInvalid, TokenNotAllowed, TokenNotPermitted
from .models import ApiToken

TOKEN_PREFIX = "zfk_"  # noqa: S105 -- a public marker, not a secret


def default_days() -> int:
    return int(getattr(settings, "ZHIFA_API_TOKEN_DEFAULT_DAYS", 90))


def max_days() -> int:
    return int(getattr(settings, "ZHIFA_API_TOKEN_MAX_DAYS", 365))


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """The new row and the token itself: the only moment the token exists in clear."""

    token: ApiToken
    secret: str


def _require_security_admin(actor, agency) -> None:
    """Commands pass actor=None; people must be a security administrator over the agency."""
    if actor is None:
        return
    if actor.admin_role != AdminRole.SECURITY or not agency.is_within(actor.agency):
        raise TokenNotAllowed("只有安全管理员可以签发或吊销接口令牌。")


@transaction.atomic
def create_token(
    *,
    name: str,
    agency,
    permissions,
    days: int | None = None,
    actor=None,
) -> IssuedToken:
    """Issue a token for another system. Only a security administrator, within their scope."""
    _require_security_admin(actor, agency)
    name = (name or "").strip()
    if not name or len(name) > 100 or not name.isprintable():
        raise TokenInputInvalid("请填写接入系统名称（不超过100字）。")
    permissions = sorted(set(permissions or ()))
    unknown = [p for p in permissions if p not in TokenPermission.values]
    if not permissions or unknown:
        raise TokenInputInvalid("请至少选择一项已定义的权限。", details={"unknown": unknown})
    days = default_days() if days is None else days
    if not 1 <= days <= max_days():
        raise TokenInputInvalid(f"有效期应为1至{max_days()}天。", details={"max_days": max_days()})
    now = timezone.now()
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover - 1 in 4 billion
        prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    account = User(
        username=f"api-token-{prefix}",
        full_name=f"接口：{name}"[:64],
        agency=agency,
        is_active=True,
    )
    account.set_unusable_password()  # the account signs in only through its token
    account.save()
    token = ApiToken.objects.create(
        name=name,
        agency=agency,
        account=account,
        permissions=permissions,
        prefix=prefix,
        digest=digest_of(secret),
        created_at=now,
        created_by=actor,
        expires_at=now + timedelta(days=days),
    )
    journal.append(
        "apitoken.created",
        actor=actor,
        subject=token,
        agency=agency,
        payload={
            "name": name,
            "prefix": prefix,
            "permissions": permissions,
            "expires_at": token.expires_at.isoformat(),
            "account": account.username,
        },
    )
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def revoke_token(token: ApiToken, *, actor=None, reason: str = "") -> ApiToken:
    """Stop a token at once; its account is deactivated too. Revoking twice changes nothing."""
    _require_security_admin(actor, token.agency)
    token = ApiToken.objects.select_for_update().select_related("account").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    token.account.is_active = False
    token.account.save(update_fields=["is_active"])
    journal.append(
        "apitoken.revoked",
        actor=actor,
        subject=token,
        agency=token.agency,
        payload={"prefix": token.prefix, "reason": (reason or "")[:200]},
    )
    return token


def _looks_like_token(value: str) -> bool:
    return 20 < len(value) < 200 and value.isascii() and value.startswith(TOKEN_PREFIX)


def use_token(secret: str, *, method: str, path: str, required: str | None) -> ApiToken:
    """The token's row for one request, journaled as a use; or a refusal (journaled when the token
    is known). `required` is the permission the operation needs (None: no token may call it)."""
    secret = (secret or "").strip()
    token = None
    if _looks_like_token(secret):
        token = (
            ApiToken.objects.select_related("account", "agency")
            .filter(digest=digest_of(secret))
            .first()
        )
    if token is None:
        raise TokenInvalid("接口令牌无效、已过期或已被吊销。")
    request_info = {"method": method, "path": path[:200], "prefix": token.prefix}
    state = token.state()
    if state != TokenState.ACTIVE or not token.account.is_active:
        _refuse(token, {**request_info, "reason": str(state)})
        raise TokenInvalid("接口令牌无效、已过期或已被吊销。")
    if required is None or required not in token.permissions:
        _refuse(token, {**request_info, "reason": "not_permitted", "required": required})
        raise TokenNotPermitted("该接口令牌无权调用此接口。", details={"required": required or ""})
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        journal.append(
            "apitoken.used",
            actor=token.account,
            subject=token,
            agency=token.agency,
            payload={**request_info, "permission": required},
        )
    return token


def _refuse(token: ApiToken, payload: dict) -> None:
    with transaction.atomic():
        journal.append(
            "apitoken.refused",
            actor=None,
            subject=token,
            agency=token.agency,
            payload=payload,
        )
