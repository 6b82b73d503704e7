"""`{% load documents %}{% documents_panel case %}`: the case page's documents, each with its
preview (HTML), DOCX and PDF download, or the button to issue it; and the case file."""

from django import template

from ..views import panel_context

register = template.Library()


@register.inclusion_tag("documents/_panel.html", takes_context=True)
def documents_panel(context, case):
    request = context.get("request")
    ctx = panel_context(case, request.user)
    ctx["request"] = request
    ctx["csrf_token"] = context.get("csrf_token")
    return ctx
