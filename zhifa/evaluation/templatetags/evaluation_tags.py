"""Template filters of the evaluation pages."""

from django import template

from zhifa.evaluation.feeds import FEEDS

register = template.Library()


@register.filter
def feed_label(code: str) -> str:
    """An automatic item's figure with its unit, e.g. 期限逾期率（比例（0–1））."""
    feed = FEEDS.get(code)
    return f"{feed.label}（{feed.unit}）" if feed else ""
