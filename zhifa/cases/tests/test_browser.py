"""A general-procedure case carried from lead to archive in headless Chromium, on a phone, by the
people who do the work: two officers, the agency head and the legal reviewer, each signing in in
turn. Every step goes through the case page: the button of an action the user may take now, its
form (loaded by htmx), the service behind it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.testing_browser import PHONE

pytestmark = pytest.mark.browser  # the `browser` fixture: zhifa/testing_browser.py


class Desk:
    """One phone passed from person to person: sign in, open the case, take a step."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base = base_url
        self.case_url = ""

    def sign_in(self, username: str) -> None:
        page = self.page
        if page.locator("button:has-text('退出')").count():
            page.click("button:has-text('退出')")
            page.wait_for_load_state()
        page.goto(f"{self.base}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", testing.DEFAULT_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if self.case_url:
            page.goto(self.case_url)
            page.wait_for_load_state("load")

    def open_action(self, code: str) -> None:
        page = self.page
        page.click(f"[data-action={code}] a.button")
        page.wait_for_selector("#action-form")

    def submit(self, state: str) -> None:
        """Submit the open form and wait for the case page in `state`."""
        page = self.page
        with page.expect_navigation():  # htmx follows the HX-Redirect to the case page
            page.click("#action-form button[type=submit]")
        page.wait_for_selector(f"#case-state:has-text('{state}')")
        page.wait_for_load_state("load")

    def step(self, code: str, state: str, fill=None) -> None:
        self.open_action(code)
        if fill:
            fill(self.page)
        self.submit(state)

    def task(self, label: str, fill) -> None:
        page = self.page
        page.click(f"#tasks a:has-text('{label}')")
        page.wait_for_selector("#task-form")
        fill(page)
        with page.expect_navigation():
            page.click("#task-form button[type=submit]")
        page.wait_for_selector(".messages li.success")
        page.wait_for_load_state("load")

    def state(self) -> str:
        return self.page.locator("#case-state").inner_text()

    def fits_the_phone(self) -> bool:
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
        )


