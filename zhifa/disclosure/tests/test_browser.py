"""The portal read in Chromium with JavaScript switched off: every page, link and the search
form work without a script (issue 12 item 1)."""

import pytest

from zhifa import testing


@pytest.mark.browser
def test_portal_reads_with_javascript_off(transactional_db, live_server, browser):
    ministry = testing.make_ministry()
    province = testing.make_agency(ministry, name="浙江省交通运输厅")
    squad = testing.make_agency(province, name="杭州市交通运输综合行政执法支队")
    testing.make_officer(squad, full_name="执法员甲", username="jia")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/gongshi/")
    assert page.locator("h1").inner_text() == "执法主体与人员（事前公开）"
    page.get_by_role("link", name="杭州市交通运输综合行政执法支队").click()
    assert "执法员甲" in page.locator("#officers + table").inner_text()
    page.get_by_role("link", name="处罚决定").first.click()
    page.get_by_label("违法行为").fill("挖掘公路")
    page.get_by_label("违法行为").press("Enter")  # a plain GET form: no script needed
    page.wait_for_url("**/gongshi/decisions/?*cause=*")
    assert "没有符合条件的公示信息" in page.locator("#decisions").inner_text()
    page.get_by_role("link", name="投诉举报").first.click()
    # the complaint form itself is a plain form too (issue 12 item 3)
    assert page.get_by_label("诉求内容（必填，2000 字以内）").is_visible()
    context.close()
