"""Sign-ins, failed sign-ins, sign-outs and lockouts go into the journal of the user's agency
(全过程记录 covers access too; GB/T 22239-2019 8.1.4.3 安全审计). A sign-in also starts the session
limits and leaves the sign-in notice (last time and address) for the next page."""

from axes.signals import user_locked_out
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from zhifa.records import journal

from . import events, sessions
from .models import User


def client_ip(request) -> str:
    """The address the request came from (REMOTE_ADDR; a proxy in front sets it with its own
    configuration, never from a header the client controls)."""
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:45]


def _safe(text) -> str:
    """Typed user names may hold anything: keep them storable on every database."""
    text = str(text or "")[:150]
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def sign_in_notice(user) -> str:
    if user.previous_sign_in_at is None:
        return "欢迎！这是您首次登录本平台。"
    at = timezone.localtime(user.previous_sign_in_at).strftime("%Y-%m-%d %H:%M")
    where = f"，登录地址 {user.previous_sign_in_ip}" if user.previous_sign_in_ip else ""
    failed = failed_sign_ins_since(user, user.previous_sign_in_at)
    failures = f"此后有 {failed} 次密码错误的登录尝试。" if failed else ""
    return (
        f"您上次登录的时间为 {at}{where}。{failures}如非本人操作，请立即修改密码并报告安全管理员。"
    )


def failed_sign_ins_since(user, since) -> int:
    from zhifa.records.models import JournalEntry

    return JournalEntry.objects.filter(
        subject_type=User._meta.label_lower,
        subject_id=str(user.pk),
        event_type="user.login_failed",
        occurred_at__gt=since,
    ).count()


@receiver(user_logged_in)
def journal_login(sender, request, user, **kwargs):
    ip = client_ip(request)
    now = timezone.now()
    user.previous_sign_in_at, user.previous_sign_in_ip = user.sign_in_at, user.sign_in_ip
    user.sign_in_at, user.sign_in_ip = now, ip
    User.objects.filter(pk=user.pk).update(
        previous_sign_in_at=user.previous_sign_in_at,
        previous_sign_in_ip=user.previous_sign_in_ip,
        sign_in_at=now,
        sign_in_ip=ip,
    )
    replaced = False
    if request is not None and hasattr(request, "session"):
        sessions.started(request.session, now)
        replaced = sessions.end_other_admin_sessions(user, request.session)
        messages.info(request, sign_in_notice(user), fail_silently=True)
    journal.append(
        "user.login",
        actor=user,
        subject=user,
        agency=user.agency,
        payload={"ip": ip, "ended_other_session": replaced} if replaced else {"ip": ip},
    )


@receiver(user_login_failed)
def journal_login_failed(sender, credentials, request=None, **kwargs):
    username = _safe((credentials or {}).get("username", ""))
    user = User.objects.filter(username=username).select_related("agency").first()
    journal.append(
        "user.login_failed",
        actor=None,
        subject=user,
        agency=user.agency if user is not None else None,
        payload={"username": username, "ip": client_ip(request)},
    )


@receiver(user_logged_out)
def journal_logout(sender, request, user, **kwargs):
    if user is None or not getattr(user, "is_authenticated", False):
        return
    reason = getattr(request, "zhifa_session_end", None) if request is not None else None
    if reason is None and user.admin_role and request is not None:
        User.objects.filter(
            pk=user.pk, admin_session_key=request.session.session_key or "-"
        ).update(admin_session_key="")
    journal.append(
        events.SESSION_ENDED if reason else events.LOGOUT,
        actor=user,
        subject=user,
        agency=user.agency,
        payload={"ip": client_ip(request), "reason": reason}
        if reason
        else {"ip": client_ip(request)},
    )


@receiver(user_locked_out)
def journal_lockout(sender, request, username=None, ip_address=None, **kwargs):
    user = User.objects.filter(username=username).select_related("agency").first()
    if user is not None:
        journal.append(
            "user.locked_out",
            actor=None,
            subject=user,
            agency=user.agency,
            payload={"username": username, "ip": ip_address or ""},
        )
