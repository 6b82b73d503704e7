"""A person signs in, reads their agency, opens the tree and searches it, in headless Chromium."""

import pytest

from zhifa import testing
from zhifa.testing_browser import PHONE

pytestmark = pytest.mark.browser  # the `browser` fixture: zhifa/testing_browser.py


def test_supervisor_signs_in_and_walks_the_tree(transactional_db, live_server, browser):
    # given
    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    hangzhou = testing.make_agency(zhejiang, name="杭州市交通运输综合行政执法支队")
    testing.make_agency(zhejiang, name="宁波市交通运输综合行政执法支队")
    testing.make_officer(hangzhou, full_name="王执法")
    testing.make_user(zhejiang, roles=("supervisor",), username="zj_sup")
    page = browser.new_page(viewport=PHONE)  # a field officer's phone
    # when: sign in
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "zj_sup")
    page.fill("input[name=password]", testing.DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    # then: the home page is the to-do list; from it, the province's agency with its subordinates
    page.wait_for_selector("h1:has-text('我的待办')")
    page.click("a:has-text('本机构概况')")
    page.wait_for_selector("h1:has-text('浙江省交通运输厅')")
    # when: expand nothing, search instead
    page.fill("input[type=search]", "宁波")
    page.wait_for_selector("#search-results a:has-text('宁波市交通运输综合行政执法支队')")
    # when: open Hangzhou from the tree
    page.click("#tree > ul a:has-text('杭州市交通运输综合行政执法支队')")
    page.wait_for_selector("h1:has-text('杭州市交通运输综合行政执法支队')")
    assert page.locator("text=王执法").count() == 1
    assert page.locator(".badge.ok").count() == 1
