"""Template helpers: labels of custody codes, and the panel a case page includes."""

from django import template

from zhifa.core.errors import NotFound

from .. import selectors
from ..choices import Custody

register = template.Library()
CUSTODY = dict(Custody.choices)


@register.filter
def custody_label(code: str) -> str:
    return CUSTODY.get(code, code)


@register.inclusion_tag("measures/_case_panel.html", takes_context=True)
def measures_panel(context, case):
    """{% load measures_tags %}{% measures_panel case %}: live measures, lapses, property to act on."""
    user = context["request"].user
    try:
        summary = selectors.case_summary(user, case.pk)
    except NotFound:
        summary = None
    return {"case": case, "summary": summary}
