"""Issue 10 "done when": with production settings, a new account's holder signs in with the
password an administrator set, must choose their own, enrols a TOTP device and signs in with it."""

import base64

import pytest
from django_otp.oath import totp

from zhifa import testing
from zhifa.accounts import services
from zhifa.testing_browser import sign_in

pytestmark = pytest.mark.browser  # the `browser` fixture: zhifa/testing_browser.py

CHOSEN = "Only-Mine-Passw0rd"


def code_from(secret: str, drift: int = 0) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=30, t0=0, digits=6, drift=drift):06d}"


def test_first_sign_in_changes_the_password_and_enrols_totp(
    transactional_db, live_server, browser, settings
):
    # given production's rule and an account opened by the system administrator
    settings.ZHIFA_REQUIRE_2FA = True
    settings.ZHIFA_REQUIRE_2FA_FOR_ADMINS = True
    ministry = testing.make_ministry()
    zhejiang = testing.make_agency(ministry, name="浙江省交通运输厅")
    sysadmin = testing.make_user(ministry, admin_role="system", username="sysadmin")
    services.create_user(
        username="zj_sup",
        full_name="监督员",
        agency=zhejiang,
        password=testing.DEFAULT_PASSWORD,
        roles=["supervisor"],
        actor=sysadmin,
    )
    page = browser.new_page()
    # when: signing in with the administrator's password
    sign_in(page, live_server.url, "zj_sup", testing.DEFAULT_PASSWORD)
    # then: their own password first
    page.wait_for_selector("h1:has-text('修改密码')")
    page.fill("input[name=old_password]", testing.DEFAULT_PASSWORD)
    page.fill("input[name=new_password]", CHOSEN)
    page.fill("input[name=new_password_again]", CHOSEN)
    page.click("main button[type=submit]")
    # then: enrolment, with the QR code and the key shown
    page.wait_for_selector("h1:has-text('启用双因素认证')")
    assert page.locator(".qr svg").count() == 1
    secret = page.inner_text("#totp-secret").strip()
    page.fill("input[name=token]", code_from(secret))
    page.click("main button[type=submit]")
    page.wait_for_selector("#recovery-codes li")
    assert page.locator("#recovery-codes li").count() == 10
    page.click("a:has-text('我已保存，继续')")
    page.wait_for_selector("h1:has-text('我的待办')")
    # when: signing out and in again with the chosen password
    page.click("button:has-text('退出')")
    page.wait_for_selector("h1:has-text('登录')")
    sign_in(page, live_server.url, "zj_sup", CHOSEN)
    # then: the code is asked for (the next time step: a code is never accepted twice)
    page.wait_for_selector("h1:has-text('双因素认证')")
    page.fill("input[name=token]", code_from(secret, drift=1))
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('我的待办')")
    page.goto(f"{live_server.url}/account/")
    assert "已启用" in page.inner_text("#two-factor")
    assert "您上次登录的时间为" in page.inner_text("#sign-in-notice")
