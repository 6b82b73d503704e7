"""`{% guard_input_changes case %}`: the changes of guard inputs after filing, each with its reason
(issue 9, defect 14), read from the journal by the cases selector."""

from django import template

from zhifa.cases import selectors

register = template.Library()


@register.inclusion_tag("cases/_guard_changes.html")
def guard_input_changes(case):
    return {"changes": selectors.guard_input_changes(case)}
