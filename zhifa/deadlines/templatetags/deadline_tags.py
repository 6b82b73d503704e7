"""`{% load deadline_tags %}{% overdue_badge %}`: my agency's overdue deadlines, for the layout."""

from django import template

from ..selectors import overdue_count

register = template.Library()


@register.inclusion_tag("deadlines/_badge.html", takes_context=True)
def overdue_badge(context):
    user = getattr(context.get("request"), "user", None)
    return {"overdue_count": overdue_count(user) if user is not None else 0}
