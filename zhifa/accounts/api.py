"""Who am I, and signing in and out for API clients (session cookie)."""

from django.contrib.auth import authenticate, login, logout
from ninja import Router, Schema
from ninja.utils import check_csrf

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.officers import selectors as officer_selectors

from . import services
from .views import LOCKOUT_MESSAGE

router = Router(tags=["accounts"])


class AgencyRef(Schema):
    id: int
    name: str
    kind: str


class EligibilityOut(Schema):
    allowed: bool
    reasons: list[dict]


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    agency: AgencyRef
    roles: list[str]
    admin_role: str
    officer: EligibilityOut | None = None


class LoginIn(Schema):
    username: str
    password: str


class LoginFailed(DomainError):
    code = "invalid_credentials"
    status = 401


class AccountLocked(DomainError):
    code = "account_locked"
    status = 429


@router.get("/me", response=MeOut, summary="当前用户、所属机构、角色与执法资格")
def me(request):
    user = request.user
    eligibility = officer_selectors.eligibility_of_user(user)
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "agency": user.agency,
        "roles": user.roles,
        "admin_role": user.admin_role,
        "officer": eligibility.as_dict() if eligibility else None,
    }


@router.post("/auth/login", auth=None, response=MeOut, summary="登录（连续失败 5 次锁定 30 分钟）")
def api_login(request, payload: LoginIn):
    # Login CSRF: a page elsewhere must not sign a browser into another account (token from
    # GET /api/v1/auth/csrf, sent as X-CSRFToken). Other systems use tokens, not this sign-in.
    if check_csrf(request) is not None:
        raise PermissionDenied("请求校验失败，请刷新页面后重试。", code="csrf_failed")
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise AccountLocked(LOCKOUT_MESSAGE)
    if user is None:
        raise LoginFailed("用户名或密码错误。连续失败 5 次将锁定 30 分钟。")
    login(request, user)
    return me(request)


class PasswordChangeIn(Schema):
    old_password: str
    new_password: str


class OkOut(Schema):
    code: str
    message: str


class OtpIn(Schema):
    token: str


@router.post(
    "/auth/password",
    response=OkOut,
    summary="修改本人密码（管理员设置或已过期的密码须先修改；不得与最近使用过的密码相同）",
)
def api_password_change(request, payload: PasswordChangeIn):
    from django.contrib.auth import update_session_auth_hash

    from .middleware import gate_passed

    user = services.change_password(
        request.user, old_password=payload.old_password, new_password=payload.new_password
    )
    update_session_auth_hash(request, user)
    gate_passed(request)
    return {"code": "ok", "message": "密码已修改。"}


@router.post(
    "/auth/otp",
    response=MeOut,
    summary="双因素认证：输入身份验证器的验证码或一个恢复码（登录后、启用了双因素认证的账户）",
)
def api_otp_verify(request, payload: OtpIn):
    from . import two_factor
    from .middleware import gate_passed

    two_factor.verify(request, payload.token)
    gate_passed(request)
    return me(request)


@router.post("/auth/logout", summary="退出登录")
def api_logout(request):
    logout(request)
    return {"code": "ok", "message": "已退出。"}
