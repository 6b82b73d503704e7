"""Supervisors' case lists (issue #8 point 7): the agency column and an agency filter limited to
their scope, on the page and in the API."""

from __future__ import annotations

from zhifa import testing
from zhifa.cases import selectors, services

from .test_pages import PERSON, make_lead, today


def _ningbo_lead(world, facts="宁波线索"):
    officers = [testing.make_officer(world.ningbo) for _ in range(2)]
    return services.create_lead(
        actor=officers[0].user,
        agency=world.ningbo,
        source="report",
        facts=facts,
        received_on=today(),
        party=PERSON,
        officers=officers,
    )


def _chengdu_lead(world):
    officers = [testing.make_officer(world.chengdu) for _ in range(2)]
    return services.create_lead(
        actor=officers[0].user,
        agency=world.chengdu,
        source="report",
        facts="成都线索",
        received_on=today(),
        party=PERSON,
        officers=officers,
    )


def test_a_provincial_supervisor_sees_the_agency_and_filters_by_it(world, people, law, login):
    # given: cases in Hangzhou and Ningbo (Zhejiang) and one in Chengdu (Sichuan)
    hz = make_lead(people, facts="杭州线索")
    nb = _ningbo_lead(world)
    _chengdu_lead(world)
    supervisor = testing.make_user(world.zhejiang, roles=("supervisor",), full_name="浙江监督员")
    client = login(supervisor)
    # when
    everything = client.get("/cases/").content.decode()
    only_ningbo = client.get("/cases/", {"agency": world.ningbo.pk}).content.decode()
    chengdu_asked = client.get("/cases/", {"agency": world.chengdu.pk}).content.decode()
    # then: the column and the filter, with only the agencies of the supervisor's scope
    assert "办案机构" in everything
    assert f'<option value="{world.ningbo.pk}"' in everything
    assert f'<option value="{world.hangzhou.pk}"' in everything
    assert f'<option value="{world.chengdu.pk}"' not in everything
    assert "杭州市交通运输综合行政执法支队" in everything and "共 2 件" in everything
    assert f"/cases/{nb.pk}/" in only_ningbo and f"/cases/{hz.pk}/" not in only_ningbo
    # an agency outside the scope is dropped like any bad filter value: the whole scope, never Chengdu
    assert "成都线索" not in chengdu_asked and "共 2 件" in chengdu_asked


def test_an_officer_of_one_agency_gets_no_agency_column(world, people, law, login):
    make_lead(people)
    html = login(people.o1.user).get("/cases/").content.decode()
    assert "办案机构" not in html
    assert selectors.case_agencies(people.o1.user) == []


def test_the_api_filters_by_agency_within_scope(world, people, law, login):
    hz = make_lead(people)
    nb = _ningbo_lead(world)
    supervisor = testing.make_user(world.zhejiang, roles=("supervisor",))
    client = login(supervisor)
    # when
    page = client.get("/api/v1/cases", {"agency": world.hangzhou.pk}).json()
    outside = client.get("/api/v1/cases", {"agency": world.chengdu.pk})
    # then
    assert [i["id"] for i in page["items"]] == [hz.pk]
    assert page["items"][0]["agency"] == "杭州市交通运输综合行政执法支队"
    assert {i["id"] for i in client.get("/api/v1/cases").json()["items"]} == {hz.pk, nb.pk}
    assert outside.status_code == 404 and outside.json()["message"]
