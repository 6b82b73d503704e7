"""The dashboard in headless Chromium: the charts draw under the CSP (no inline script), and the
page fits a 360 px phone and a 1366 px screen (tables scroll inside their own box)."""

import io

import pytest
from django.core.management import call_command

from zhifa import testing
from zhifa.orgs.models import Agency
from zhifa.testing_browser import NARROW_PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def national(transactional_db):
    call_command(
        "generate_national_data", cases=400, seed=5, as_of="2026-11-30", stdout=io.StringIO()
    )
    testing.make_user(Agency.objects.get(parent=None), roles=("supervisor",), username="mot_sup")


@pytest.mark.parametrize("viewport", [NARROW_PHONE, {"width": 1366, "height": 800}])
def test_dashboard_draws_and_fits(national, live_server, browser, viewport):
    page = browser.new_page(viewport=viewport)
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "mot_sup")
    page.fill("input[name=password]", testing.DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/indicators/?year=2026")
    page.wait_for_selector("#chart-units canvas")
    assert page.locator("#chart-monthly canvas").count() == 1
    assert page.locator("table.figures tbody tr").count() >= 25  # the provinces and the total
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page wider than the screen by {overflow}px"
    assert errors == []  # no CSP refusal, no script error
