"""三员分立: the three administrators sit at the root of the tree but see no case data, through the
API or the pages (the one rule: orgs.selectors.scope_filter)."""

import pytest

from zhifa.orgs import selectors as org_selectors

ADMINS = ("sysadmin", "secadmin", "auditor")


def case_api_urls(case):
    return [
        "/api/v1/cases",
        f"/api/v1/cases/{case.pk}",
        f"/api/v1/cases/{case.pk}/timeline",
        f"/api/v1/cases/{case.pk}/actions",
        f"/api/v1/evidence/cases/{case.pk}",
        f"/api/v1/measures/cases/{case.pk}",
        "/api/v1/measures/property",
        "/api/v1/deadlines",
        f"/api/v1/documents/cases/{case.pk}",
        f"/api/v1/first-violation/cases/{case.pk}",
    ]


def case_page_urls(case):
    return [f"/cases/{case.pk}/", f"/cases/{case.pk}/evidence/", f"/cases/{case.pk}/details/"]


def _holds_case(response, case) -> bool:
    if response.status_code != 200:
        return False
    text = response.content.decode()
    # the party's name (pages), its credit code (the JSON escapes Chinese), the case's own key
    markers = ("某运输有限公司", "91330100716105852F", f'"id": {case.pk}, ')
    return any(m in text for m in markers)


@pytest.mark.parametrize("label", ADMINS)
def test_administrators_read_no_case_data(sec, client, label):
    client.force_login(sec.users[label])
    for url in case_api_urls(sec.case) + case_page_urls(sec.case):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert not _holds_case(response, sec.case), url
        if response.status_code == 200 and url.startswith("/api/"):
            body = response.json()
            assert body.get("count", 0) == 0 and not body.get("items"), (url, body)
    # the case list page is empty for them too
    assert "某运输有限公司" not in client.get("/cases/").content.decode()


def test_the_officer_on_the_case_reads_it(sec, client):
    # the same requests answer the officer: the refusal above is the rule, not a broken fixture
    client.force_login(sec.users["officer"])
    for url in case_api_urls(sec.case)[:6] + case_page_urls(sec.case):
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/cases").json()["count"] == 1


def test_scope_filter_refuses_administrators_but_keeps_their_tree(sec):
    for label in ADMINS:
        user = sec.users[label]
        assert not org_selectors.sees_case_data(user)
        # the organisation tree is not case data: the system administrator keeps it
        assert org_selectors.visible_agencies(user).filter(pk=sec.world.hangzhou.pk).exists()
    assert org_selectors.sees_case_data(sec.users["officer"])
