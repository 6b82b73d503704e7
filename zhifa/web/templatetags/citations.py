"""{% load citations %}{{ x|cite }} / {{ x|cite_short }}: law references in the reader's language.

In Chinese every internal reference in the text ("APL Art. 60; TEPP Art. 78") becomes
《中华人民共和国行政处罚法》第六十条；… (cite_short: 《行政处罚法》第六十条); in English Chinese citations
become the abbreviations. Anything else in the text is left as it is; None renders as an empty string."""

from django import template
from django.utils.translation import get_language

from zhifa.core import citations

register = template.Library()


def _is_chinese() -> bool:
    return (get_language() or "zh-hans").lower().startswith("zh")


def render(value, *, short: bool = False) -> str:
    """The text of `value` with its citations in the active language (for views, forms and APIs)."""
    if value is None:
        return ""
    text = str(value)
    if _is_chinese():
        return citations.render_text(text, short=short)
    return citations.to_abbrev(text)


@register.filter
def cite(value):
    return render(value)


@register.filter
def cite_short(value):
    return render(value, short=True)


@register.filter
def sanctions(provision) -> list[str]:
    """A provision's statutory sanctions as the law writes them (五万元以下), never a Python value."""
    from zhifa.core.amounts import sanctions_zh

    fields = (
        "warning",
        "fine_min",
        "fine_max",
        "gain_multiple_min",
        "gain_multiple_max",
        "small_gain_threshold",
        "fallback_fine_min",
        "fallback_fine_max",
        "per_unit_fine",
    )
    return sanctions_zh(**{f: getattr(provision, f, None) for f in fields})


@register.filter
def amount_range(low_high) -> str:
    """(low, high) as 二万元以上十万元以下."""
    from zhifa.core.amounts import range_zh

    low, high = low_high
    return range_zh(low, high)
