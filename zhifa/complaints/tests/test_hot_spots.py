"""Complaint hot spots (issue 12 item 5) through the page and the API: topics per agency and
month for heads and supervisors in scope, the trend, and the link to a rectification plan."""

from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.complaints import selectors, services

NOVEMBER = [
    ("王小明反映：出租车司机拒载，不愿意去火车站", "王小明"),
    ("在火车站打出租车，司机拒载还挑客", ""),
    ("出租车拒载乘客，态度很差", ""),
    ("货车超载严重，路面被压坏", ""),
    ("大货车超载超限，天天经过村口", ""),
    ("建议增加公交线路和班次", ""),
]
OCTOBER = ["出租车司机拒载乘客，晚上打不到车"]


def _at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


@pytest.fixture
def corpus(world, zj):
    made = []
    for n, (text, name) in enumerate(NOVEMBER):
        made.append(
            services.receive(
                agency=zj["county"],
                channel="web",
                category="complaint",
                content=text,
                phone=f"1391234{n:04d}",
                complainant_name=name,
                now=_at(date(2026, 11, 2 + n)),
            )
        )
    for n, text in enumerate(OCTOBER):
        services.receive(
            agency=world.hangzhou,
            channel="web",
            category="complaint",
            content=text,
            phone=f"1381234{n:04d}",
            now=_at(date(2026, 10, 5 + n)),
        )
    return made


def test_topics_of_the_month_within_the_agency_tree(world, zj, corpus):
    # when the Hangzhou head looks at November (the county's orders are below Hangzhou)
    spots = selectors.hot_spots(zj["unit_head"], world.hangzhou, date(2026, 11, 1))
    # then two topics, the taxi refusals first, with their trend and masked examples
    assert [set(s.words[:2]) for s in spots] == [{"出租车", "拒载"}, {"超载", "货车"}]
    taxi = spots[0]
    assert taxi.count == 3
    assert taxi.trend == (("2026-08", 0), ("2026-09", 0), ("2026-10", 1))
    assert taxi.direction == "up"
    texts = [t for _, t in taxi.examples]
    assert all("王小明" not in t for t in texts) and any("王某某" in t for t in texts)
    # the county itself sees only its own orders: the October one (Hangzhou's) is not there
    county = selectors.hot_spots(zj["county_head"], zj["county"], date(2026, 11, 1))
    assert county[0].trend[-1] == ("2026-10", 0)


def test_the_page_for_heads_and_supervisors_only(client, world, zj, corpus):
    url = f"/complaints/hot-spots/?agency={world.hangzhou.pk}&month=2026-11"
    client.force_login(zj["supervisor"])
    body = client.get(url).content.decode()
    assert "出租车 拒载" in body and "制定整改方案" in body and "上升" in body
    client.force_login(zj["unit_officer"])
    assert client.get(url).status_code == 403
    # a head of another province's agency cannot name Hangzhou
    other = testing.make_user(world.sichuan, roles=("agency_head",))
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_the_api_and_the_rectification_link(client, world, zj, corpus):
    client.force_login(zj["supervisor"])
    r = client.get(f"/api/v1/complaints/hot-spots?month=2026-11&agency_id={world.hangzhou.pk}")
    assert r.status_code == 200
    first = r.json()[0]
    assert set(first["words"][:2]) == {"出租车", "拒载"} and first["count"] == 3
    assert {e["tracking_code"] for e in first["examples"]} <= {c.tracking_code for c in corpus}
    link = urlsplit(first["rectification_url"])
    assert link.path == "/oversight/rectifications/new/"
    query = parse_qs(link.query)
    assert query == {
        "source": ["hot_spot"],
        "agency": [str(world.hangzhou.pk)],
        "month": ["2026-11"],
        "topic": [" ".join(first["words"])],
    }
    assert client.get("/api/v1/complaints/hot-spots?month=11-2026").status_code == 422
    client.force_login(zj["unit_officer"])
    r = client.get("/api/v1/complaints/hot-spots?month=2026-11")
    assert r.status_code == 403 and r.json()["code"] == "hot_spots_refused"
