"""The public complaint form in headless Chromium (issue 12 item 6): hostile markup is refused with
a Chinese message and runs nowhere; a real complaint gets its tracking code, and the status page
answers by that code. Works with JavaScript off too (no script on these pages)."""

import re

import pytest

from zhifa.complaints.models import Complaint
from zhifa.complaints.tests.conftest import configure

pytestmark = pytest.mark.browser
DIGITS = "零一二三四五六七八九十"


@pytest.fixture
def portal(transactional_db):
    from zhifa import testing

    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    configure(zhejiang)
    return testing.make_agency(zhejiang, name="杭州市交通运输综合行政执法支队")


def _fill(page, agency, content):
    page.select_option("select[name=agency]", str(agency.pk))
    page.check("input[name=category][value=complaint]")
    page.fill("textarea[name=content]", content)
    page.fill("input[name=phone]", "13912345678")
    label = page.inner_text("label[for=f-captcha]")
    a, b = re.search(r"(.)加(.)等于几", label).groups()
    page.fill("input[name=captcha]", str(DIGITS.index(a) + DIGITS.index(b)))
    page.click("button[type=submit]")


def test_hostile_markup_never_runs_and_a_real_complaint_is_tracked(portal, live_server, browser):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}/gongshi/complaints/")
    _fill(page, portal, '出租车拒载<img src=x onerror="window.__pwned=1;alert(1)">')
    assert "不能包含网页标记" in page.inner_text("[role=alert]")
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert not Complaint.objects.exists()

    _fill(page, portal, "杭州东站出租车拒载，车牌浙A12345。")
    code = page.inner_text("[role=status] strong")
    assert re.fullmatch(r"[0-9A-Z]{10}", code)
    page.goto(f"{live_server.url}/gongshi/complaints/status/?code={code}")
    assert "已受理" in page.inner_text("main")
