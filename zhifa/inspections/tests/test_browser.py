"""The inspection and equipment pages and the portal list fit a 360 px phone and work at 1366 px
(headless Chromium); the record form is one plain POST form with every field."""

import pytest

from zhifa import testing
from zhifa.equipment import services as equipment
from zhifa.inspections import services
from zhifa.testing_browser import NARROW_PHONE, sign_in

from .conftest import JPEG, make_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def drawn(transactional_db, iw):
    plan = make_plan(iw)
    services.draw_plan(plan, seed="手机-1", actor=iw.head)
    equipment.register_device(
        iw.world.hangzhou, kind="body_camera", serial_number="ZFJLY-9", actor=iw.head
    )
    return plan, plan.inspections.get()


@pytest.mark.parametrize("viewport", [NARROW_PHONE, {"width": 1366, "height": 900}])
def test_pages_fit_the_screen(drawn, iw, live_server, browser, viewport):
    plan, inspection = drawn
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    sign_in(page, live_server.url, iw.head.username, testing.DEFAULT_PASSWORD)
    for path in (
        "/inspections/",
        f"/inspections/plans/{plan.pk}/",
        f"/inspections/{inspection.pk}/",
        "/equipment/",
        "/gongshi/inspections/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], (path, width)
    # the record form: one form holding every field, posted plainly
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    form = page.locator("#record form")
    assert form.get_attribute("method") == "post"
    for name in (
        "inspected_on",
        "inspectors",
        "certificates_shown",
        "scope",
        "items_checked",
        "findings",
        "photos",
    ):
        assert form.locator(f"[name={name}]").count() >= 1, name
    context.close()


def test_record_filled_offline_then_sent_once_with_its_photo(drawn, iw, live_server, browser):
    """The inspection record as an offline field form: opened with a signal, filled with none
    (a photo attached), kept on the device, sent by itself once the network is back — once."""
    from zhifa.records.models import JournalEntry

    _plan, inspection = drawn
    officer = inspection.inspectors.first()
    name = f"inspection-record-{inspection.pk}"
    context = browser.new_context(viewport=NARROW_PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, officer.user.username, testing.DEFAULT_PASSWORD)
    url = f"{live_server.url}/inspections/{inspection.pk}/"
    page.goto(url)
    page.wait_for_selector("html[data-offline-ready='1']", timeout=30_000)
    context.set_offline(True)
    page.goto(url)
    page.wait_for_selector("#record form")
    page.check("input[name=certificates_shown]")
    page.fill("input[name=scope]", "经营场所")
    page.check("input[name=items_checked][value='经营资质']")
    page.fill("textarea[name=findings]", "未按规定公示经营许可证")
    page.set_input_files(
        "input[name=photos]",
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": JPEG}],
    )
    page.click("#record button[type=submit]")
    page.wait_for_selector(f"[data-offline-drafts='{name}'] li[data-state='pending']")
    assert "1张照片" in page.inner_text(f"[data-offline-drafts='{name}']")
    inspection.refresh_from_db()
    assert inspection.state == "scheduled"
    context.set_offline(False)
    page.wait_for_selector(f"[data-offline-status='{name}']:has-text('已提交')", timeout=30_000)
    inspection.refresh_from_db()
    assert inspection.state == "done" and inspection.photos.count() == 1
    assert inspection.findings.count() == 1
    recorded = JournalEntry.objects.filter(event_type="inspection.recorded").count()
    assert recorded == 1
    context.set_offline(True)
    context.set_offline(False)
    page.reload()
    assert JournalEntry.objects.filter(event_type="inspection.recorded").count() == recorded
    assert page.evaluate(f"localStorage.getItem('zhifa-offline:{name}')") == "[]"
    context.close()
