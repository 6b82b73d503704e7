"""In headless Chromium: the agency head opens an archived case's page and downloads the penalty
decision and the case file (案卷) from the documents panel; the files are the issued ones."""

import io
from types import SimpleNamespace

import pytest
from django.test import Client
from pypdf import PdfReader

from zhifa import testing
from zhifa.accounts.models import User
from zhifa.cases.tests.helpers import Api
from zhifa.documents.models import CaseFile, IssuedDocument
from zhifa.documents.tests.conftest import archive, decided_case, make_doc_settings
from zhifa.testing_browser import sign_in

pytestmark = pytest.mark.browser


def test_download_decision_and_case_file_from_the_case_page(squad, live_server, browser):
    # the shared Hangzhou squad (zhifa/testing_browser.py), with its agency's document settings
    make_doc_settings(squad)
    users = {u.username: u for u in User.objects.filter(agency=squad)}
    people = SimpleNamespace(
        o1=users["hz_officer1"].officer,
        o2=users["hz_officer2"].officer,
        head=users["hz_head"],
    )

    # given a case carried to its archive (the case file is made by the archive step)
    api = Api(Client())
    cid = decided_case(api, people)
    archive(api, people, cid)
    decision = IssuedDocument.objects.get(case_id=cid, kind="penalty_decision")
    case_file = CaseFile.objects.get(case_id=cid)

    # when the agency head signs in and opens the case page
    page = browser.new_page(accept_downloads=True)
    sign_in(page, live_server.url, people.head.username, testing.DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/cases/{cid}/")
    panel = page.locator("#documents-panel")
    panel.wait_for()

    # then the decision's PDF downloads from its row, byte for byte the issued file
    with page.expect_download() as d1:
        panel.locator(f"#document-{decision.document_id} a.dl-pdf").click()
    pdf = open(d1.value.path(), "rb").read()  # noqa: SIM115
    assert pdf == bytes(decision.pdf)
    assert "〔2026〕杭交执罚字第" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    with page.expect_download() as d2:
        panel.locator(f"#document-{decision.document_id} a.dl-docx").click()
    assert d2.value.suggested_filename.endswith(".docx")

    # and the case file downloads whole, with its bookmarks
    with page.expect_download() as d3:
        panel.locator("a.dl-case-file").click()
    data = open(d3.value.path(), "rb").read()  # noqa: SIM115
    assert data == bytes(case_file.pdf)
    assert [o.title for o in PdfReader(io.BytesIO(data)).outline][:2] == ["封面", "目录"]

    # the preview shows the issued text; the public check accepts the file without a login
    page.goto(f"{live_server.url}/documents/{decision.document_id}/")
    assert "杭州市人民政府" in page.locator("#document-preview").inner_text()
    page.click("button:has-text('退出')")
    page.goto(f"{live_server.url}/verify/{decision.code}")
    page.set_input_files(
        "input[name=file]", files=[{"name": "d.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.click("#verify button[type=submit]")
    page.wait_for_selector("#verify-match")
