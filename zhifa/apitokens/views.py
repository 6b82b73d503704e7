"""The security administrator's page of API tokens: issue (shown once), list, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhifa.core.errors import DomainError

from . import selectors, services
from .forms import TokenForm


def _security_admin(request):
    if not selectors.may_manage_tokens(request.user):
        raise PermissionDenied


@login_required
def token_list(request):
    _security_admin(request)
    form = TokenForm(request.POST or None, user=request.user)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.create_token(
                name=form.cleaned_data["name"],
                agency=form.cleaned_data["agency"],
                permissions=form.cleaned_data["permissions"],
                days=form.cleaned_data["days"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenForm(user=request.user)
    response = render(
        request,
        "apitokens/tokens.html",
        {"form": form, "issued": issued, "tokens": selectors.visible_tokens(request.user)},
    )
    if issued is not None:
        response["Cache-Control"] = "no-store"  # the token is on this page once, never cached
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    _security_admin(request)
    try:
        token = selectors.access_token(request.user, token_id)
        services.revoke_token(token, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("接口令牌已吊销。"))
    return redirect("apitokens:list")
