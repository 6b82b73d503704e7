"""The oversight pages at the narrowest phone width (360 px): the hot-spot rectification form is
filled and sent, then the rectification, the monitor and the reports page fit without sideways
scrolling of the page."""

import pytest

from zhifa import testing
from zhifa.testing_browser import NARROW_PHONE, sign_in

pytestmark = pytest.mark.browser


def test_pages_fit_a_phone(transactional_db, world, people, live_server, browser):
    from datetime import timedelta
    from urllib.parse import quote

    from django.utils import timezone

    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    page = browser.new_page(viewport=NARROW_PHONE)
    sign_in(page, live_server.url, people.zj_supervisor.username, testing.DEFAULT_PASSWORD)
    page.goto(
        f"{live_server.url}/oversight/rectifications/new/?source=hot_spot"
        f"&agency={world.hangzhou.pk}&month=2026-11&topic={quote('出租车 拒载')}"
    )
    assert page.input_value("input[name=title]") == "投诉举报热点整改：出租车 拒载"
    page.fill("input[name=due]", due)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "整改：投诉举报热点整改" in page.inner_text("h1")
    for path in ("", "/oversight/", "/oversight/fines/", "/oversight/reports/"):
        if path:
            page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW_PHONE["width"], (path or page.url, width)
