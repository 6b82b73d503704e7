"""The law API: the recommendation with its explanation, every kind of bad input, the reads."""

import pytest

RECOMMEND = "/api/v1/discretion/recommend"


def _body(**kw):
    # 浙江 highway table 序号1: 擅自挖掘公路 5–10 m² is the 较重 level, 5,000–10,000 yuan
    body = {
        "provision_id": "hl-76-1",
        "province": "浙江省",
        "violation_date": "2024-03-01",
        "decision_date": "2024-04-01",
        "party_kind": "legal_person",
        "facts": {"area_m2": 7},
    }
    body.update(kw)
    return body


@pytest.fixture
def api(law_data, officer, login):
    return login(officer)


def post(client, body, url=RECOMMEND):
    return client.post(url, body, content_type="application/json")


def test_recommend_explains_itself(api):
    # when
    r = post(api, _body())

    # then
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["outcome"] == "penalise"
    assert data["provision"]["citation"] == "《中华人民共和国公路法》第七十六条第（一）项"
    assert data["statutory_range"] == {"low": "0", "high": "30000", "text": "30,000元以下"}
    assert data["benchmark"]["province"] == "浙江"
    assert data["level"]["label"] == "较重" and data["level"]["kind"] == "serious"
    assert data["recommended_range"]["low"] == "5000"
    assert data["recommended_range"]["high"] == "10000"
    assert data["suggested_amount"] == "7500"
    assert data["hearing"]["triggered"] is False
    assert any(x["code"] == "statute" and x["article"] for x in data["reasons"])
    assert "第七十六条" in data["reasoning"]
    assert {m["name"] for m in data["missing_facts"]} >= {"consequence"}


def test_province_may_be_a_region_id(api, provinces):
    r = post(api, _body(province=provinces["浙江省"].pk))
    assert r.status_code == 200
    assert r.json()["benchmark"]["province"] == "浙江"


def test_no_benchmark_falls_back_to_the_statute(api):
    # 江西 has only pre-2022 freight tables for 第六十三条: obsolete, so the statutory range applies
    r = post(api, _body(provision_id="rtr2023-63-1", province="江西", facts={"illegal_gain": 0}))
    data = r.json()
    assert r.status_code == 200
    assert data["benchmark"] is None
    assert data["recommended_range"]["text"] == "3,000元以上10,000元以下"
    assert {x["code"] for x in data["reasons"]} >= {"benchmark_obsolete", "no_benchmark"}


def test_a_first_minor_corrected_violation_may_be_exempted(api):
    r = post(
        api,
        _body(
            facts={"area_m2": 1, "first_violation": True, "consequence": "none", "corrected": True}
        ),
    )
    assert r.json()["outcome"] in ("may_exempt", "must_not_penalise")


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"provision_id": "nope"}, 422, "discretion.unknown_provision"),
        ({"province": "火星"}, 422, "province_not_found"),
        ({"province": 999999}, 422, "province_not_found"),
        ({"province": ""}, 422, "discretion.province_required"),
        ({"facts": {"area_m2": -1}}, 422, "discretion.negative_amount"),
        ({"facts": {"speed_kmh": 1}}, 422, "discretion.unknown_fact"),
        ({"facts": {"ship_tonnage": 100}}, 422, "discretion.undeclared_fact"),
        ({"facts": {"area_m2": "许多"}}, 422, "discretion.invalid_fact_value"),
        ({"facts": [1, 2]}, 422, "invalid_input"),
        (
            {"violation_date": "1990-03-01", "decision_date": "1990-04-01"},
            422,
            "discretion.no_law_in_force",
        ),
        ({"violation_date": "2020-03-01"}, 422, "discretion.discovery_date_required"),
        ({"decision_date": "2024-01-01"}, 422, "discretion.invalid_dates"),
        ({"violation_date": "2024-02-30"}, 422, "invalid_input"),
        ({"party_kind": "alien"}, 422, "discretion.invalid_party_kind"),
        ({"provision_id": None}, 422, "invalid_input"),
    ],
)
def test_bad_input_gets_a_stable_code_and_chinese_message(api, change, status, code):
    r = post(api, _body(**change))
    assert r.status_code == status, r.content
    body = r.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])


def test_limitation_past_two_years_means_no_penalty(api):
    # APL Art. 36: not discovered within two years
    r = post(api, _body(violation_date="2020-03-01", discovered_on="2024-03-01"))
    assert r.status_code == 200
    assert r.json()["outcome"] == "must_not_penalise"


def test_a_malformed_body_is_not_a_server_error(api):
    r = api.post(RECOMMEND, "{not json", content_type="application/json")
    assert r.status_code in (400, 422)
    assert "code" in r.json()


def test_anonymous_is_refused(law_data, client):
    r = post(client, _body())
    assert r.status_code == 401
    assert r.json()["code"] == "unauthenticated"
    assert client.get("/api/v1/provisions").status_code == 401


# --- deviation -------------------------------------------------------------------------------


def test_an_amount_outside_the_range_needs_a_reason_and_approval(api):
    r = post(
        api,
        {**_body(), "amount": "20000", "reason": "多次拒不配合"},
        url="/api/v1/discretion/deviation",
    )
    data = r.json()
    assert r.status_code == 200
    assert data["requires_approval"] is True
    assert data["approval"] == "principal_head_or_collective_deliberation"


def test_an_amount_outside_the_range_without_reason_is_refused(api):
    r = post(api, {**_body(), "amount": "20000"}, url="/api/v1/discretion/deviation")
    assert r.status_code == 422
    assert r.json()["code"] == "discretion.deviation_reason_required"


