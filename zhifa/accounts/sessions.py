"""Session limits (issue 10 item 3; GB/T 22239-2019 8.1.4.1 c 登录连接超时自动退出, 8.1.4.2 会话控制):
an idle timeout, an absolute lifetime, and one session at a time for the three administrators.

For administrators a new sign-in ENDS the older session rather than being refused: a refused
sign-in would lock an administrator out of their own account whenever a browser was left open
(or a session stolen), while ending the old one lets the rightful holder take the account back at
once; the ending is journaled (user.session_ended) and the old browser is told why.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

AUTH_AT = "zhifa_auth_at"  # when this session signed in (epoch seconds)
SEEN_AT = "zhifa_seen_at"  # the last request (epoch seconds)
GATE_OK = "zhifa_gate_ok"  # the account gate found nothing pending in this session
# The last-seen stamp is renewed (and the session row written) at most once a minute: a request
# within RENEW_AFTER seconds of the stamp changes nothing, so the session is not saved (Django
# saves a session only when it is modified; SESSION_SAVE_EVERY_REQUEST is off). The idle timeout
# may therefore end a session up to RENEW_AFTER seconds early, never late; the session row's
# expiry moves with the stamp, so both agree.
RENEW_AFTER = 60

IDLE = "idle"
ABSOLUTE = "absolute"
REPLACED = "replaced"

REASONS = {
    IDLE: "您已超过 {minutes} 分钟未操作，为保护账户安全已自动退出，请重新登录。",
    ABSOLUTE: "本次登录已超过 {hours} 小时，为保护账户安全已自动退出，请重新登录。",
    REPLACED: "您的管理员账户已在别处登录，本会话已结束（管理员同一时间只能保持一个会话）。",
}


def message(reason: str) -> str:
    hours = settings.ZHIFA_SESSION_ABSOLUTE_HOURS
    return REASONS[reason].format(
        minutes=settings.ZHIFA_SESSION_IDLE_MINUTES,
        hours=int(hours) if float(hours).is_integer() else hours,
    )


def started(session: SessionBase, now: datetime | None = None) -> None:
    stamp = (now or timezone.now()).timestamp()
    session.pop(GATE_OK, None)
    session[AUTH_AT] = stamp
    session[SEEN_AT] = stamp


def check(session: SessionBase, user, now: datetime | None = None) -> str | None:
    """Why this signed-in session must end now, or None (and then it counts as activity)."""
    now_ts = (now or timezone.now()).timestamp()
    auth_at = session.get(AUTH_AT)
    seen_at = session.get(SEEN_AT)
    if auth_at is None:  # signed in before these limits existed: start counting now
        started(session, now)
        return None
    if now_ts - auth_at > settings.ZHIFA_SESSION_ABSOLUTE_HOURS * 3600:
        return ABSOLUTE
    if seen_at is not None and now_ts - seen_at > settings.ZHIFA_SESSION_IDLE_MINUTES * 60:
        return IDLE
    if user.admin_role and user.admin_session_key and session.session_key != user.admin_session_key:
        return REPLACED
    if seen_at is None or now_ts - seen_at >= RENEW_AFTER:
        session[SEEN_AT] = now_ts  # modifies the session: saved, cookie and row expiry renewed
    return None


def end_other_admin_sessions(user, session: SessionBase) -> bool:
    """At an administrator's sign-in: end the session held before, keep this one's key."""
    from importlib import import_module

    from .models import User

    if not user.admin_role:
        return False
    old = user.admin_session_key
    new = session.session_key or ""
    if old and old != new:
        engine = import_module(settings.SESSION_ENGINE)
        engine.SessionStore(session_key=old).delete()
    User.objects.filter(pk=user.pk).update(admin_session_key=new)
    user.admin_session_key = new
    return bool(old and old != new)
