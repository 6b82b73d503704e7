"""{% load first_violation %}{% first_violation_panel case %}: the party's earlier violations of the
same provision (platform-wide), the first-violation finding and any override; one journaled look-up."""

from django import template
from django.utils import timezone

from zhifa.core.errors import DomainError

from .. import services

register = template.Library()


@register.inclusion_tag("violations/_panel.html", takes_context=True)
def first_violation_panel(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        result = services.lookup(case, actor=user, as_of=timezone.localdate())
    except DomainError as exc:
        return {"case": case, "result": None, "error": exc.message}
    return {"case": case, "result": result, "error": ""}
