"""`{% load notification_tags %}{% notification_badge %}`: the unread count, for the layout."""

from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_badge.html", takes_context=True)
def notification_badge(context):
    user = getattr(context.get("request"), "user", None)
    authenticated = user is not None and user.is_authenticated
    return {"unread_count": unread_count(user) if authenticated else 0, "show": authenticated}
