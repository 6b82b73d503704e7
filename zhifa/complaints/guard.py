"""The public form's defences (issue 12 item 6), no third-party service: fixed-window rate limits
per address and per phone on Django's cache, and an offline text captcha (a small sum written in
Chinese numerals, its answer sealed in a signed, one-use token)."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from .errors import CaptchaFailed, RateLimited

_SALT = "zhifa.complaints.captcha"
_DIGITS = "零一二三四五六七八九十"
CAPTCHA_MAX_AGE = 30 * 60  # seconds: a form left open half an hour still works


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one use in the current window; True when over `limit`."""
    bucket = f"complaints-rate:{key}:{int(timezone.now().timestamp() // window)}"
    added = cache.add(bucket, 1, window + 10)
    count = 1 if added else cache.incr(bucket)
    return count > limit


def check_address(address: str, *, what: str = "submit") -> None:
    limit = getattr(settings, "ZHIFA_COMPLAINT_RATE_PER_ADDRESS_HOUR", 10)
    if _hit(f"{what}:ip:{address}", limit, 3600):
        raise RateLimited("您的提交过于频繁，请一小时后再试，或拨打12328热线。")


def check_phone(phone: str) -> None:
    limit = getattr(settings, "ZHIFA_COMPLAINT_RATE_PER_PHONE_DAY", 5)
    digest = hashlib.sha256(phone.encode()).hexdigest()[:24]  # no phone number in cache keys
    if _hit(f"phone:{digest}", limit, 86400):
        raise RateLimited("该联系电话今日提交次数已达上限，请明日再试，或拨打12328热线。")


def _answer_digest(nonce: str, answer: int) -> str:
    return hashlib.sha256(f"{nonce}:{answer}:{settings.SECRET_KEY}".encode()).hexdigest()


def new_captcha() -> tuple[str, str]:
    """(question in Chinese, signed token). The answer is never in the page."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    token = signing.dumps({"n": nonce, "h": _answer_digest(nonce, a + b)}, salt=_SALT)
    return f"{_DIGITS[a]}加{_DIGITS[b]}等于几？（请填写阿拉伯数字）", token


def check_captcha(token: str, answer: str) -> None:
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=CAPTCHA_MAX_AGE)
        value = int((answer or "").strip()[:3])
    except (signing.BadSignature, ValueError, TypeError):
        raise CaptchaFailed("验证题答案不正确或已过期，请重新作答。") from None
    nonce = data.get("n", "")
    if not secrets.compare_digest(data.get("h", ""), _answer_digest(nonce, value)):
        raise CaptchaFailed("验证题答案不正确，请重新作答。")
    if not cache.add(f"complaints-captcha:{nonce}", 1, CAPTCHA_MAX_AGE + 60):
        raise CaptchaFailed("验证题已使用过，请重新作答。")
