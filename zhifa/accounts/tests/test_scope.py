"""Scope: an agency sees its own data, a superior reads its subordinates', nobody reads sideways.
Each test varies only the user, so "denied" cannot pass for the wrong reason (style.md 13, 15)."""

import pytest

from zhifa import testing


@pytest.fixture
def people(world):
    return {
        "hz_officer": testing.make_officer(world.hangzhou).user,
        "cd_officer": testing.make_officer(world.chengdu),
        "zj_supervisor": testing.make_user(world.zhejiang, roles=("supervisor",)),
        "sc_supervisor": testing.make_user(world.sichuan, roles=("supervisor",)),
        "mot_supervisor": testing.make_user(world.ministry, roles=("supervisor",)),
    }


def _officer_endpoints(officer):
    return [
        f"/api/v1/officers/{officer.pk}",
        f"/api/v1/agencies/{officer.user.agency_id}",
        f"/api/v1/agencies/{officer.user.agency_id}/children",
    ]


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("hz_officer", False),  # sideways: another province's prefecture
        ("zj_supervisor", False),  # sideways at province level
        ("sc_supervisor", True),  # the prefecture's own province
        ("mot_supervisor", True),  # the ministry reads everything
    ],
)
def test_chengdu_officer_visible_only_from_above(people, login, viewer, sees):
    # given
    client = login(people[viewer])
    target = people["cd_officer"]
    # when
    statuses = [client.get(url).status_code for url in _officer_endpoints(target)]
    listed = client.get("/api/v1/officers").json()["items"]
    found = client.get("/api/v1/agencies", {"q": "成都"}).json()["items"]
    # then
    assert statuses == ([200, 200, 200] if sees else [404, 404, 404])
    assert (target.pk in [o["id"] for o in listed]) is sees
    assert bool(found) is sees


def test_out_of_scope_looks_exactly_like_missing(people, login):
    client = login(people["hz_officer"])
    hidden = client.get(f"/api/v1/officers/{people['cd_officer'].pk}")
    missing = client.get("/api/v1/officers/999999")
    assert hidden.status_code == missing.status_code == 404
    assert (
        hidden.json()
        == missing.json()
        == {"code": "not_found", "message": "执法人员不存在或无权查看。", "details": {}}
    )


def test_officer_sees_own_agency_but_not_its_parent(world, people, login):
    client = login(people["hz_officer"])
    assert client.get(f"/api/v1/agencies/{world.hangzhou.pk}").status_code == 200
    assert client.get(f"/api/v1/agencies/{world.zhejiang.pk}").status_code == 404
    names = [a["name"] for a in client.get("/api/v1/agencies").json()["items"]]
    assert names == ["杭州市交通运输综合行政执法支队"]


def test_province_supervisor_lists_its_prefectures_only(world, people, login):
    client = login(people["zj_supervisor"])
    names = {a["name"] for a in client.get("/api/v1/agencies").json()["items"]}
    assert names == {
        "浙江省交通运输厅",
        "杭州市交通运输综合行政执法支队",
        "宁波市交通运输综合行政执法支队",
    }


def test_pages_follow_the_same_scope(world, people, login):
    client = login(people["hz_officer"])
    assert client.get(f"/agencies/{world.chengdu.pk}/").status_code == 404
    assert client.get(f"/agencies/{world.chengdu.pk}/children/").status_code == 404
    assert "成都" not in client.get("/agencies/search/", {"q": "成都"}).content.decode()
    client = login(people["sc_supervisor"])
    page = client.get(f"/agencies/{world.chengdu.pk}/").content.decode()
    assert "成都市交通运输综合行政执法支队" in page
    assert people["cd_officer"].user.full_name in page


@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/officers", "/api/v1/agencies"])
def test_anonymous_gets_401_with_code(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_anonymous_page_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
