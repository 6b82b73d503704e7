"""Under the Content-Security-Policy the pages still work in Chromium: no script is refused, the
tree's arrow and the language switch (once inline handlers, now site.js) still answer."""

import pytest

from zhifa import testing
from zhifa.testing_browser import sign_in

pytestmark = pytest.mark.browser


def test_pages_work_under_the_policy(transactional_db, live_server, browser):
    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    hangzhou = testing.make_agency(zhejiang, name="杭州市交通运输综合行政执法支队")
    testing.make_agency(hangzhou, name="萧山大队")
    testing.make_user(zhejiang, roles=("supervisor",), username="csp_sup")
    page = browser.new_page()
    refused = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else 0
    )
    sign_in(page, live_server.url, "csp_sup", testing.DEFAULT_PASSWORD)
    page.goto(f"{live_server.url}/agencies/{zhejiang.pk}/")
    toggle = page.locator("#tree button[data-toggle-arrow]").first
    toggle.click()
    assert toggle.inner_text() == "▾"
    page.wait_for_selector("#tree a:has-text('萧山大队')")
    # the language switch submits itself: the page comes back in English
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert refused == []
