"""What an account must still do before it may work: the account gate's rules (issue 10).

Order: a second factor the account already has is asked first (a password an administrator set or
reset proves nothing); then a password the administrator set, or one expired, is changed; then an
account that must have a second factor and has none enrols one.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

VERIFY_2FA = "verify_2fa"
CHANGE_PASSWORD = "change_password"  # noqa: S105 -- a step name, not a password
ENROL_2FA = "enrol_2fa"


def requires_2fa(user) -> bool:
    """Production: every account (ZHIFA_REQUIRE_2FA), the three administrators always; the demo:
    optional for all (GB/T 22239-2019 8.1.4.1 d)."""
    if user.admin_role and settings.ZHIFA_REQUIRE_2FA_FOR_ADMINS:
        return True
    return bool(settings.ZHIFA_REQUIRE_2FA)


def has_2fa_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def password_expires_at(user):
    """When the password must be changed (ZHIFA_PASSWORD_MAX_AGE_DAYS after it was set), or None."""
    days = settings.ZHIFA_PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return None
    since = user.password_changed_at or user.date_joined
    return since + timedelta(days=days) if since else None


def password_expired(user, now=None) -> bool:
    expires = password_expires_at(user)
    return expires is not None and (now or timezone.now()) >= expires


def pending_step(user, *, verified: bool) -> str | None:
    """The first thing the signed-in `user` must do, or None when the account may work."""
    if not verified and has_2fa_device(user):
        return VERIFY_2FA
    if user.must_change_password or password_expired(user):
        return CHANGE_PASSWORD
    if not verified and requires_2fa(user):
        return ENROL_2FA
    return None
