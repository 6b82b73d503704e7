"""Issue 10 items 1–3: passwords (change, forced change, expiry, history), two-factor sign-in,
session limits and the sign-in notice."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa import testing
from zhifa.accounts import services, sessions
from zhifa.accounts.errors import NotAllowed, PasswordReused, WrongPassword
from zhifa.accounts.models import PasswordHistory, User
from zhifa.records.models import JournalEntry

PASSWORD = testing.DEFAULT_PASSWORD
NEW = "Quite-New-Passw0rd"


def events(user, event_type):
    return JournalEntry.objects.filter(event_type=event_type, subject_id=str(user.pk))


@pytest.fixture
def officer(world):
    return testing.make_officer(world.hangzhou, username="hz_officer").user


@pytest.fixture
def admins(world):
    return {
        role: testing.make_user(world.ministry, admin_role=role, username=f"{role}_admin")
        for role in ("system", "security", "audit")
    }


def sign_in(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


# 1. Passwords ------------------------------------------------------------------------------


def test_self_service_change_then_old_password_fails(client, officer):
    client.force_login(officer)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password": NEW, "new_password_again": NEW},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert client.get("/account/").status_code == 200  # the session survives its own change
    assert events(officer, "user.password_changed").count() == 1
    client.logout()
    assert sign_in(client, "hz_officer", PASSWORD).status_code == 200  # form again: refused


def test_change_refuses_wrong_current_weak_and_mismatch(client, officer):
    client.force_login(officer)
    wrong = client.post(
        "/account/password/",
        {"old_password": "Not-The-Passw0rd", "new_password": NEW, "new_password_again": NEW},
    )
    assert wrong.status_code == 422
    assert "当前密码不正确" in wrong.content.decode()
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password": "short", "new_password_again": "short"},
    )
    assert weak.status_code == 422
    mismatch = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password": NEW, "new_password_again": NEW + "x"},
    )
    assert "两次输入的新密码不一致" in mismatch.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_last_five_passwords_cannot_be_reused(officer, settings):
    settings.ZHIFA_PASSWORD_HISTORY = 5
    current = PASSWORD
    for n in range(5):
        nxt = f"History-Passw0rd-{n}"
        officer = services.change_password(officer, old_password=current, new_password=nxt)
        current = nxt
    # the first password was five changes ago: it is out of the window of five (4 older + current)
    with pytest.raises(PasswordReused):
        services.change_password(officer, old_password=current, new_password="History-Passw0rd-1")
    services.change_password(officer, old_password=current, new_password=PASSWORD)
    assert PasswordHistory.objects.filter(user=officer).count() == 5


def test_wrong_old_password_is_refused_by_the_service(officer):
    with pytest.raises(WrongPassword):
        services.change_password(officer, old_password="nope", new_password=NEW)


def test_account_opened_by_an_administrator_must_change_at_first_sign_in(client, world, admins):
    user = services.create_user(
        username="new_officer",
        full_name="新同事",
        agency=world.ministry,
        password=PASSWORD,
        roles=["supervisor"],
        actor=admins["system"],
    )
    assert user.must_change_password
    response = sign_in(client, "new_officer")
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 302 and page.url.startswith("/account/password/")
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    assert "管理员设置" in client.get("/account/password/").content.decode()
    # when the holder chooses their own
    client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password": NEW, "new_password_again": NEW},
    )
    # then the administrator's password is gone and work may start
    user.refresh_from_db()
    assert not user.must_change_password and not user.check_password(PASSWORD)
    assert client.get("/api/v1/me").status_code == 200


def test_reset_by_the_system_administrator_forces_a_change(client, officer, admins, world):
    # administrators at the ministry reach Hangzhou's accounts
    services.reset_password(officer, new_password="Temp-Passw0rd-99", actor=admins["system"])
    officer.refresh_from_db()
    assert officer.must_change_password
    assert events(officer, "user.password_reset").count() == 1
    assert "Temp-Passw0rd-99" not in JournalEntry.objects.last().payload
    sign_in(client, "hz_officer", "Temp-Passw0rd-99")
    assert client.get("/cases/").url.startswith("/account/password/")
    with pytest.raises(NotAllowed):
        services.reset_password(officer, new_password="Temp-Passw0rd-98", actor=admins["security"])
    with pytest.raises(NotAllowed):
        services.reset_password(
            admins["system"], new_password="Temp-Passw0rd-98", actor=admins["system"]
        )


def test_admin_password_reset_page(client, officer, admins):
    client.force_login(admins["system"])
    url = f"/admin/accounts/user/{officer.pk}/password-reset/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"password": "Temp-Passw0rd-77"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.must_change_password and officer.check_password("Temp-Passw0rd-77")
    client.force_login(admins["security"])
    assert client.get(url).status_code == 404


def test_expired_password_must_be_changed(client, officer, settings):
    settings.ZHIFA_PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=officer.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    client.force_login(officer)
    response = client.get("/cases/")
    assert response.url.startswith("/account/password/")
    assert "90 天" in client.get("/account/password/").content.decode()


def test_password_change_over_the_api(client, officer):
    client.force_login(officer)
    response = client.post(
        "/api/v1/auth/password",
        {"old_password": PASSWORD, "new_password": NEW},
        content_type="application/json",
    )
    assert response.status_code == 200
    reused = client.post(
        "/api/v1/auth/password",
        {"old_password": NEW, "new_password": PASSWORD},
        content_type="application/json",
    )
    assert reused.status_code == 422 and reused.json()["code"] == "password_reused"


# 2. Two-factor -------------------------------------------------------------------------------


def code_of(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def enrol(client):
    client.get("/account/2fa/setup/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/account/2fa/setup/", {"token": code_of(device)})
    return device, response


def test_production_requires_enrolment_then_a_code_at_each_sign_in(client, officer, settings):
    settings.ZHIFA_REQUIRE_2FA = True
    sign_in(client, "hz_officer")
    assert client.get("/cases/").url.startswith("/account/2fa/setup/")
    assert client.get("/api/v1/me").json()["code"] == "two_factor_enrolment_required"
    setup = client.get("/account/2fa/setup/").content.decode()
    assert "<svg" in setup and 'id="totp-secret"' in setup
    device, response = enrol(client)
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get("/cases/").status_code == 200
    assert events(officer, "user.two_factor_enrolled").count() == 1
    # next sign-in: the code is asked for, a wrong one refused and journaled
    client.logout()
    sign_in(client, "hz_officer")
    assert client.get("/cases/").url.startswith("/account/2fa/verify/")
    assert client.post("/account/2fa/verify/", {"token": "000000"}).status_code == 422
    assert events(officer, "user.two_factor_failed").count() == 1
    # the throttle's wait (1 s after one failure) is over
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    StaticDevice.objects.update(throttling_failure_timestamp=None)
    ok = client.post("/account/2fa/verify/", {"token": code_of(device, drift=1)})
    assert ok.status_code == 302
    assert client.get("/cases/").status_code == 200
    # a recovery code works once
    client.logout()
    sign_in(client, "hz_officer")
    assert client.post("/account/2fa/verify/", {"token": codes[0]}).status_code == 302
    client.logout()
    sign_in(client, "hz_officer")
    assert client.post("/account/2fa/verify/", {"token": codes[0]}).status_code == 422


def test_enrolled_device_is_asked_for_even_where_optional(client, officer, settings):
    settings.ZHIFA_REQUIRE_2FA = False
    client.force_login(officer)
    assert client.get("/cases/").status_code == 200  # optional: nothing asked
    device, _ = enrol(client)
    client.logout()
    sign_in(client, "hz_officer")
    assert client.get("/api/v1/me").json()["code"] == "two_factor_required"
    response = client.post(
        "/api/v1/auth/otp", {"token": code_of(device, drift=1)}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["username"] == "hz_officer"
    assert client.get("/api/v1/me").status_code == 200


def test_administrators_need_it_in_production_and_are_told_it_is_optional_in_the_demo(
    client, admins, settings
):
    settings.ZHIFA_REQUIRE_2FA = False
    settings.ZHIFA_REQUIRE_2FA_FOR_ADMINS = False
    client.force_login(admins["audit"])
    assert client.get("/account/").status_code == 200
    assert "演示环境中三员账户的双因素认证为可选" in client.get("/account/").content.decode()
    settings.ZHIFA_REQUIRE_2FA_FOR_ADMINS = True
    client.force_login(admins["audit"])
    assert client.get("/admin/").url.startswith("/account/2fa/setup/")


def test_security_administrator_resets_a_lost_device(client, officer, admins):
    client.force_login(officer)
    enrol(client)
    with pytest.raises(NotAllowed):
        services.reset_two_factor(officer, actor=admins["system"])
    assert services.reset_two_factor(officer, actor=admins["security"]) >= 1
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert events(officer, "user.two_factor_reset").count() == 1


# 3. Sessions and the sign-in notice ---------------------------------------------------------


def test_idle_session_ends_and_is_journaled(client, officer):
    client.force_login(officer)
    session = client.session
    session[sessions.SEEN_AT] -= 31 * 60
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert client.get("/api/v1/me").status_code == 401
    entry = events(officer, "user.session_ended").get()
    assert '"reason":"idle"' in entry.payload


def test_session_is_written_at_most_once_a_minute(client, officer):
    """Throttled renewal: a request within a minute of the last-seen stamp does not save the
    session (no write per request); an older stamp is renewed, so a busy session never idles out."""
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    assert client.get("/api/v1/me").status_code == 200  # the gate's once-per-session check
    session = client.session
    session[sessions.SEEN_AT] -= 30
    session.save()
    recent = client.session[sessions.SEEN_AT]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me").status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert client.session[sessions.SEEN_AT] == recent

    session = client.session
    session[sessions.SEEN_AT] -= 25 * 60  # idle 25 minutes: still within the 30, renewed now
    session.save()
    expiry = Session.objects.get(session_key=session.session_key).expire_date
    assert client.get("/api/v1/me").status_code == 200
    assert client.session[sessions.SEEN_AT] > recent
    assert Session.objects.get(session_key=session.session_key).expire_date >= expiry


def test_absolute_lifetime_ends_a_busy_session(client, officer, settings):
    settings.ZHIFA_SESSION_ABSOLUTE_HOURS = 12
    client.force_login(officer)
    session = client.session
    session[sessions.AUTH_AT] -= 12 * 3600 + 1
    session.save()
    response = client.get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "session_ended"
    assert "12 小时" in response.json()["message"]


def test_a_second_administrator_sign_in_ends_the_first(client, admins):
    from django.test import Client

    first, second = client, Client()
    first.force_login(admins["security"])
    assert first.get("/admin/").status_code == 200
    second.force_login(admins["security"])
    assert second.get("/admin/").status_code == 200
    ended = first.get("/api/v1/me")
    assert ended.status_code == 401  # the first session is gone
    assert second.get("/admin/").status_code == 200
    last_login = events(admins["security"], "user.login").order_by("-id").first()
    assert '"ended_other_session":true' in last_login.payload


def test_a_replaced_administrator_session_still_held_somewhere_is_refused(client, admins):
    # a session store that failed to delete the old session: the gate still ends it
    client.force_login(admins["security"])
    User.objects.filter(pk=admins["security"].pk).update(admin_session_key="another-session")
    ended = client.get("/admin/")
    assert ended.status_code == 302 and ended.url.startswith("/login/")
    assert '"reason":"replaced"' in events(admins["security"], "user.session_ended").get().payload


def test_business_users_may_hold_two_sessions(client, officer):
    from django.test import Client

    other = Client()
    client.force_login(officer)
    other.force_login(officer)
    assert client.get("/cases/").status_code == 200
    assert other.get("/cases/").status_code == 200


def test_sign_in_notice_shows_the_previous_time_and_address(client, officer):
    sign_in(client, "hz_officer")
    assert "首次登录" in client.get("/account/").content.decode()
    client.logout()
    response = sign_in(client, "hz_officer")
    page = client.get(response.url)
    assert "您上次登录的时间为" in page.content.decode()  # the message after sign-in
    # information, not an error: the info style and a polite status, never the red alert
    notice = re.search(r'<li class="([^"]*)"([^>]*)>您上次登录', page.content.decode())
    assert notice and notice.group(1) == "info" and 'role="status"' in notice.group(2)
    profile = client.get("/account/").content.decode()
    assert "您上次登录的时间为" in profile and "127.0.0.1" in profile
    # failed attempts since the last sign-in are told too
    client.logout()
    sign_in(client, "hz_officer", "Wrong-Passw0rd-1")
    sign_in(client, "hz_officer", "Wrong-Passw0rd-2")
    sign_in(client, "hz_officer")
    assert "此后有 2 次密码错误的登录尝试" in client.get("/account/").content.decode()


def test_failed_sign_in_and_sign_out_are_journaled(client, officer):
    sign_in(client, "hz_officer", "Wrong-Passw0rd-1")
    sign_in(client, "nobody_here", "Wrong-Passw0rd-1")
    assert events(officer, "user.login_failed").count() == 1
    assert JournalEntry.objects.filter(
        event_type="user.login_failed", payload__contains="nobody_here"
    ).exists()
    sign_in(client, "hz_officer")
    client.post("/logout/")
    assert events(officer, "user.logout").count() == 1


def test_a_reset_device_stops_a_verified_session_where_required(client, officer, admins, settings):
    settings.ZHIFA_REQUIRE_2FA = True
    client.force_login(officer)
    enrol(client)
    assert client.get("/cases/").status_code == 200
    services.reset_two_factor(officer, actor=admins["security"])
    response = client.get("/cases/")
    assert response.status_code == 302 and response.url.startswith("/account/2fa/setup/")
