"""Issue 8, "done when": no page of the demo shows an internal code, a Python value or an English
citation in the Chinese UI. A small demo is loaded (one case of each scenario) and every main page is
requested as each demo role, and a case page of every state present as the case's head and officer:
each answers 200 (or the Chinese 403 where the role may not see it) and shows nothing internal."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.cases.tests.test_chinese_pages import problems, visible_text
from zhifa.core.procedure.model import State
from zhifa.law.models import Benchmark, PenaltyProvision
from zhifa.orgs.models import Agency
from zhifa.web.demo.cases import SCENARIOS
from zhifa.workcalendar.selectors import invalidate_calendar_cache

# English state names read as words (the snake_case ones are caught by the shared checker)
STATE_WORD = re.compile(r"\b(?:" + "|".join(sorted(s.value for s in State)) + r")\b", re.ASCII)
SCRIPT_LEAK = re.compile(r"\[object |\bundefined\b|\bNaN\b")

OFFICE_ROLES = ("hz_officer1", "hz_head", "hz_reviewer", "hz_suspended")
OVERSIGHT_ROLES = ("zj_supervisor", "mot_supervisor")
ADMIN_ROLES = ("sysadmin", "secadmin", "auditor")
# a role that cannot complete the form is not offered it (a supervisor or reviewer registering a lead)
FOR_OFFICERS = {"/cases/leads/new/"}


def shown_problems(html: str) -> list[str]:
    # <code> shows what is typed or compared as is (a command for the administrators, a digest)
    text = visible_text(re.sub(r"<code\b[^>]*>.*?</code>", "", html, flags=re.S))
    found = problems(text)
    for pattern in (STATE_WORD, SCRIPT_LEAK):
        found += [
            f"「{m.group(0)}」：…{text[max(0, m.start() - 30) : m.end() + 30]}…"
            for m in pattern.finditer(text)
        ]
    return found


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    invalidate_calendar_cache()
    call_command("load_demo", cases=len(SCENARIOS), stdout=io.StringIO())
    yield
    invalidate_calendar_cache()


def main_pages(user) -> list[str]:
    hangzhou = Agency.objects.get(name__startswith="杭州市", kind="prefecture_agency")
    case = Case.objects.filter(agency=hangzhou).exclude(state="lead").order_by("pk").first()
    provision = PenaltyProvision.objects.filter(data_id="hl-76-1").first()
    benchmark = Benchmark.objects.order_by("pk").first()
    pages = [
        "/",
        "/workbench/",
        "/cases/",
        "/cases/leads/new/",
        "/deadlines/",
        "/notifications/",
        "/measures/property/",
        f"/measures/cases/{case.pk}/",
        f"/evidence/cases/{case.pk}/",
        f"/agencies/{hangzhou.pk}/",
        f"/agencies/{user.agency_id}/",
        "/law/",
        "/law/benchmarks/",
        "/law/calculator/",
        "/law/exemptions/",
        "/records/anchors/",
        "/evaluation/",
    ]
    if provision:
        pages.append(f"/law/provisions/{provision.data_id}/")
    if benchmark:
        pages.append(f"/law/benchmarks/{benchmark.pk}/")
    return pages


def visit(client: Client, url: str, allowed=(200,)) -> list[str]:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    if response.status_code in (301, 302):
        response = client.get(response.url)
    if response.status_code not in allowed:
        return [f"{url}: HTTP {response.status_code}"]
    return [f"{url}: {p}" for p in shown_problems(response.content.decode())]


def test_the_checker_catches_states_and_script_values():
    assert shown_problems("<p>状态：investigation</p>") and shown_problems("<p>[object Object]</p>")
    assert shown_problems("<p>legal_review</p>") and shown_problems("<p>APL Art. 60</p>")
    assert not shown_problems(
        "<p>调查取证 · 《行政处罚法》第六十条</p><script>var lead = 1;</script>"
    )
    assert not shown_problems("<p>运行：<code>manage.py anchor_journal</code></p>")


def test_every_demo_page_as_every_role_shows_nothing_internal(demo):
    failures: list[str] = []
    for username in OFFICE_ROLES + OVERSIGHT_ROLES + ADMIN_ROLES:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        # the people who work cases see every main page; administrators may be refused some (in
        # Chinese), and a case's pages answer them as a missing case would (三员分立, ADR 0004)
        allowed = (200,) if username in OFFICE_ROLES + OVERSIGHT_ROLES else (200, 403, 404)
        for url in main_pages(user):
            expected = (403,) if url in FOR_OFFICERS and not user.is_officer else allowed
            failures += [f"{username} {f}" for f in visit(client, url, expected)]

    # a case page of every state present, as the case agency's head and its first officer (what
    # each may do differs); its measures and evidence pages once, as the head
    seen = set()
    for case in Case.objects.select_related("agency").order_by("pk"):
        if (case.procedure, case.state) in seen:
            continue
        seen.add((case.procedure, case.state))
        for user in User.objects.filter(agency=case.agency, username__regex=r"_(head|officer1)$"):
            client = Client()
            client.force_login(user)
            urls = [f"/cases/{case.pk}/"]
            if user.is_agency_head:
                urls += [f"/measures/cases/{case.pk}/", f"/evidence/cases/{case.pk}/"]
            for url in urls:
                failures += [f"{user.username} {case.state} {f}" for f in visit(client, url)]
    assert len(seen) > 20

    # 评议考核 and 案卷评查 of the demo, as the province's supervisor and Hangzhou's head
    from zhifa.evaluation.models import Evaluation, ReviewedCaseFile

    hz_eval = Evaluation.objects.filter(agency__name__startswith="杭州市").first()
    reviewed = ReviewedCaseFile.objects.filter(state="returned").first()
    assert hz_eval is not None and reviewed is not None
    reviewed_head = User.objects.filter(agency=reviewed.agency, username__endswith="_head").first()
    eval_pages = [
        f"/evaluation/rounds/{hz_eval.round_id}/",
        f"/evaluation/results/{hz_eval.pk}/",
        f"/evaluation/schemes/{hz_eval.round.scheme_id}/",
    ]
    review_pages = [
        f"/evaluation/reviews/{reviewed.review_id}/",
        f"/evaluation/reviews/cases/{reviewed.pk}/",
    ]
    for username, urls in (
        ("zj_supervisor", eval_pages + review_pages),
        ("hz_head", eval_pages),
        (reviewed_head.username, review_pages),
    ):
        client = Client()
        client.force_login(User.objects.get(username=username))
        failures += [f"{username} {f}" for url in urls for f in visit(client, url)]
    assert failures == [], "\n".join(failures)
