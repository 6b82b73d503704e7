"""The provision picker in Chromium: a search box over the grouped list, and the violation date
deciding which texts may be chosen (the 2019 road-transport regulation for an act of 2020)."""

import re

from zhifa.testing_browser import PHONE

from .test_browser import pytestmark  # noqa: F401  (shared set-up)


def test_search_and_violation_date_in_the_lead_form(squad, live_server, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "hz_officer1")
    page.fill("input[name=password]", _password())
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/cases/leads/new/")
    search = page.locator("[data-picker-search]")
    assert search.is_visible()
    # when: searching for 挖掘 leaves only matching options visible
    search.fill("挖掘")
    visible = page.eval_on_selector_all(
        "select[name=provision] option:not([hidden])", "os => os.map(o => o.textContent)"
    )
    assert any("挖掘" in t for t in visible)
    assert not any("超限" in t and "挖掘" not in t for t in visible)
    search.fill("")
    old = "select[name=provision] optgroup[label*='道路运输条例'][label*='2019'] option"
    new = "select[name=provision] option[value='rtr2023-63-1']"
    # then: for an act of today the 2019 text is repealed, for an act of 2020 it is the one in force
    assert page.locator(old).first.is_disabled()
    page.fill("input[name=violation_date]", "2020-05-01")
    page.locator("input[name=violation_date]").dispatch_event("change")
    assert page.locator(old).first.is_enabled()
    assert page.locator(new).is_disabled()
    assert re.search("（未生效）$", page.locator(new).text_content())
    assert not re.search("（已废止）$", page.locator(old).first.text_content())


def _password():
    from zhifa import testing

    return testing.DEFAULT_PASSWORD
