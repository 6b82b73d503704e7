"""The English UI of the supervision and field apps carries no Chinese of its own: Chinese on an
English page is data (an agency's name, a case's facts, a law's title), never the page's chrome.

Two checks, because each misses what the other sees:
- the templates: every CJK character of these apps' templates sits in {% translate %},
  {% blocktranslate %}, a comment or a `_("…")` argument — this covers every branch, also those
  the rendered pages below do not reach;
- the pages, rendered in English for a head and a supervisor: the text of the main content and of
  the top bar, with the values stored in the database taken out, has no CJK ideograph — this
  catches strings from Python (labels, messages, choices) the templates only print.
The public portal (/gongshi/, disclosure/base.html) is Chinese only by design and left out."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from zhifa import testing

IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
# a document number (交法发〔2021〕53号) is a proper name, and the 2021 opinion's sections are
# cited with their own numerals (T4 §四(十二), zhifa/core/citations): English pages keep both
DOCUMENT_NUMBER = re.compile(
    r"[\u3400-\u9fff]+〔\d{4}〕\d+号|§[一二三四五六七八九十]+\([一二三四五六七八九十]+\)"
)
APPS = [
    "indicators",
    "evaluation",
    "oversight",
    "provision_review",
    "equipment",
    "inspections",
    "offsite",
    "complaints",
    "records",
]
# the internal disclosure page of a case and the anchors are in scope; the portal is not
PORTAL = "disclosure/base.html"
EXTRA = ["disclosure/templates/disclosure/case.html"]

MARKED = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*trans(?:late)?\s+(\"[^\"]*\"|'[^']*').*?%\}", re.S),
    re.compile(r"_\(\"[^\"]*\"\)|_\('[^']*'\)"),
    # a literal compared in a condition ({% if unit != "件" %}) is no text shown
    re.compile(r"\{%\s*(?:if|elif)\b.*?%\}", re.S),
]


def unmarked_chinese(source: str) -> list[str]:
    for pattern in MARKED:
        source = pattern.sub(" ", source)
    return [line.strip() for line in source.splitlines() if IDEOGRAPH.search(line)]


def templates():
    root = Path(settings.BASE_DIR) / "zhifa"
    for app in APPS:
        for path in sorted((root / app / "templates").rglob("*.html")):
            if PORTAL in path.read_text("utf-8").split("\n", 1)[0]:
                continue
            yield path
    for extra in EXTRA:
        yield root / extra


@pytest.mark.parametrize("path", list(templates()), ids=lambda p: str(p).split("templates/")[-1])
def test_every_chinese_text_of_the_template_is_marked_for_translation(path):
    assert unmarked_chinese(path.read_text("utf-8")) == []


class PageText(HTMLParser):
    """The text a reader sees in the top bar and the main content (not in <option>s, which list
    data; not in <textarea>, <code>, <pre>, <script>)."""

    SKIPPED = {"script", "style", "option", "textarea", "code", "pre"}

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "img", "meta", "link", "hr", "col", "source"):
            for name, value in attrs:
                if name in ("placeholder", "aria-label", "title") and value:
                    self.texts.append(value)
            return
        self.stack.append(tag)
        for name, value in attrs:
            if name in ("aria-label", "title") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self.SKIPPED.intersection(self.stack):
            self.texts.append(data.strip())


def stored_values() -> list[str]:
    """Every Chinese text value in the database (names, titles, facts…), longest first."""
    values = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields)[:2000]:
            values.update(v for v in row if isinstance(v, str) and IDEOGRAPH.search(v))
    return sorted(values, key=len, reverse=True)


def chrome_chinese(html: str, data: list[str]) -> list[str]:
    parser = PageText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        rest = DOCUMENT_NUMBER.sub(" ", text)
        for value in data:
            if value in rest:
                rest = rest.replace(value, " ")
        if IDEOGRAPH.search(rest):
            found.append(text)
    return found


HEAD_PAGES = [
    "/oversight/",
    "/oversight/checks/new/",
    "/oversight/rectifications/new/",
    "/oversight/referrals/new/",
    "/indicators/",
    "/evaluation/",
    "/inspections/",
    "/equipment/",
    "/offsite/",
    "/offsite/devices/",
    "/offsite/review/",
    "/complaints/",
    "/complaints/new/",
    "/complaints/indicators/",
    "/complaints/hot-spots/",
    "/complaints/cards/",
    "/complaints/supervisors/",
    "/records/anchors/",
]
SUPERVISOR_PAGES = [
    "/oversight/",
    "/oversight/fines/",
    "/oversight/reports/",
    "/oversight/exemplary/",
    "/indicators/",
    "/evaluation/",
    "/evaluation/schemes/new/",
    "/evaluation/rounds/new/",
    "/evaluation/reviews/new/",
    "/provision-review/",
    "/complaints/time-limits/",
]


def test_the_main_pages_in_english_show_no_chinese_but_data(world, client):
    head = testing.make_user(world.hangzhou, roles=("agency_head", "officer"))
    supervisor = testing.make_user(world.zhejiang, roles=("supervisor",))
    data = stored_values()
    problems = {}
    for user, paths in ((head, HEAD_PAGES), (supervisor, SUPERVISOR_PAGES)):
        client.force_login(user)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            html = response.content.decode()
            assert '<html lang="en">' in html, path
            found = chrome_chinese(html, data)
            if found:
                problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {t}" for p, t in problems.items())


def test_the_core_indicator_texts_are_all_marked_for_translation():
    # the core imports no Django: its texts reach the catalogue through indicators/labels.py
    from zhifa.core.complaint_flow import INDICATORS
    from zhifa.core.indicators import CATALOGUE, DIRECTION_ZH
    from zhifa.indicators.labels import TEXTS

    core = {t for i in CATALOGUE for t in (i.label, i.definition, i.unit) if t != "%"}
    core |= set(DIRECTION_ZH.values()) | {label for _code, label in INDICATORS}
    assert core - set(TEXTS) == set()
