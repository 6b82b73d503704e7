"""The public verification page: no login, rate-limited per address; the other pages need one."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_verify_needs_no_login_and_is_rate_limited(client, settings):
    settings.ZHIFA_VERIFY_RATE_PER_MINUTE = 3
    # given an anonymous visitor trying codes
    answers = [client.get(f"/verify/ABCDEFGH23{i}{i}") for i in range(2, 6)]
    # then the first three answer "not found" in Chinese, the fourth is refused for a while
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "未找到有效的文书" in answers[0].content.decode()
    assert "查询过于频繁" in answers[3].content.decode()
    api = client.get("/api/v1/documents/verify/ABCDEFGH2345")
    assert api.status_code == 429 and api.json()["message"]


@pytest.mark.django_db
def test_a_malformed_code_gets_the_same_page(client):
    assert "未找到有效的文书" in client.get("/verify/%3Cscript%3E").content.decode()
    assert client.get("/api/v1/documents/verify/x").json() == {
        "found": False,
        "name": "",
        "agency": "",
        "number": "",
        "version": 0,
        "issued_on": None,
        "algorithm": "",
        "pdf_digest": "",
        "superseded": False,
        "status": "",
        "valid": False,
        "status_label": "",
        "status_on": None,
        "status_reason": "",
    }


@pytest.mark.django_db
def test_document_pages_need_a_login(client):
    for url in (
        "/documents/cases/1/",
        "/documents/1/",
        "/documents/batch/",
        "/documents/issued/1.pdf",
    ):
        r = client.get(url)
        assert r.status_code == 302 and "/login/" in r["Location"], url
