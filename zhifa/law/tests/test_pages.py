"""Pages of the law app: each renders, the htmx parts answer, the calculator shows a result."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.law.excel import SHEET_LEVELS
from zhifa.law.models import Benchmark, BenchmarkImport

from .test_excel import _good_levels, _head, _workbook


@pytest.fixture
def page(law_data, officer, login):
    return login(officer)


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/law/",
        "/law/?q=超限&sector=highway_administration",
        "/law/?law=中华人民共和国道路运输条例&article=第六十三条",
        "/law/provisions/rtr2019-63/",
        "/law/provisions/ovl-43-2/",
        "/law/benchmarks/",
        "/law/exemptions/",
        "/law/calculator/",
        "/law/calculator/?provision=hl-76-1&province=浙江",
    ],
)
def test_pages_render(page, url):
    r = page.get(url)
    assert r.status_code == 200
    assert "<html" in text(r)


def test_pages_need_a_signed_in_user(law_data, client):
    r = client.get("/law/")
    assert r.status_code == 302
    assert reverse("login") in r["Location"]


def test_catalogue_search_answers_htmx_with_the_results_only(page):
    r = page.get("/law/?q=擅自挖掘", HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "<html" not in text(r)
    assert "hl-76-1" in text(r)


def test_provision_page_shows_sanctions_and_versions(page):
    body = text(page.get("/law/provisions/rtr2019-63/"))
    assert "30,000元以上100,000元以下" in body  # fallback range of the 2019 text
    for successor in ("rtr2023-63-1", "rtr2023-63-2", "rtr2023-63-3"):
        assert successor in body


def test_unknown_provision_page_is_404(page):
    assert page.get("/law/provisions/nope/").status_code == 404


def test_benchmark_viewer_shows_the_statute_and_the_reason_it_is_obsolete(page):
    b = Benchmark.objects.get(key="bm-rtr2019-63-cd2572")  # 江西 freight, pre-2022
    body = text(page.get(f"/law/benchmarks/{b.pk}/"))
    assert "失效原因" in body
    assert "法定上限10,000元" in body
    assert "3,000元以上10,000元以下" in body  # the statute in force, side by side


def test_benchmarks_of_a_province(page, provinces):
    body = text(page.get(f"/law/benchmarks/?province={provinces['重庆市'].pk}"))
    assert "重庆市公路路政行政处罚裁量基准" in body


def test_exports_are_workbooks(page):
    b = Benchmark.objects.get(key="bm-hl-74-2c39fb")
    for url in (
        f"/law/benchmarks/{b.pk}/export.xlsx",
        "/law/benchmarks/export.xlsx?province=重庆",
        "/law/benchmarks/template.xlsx",
    ):
        r = page.get(url)
        assert r.status_code == 200
        assert "attachment" in r["Content-Disposition"]
        assert SHEET_LEVELS in load_workbook(io.BytesIO(r.content)).sheetnames


# --- calculator ------------------------------------------------------------------------------

CALC = {
    "provision_id": "hl-76-1",
    "province": "浙江",
    "violation_date": "2024-03-01",
    "decision_date": "2024-04-01",
    "party_kind": "legal_person",
    "fact__area_m2": "7",
    "fact__corrected": "",
}


def test_calculator_facts_follow_the_provision(page):
    r = page.get("/law/calculator/facts/?provision_id=hl-76-1&province=浙江")
    assert 'name="fact__area_m2"' in text(r)
    assert 'name="fact__ship_tonnage"' not in text(r)


def test_calculator_renders_an_explained_result(page):
    r = page.post("/law/calculator/result/", CALC, HTTP_HX_REQUEST="true")
    body = text(r)
    assert r.status_code == 200
    assert "给予行政处罚" in body
    assert "较重" in body
    assert "5,000元以上10,000元以下" in body
    assert "7500" in body
    assert "说理" in body and "第七十六条" in body


def test_calculator_shows_bad_input_in_chinese(page):
    r = page.post("/law/calculator/result/", {**CALC, "fact__area_m2": "-3"})
    assert r.status_code == 200
    assert "不能为负数" in text(r)


def test_calculator_deviation_needs_approval(page):
    r = page.post("/law/calculator/deviation/", {**CALC, "amount": "20000", "reason": "情节恶劣"})
    body = text(r)
    assert "须报批" in body
    assert "集体讨论" in body


def test_calculator_deviation_without_reason_is_refused(page):
    r = page.post("/law/calculator/deviation/", {**CALC, "amount": "20000", "reason": ""})
    assert "须书面说明理由" in text(r)


# --- import page -----------------------------------------------------------------------------


def test_an_officer_cannot_open_the_import_page(page):
    r = page.get("/law/benchmarks/import/")
    assert r.status_code == 403


def test_a_provincial_supervisor_uploads_and_sees_the_outcome(
    law_data, zhejiang_supervisor, login, django_capture_on_commit_callbacks
):
    client = login(zhejiang_supervisor)
    assert client.get("/law/benchmarks/import/").status_code == 200
    upload = io.BytesIO(_workbook([_head()], _good_levels()))
    upload.name = "zhejiang.xlsx"

    # when
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/law/benchmarks/import/", {"file": upload})

    # then the progress page shows the imported table
    assert r.status_code == 302
    record = BenchmarkImport.objects.get()
    progress = client.get(r["Location"])
    assert "已全部导入" in text(progress)
    partial = client.get(r["Location"], HTTP_HX_REQUEST="true")
    assert "<html" not in text(partial) and "hx-trigger" not in text(partial)
    assert record.status == "done"


def test_a_failed_upload_lists_the_bad_rows(
    law_data, zhejiang_supervisor, login, django_capture_on_commit_callbacks
):
    client = login(zhejiang_supervisor)
    levels = _good_levels()
    levels[0]["fine_max"] = 99999
    upload = io.BytesIO(_workbook([_head()], levels))
    upload.name = "bad.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/law/benchmarks/import/", {"file": upload})
    body = text(client.get(r["Location"]))
    assert "未导入任何数据" in body
    assert "法定上限10,000元" in body


def test_a_running_import_is_polled(law_data, zhejiang_supervisor, login):
    client = login(zhejiang_supervisor)
    record = BenchmarkImport.objects.create(
        uploaded_by=zhejiang_supervisor,
        filename="x.xlsx",
        content=b"x",
        rows_total=10,
        rows_done=4,
        status="running",
    )
    body = text(client.get(f"/law/benchmarks/import/{record.pk}/", HTTP_HX_REQUEST="true"))
    assert 'hx-trigger="every 1s"' in body
    assert 'value="40"' in body


def test_someone_else_cannot_see_an_import(law_data, zhejiang_supervisor, officer, login):
    record = BenchmarkImport.objects.create(
        uploaded_by=zhejiang_supervisor, filename="x.xlsx", content=b"x"
    )
    client = login(officer)
    assert client.get(f"/law/benchmarks/import/{record.pk}/").status_code == 404


def test_upload_rejects_other_file_types(law_data, zhejiang_supervisor, login):
    client = login(zhejiang_supervisor)
    upload = io.BytesIO(b"a,b")
    upload.name = "x.csv"
    r = client.post("/law/benchmarks/import/", {"file": upload})
    assert r.status_code == 200
    assert ".xlsx" in text(r)
    assert not BenchmarkImport.objects.exists()
