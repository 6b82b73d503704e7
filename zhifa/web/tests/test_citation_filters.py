"""{{ x|cite }} / {{ x|cite_short }} follow the reader's language; None renders as nothing."""

from django.template import Context, Template
from django.utils import translation


def _render(text, value):
    return Template("{% load citations %}" + text).render(Context({"x": value}))


def test_chinese_ui_gets_chinese_citations():
    with translation.override("zh-hans"):
        assert _render("{{ x|cite }}", "APL Art. 60") == "《中华人民共和国行政处罚法》第六十条"
        assert (
            _render("{{ x|cite_short }}", "ACL Art. 25 para 2") == "《行政强制法》第二十五条第二款"
        )
        assert _render("{{ x|cite }}", None) == ""


def test_english_ui_gets_the_abbreviations():
    with translation.override("en"):
        assert _render("{{ x|cite }}", "《中华人民共和国行政处罚法》第六十条") == "APL Art. 60"
        assert _render("{{ x|cite }}", "APL Art. 60") == "APL Art. 60"


def test_user_text_stays_escaped_and_markup_in_a_block_stays_markup():
    with translation.override("zh-hans"):
        assert _render("{{ x|cite }}", "<b>APL Art. 60</b>").startswith("&lt;b&gt;")
        html = _render("{% filter cite_short %}<p>（TEPP Art. 17）</p>{% endfilter %}", None)
        assert html == "<p>（《交通运输行政执法程序规定》第十七条）</p>"
