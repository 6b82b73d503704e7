"""The account gate (issue 10): after authentication, before any page or API call.

1. Session limits (accounts/sessions.py): idle, absolute lifetime, administrators' single session.
2. What the account must do first (accounts/security.py): the second factor it has, a password an
   administrator set (or one expired), enrolment of a second factor where one is required.

Pages are redirected to the step's page; the API answers 401/403 with the stable error shape.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect

from . import security, sessions

GATE_OK = sessions.GATE_OK

STEP_URLS = {
    security.VERIFY_2FA: "two-factor-verify",
    security.CHANGE_PASSWORD: "password-change",
    security.ENROL_2FA: "two-factor-setup",
}
STEP_ERRORS = {
    security.VERIFY_2FA: ("two_factor_required", "请先输入身份验证器中的验证码完成双因素认证。"),
    security.CHANGE_PASSWORD: (
        "password_change_required",
        "请先修改密码：管理员设置的初始密码或已过期的密码不能继续使用。",
    ),
    security.ENROL_2FA: ("two_factor_enrolment_required", "请先在网页上启用双因素认证。"),
}
# Always reachable while a step is pending: the steps themselves, signing out, static files.
OPEN_PREFIXES = (
    "/account/",
    "/logout/",
    "/login/",
    "/static/",
    "/i18n/",
    "/favicon",
    "/api/v1/auth/",
)


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = sessions.check(request.session, user)
            if reason is not None:
                return self._end_session(request, reason)
            verified = _verified(user)
            # Checked once per session, and again whenever a required second factor is missing
            # (a device reset by the security administrator ends the verified state at once).
            if not request.session.get(GATE_OK) or (not verified and security.requires_2fa(user)):
                step = security.pending_step(user, verified=verified)
                if step is None:
                    request.session[GATE_OK] = True
                elif not request.path.startswith(OPEN_PREFIXES):
                    return self._send_to(request, step)
        return self.get_response(request)

    def _end_session(self, request, reason):
        request.zhifa_session_end = reason
        logout(request)
        text = sessions.message(reason)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "session_ended", "message": text, "details": {}}, status=401
            )
        messages.warning(request, text, fail_silently=True)
        return redirect(f"/login/?next={quote(request.get_full_path())}")

    def _send_to(self, request, step):
        if request.path.startswith("/api/"):
            code, text = STEP_ERRORS[step]
            return JsonResponse({"code": code, "message": text, "details": {}}, status=403)
        from django.urls import reverse

        return redirect(f"{reverse(STEP_URLS[step])}?next={quote(request.get_full_path())}")


def _verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def gate_passed(request) -> None:
    """A step was done: let the next request look again."""
    request.session.pop(GATE_OK, None)
