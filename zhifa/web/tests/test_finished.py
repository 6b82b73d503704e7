"""Air-gapped and finished (issue #8 point 7): the platform's own Chinese error pages also under the
demo settings, the API docs from the platform's own static files, a favicon."""

import importlib
import re

import pytest
from django.test import Client, override_settings

ENGLISH = ("Page not found", "Server Error", "Forbidden", "CSRF verification failed", "Traceback")


def _assert_chinese_error(response, status, words):
    html = response.content.decode()
    assert response.status_code == status
    assert words in html
    for english in ENGLISH:
        assert english not in html


def test_demo_settings_show_the_platform_pages_unless_debug_is_asked_for(monkeypatch):
    # given: `make run` uses zhifa.settings.dev
    monkeypatch.delenv("ZHIFA_DEBUG", raising=False)
    dev = importlib.reload(importlib.import_module("zhifa.settings.dev"))
    assert dev.DEBUG is False
    assert dev.WHITENOISE_USE_FINDERS is True  # static files still served from the apps
    assert "127.0.0.1" in dev.ALLOWED_HOSTS
    # and: ZHIFA_DEBUG=1 turns Django's debug pages back on for developers
    monkeypatch.setenv("ZHIFA_DEBUG", "1")
    assert importlib.reload(dev).DEBUG is True
    monkeypatch.delenv("ZHIFA_DEBUG")
    importlib.reload(dev)


def test_static_files_are_served_with_debug_off(client, db, settings):
    assert settings.DEBUG is False
    assert client.get("/static/zhifa/app.css").status_code == 200


def test_a_missing_page_is_the_platforms_chinese_404(client, world, login):
    from zhifa import testing

    _assert_chinese_error(client.get("/no-such-page/"), 404, "页面不存在")
    officer = testing.make_user(world.hangzhou, roles=("officer",))
    _assert_chinese_error(login(officer).get("/cases/999999/"), 404, "页面不存在")


def test_an_api_miss_stays_json(client, db):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_failed_csrf_check_is_a_chinese_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    _assert_chinese_error(response, 403, "页面已过期")


@override_settings(ROOT_URLCONF="zhifa.web.tests.urls_failing")
def test_a_server_error_is_a_chinese_500_that_needs_no_database(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    _assert_chinese_error(response, 500, "服务器内部错误")
    assert "测试用的故障" not in response.content.decode()


def test_the_api_docs_use_only_the_platforms_own_files(client, db):
    # when
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    # then: nothing from another host; every script and stylesheet is served here
    assert response.status_code == 200
    hosts = set(re.findall(r"(?:https?:)?//([a-zA-Z0-9.-]+\.[a-z]{2,})", html))
    assert not hosts, f"API 文档页引用了外部主机：{hosts}"
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert '"validatorUrl": null' in html  # no online validator call


@pytest.mark.parametrize("page", ["/login/", "/api/v1/docs"])
def test_favicon_on_pages_and_at_the_usual_address(client, db, page):
    html = client.get(page).content.decode()
    assert 'rel="icon" href="/static/zhifa/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/zhifa/favicon.svg"
    assert client.get("/static/zhifa/favicon.svg").status_code == 200
