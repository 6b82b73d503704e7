"""`{% load todo_tags %}{% todo_badge %}`: the number of to-dos, for the layout's header."""

from django import template

from ..selectors import todo_count

register = template.Library()


@register.inclusion_tag("workbench/_badge.html", takes_context=True)
def todo_badge(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False, "todo_count": 0}
    bench = context.get("workbench")  # the home page computed it already
    if bench is not None:
        count = bench.total
    else:
        count = getattr(request, "_zhifa_todo_count", None)
        if count is None:
            count = request._zhifa_todo_count = todo_count(user)
    return {"show": True, "todo_count": count}
