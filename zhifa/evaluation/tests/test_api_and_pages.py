"""The API and the pages over the same services: a round scored and appealed over JSON, a review
scored on its page, each role reaching only what is theirs."""

from decimal import Decimal

import pytest
from django.test import Client

from zhifa.evaluation import services
from zhifa.records.models import JournalEntry

from .conftest import ITEMS, make_case, make_provision, period


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_round_over_the_api(ppl):
    province = _as(ppl.province_head)
    # a scheme, then a round
    r = province.post(
        "/api/v1/evaluation/schemes",
        {"name": "接口方案", "year": 2026, "items": ITEMS},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    scheme_id = r.json()["id"]
    start, end = period()
    r = province.post(
        "/api/v1/evaluation/rounds",
        {
            "scheme_id": scheme_id,
            "kind": "daily",
            "target": "unit",
            "title": "第一季度日常考核",
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    rows = {e["agency_id"]: e for e in r.json()["evaluations"]}
    hz = rows[ppl.world.hangzhou.pk]["id"]
    # score, then Hangzhou appeals within the window
    r = province.post(
        f"/api/v1/evaluation/results/{hz}/score",
        {"marks": {"penalty": {"deduction": 45, "note": "多起案件程序违法"}}},
        content_type="application/json",
    )
    body = r.json()
    assert r.status_code == 200 and body["total"] == "55.0" and body["band"] == "below"
    assert body["appeal_due"]
    r = _as(ppl.hz_head).post(
        f"/api/v1/evaluation/results/{hz}/appeal",
        {"reason": "扣分依据不足"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["state"] == "appealed"
    # a wrong deduction gives the stable error shape, no 500, nothing written
    before = JournalEntry.objects.count()
    other = rows[ppl.world.ningbo.pk]["id"]
    r = province.post(
        f"/api/v1/evaluation/results/{other}/score",
        {"marks": {"penalty": {"deduction": 61}}},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "evaluation_bad_deduction"
    assert JournalEntry.objects.count() == before
    # Chengdu (another province) sees nothing of it
    assert _as(ppl.cd_head).get(f"/api/v1/evaluation/results/{hz}").status_code == 404
    assert _as(ppl.cd_head).get("/api/v1/evaluation/rounds").json() == []


@pytest.fixture
def review(ppl):
    w = ppl.world
    p = make_provision(1)
    for _ in range(3):
        make_case(w.hangzhou, p)
    start, end = period()
    return services.open_review(
        actor=ppl.province_head,
        scope=w.zhejiang,
        reviewer=ppl.province_supervisor,
        title="页面评查",
        period_start=start,
        period_end=end,
        size=2,
        seed="page",
    )


def test_review_pages(ppl, review):
    reviewer = _as(ppl.province_supervisor)
    r = review.cases.first()
    assert "案卷待评查" in reviewer.get("/workbench/").content.decode()
    page = reviewer.get(f"/evaluation/reviews/cases/{r.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "《交通运输行政执法评议考核规定》第七条" in html and f"/cases/{r.case_id}/" in html
    # the reviewer scores on the page
    data = {"act": "score", "d_facts": "5", "n_facts": "询问笔录未签名"}
    resp = reviewer.post(f"/evaluation/reviews/cases/{r.pk}/", data)
    assert resp.status_code == 302
    r.refresh_from_db()
    assert (r.score, r.state) == (Decimal(95), "returned")
    # Hangzhou's head sees the finding and records the correction on the page
    head = _as(ppl.hz_head)
    assert "案卷评查问题待整改" in head.get("/workbench/").content.decode()
    assert "询问笔录未签名" in head.get(f"/evaluation/reviews/cases/{r.pk}/").content.decode()
    resp = head.post(
        f"/evaluation/reviews/cases/{r.pk}/", {"act": "correct", "correction": "已补签"}
    )
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.state == "corrected"
    # Ningbo and Chengdu do not reach it
    assert _as(ppl.nb_head).get(f"/evaluation/reviews/cases/{r.pk}/").status_code == 404
    assert _as(ppl.cd_head).get(f"/evaluation/reviews/{review.pk}/").status_code == 404


def test_evaluation_pages(ppl, scheme):
    start, end = period()
    rnd = services.open_round(
        actor=ppl.province_supervisor,
        scheme=scheme,
        kind="annual",
        target="unit",
        title="年度考核",
        period_start=start,
        period_end=end,
    )
    e = rnd.evaluations.get(agency=ppl.world.hangzhou)
    sup = _as(ppl.province_supervisor)
    for url in (
        "/evaluation/",
        f"/evaluation/rounds/{rnd.pk}/",
        f"/evaluation/schemes/{scheme.pk}/",
    ):
        assert sup.get(url).status_code == 200, url
    # score on the page with a ticked trigger
    resp = sup.post(
        f"/evaluation/results/{e.pk}/",
        {"act": "score", "d_penalty": "3", "n_penalty": "文书不规范", "trigger": "media"},
    )
    assert resp.status_code == 302
    e.refresh_from_db()
    assert (e.total, e.band) == (Decimal(97), "below")
    html = _as(ppl.hz_head).get(f"/evaluation/results/{e.pk}/").content.decode()
    assert "不达标" in html and "新闻媒体" in html and 'id="appeal"' in html
    assert "None" not in html and "True" not in html
    # the workbench lists the second prefecture still to score
    assert "评议考核待评分" in sup.get("/workbench/").content.decode()
