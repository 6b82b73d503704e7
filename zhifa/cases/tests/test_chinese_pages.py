"""The main pages in the Chinese UI (issue #8 point 5): no English citation (APL, TEPP, Art., ¶ …), no
internal code (provision ids like hl-76-1, snake_case keys) and no Python value (None, True, False,
Decimal(…)) in what a person reads. Cases are rendered in several states of the general procedure.
Other helpers rewrite the case page in parallel: the lead re-runs this test after merging."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from zhifa.cases.tests.helpers import Api, fine
from zhifa.law.models import Benchmark

from .test_pages import ORG

D = date
SMALL_DIG = {"area_m2": 5, "depth_cm": 10, "consequence": "none"}

ENGLISH_CITATION = re.compile(
    r"\b(?:APL|TEPP|ACL|ARL|ALL|CPL|SPC|S[1-7]|T[1-9])\b(?=\s*(?:Arts?\.|§))|\bArts?\.\s*\d|¶|§",
    re.ASCII,
)
PYTHON_VALUE = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|Decimal\(", re.ASCII)
INTERNAL_CODE = re.compile(
    r"\b[a-z]{2,5}(?:\d{4})?-\d+[a-z]?(?:-\d+)?\b"  # provision ids: hl-76-1, rtr2023-63-1
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b",  # snake_case keys: excess_kg, decided_penalty
    re.ASCII,  # word boundaries between Latin and Chinese too (所得不足None元)
)


class _Visible(HTMLParser):
    """The text a person reads: element text and title/placeholder/aria-label, no script or style."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def problems(text: str) -> list[str]:
    found = []
    for kind, pattern in (
        ("英文引用", ENGLISH_CITATION),
        ("Python 值", PYTHON_VALUE),
        ("内部代码", INTERNAL_CODE),
    ):
        for m in pattern.finditer(text):
            start = max(0, m.start() - 30)
            found.append(f"{kind}「{m.group(0)}」：…{text[start : m.end() + 30]}…")
    return found


def test_the_checker_catches_what_it_should():
    assert problems("依据 APL Art. 60；TEPP Art. 78") and problems("所得不足None元")
    assert problems("缺少事实“excess_kg”") and problems("hl-76-1 · 擅自挖掘")
    assert problems("Decimal('5000')") and problems("第二十五条¶2")
    assert not problems("《中华人民共和国行政处罚法》第六十条 罚款五万元以下 2026-09-08")


@pytest.fixture
def cases(client, world, people, law):
    """A case in each of several states of the general procedure, as the Hangzhou officers left it."""
    api = Api(client)
    o1, o2, head = people.o1.user, people.o2.user, people.head

    def new_lead():
        return api.lead(
            o1,
            received_on=D(2026, 9, 1),
            violation_date=D(2026, 8, 30),
            provision="hl-76-1",
            party=ORG,
            officers=[people.o1, people.o2],
        )["id"]

    def to_investigating(cid):
        api.step(head, cid, "file", D(2026, 9, 2))
        api.step(o1, cid, "investigation", D(2026, 9, 2))
        api.post(
            o1, f"/{cid}/records", {"as_of": D(2026, 9, 3), "kind": "onsite_record"}, status=201
        )
        api.post(o1, f"/{cid}/recommendation", {"as_of": D(2026, 9, 3), "facts": SMALL_DIG})

    def to_notified(cid):
        to_investigating(cid)
        api.step(o1, cid, "report", D(2026, 9, 4), summary="调查终结")
        api.step(head, cid, "report/review", D(2026, 9, 4))
        api.step(head, cid, "report/approve", D(2026, 9, 7))
        api.step(o1, cid, "notice", D(2026, 9, 8), penalty=fine(4000))

    def to_performing(cid):
        to_notified(cid)
        api.step(o1, cid, "statement", D(2026, 9, 9), text="对事实无异议，请求从轻")
        api.step(head, cid, "decision", D(2026, 9, 10))
        api.step(o2, cid, "service", D(2026, 9, 20), method="direct")
        api.step(o1, cid, "performance", D(2026, 9, 20))

    states = {"lead": new_lead()}
    for name, drive in (
        ("investigating", to_investigating),
        ("notified", to_notified),
        ("performing", to_performing),
    ):
        cid = new_lead()
        drive(cid)
        states[name] = cid
    return states


def test_main_pages_show_chinese_citations_and_no_internal_values(client, people, cases):
    # given: an officer of the agency, in the Chinese UI (the default)
    client.force_login(people.o1.user)
    benchmark = Benchmark.objects.order_by("pk").first()
    pages = [
        "/",
        "/cases/",
        "/cases/?state=notified",
        "/deadlines/",
        "/law/",
        "/law/?q=挖掘",
        "/law/provisions/hl-76-1/",
        "/law/provisions/rtr2023-63-1/",
        "/law/provisions/hl-74/",
        "/law/benchmarks/",
        f"/law/benchmarks/{benchmark.pk}/",
        "/law/calculator/",
        "/law/exemptions/",
        "/calendar/",
        "/cases/leads/new/",
    ]
    for cid in cases.values():
        pages += [f"/cases/{cid}/", f"/measures/cases/{cid}/", f"/evidence/cases/{cid}/"]
    # when / then
    report = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        report += [f"{url} {p}" for p in problems(visible_text(response.content.decode()))]
    assert not report, "中文界面出现英文引用、内部代码或 Python 值：\n" + "\n".join(report[:400])
