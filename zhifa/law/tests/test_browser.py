"""An officer uses the discretion calculator on a phone, in headless Chromium."""

import pytest

from zhifa import testing
from zhifa.law import services
from zhifa.testing_browser import PHONE

from .conftest import AS_OF, DATA_DIR

pytestmark = pytest.mark.browser  # the `browser` fixture: zhifa/testing_browser.py


def test_officer_computes_a_fine_and_checks_a_deviation(
    transactional_db, live_server, browser, provinces
):
    # given the catalogue and an officer of a 浙江 squad
    services.load_law_data(DATA_DIR, as_of=AS_OF)
    ministry = testing.make_ministry()
    department = testing.make_agency(ministry, name="浙江省交通运输厅")
    squad = testing.make_agency(department, name="杭州市交通运输综合行政执法支队")
    testing.make_user(squad, roles=("officer",), username="hz_officer")
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "hz_officer")
    page.fill("input[name=password]", testing.DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    # when: the officer searches the catalogue by conduct, in Chinese
    page.goto(f"{live_server.url}/law/")
    # 超限行驶 (hl-76-5), before the search; provisions are shown by their citation, not their data id
    assert "《公路法》第七十六条第（五）项" in page.locator("#results").inner_text()
    page.fill("input[name=q]", "擅自挖掘")
    page.wait_for_function(
        "() => { const t = document.querySelector('#results').innerText;"
        " return t.includes('第七十六条第（一）项') && !t.includes('第七十六条第（五）项'); }"
    )

    # when: the officer picks the provision and the province, then states the facts
    page.goto(f"{live_server.url}/law/calculator/")
    page.fill("input[name=province]", "浙江")
    page.press("input[name=province]", "Tab")  # change -> htmx reloads the fact inputs
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=provision_id]", "hl-76-1")
    page.wait_for_selector("input[name=fact__area_m2]")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=violation_date]", "2024-03-01")
    page.fill("input[name=decision_date]", "2024-04-01")
    page.fill("input[name=fact__area_m2]", "7")
    page.click("button:has-text('计算裁量建议')")

    # then: the explained recommendation appears
    page.wait_for_selector("#recommendation")
    assert page.locator("#recommendation .amount").inner_text().startswith("7500")
    assert "第七十六条" in page.locator("textarea.reasoning").input_value()

    # when: an amount outside the range, with a reason
    page.fill("input[name=amount]", "20000")
    page.fill("textarea[name=reason]", "多次拒不配合调查")
    page.click("button:has-text('检查')")

    # then: it is marked as needing approval
    page.wait_for_selector("#deviation .badge.bad")
    assert "集体讨论" in page.locator("#deviation").inner_text()
