"""The inspection and equipment pages and the portal list fit a 360 px phone and work at 1366 px
(headless Chromium); the record form is one plain POST form with every field."""

import pytest

from zhifa import testing
from zhifa.equipment import services as equipment
from zhifa.inspections import services
from zhifa.testing_browser import NARROW_PHONE, sign_in

from .conftest import make_plan

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
