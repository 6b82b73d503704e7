"""Reads of API tokens: a security administrator sees the tokens of their scope."""

from django.db.models import QuerySet

from zhifa.accounts.choices import AdminRole
from zhifa.orgs.selectors import scope_filter

from .errors import TokenNotFound
from .models import ApiToken


def may_manage_tokens(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.admin_role == AdminRole.SECURITY


def visible_tokens(user) -> QuerySet[ApiToken]:
    if not may_manage_tokens(user):
        return ApiToken.objects.none()
    return (
        ApiToken.objects.filter(scope_filter(user, admin_roles=(AdminRole.SECURITY,)))
        .select_related("agency", "created_by", "revoked_by")
        .order_by("-created_at")
    )


def access_token(user, token_id) -> ApiToken:
    token = visible_tokens(user).filter(pk=token_id).first()
    if token is None:
        raise TokenNotFound("接口令牌不存在或无权查看。")
    return token
