"""Field use offline (issue 14 item 7) in headless Chromium on a phone: the officer opens the
on-the-spot form while online (the service worker keeps it), loses the signal, opens the form
again from the device, fills it and submits — the draft stays on the device — and when the
network comes back the draft is sent by itself, exactly once: the case exists once."""

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.testing_browser import NARROW_PHONE, sign_in

pytestmark = pytest.mark.browser  # the `browser` fixture: zhifa/testing_browser.py

FORM = "#onspot-form"


def _fill(page, name: str) -> None:
    today = timezone.localdate().isoformat()
    page.fill("input[name=received_on]", today)
    page.fill("input[name=violation_date]", today)
    page.select_option("select[name=provision]", "rtr2023-64")
    page.fill("textarea[name=facts]", "检查发现驾驶人未取得道路货物运输从业资格证驾驶营运货车。")
    page.select_option("select[name=party_kind]", "person")
    page.fill("input[name=party_name]", name)
    page.fill("input[name=party_id_number]", "11010519491231002X")
    page.check("#f-officers label:has-text('执法员甲') input")
    page.check("#f-officers label:has-text('执法员乙') input")
    page.fill("input[name=fine]", "200")
    for box in page.locator("#f-onspot_steps input[type=checkbox]").all():
        box.check()
    page.check("input[name=facts_conclusive]")
    page.check("input[name=has_legal_basis]")


def test_filled_offline_then_synced_once_when_online(squad, live_server, browser):
    from zhifa.cases.models import Case

    context = browser.new_context(viewport=NARROW_PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "hz_officer1", testing.DEFAULT_PASSWORD)
    url = f"{live_server.url}/cases/onspot/new/"
    # given the form opened once with a signal: the service worker keeps it on the device
    page.goto(url)
    page.wait_for_selector("html[data-offline-ready='1']", timeout=30_000)
    # when the signal is gone and the officer opens the form again
    context.set_offline(True)
    page.goto(url)
    page.wait_for_selector(FORM)
    _fill(page, "离线王五")
    page.click(f"{FORM} button[type=submit]")
    # then the draft is kept on the device, nothing reached the server
    page.wait_for_selector("[data-offline-drafts='onspot-case'] li[data-state='pending']")
    assert "已保存在本机" in page.inner_text("[data-offline-status='onspot-case']")
    assert not Case.objects.filter(party__name="离线王五").exists()
    # and the form with its draft list fits the narrowest phone
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]
    # when the network returns
    context.set_offline(False)
    page.wait_for_selector("[data-offline-status='onspot-case']:has-text('已提交')", timeout=30_000)
    # then the case exists once, decided on the spot, and no draft is left on the device
    assert Case.objects.filter(party__name="离线王五").count() == 1
    case = Case.objects.get(party__name="离线王五")
    assert case.state == "onspot_decided"
    assert page.locator("[data-offline-drafts='onspot-case'] li").count() == 0
    assert page.evaluate("localStorage.getItem('zhifa-offline:onspot-case')") == "[]"
    # and going offline and online again sends nothing more
    context.set_offline(True)
    context.set_offline(False)
    page.reload()
    page.wait_for_selector(FORM)
    assert Case.objects.filter(party__name="离线王五").count() == 1
    context.close()
