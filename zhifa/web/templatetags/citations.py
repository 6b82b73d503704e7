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


# is_safe: the formatter adds only 《》（）and Chinese text, so safe input stays safe (block use in
# {% filter cite %}…{% endfilter %}) and unsafe input is still escaped.
@register.filter(is_safe=True)
def cite(value):
    return render(value)


@register.filter(is_safe=True)
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


@register.filter
def provision_cite(provision) -> str:
    """A penalty provision cited the short way: 《道路运输条例》第六十三条第（一）项 (never its data id)."""
    if provision is None:
        return ""
    return f"《{provision.law.name.removeprefix('中华人民共和国')}》{provision.article}"


@register.filter
def fact_labels(condition_text) -> str:
    """A benchmark condition as people read it: fact keys (repeat_count) replaced by their Chinese
    labels (被查处次数（含本次）), yes/no as written. The machine text stays in data-condition."""
    import re

    from zhifa.core.discretion.facts import FACTS

    if not condition_text:
        return ""
    return re.sub(
        r"\b[a-z][a-z0-9_]*\b",
        lambda m: FACTS[m.group(0)].label_zh if m.group(0) in FACTS else m.group(0),
        str(condition_text),
    )


@register.filter
def for_reader(note) -> str:
    """A data curator's note as the reader can use it: in the Chinese UI only notes written in Chinese
    (the reference data carries some English research notes, shown in the English UI)."""
    if not note:
        return ""
    text = str(note)
    if not _is_chinese():
        return text
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return text if cjk >= latin else ""
