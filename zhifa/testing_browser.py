"""The one headless-Chromium set-up every browser test uses (a pytest plugin, loaded by the root
conftest.py): the `browser` fixture, the phone viewport, and the skip when Chromium is absent.

Mark browser tests `@pytest.mark.browser`; `-m "not browser"` deselects them. Without Debian's
Chromium (or without Playwright) every test using `browser` is skipped with the reason.
"""

import importlib.util
import io
import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}  # a field officer's phone
NARROW_PHONE = {"width": 360, "height": 740}  # the narrowest screen every page must fit
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def missing_reason() -> str:
    """Why browser tests cannot run here, or "" when they can."""
    if not shutil.which(CHROMIUM):
        return f"Debian chromium not installed at {CHROMIUM} (.ci/run installs it)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright not installed (requirements-dev.txt)"
    return ""


@pytest.fixture
def browser():
    """A headless Chromium for one test; the test opens its pages on it."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM is only used before it starts.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(LAUNCH_ARGS))
        yield b
        b.close()


@pytest.fixture
def squad(transactional_db):
    """The demo's Hangzhou squad (load_demo): 执法员甲/乙, 负责人, 审核员; Zhejiang's region on its
    provincial department (for the province's benchmark), the shared law data and the calendar."""
    from django.core.management import call_command

    from zhifa import testing
    from zhifa.orgs.choices import RegionLevel
    from zhifa.orgs.models import Agency, Region
    from zhifa.workcalendar.selectors import invalidate_calendar_cache

    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    hangzhou = testing.make_agency(zhejiang, name="杭州市交通运输综合行政执法支队")
    region = Region.objects.create(name="浙江省", level=RegionLevel.PROVINCE)
    Agency.objects.filter(pk=zhejiang.pk).update(region=region)
    # a transactional test's flush empties the calendar the migration seeded: the holidays count
    call_command("seed_calendar", stdout=io.StringIO())
    invalidate_calendar_cache()
    call_command("load_law_data", stdout=io.StringIO())
    testing.make_officer(hangzhou, username="hz_officer1", full_name="执法员甲")
    testing.make_officer(hangzhou, username="hz_officer2", full_name="执法员乙")
    testing.make_user(hangzhou, roles=("agency_head",), username="hz_head", full_name="负责人")
    reviewer = testing.make_user(
        hangzhou, roles=("legal_reviewer",), username="hz_reviewer", full_name="审核员"
    )
    # issue 9: the province's "large amount" and the reviewer's qualification are data on record
    testing.plant_province_figures("浙江")
    testing.record_qualification(reviewer)
    return hangzhou


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login page, as a person would."""
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
