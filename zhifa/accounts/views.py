"""Sign-in pages and the account's own security pages (password, two-factor, sign-in notice).

The lockout itself is django-axes'; we only say it in Chinese. Rules live in services,
two_factor, sessions and security; these views only show forms and call them.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhifa.core.errors import DomainError

from . import security, services, two_factor
from .forms import LoginForm, PasswordChangeForm, TokenForm
from .middleware import gate_passed

LOCKOUT_MESSAGE = "连续登录失败次数过多，账户已锁定 30 分钟，请稍后再试。"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes calls this on a locked account: same page for the browser, JSON for the API."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {"code": "account_locked", "message": LOCKOUT_MESSAGE, "details": {}}, status=429
        )
    form = LoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_message": LOCKOUT_MESSAGE},
        status=429,
    )


def _next(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _verified(request) -> bool:
    check = getattr(request.user, "is_verified", None)
    return bool(check()) if callable(check) else False


@login_required
def profile(request):
    user = request.user
    from .signals import sign_in_notice

    context = {
        "notice": sign_in_notice(user),
        "expires_at": security.password_expires_at(user),
        "max_age_days": settings.ZHIFA_PASSWORD_MAX_AGE_DAYS,
        "has_2fa": security.has_2fa_device(user),
        "requires_2fa": security.requires_2fa(user),
        "recovery_left": two_factor.recovery_codes_left(user),
        "demo_optional": bool(user.admin_role) and not settings.ZHIFA_REQUIRE_2FA_FOR_ADMINS,
        "idle_minutes": settings.ZHIFA_SESSION_IDLE_MINUTES,
        "absolute_hours": settings.ZHIFA_SESSION_ABSOLUTE_HOURS,
    }
    return render(request, "accounts/profile.html", context)


@login_required
def password_change(request):
    user = request.user
    step = security.pending_step(user, verified=_verified(request))
    if step == security.VERIFY_2FA:
        return redirect("two-factor-verify")
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.change_password(
                    user,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password"],
                )
            except DomainError as exc:
                field = "old_password" if exc.code == "wrong_password" else "new_password"
                form.add_error(field, exc.message)
            else:
                update_session_auth_hash(request, user)
                gate_passed(request)
                messages.success(request, "密码已修改。")
                return redirect(_next(request, "profile"))
        status = 422
    reason = ""
    if user.must_change_password:
        reason = "您的密码由管理员设置，须修改为只有您本人知道的密码后才能继续使用。"
    elif security.password_expired(user):
        reason = f"您的密码已使用超过 {settings.ZHIFA_PASSWORD_MAX_AGE_DAYS} 天，请修改后继续使用。"
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "reason": reason, "next": request.GET.get("next", "")},
        status=status,
    )


@login_required
def two_factor_setup(request):
    user = request.user
    if security.has_2fa_device(user) and not _verified(request):
        return redirect("two-factor-verify")
    device = two_factor.pending_device(user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                codes = two_factor.confirm(request, device, form.cleaned_data["token"])
            except DomainError as exc:
                form.add_error("token", exc.message)
            else:
                gate_passed(request)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": _next(request)},
                )
        status = 422
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_of(device),
            "qr": two_factor.qr_svg(device),
            "replacing": security.has_2fa_device(user),
            "required": security.requires_2fa(user),
            "demo_optional": bool(user.admin_role) and not settings.ZHIFA_REQUIRE_2FA_FOR_ADMINS,
            "next": request.GET.get("next", ""),
        },
        status=status,
    )


@login_required
def two_factor_verify(request):
    if _verified(request) or not security.has_2fa_device(request.user):
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                two_factor.verify(request, form.cleaned_data["token"])
            except DomainError as exc:
                form.add_error("token", exc.message)
            else:
                gate_passed(request)
                return redirect(_next(request))
        status = 422
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@login_required
@require_POST
def recovery_codes_renew(request):
    if not (_verified(request) and security.has_2fa_device(request.user)):
        return redirect("profile")
    codes = two_factor.renew_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": ""})