def test_an_amount_above_the_statute_is_refused(api):
    r = post(api, {**_body(), "amount": "30001", "reason": "x"}, url="/api/v1/discretion/deviation")
    assert r.json()["code"] == "discretion.above_statutory_maximum"


def test_an_amount_within_the_range_needs_nothing(api):
    r = post(api, {**_body(), "amount": "8000"}, url="/api/v1/discretion/deviation")
    assert r.json()["requires_approval"] is False


# --- reads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=挖掘", "hl-76-1"),
        ("q=超限&sector=highway_administration", "ovl-43-2"),
        ("law=道路运输条例&article=第六十三条", "rtr2023-63-1"),
        ("sector=maritime", "msl-96"),
    ],
)
def test_provision_search(api, query, expected):
    r = api.get(f"/api/v1/provisions?{query}&limit=200")
    assert r.status_code == 200
    assert expected in [p["id"] for p in r.json()["items"]]


def test_provision_search_is_paginated(api):
    first = api.get("/api/v1/provisions?limit=10").json()
    second = api.get("/api/v1/provisions?limit=10&offset=10").json()
    assert first["count"] == second["count"] > 20
    assert len(first["items"]) == 10
    assert {p["id"] for p in first["items"]}.isdisjoint(p["id"] for p in second["items"])


def test_provision_detail_has_its_versions(api):
    r = api.get("/api/v1/provisions/rtr2019-63")
    data = r.json()
    assert r.status_code == 200
    assert data["superseded_by"] == ["rtr2023-63-1", "rtr2023-63-2", "rtr2023-63-3"]
    assert "rtr2019-63" in data["versions"]
    assert data["data"]["fallback_fine_min"] == 30000


def test_unknown_provision_is_404(api):
    r = api.get("/api/v1/provisions/nope")
    assert r.status_code == 404
    assert r.json()["code"] == "provision_not_found"


def test_benchmarks_of_a_province(api):
    r = api.get("/api/v1/benchmarks?province=江西")
    data = r.json()
    assert r.status_code == 200
    assert data["count"] >= 3
    assert all(b["province"] == "江西省" for b in data["items"])
    obsolete = [b for b in data["items"] if b["status"] == "obsolete"]
    assert obsolete and all(b["obsolete_reason"] for b in obsolete)


def test_benchmark_detail_lists_levels(api):
    listing = api.get("/api/v1/benchmarks?province=重庆").json()["items"]
    r = api.get(f"/api/v1/benchmarks/{listing[0]['id']}")
    assert r.status_code == 200
    assert [lv["order"] for lv in r.json()["levels"]] == list(range(len(r.json()["levels"])))


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/api/v1/benchmarks/999999", "benchmark_not_found"),
        ("/api/v1/benchmarks?province=火星", "province_not_found"),
        ("/api/v1/benchmarks?status=maybe", "invalid_status"),
        ("/api/v1/exemptions?province=火星", "province_not_found"),
    ],
)
def test_bad_reads(api, url, code):
    r = api.get(url)
    assert r.status_code in (404, 422)
    assert r.json()["code"] == code


def test_exemptions_of_a_province_include_the_national_list(api):
    r = api.get("/api/v1/exemptions?province=江苏")
    scopes = {x["scope"] for x in r.json()}
    assert "national" in scopes and ({"provincial", "local"} & scopes)


def test_facts_for_a_provision(api):
    r = api.get("/api/v1/discretion/facts?provision_id=hl-76-1&province=浙江")
    names = {f["name"] for f in r.json()}
    assert {"area_m2", "first_violation", "corrected"} <= names
    assert "ship_tonnage" not in names


# --- import over the API ---------------------------------------------------------------------


def test_import_over_the_api(
    law_data, zhejiang_supervisor, login, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_excel import _good_levels, _head, _workbook

    client = login(zhejiang_supervisor)
    upload = SimpleUploadedFile("zj.xlsx", _workbook([_head()], _good_levels()))
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/api/v1/benchmarks/imports", {"file": upload})
    assert r.status_code == 202, r.content
    status = client.get(f"/api/v1/benchmarks/imports/{r.json()['id']}").json()
    assert status["status"] == "done"
    assert len(status["benchmarks"]) == 1


def test_import_over_the_api_lists_every_bad_row(
    law_data, zhejiang_supervisor, login, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_excel import _good_levels, _head, _workbook

    levels = _good_levels()
    levels[0]["fine_max"] = 99999
    levels[2]["when"] = "speed_kmh > 1"
    client = login(zhejiang_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/api/v1/benchmarks/imports",
            {"file": SimpleUploadedFile("zj.xlsx", _workbook([_head()], levels))},
        )
    status = client.get(f"/api/v1/benchmarks/imports/{r.json()['id']}").json()
    assert status["status"] == "failed"
    assert sorted(e["line"] for e in status["errors"]) == [2, 4]


def test_officer_may_not_import_over_the_api(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = api.post("/api/v1/benchmarks/imports", {"file": SimpleUploadedFile("a.xlsx", b"x")})
    assert r.status_code == 403
    assert r.json()["code"] == "benchmark_import_forbidden"


def test_someone_elses_import_is_not_found(api, zhejiang_supervisor):
    from zhifa.law.models import BenchmarkImport

    record = BenchmarkImport.objects.create(
        uploaded_by=zhejiang_supervisor, filename="x.xlsx", content=b"x"
    )
    r = api.get(f"/api/v1/benchmarks/imports/{record.pk}")
    assert r.status_code == 404
    assert r.json()["code"] == "import_not_found"
