"""Issue 8, point 9, on a phone in headless Chromium: (a) the summary procedure from the lead to the
on-the-spot decision and the payment collected with its receipt; (b) an overweight truck whose facts
are entered on the case page, whose recommendation appears with its reasons, is shown to the head
approving the report, and is suggested in the notice of violation.

Set ZHIFA_SCREENSHOTS=<folder> to keep screenshots of the case page at 390 and 1366 px."""

import os
from pathlib import Path

from django.utils import timezone

from zhifa.testing_browser import PHONE

from .test_browser import Desk, pytestmark  # noqa: F401

DESKTOP = {"width": 1366, "height": 900}
NARROW = {"width": 360, "height": 740}


def shoot(page, name: str) -> None:
    folder = os.environ.get("ZHIFA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def record_lead(desk, page, *, provision, facts, party, plate) -> None:
    today = timezone.localdate()
    page.goto(f"{desk.base}/cases/leads/new/")
    page.select_option("select[name=source]", "inspection")
    page.fill("input[name=violation_date]", today.isoformat())
    page.select_option("select[name=provision]", provision)
    page.fill("textarea[name=facts]", facts)
    page.select_option("select[name=party_kind]", "person")
    page.fill("input[name=party_name]", party)
    page.fill("input[name=party_id_number]", "11010519491231002X")
    page.fill("input[name=party_plate]", plate)
    page.fill("input[name=party_phone]", "13800138000")
    page.check("#f-officers label:has-text('执法员甲') input")
    page.check("#f-officers label:has-text('执法员乙') input")
    assert desk.fits_the_phone()
    page.click("#lead-form button[type=submit]")
    page.wait_for_selector("#case-state:has-text('线索')")
    desk.case_url = page.url


def summary_provision():
    """An in-force provision whose fine on a citizen stays within 200 yuan and allows 100, so that the
    summary procedure applies (《行政处罚法》第五十一条): chosen from the reference data, not by code."""
    from django.db.models import Q

    from zhifa.law.models import PenaltyProvision

    today = timezone.localdate()
    found = (
        PenaltyProvision.objects.filter(fine_min__lte=100, fine_max__gte=100, fine_max__lte=200)
        .filter(Q(law__effective_from__isnull=True) | Q(law__effective_from__lte=today))
        .filter(Q(law__effective_to__isnull=True) | Q(law__effective_to__gte=today))
        .select_related("law")
        .order_by("data_id")
        .first()
    )
    assert found is not None, (
        "the reference data holds no in-force provision for the summary procedure"
    )
    return found


def test_summary_procedure_on_a_phone_from_lead_to_payment(squad, live_server, browser):
    provision = summary_provision()  # read before Playwright's event loop starts
    page = browser.new_page(viewport=PHONE)
    desk = Desk(page, live_server.url)
    desk.sign_in("hz_officer1")

    # when 执法员甲 records a driver stopped for a minor violation (fine of at most 200 yuan)
    record_lead(
        desk, page, provision=provision.data_id, facts=f"路检发现：{provision.conduct}"[:200],
        party="王小明", plate="浙A12345",
    )  # fmt: skip
    # then the lead offers the on-the-spot decision, and nothing is wider than the phone
    assert page.locator("[data-action=decide_on_spot] a.button").count() == 1
    assert desk.fits_the_phone()

    # when they decide on the spot: a 100-yuan fine after every step of TEPP Art. 61
    def decide(p):
        p.check("#f-penalty_kinds input[value=fine]")
        p.fill("input[name=penalty_fine]", "100")
        for box in p.locator("#f-onspot_steps input[type=checkbox]").all():
            box.check()

    desk.open_action("decide_on_spot")
    assert desk.fits_the_phone()
    decide(page)
    page.click("#action-form button[type=submit]")
    # then without stating the facts conclusive and the legal basis, it is refused in the form
    page.wait_for_selector("#action-form .error-box")
    assert "不适用简易程序" in page.locator("#action-form .error-box").inner_text()
    assert page.input_value("input[name=penalty_fine]") == "100"  # what was typed is kept
    page.check("input[name=facts_conclusive]")
    page.check("input[name=has_legal_basis]")
    desk.submit("当场作出处罚决定")
    # then the case has its number and the decided fine shows at the top
    assert page.locator("h1").inner_text().endswith("号")
    assert "100 元" in page.locator("#penalty-decided").inner_text()

    # when the fine is collected on the spot: the receipt's number is required
    desk.open_action("collect_on_spot")
    page.select_option("select[name=collection_ground]", "fine_100_or_less")
    page.check("input[name=receipt_issued]")
    page.click("#action-form button[type=submit]")
    page.wait_for_selector("#err-reference")
    assert desk.state() == "当场作出处罚决定"
    page.fill("input[name=reference]", "浙财票0001")
    desk.submit("履行完毕")

    # then paid, with the decision among the documents
    assert "当场" in page.locator("#documents").inner_text()
    assert desk.fits_the_phone()
    shoot(page, "summary-390")


def test_overweight_facts_on_the_case_page_flow_into_the_notice(squad, live_server, browser):
    page = browser.new_page(viewport=PHONE)
    desk = Desk(page, live_server.url)
    desk.sign_in("hz_officer1")
    record_lead(
        desk, page, provision="ovl-43-2", facts="治超检测站称重：五轴汽车列车车货总质量49000千克",
        party="李大壮", plate="浙A88888",
    )  # fmt: skip
    desk.sign_in("hz_head")
    desk.step("file_case", "已立案", lambda p: p.fill("textarea[name=opinion]", "同意立案"))
    desk.sign_in("hz_officer2")
    desk.step("start_investigation", "调查取证")
    desk.task(
        "记录调查取证笔录",
        lambda p: (
            p.select_option("#task-form select[name=kind]", "examination_record"),
            p.fill("#task-form textarea[name=summary]", "称重检测单：车货总质量49000千克"),
        ),
    )

    # when the officer enters the facts in the discretion card, in Chinese with units
    card = page.locator("#recommendation")
    assert "车货总质量（千克）" in card.inner_text()
    assert "excess_kg" not in card.inner_text()
    page.fill("#recommendation input[name=fact__gross_mass_kg]", "49000")
    page.select_option("#recommendation select[name=fact__vehicle_class]", "5_axle_combination")
    assert desk.fits_the_phone()
    with page.expect_navigation():
        page.click("#facts-form button[type=submit]")
    page.wait_for_selector("#discretion-note")
    # then the message is in the card, on screen, with the recommendation and its reasons
    assert "已计算裁量建议" in page.locator("#discretion-note").inner_text()
    assert page.locator("#discretion-note").is_visible()
    top = page.evaluate(
        "() => document.querySelector('#discretion-note').getBoundingClientRect().top"
    )
    assert 0 <= top < PHONE["height"]
    assert page.locator("#reasons li").count() >= 1
    suggested = page.locator("#recommendation .amount").inner_text().split()[0].replace(",", "")
    assert suggested and "excess_kg" not in page.locator("#recommendation").inner_text()
    assert page.input_value("input[name=fact__gross_mass_kg]") == "49000"
    shoot(page, "overweight-390")
    page.set_viewport_size(NARROW)  # the narrowest phone: the fact form still fits
    assert desk.fits_the_phone()
    page.set_viewport_size(DESKTOP)
    shoot(page, "overweight-1366")
    page.set_viewport_size(PHONE)

    desk.step(
        "submit_report",
        "调查报告已提交",
        lambda p: p.fill("textarea[name=summary]", "车货总质量超过限定标准，事实清楚"),
    )
    # when the head approves the report: the form shows the report and the recommendation
    desk.sign_in("hz_head")
    desk.step("review_report", "调查报告已提交")
    desk.open_action("approve_report")
    approval = page.locator("#approval").inner_text()
    assert "车货总质量超过限定标准" in approval and suggested in approval.replace(",", "")
    assert "检查笔录" in approval or "勘验笔录" in approval
    assert desk.fits_the_phone()
    shoot(page, "approval-390")
    page.set_viewport_size(NARROW)
    assert desk.fits_the_phone()
    page.set_viewport_size(PHONE)
    page.fill("textarea[name=opinion]", "同意，按裁量建议告知")
    desk.submit("调查报告已批准")

    # then the notice of violation suggests the recommended fine
    desk.sign_in("hz_officer1")
    desk.open_action("serve_rights_notice")
    assert page.input_value("input[name=penalty_fine]") == suggested
    desk.submit("已告知")
    assert f"{suggested} 元" in page.locator("#penalty-proposed").inner_text().replace(",", "")
    assert desk.fits_the_phone()
