"""In headless Chromium on a phone: an officer uploads a photo from the case page's evidence section
without leaving the case; the card shows the stored file's digest and the list shows the item."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.testing_browser import PHONE, sign_in

from .conftest import JPEG, PDF

pytestmark = pytest.mark.browser


def test_upload_evidence_inline_on_the_case_page(squad, live_server, browser, settings, tmp_path):
    from zhifa.accounts.models import User
    from zhifa.cases import services as cases

    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    officer = User.objects.get(username="hz_officer1").officer
    colleague = User.objects.get(username="hz_officer2").officer
    case = cases.create_lead(
        actor=officer.user,
        agency=squad,
        source="inspection",
        facts="货车未随车携带道路运输证",
        received_on=timezone.localdate() - timedelta(days=1),
        officers=[officer, colleague],
    )
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server.url, "hz_officer1", testing.DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    # when the officer opens the upload in the evidence section and sends a PDF named as a photo
    page.click("#evidence-upload summary")
    form = page.locator("#evidence-upload form")
    form.wait_for()
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "car.jpg", "mimeType": "image/jpeg", "buffer": PDF}]
    )
    form.locator("input[name=title]").fill("车辆照片")
    form.locator("input[name=place]").fill("G104国道检测站")
    form.locator("select[name=collected_by]").select_option(str(officer.pk))
    now = timezone.localtime() - timedelta(hours=1)
    form.locator("input[name=collected_at]").fill(now.strftime("%Y-%m-%dT%H:%M"))
    form.locator("button[type=submit]").click()
    # then the refusal is in Chinese beside the field, on the case page, and the title is kept
    page.wait_for_selector("#evidence-upload #err-file")
    assert "与文件内容不符" in page.inner_text("#evidence-upload #err-file")
    assert page.url.endswith(f"/cases/{case.pk}/")
    assert page.input_value("#evidence-upload input[name=title]") == "车辆照片"

    # when the photo itself is chosen
    form = page.locator("#evidence-upload form")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "car.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    form.locator("button[type=submit]").click()
    # then the card shows the digest, and the section's list holds the item, still on the case page
    page.wait_for_selector("#upload-done code.digest")
    from zhifa.evidence.models import Evidence

    digest = Evidence.objects.get(case=case).file.digest
    assert page.inner_text("#upload-done code.digest") == digest
    page.wait_for_selector("#evidence-list :text('车辆照片')")
    assert page.url.endswith(f"/cases/{case.pk}/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
