"""The one headless-Chromium set-up every browser test uses (a pytest plugin, loaded by the root
conftest.py): the `browser` fixture, the phone viewport, and the skip when Chromium is absent.

Mark browser tests `@pytest.mark.browser`; `-m "not browser"` deselects them. Without Debian's
Chromium (or without Playwright) every test using `browser` is skipped with the reason.
"""

import importlib.util
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


def sign_in(page, base_url: str, username: str, password: str) -> None:
    """Sign in through the login page, as a person would."""
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