def test_general_procedure_from_lead_to_archive_on_a_phone(squad, live_server, browser):
    # given the squad's people and a phone
    today = timezone.localdate()
    page = browser.new_page(viewport=PHONE)
    desk = Desk(page, live_server.url)

    # when 执法员甲 records a lead found on inspection, with both officers on it
    desk.sign_in("hz_officer1")
    page.goto(f"{live_server.url}/cases/leads/new/")
    page.select_option("select[name=source]", "inspection")
    page.fill("input[name=violation_date]", (today - timedelta(days=2)).isoformat())
    page.select_option("select[name=provision]", "hl-76-1")
    page.fill("textarea[name=facts]", "巡查发现当事人未经许可擅自在国道旁挖掘公路约7平方米")
    page.select_option("select[name=party_kind]", "organisation")
    page.fill("input[name=party_name]", "某建设工程有限公司")
    page.fill("input[name=party_id_number]", "91330100716105852F")
    page.check("#f-officers label:has-text('执法员甲') input")
    page.check("#f-officers label:has-text('执法员乙') input")
    assert desk.fits_the_phone()
    page.click("#lead-form button[type=submit]")
    page.wait_for_selector("#case-state:has-text('线索')")
    desk.case_url = page.url
    # then the lead page lists both officers, able to act, and offers them no filing
    assert page.locator("#case-officers .badge.ok").count() == 2
    assert page.locator("[data-action=file_case]").count() == 0
    assert desk.fits_the_phone()

    # when the head files it: a case number and the 90-day decision period
    desk.sign_in("hz_head")
    desk.step("file_case", "已立案")
    assert page.locator("h1").inner_text().endswith("号")
    assert page.locator("#deadlines tbody tr").count() >= 1

    # when 执法员乙 investigates: starts, records an interview, marks the case for legal review,
    # and computes the discretion recommendation
    desk.sign_in("hz_officer2")
    desk.step("start_investigation", "调查取证")
    assert page.locator("[data-action=submit_report] button[disabled]").count() == 1
    assert "尚未收集证据" in page.locator("[data-action=submit_report]").inner_text()
    desk.task(
        "记录调查取证笔录",
        lambda p: (
            p.select_option("#task-form select[name=kind]", "interview_record"),
            p.fill("#task-form textarea[name=summary]", "询问当事人现场负责人，对挖掘事实无异议"),
        ),
    )
    desk.task(
        "补充案件信息",
        lambda p: (
            p.check("#task-form label:has-text('列入本机关重大执法决定法制审核目录') input"),
            p.fill("#task-form input[name=reason]", "经查属于本机关法制审核目录事项"),
        ),
    )
    with page.expect_navigation():
        page.click("#recommendation button:has-text('计算裁量建议')")
    page.wait_for_selector("#recommendation .reasoning")
    assert "第七十六条" in page.locator("#recommendation .reasoning").inner_text()
    suggested = page.locator("#recommendation .amount").inner_text().split()[0].replace(",", "")
    desk.step(
        "submit_report",
        "调查报告已提交",
        lambda p: p.fill("textarea[name=summary]", "事实清楚，证据确凿，建议给予罚款"),
    )

    # when the head reviews and approves the report (no unit head in this squad)
    desk.sign_in("hz_head")
    desk.step("review_report", "调查报告已提交")
    desk.step("approve_report", "调查报告已批准")

    # when 执法员甲 serves the notice of violation: first with a fine above the statute
    desk.sign_in("hz_officer1")
    desk.open_action("serve_rights_notice")
    assert page.input_value("input[name=penalty_fine]") == suggested  # the recommendation
    page.fill("input[name=penalty_fine]", "9999999")
    page.click("#action-form button[type=submit]")
    # then the refusal comes back in Chinese in the form, the typed amount kept
    page.wait_for_selector("#action-form .error-box")
    assert "超过" in page.locator("#action-form .error-box").inner_text()
    assert page.input_value("input[name=penalty_fine]") == "9999999"
    assert desk.state() == "调查报告已批准"
    # when corrected to the recommended amount
    page.fill("input[name=penalty_fine]", suggested)
    desk.submit("已告知")
    desk.step(
        "record_statement",
        "已告知",
        lambda p: p.fill("textarea[name=text]", "当事人对违法事实无异议，请求从轻处罚"),
    )
    desk.step("submit_legal_review", "法制审核中")

    # when the legal reviewer passes the review with every item of the checklist
    desk.sign_in("hz_reviewer")
    assert page.locator("#tasks a").count() == 0  # not an officer of the case

    def review(p):
        for box in p.locator("#f-checklist input[type=checkbox]").all():
            box.check()
        p.fill("textarea[name=opinion]", "主体合法，程序合法，事实清楚，证据充分，适用法律正确")

    desk.step("pass_legal_review", "法制审核通过", review)

    # when the head decides the notified penalty
    desk.sign_in("hz_head")
    desk.open_action("decide_penalty")
    assert Decimal(page.input_value("input[name=penalty_fine]")) == Decimal(suggested)  # notified
    desk.submit("已作出行政处罚决定")

    # when 执法员甲 serves the decision, opens the payment period and records the payment
    desk.sign_in("hz_officer1")
    desk.step(  # the service names the address (the party's was not recorded) and recipient
        "serve_decision",
        "决定书已送达",
        lambda p: p.fill("input[name=address]", "杭州市西湖区文三路1号"),
    )
    desk.step("start_performance", "待履行")
    assert "缴纳" in page.locator("#deadlines").inner_text()
    desk.step("record_payment", "履行完毕", lambda p: p.fill("input[name=reference]", "浙财缴0001"))

    # when the head closes and archives the case
    desk.sign_in("hz_head")
    desk.step("close_case", "已结案")
    desk.step("archive_case", "已归档")

    # then: archived, no open deadline, no action left, the whole way in the timeline and documents
    assert page.locator("#deadlines tbody tr").count() == 0
    assert "没有可办理的事项" in page.locator("#actions").inner_text()
    timeline = page.locator("#timeline").inner_text()
    for label in ("立案", "法制审核", "归档"):
        assert label in timeline
    assert page.locator("#timeline li").count() >= 15
    documents = page.locator("#documents").inner_text()
    for name in ("立案登记表", "违法行为通知书", "行政处罚决定书", "结案报告"):
        assert name in documents
    assert desk.fits_the_phone()
