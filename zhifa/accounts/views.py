"""Sign-in pages. The lockout itself is django-axes'; we only say it in Chinese."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import LoginForm

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
