"""Every main page fits a 360 px phone: the page itself never scrolls sideways (a wide table may
scroll inside its own container), and the menu folds into one button. Headless Chromium."""

import io
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.testing_browser import NARROW_PHONE, sign_in

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("ZHIFA_SHOTS", "")  # a folder to keep the screenshots in, for a look
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def desk(squad, settings, tmp_path):
    """The Hangzhou squad (testing_browser.squad), one lead with evidence and property, and a
    supervisor of the province."""
    from zhifa.cases import services as cases
    from zhifa.evidence.services import upload_evidence
    from zhifa.law.models import Benchmark
    from zhifa.measures import services as measures
    from zhifa.officers.models import Officer

    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    hangzhou = squad
    o1 = Officer.objects.get(user__username="hz_officer1")
    o2 = Officer.objects.get(user__username="hz_officer2")
    testing.make_user(hangzhou.parent, roles=("supervisor",), username="zj_sup", full_name="省督察")
    now = timezone.now()
    case = cases.create_lead(
        actor=o1.user,
        agency=hangzhou,
        source="inspection",
        facts="巡查发现当事人未经许可擅自在国道旁挖掘公路约7平方米，现场扣押挖掘机一台并制作现场笔录",
        received_on=timezone.localdate() - timedelta(days=2),
        party={
            "kind": "organisation",
            "name": "某建设工程有限公司",
            "id_number": "91330100716105852F",
        },
        officers=[o1, o2],
    )
    pdf = io.BytesIO(PDF)
    pdf.name = "现场检查笔录.pdf"
    evidence = upload_evidence(
        case,
        actor=o1.user,
        file=pdf,
        kind="examination_record",
        collected_by=o1,
        collected_at=now - timedelta(hours=3),
        place="G320 国道 K123+400 杭州市西湖区转塘街道路段",
        method="examination",
        title="现场检查笔录",
        declared_type="application/pdf",
    )
    [item] = measures.register_property(
        case,
        actor=o1.user,
        items=[{"description": "履带式挖掘机（三一SY215C）", "quantity": "1", "unit": "台"}],
        taken_at=now - timedelta(hours=2),
    )
    return {
        "case": case.pk,
        "evidence": evidence.pk,
        "property": item.pk,
        "provision": "hl-76-1",
        "benchmark": Benchmark.objects.order_by("pk").first().pk,
        "agency": hangzhou.pk,
    }


def pages(d: dict) -> dict[str, list[str]]:
    """The main pages, by the user who opens them."""
    case = d["case"]
    return {
        "hz_officer1": [
            "/",
            "/cases/",
            f"/cases/{case}/",
            "/cases/leads/new/",
            "/cases/onspot/new/",
            "/deadlines/",
            "/notifications/",
            "/law/",
            f"/law/provisions/{d['provision']}/",
            "/law/benchmarks/",
            f"/law/benchmarks/{d['benchmark']}/",
            "/law/calculator/",
            "/law/exemptions/",
            f"/measures/cases/{case}/",
            "/measures/property/",
            f"/measures/property/{d['property']}/",
            f"/evidence/cases/{case}/",
            f"/evidence/{d['evidence']}/",
            "/records/anchors/",
            f"/agencies/{d['agency']}/",
            "/calendar/",
        ],
        "hz_head": ["/", "/cases/", f"/cases/{case}/", "/deadlines/"],
        "zj_sup": ["/", "/cases/", "/records/anchors/"],
    }


WIDTH = NARROW_PHONE["width"]
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.closest('.scroll-x'))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))"""


def check(page, label: str) -> list[str]:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, label + ".png"), full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width <= WIDTH:
        return []
    return [f"{label}: {width}px {page.evaluate(TOO_WIDE)}"]


def test_every_main_page_fits_a_360px_phone(desk, live_server, browser):
    too_wide = []
    page = browser.new_page(viewport=NARROW_PHONE)
    page.goto(f"{live_server.url}/login/")
    assert page.title()
    too_wide += check(page, "login")
    for username, paths in pages(desk).items():
        context = browser.new_context(viewport=NARROW_PHONE)
        page = context.new_page()
        sign_in(page, live_server.url, username, testing.DEFAULT_PASSWORD)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            assert response.status == 200, (username, path, response.status)
            label = username + path.replace("/", "_").rstrip("_")
            too_wide += check(page, label)
        context.close()
    assert too_wide == [], "\n".join(too_wide)


def test_the_menu_folds_into_one_button_on_a_phone(desk, live_server, browser):
    page = browser.new_page(viewport=NARROW_PHONE)
    sign_in(page, live_server.url, "hz_officer1", testing.DEFAULT_PASSWORD)
    # the menu is folded: its links are hidden behind the 菜单 button
    assert not page.locator(".mainnav a:has-text('处罚条款')").is_visible()
    page.click("label.nav-button")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "menu-open.png"))
    # when opened, the menus are there and still fit the screen; a menu opens in place
    page.locator(".mainnav summary:has-text('法规与裁量')").click()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    page.locator(".mainnav a:has-text('处罚条款')").click()
    page.wait_for_url("**/law/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH


def test_the_menu_is_spread_out_on_a_desktop(desk, live_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    sign_in(page, live_server.url, "hz_officer1", testing.DEFAULT_PASSWORD)
    assert page.locator(".mainnav a:has-text('首页')").is_visible()
    assert not page.locator("label.nav-button").is_visible()
    # the grouped links drop down under their menu, from the keyboard too
    assert not page.locator(".mainnav a:has-text('处罚条款')").is_visible()
    page.locator(".mainnav summary:has-text('法规与裁量')").focus()
    page.keyboard.press("Enter")
    assert page.locator(".mainnav a:has-text('处罚条款')").is_visible()
    # one menu at a time; Escape closes it
    page.locator(".mainnav summary:has-text('执法监督')").click()
    assert not page.locator(".mainnav a:has-text('处罚条款')").is_visible()
    assert page.locator(".mainnav a:has-text('评议考核')").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(".mainnav a:has-text('评议考核')").is_visible()
