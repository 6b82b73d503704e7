"""A head's to-do list leading to the approval, in headless Chromium (issue 8, point 9): the head
signs in, sees the lead waiting for filing on the home page, follows the link, files the case,
and the item is gone from the list."""

import os
import shutil

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.cases import services

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason="Debian chromium not installed (.ci/run installs it)"
    ),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM is only used before it starts.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture
def lead(transactional_db):
    """Hangzhou's squad and a lead registered by an officer today, both officers on it."""
    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    hangzhou = testing.make_agency(zhejiang, name="杭州市交通运输综合行政执法支队")
    o1 = testing.make_officer(hangzhou, username="hz_officer1", full_name="执法员甲")
    o2 = testing.make_officer(hangzhou, username="hz_officer2", full_name="执法员乙")
    testing.make_user(hangzhou, roles=("agency_head",), username="hz_head", full_name="负责人")
    today = timezone.localdate()
    return services.create_lead(
        actor=o1.user,
        agency=hangzhou,
        source="inspection",
        facts="巡查发现当事人未经许可擅自挖掘公路",
        received_on=today,
        violation_date=today,
        party={
            "kind": "organisation",
            "name": "某建设工程有限公司",
            "id_number": "91330100716105852F",
        },
        officers=[o1, o2],
    )


def test_head_follows_the_to_do_list_to_the_filing_and_files_the_case(lead, live_server, browser):
    page = browser.new_page()
    # when the head signs in
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "hz_head")
    page.fill("input[name=password]", testing.DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    # then the home page is the to-do list, with the lead waiting for filing and the count in
    # the header
    page.wait_for_selector("h1:has-text('我的待办')")
    item = page.locator("#todo-filing a:has-text('立案审批')")
    assert item.count() == 1
    assert page.locator("#todo-count").inner_text() == "1"
    # when the head follows the link: the filing form of exactly this case
    item.click()
    page.wait_for_selector("#action-form")
    assert f"/cases/{lead.pk}/actions/file_case/" in page.url
    with page.expect_navigation():
        page.click("#action-form button[type=submit]")
    page.wait_for_selector("#case-state:has-text('已立案')")
    # then back home, the item is gone and the header shows no to-do
    page.goto(f"{live_server.url}/")
    page.wait_for_selector("h1:has-text('我的待办')")
    assert page.locator("#todo-filing").count() == 0
    assert page.locator("#todo-count").count() == 0
    assert page.locator("#todo-empty").count() == 1
