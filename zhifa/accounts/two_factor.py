"""Two-factor sign-in (issue 10 item 2): a TOTP device (django-otp) and recovery codes (its static
device), enrolled at the first sign-in; GB/T 22239-2019 8.1.4.1 d (两种或两种以上组合的鉴别技术).
"""

import base64

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa.records import journal

from . import events
from .errors import WrongCode

TOTP_NAME = "身份验证器"
RECOVERY_NAME = "恢复码"


def _clean(token: str) -> str:
    return "".join((token or "").split())[:16]


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: kept unconfirmed until a code from it is entered, so reloading
    the page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The key in base32, for typing into an authenticator app by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (segno; no image request, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.ZHIFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def confirm(request, device: TOTPDevice, token: str) -> list[str]:
    """Enrol: the first code proves the app holds the key. Returns the recovery codes, shown once."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(_clean(token)):
        raise WrongCode("验证码不正确，请核对手机时间后输入身份验证器当前显示的 6 位数字。")
    # One authenticator per account: an earlier one is replaced.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    django_otp.login(request, device)
    journal.append(
        events.TWO_FACTOR_ENROLLED,
        actor=user,
        subject=user,
        agency=user.agency,
        payload={"username": user.username, "recovery_codes": len(codes)},
    )
    return codes


def verify(request, token: str):
    """Second step of sign-in: a code from the authenticator, or one recovery code (used up)."""
    user = request.user
    token = _clean(token)
    device = None
    if token:
        for candidate in [
            *TOTPDevice.objects.filter(user=user, confirmed=True),
            *StaticDevice.objects.filter(user=user, confirmed=True),
        ]:
            if django_otp.verify_token(user, candidate.persistent_id, token):
                device = candidate
                break
    if device is None:
        throttled = [
            d.verify_is_allowed()[1]
            for d in TOTPDevice.objects.filter(user=user, confirmed=True)
            if not d.verify_is_allowed()[0]
        ]
        journal.append(
            events.TWO_FACTOR_FAILED,
            actor=user,
            subject=user,
            agency=user.agency,
            payload={"username": user.username, "ip": request.META.get("REMOTE_ADDR", "")},
        )
        if throttled:
            # django-otp doubles the wait after each failure (brute-force protection).
            raise WrongCode(
                "验证码不正确或已使用过；连续错误后须稍候片刻再试（等待时间随错误次数加倍）。",
                details={"failures": (throttled[0] or {}).get("failure_count", 0)},
            )
        raise WrongCode("验证码不正确或已使用过。")
    django_otp.login(request, device)
    journal.append(
        events.TWO_FACTOR_VERIFIED,
        actor=user,
        subject=user,
        agency=user.agency,
        payload={
            "username": user.username,
            "method": "recovery_code" if isinstance(device, StaticDevice) else "totp",
        },
    )
    return device


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def renew_recovery_codes(user) -> list[str]:
    codes = _new_recovery_codes(user)
    journal.append(
        events.RECOVERY_CODES_RENEWED,
        actor=user,
        subject=user,
        agency=user.agency,
        payload={"username": user.username, "recovery_codes": len(codes)},
    )
    return codes
