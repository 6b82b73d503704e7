"""Hostile input answers 400/422 with the stable error shape, never a 500, and stores nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.cases.models import Case
from zhifa.core.text import find_forbidden, forbidden_kind
from zhifa.records.models import JournalEntry


def shape(response, status=None):
    body = response.json()
    assert set(body) == {"code", "message", "details"}, body
    assert body["code"] and body["message"]
    if status is not None:
        assert response.status_code == status, body
    return body


@pytest.mark.parametrize(
    "text,kind",
    [
        ("张三", None),
        ("第一行\n第二行\t制表\r", None),
        ("a\x00b", "control"),
        ("\x1b[31m", "control"),
        ("\x85", "control"),
        ("\ud800", "surrogate"),
        ("\udfff尾", "surrogate"),
        ("张\u202e三", "bidi"),
        ("\u2066x\u2069", "bidi"),
        ("\u200f", "bidi"),
        ("😀 emoji 𠀀", None),
    ],
)
def test_forbidden_characters(text, kind):
    assert forbidden_kind(text) == kind


def test_forbidden_characters_are_found_in_nested_data():
    assert find_forbidden({"a": [{"b": "ok"}, {"c": "x\x00"}]}) == ("a[1].c", "control")
    assert find_forbidden({"k\u202e": "v"}) == ("k\u202e", "bidi")
    assert find_forbidden({"a": 1, "b": None, "c": ["ok"]}) is None


def post_json(client, url, data_text: str):
    return client.post(url, data_text, content_type="application/json")


@pytest.mark.parametrize("login_first", [False, True])
def test_multipart_without_boundary_is_a_400(sec, client, login_first):
    if login_first:
        client.force_login(sec.users["officer"])
    for url in ("/api/v1/cases/leads", "/api/v1/auth/login", f"/api/v1/cases/{sec.case.pk}/file"):
        response = client.generic("POST", url, b"--x\r\n", content_type="multipart/form-data")
        assert shape(response, 400)["code"] == "malformed_request", url
    # the pages too (the CSRF check reads the body)
    response = client.generic("POST", "/login/", b"--x", content_type="multipart/form-data")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "bad",
    ["\\u0000", "\\ud800", "\u202e", "\\u001b"],
    ids=["nul", "lone-surrogate", "rtl-override", "escape"],
)
def test_bad_characters_in_json_text_are_refused_and_nothing_stored(sec, client, bad):
    client.force_login(sec.users["officer"])
    cases, entries = Case.objects.count(), JournalEntry.objects.count()
    payload = (
        '{"source": "inspection", "facts": "超限' + bad + '", "received_on": "2026-01-05", '
        '"party": {"kind": "person", "name": "张' + bad + '三", "id_number": ""}}'
    )
    response = post_json(client, "/api/v1/cases/leads", payload)
    body = shape(response, 422)
    assert body["code"] == "invalid_characters"
    assert Case.objects.count() == cases and JournalEntry.objects.count() == entries
    # the same text in a PATCH, a step and the login (no session needed to reach the parser)
    response = client.patch(
        f"/api/v1/cases/{sec.case.pk}", '{"facts": "x' + bad + '"}', "application/json"
    )
    assert shape(response, 422)["code"] == "invalid_characters"
    client.logout()
    response = post_json(
        client, "/api/v1/auth/login", '{"username": "a' + bad + '", "password": "x"}'
    )
    assert response.status_code in (400, 422), response.content


def test_nul_in_a_search_is_refused_on_api_and_pages(sec, client):
    client.force_login(sec.users["officer"])
    for url in ("/api/v1/cases", "/api/v1/agencies", "/api/v1/benchmarks", "/api/v1/deadlines"):
        response = client.get(url, {"q": "杭州\x00"})
        assert shape(response, 422)["code"] == "invalid_characters", url
    for url in ("/cases/", "/agencies/search/", "/law/"):
        response = client.get(url, {"q": "杭州\x00"})
        assert response.status_code == 422, url
        assert "不允许的控制字符" in response.content.decode()


def test_bidi_override_in_a_page_form_is_refused(sec, client):
    client.force_login(sec.users["officer"])
    response = client.post("/cases/leads/new/", {"facts": "超限\u202e运输", "source": "inspection"})
    assert response.status_code == 422
    assert "文字方向控制字符" in response.content.decode()


def test_offset_beyond_2_63_is_a_422(sec, client):
    client.force_login(sec.users["officer"])
    for url in ("/api/v1/cases", "/api/v1/deadlines", "/api/v1/benchmarks"):
        response = client.get(url, {"offset": str(2**63 + 5), "limit": "10"})
        assert response.status_code in (200, 422), (url, response.content)
        if response.status_code == 422:
            shape(response)
        else:
            assert response.json()["items"] == []


def test_deviation_of_1e30_is_a_422(sec, client):
    client.force_login(sec.users["officer"])
    for url, data in (
        ("/api/v1/discretion/deviation", {"provision": "hl-76-1", "facts": {}, "amount": "1e30"}),
        (
            f"/api/v1/cases/{sec.case.pk}/deviations",
            {"as_of": "2026-01-05", "amount": "1e30", "reason": "理由"},
        ),
    ):
        response = post_json(client, url, json.dumps(data))
        assert response.status_code == 422, (url, response.content)
        shape(response)


def test_property_quantity_of_1e_minus_7_is_a_422(sec, client):
    client.force_login(sec.users["officer"])
    data = {"description": "货车", "quantity": "0.0000001", "unit": "辆"}
    response = post_json(client, f"/api/v1/measures/cases/{sec.case.pk}/property", json.dumps(data))
    assert response.status_code == 422, response.content
    shape(response)


def test_a_10000_character_upload_file_name_is_a_422(sec, client):
    client.force_login(sec.users["officer"])
    upload = SimpleUploadedFile(
        "a" * 10000 + ".jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image/jpeg"
    )
    response = client.post(
        f"/api/v1/evidence/cases/{sec.case.pk}",
        {"kind": "photo", "title": "照片", "file": upload},
    )
    assert response.status_code in (400, 413, 415, 422), response.content
    shape(response)
