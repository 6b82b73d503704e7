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


@pytest.mark.browser
def test_the_inclusion_proof_is_checked_in_the_browser(
    transactional_db, live_server, browser, api, world, people, law
):
    """Issue 12 item 7: the decision page's button recomputes the proof in the reader's browser
    (static/disclosure/proof.js, SM3 written out, no inline script); with JavaScript off the page
    shows the proof and how to check it offline."""
    import io
    import json
    from datetime import date

    from django.core.management import call_command
    from django.utils import timezone

    from zhifa.disclosure import services
    from zhifa.disclosure.models import Disclosure
    from zhifa.workcalendar.selectors import invalidate_calendar_cache

    from .test_publication import decided

    call_command("seed_calendar", stdout=io.StringIO())  # the flush emptied the migration's days
    invalidate_calendar_cache()
    cid = decided(api, people)
    api.step(people.o1.user, cid, "publication", date(2026, 6, 12))
    d = Disclosure.objects.get(case_id=cid)
    services.anchor_hour(timezone.localtime() + timezone.timedelta(hours=1))
    url = f"{live_server.url}/gongshi/decisions/{d.pk}/"
    errors = []

    # with JavaScript: the button appears, and the check passes
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    button = page.get_by_role("button", name="在本机浏览器中核验")
    button.click()
    result = page.locator("#verify-result")
    result.filter(has_text="已验证").wait_for()
    assert "已验证" in result.inner_text()

    # a proof changed on its way is refused with the reason
    def forged(route):
        proof = json.loads(route.fetch().text())
        proof["payload"] = proof["payload"].replace("张某", "王某")
        route.fulfill(json=proof)

    page.route("**/proof.json", forged)
    button.click()
    result.filter(has_text="核验未通过").wait_for()
    assert "公示内容与记录中的内容摘要不一致" in result.inner_text()
    assert errors == []  # no CSP violation, no script error
    page.close()

    # without JavaScript, on the narrowest phone: no dead button, the proof and the offline
    # instructions instead; neither page is wider than the screen (long hashes wrap)
    from zhifa.testing_browser import NARROW_PHONE

    context = browser.new_context(java_script_enabled=False, viewport=NARROW_PHONE)
    page = context.new_page()
    page.goto(url)
    assert not page.get_by_role("button", name="在本机浏览器中核验").is_visible()
    page.get_by_text("证明内容与离线核验方法").click()
    detail = page.locator("#proof-detail").inner_text()
    assert (
        "python3 verify_inclusion.py" in detail
        and "核验脚本" in detail
        and d.journal_chain in detail
    )
    wide = "document.documentElement.scrollWidth"
    assert page.evaluate(wide) <= NARROW_PHONE["width"]
    page.goto(f"{live_server.url}/gongshi/anchors/")
    assert "Ed25519" in page.locator("#public-key").inner_text()
    assert page.evaluate(wide) <= NARROW_PHONE["width"]
    context.close()
