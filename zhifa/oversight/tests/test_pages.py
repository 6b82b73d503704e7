"""Item 6 pages: the rectification form prefilled from a complaint hot spot, and the flow by page."""

from datetime import timedelta
from urllib.parse import quote

from django.utils import timezone

from zhifa.oversight.models import Rectification


def _due(n=15):
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def test_hot_spot_link_prefills_and_records_its_source(world, people, login):
    client = login(people.zj_supervisor)
    url = (
        f"/oversight/rectifications/new/?source=hot_spot&agency={world.hangzhou.pk}"
        f"&month=2026-11&topic={quote('出租车 拒载 机场')}"
    )
    page = client.get(url).content.decode()
    assert "投诉举报热点整改：出租车 拒载 机场" in page
    assert "2026-11 投诉举报热点，杭州市交通运输综合行政执法支队，出租车 拒载 机场" in page
    assert f'<option value="{world.hangzhou.pk}" selected>' in page
    r = client.post(
        url,
        {
            "agency": world.hangzhou.pk,
            "source_kind": "hot_spot",
            "source_ref": "2026-11 投诉举报热点，出租车 拒载 机场",
            "title": "投诉举报热点整改：出租车 拒载 机场",
            "due": _due(),
        },
    )
    assert r.status_code == 302
    rect = Rectification.objects.get()
    assert (rect.source_kind, rect.agency, rect.owner) == (
        "hot_spot",
        world.hangzhou,
        people.hz_head,
    )


def test_bad_query_values_are_dropped_with_a_reason_never_a_500(world, people, login):
    client = login(people.zj_supervisor)
    for query, reason in (
        (f"source=hot_spot&agency={world.chengdu.pk}", "不在本机关监督范围内"),
        ("source=hot_spot&agency=abc", "不在本机关监督范围内"),
        ("source=rumour", "问题来源无法识别"),
        (f"source=hot_spot&agency={world.hangzhou.pk}&month=2026-13", "月份格式应为"),
        ("source=hot_spot&topic=%3Cscript%3E", "网页标记"),
    ):
        r = client.get(f"/oversight/rectifications/new/?{query}")
        assert r.status_code == 200, query
        assert reason in r.content.decode(), query


def test_the_form_works_without_a_query_for_other_sources(world, people, login):
    client = login(people.zj_supervisor)
    assert client.get("/oversight/rectifications/new/").status_code == 200
    r = client.post(
        "/oversight/rectifications/new/",
        {
            "agency": world.ningbo.pk,
            "source_kind": "case_file_review",
            "title": "案卷装订不规范",
            "due": "2020-01-01",
        },
    )
    assert r.status_code == 422 and "整改期限应晚于今天" in r.content.decode()
    assert not Rectification.objects.exists()
    r = client.post(
        "/oversight/rectifications/new/",
        {
            "agency": world.ningbo.pk,
            "source_kind": "case_file_review",
            "title": "案卷装订不规范",
            "due": _due(),
        },
    )
    assert r.status_code == 302
    assert Rectification.objects.get().owner == people.nb_head


def test_officers_may_not_order(world, people, login):
    assert login(people.hz_officer).get("/oversight/rectifications/new/").status_code == 403


def test_respond_and_follow_up_by_page(world, people, client):
    client.force_login(people.zj_supervisor)
    client.post(
        "/oversight/rectifications/new/",
        {
            "agency": world.hangzhou.pk,
            "source_kind": "indicator",
            "title": "逾期率偏高",
            "due": _due(),
        },
    )
    rect = Rectification.objects.get()
    url = f"/oversight/rectifications/{rect.pk}/"
    client.force_login(people.hz_head)
    assert "报送整改情况" in client.get(url).content.decode()
    assert client.post(url, {"action": "respond", "text": "已清理积案"}).status_code == 302
    client.force_login(people.zj_supervisor)
    page = client.get(url).content.decode()
    assert "回头看" in page and "已报送整改情况" in page
    r = client.post(url, {"action": "follow_up", "passed": "yes", "summary": "抽查确认"})
    assert r.status_code == 302
    rect.refresh_from_db()
    assert rect.state == "closed"
    client.force_login(people.nb_head)  # a sibling unit does not see it
    assert client.get(url).status_code == 404


def test_check_page_links_findings_to_the_form(world, people, login):
    client = login(people.zj_supervisor)
    r = client.post(
        "/oversight/checks/new/",
        {
            "agency": world.hangzhou.pk,
            "kind": "unannounced",
            "title": "暗访",
            "checked_on": timezone.localdate().isoformat(),
            "findings": "着装不规范\n未亮证",
        },
    )
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert "着装不规范" in page and "?finding=" in page
    finding_link = page.split("?finding=")[1].split('"')[0]
    form = client.get(f"/oversight/rectifications/new/?finding={finding_link}").content.decode()
    assert 'value="着装不规范"' in form
