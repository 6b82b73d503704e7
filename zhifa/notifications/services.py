"""Writes of notifications: tell people, mark read. E-mail goes out after the commit, if configured."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.records.journal import subject_key

from .errors import InvalidNotification
from .models import Notification

log = logging.getLogger(__name__)

TITLE_MAX = 200
LINK_MAX = 500


def email_configured() -> bool:
    """True when the deployment set an SMTP host (Django's own default 'localhost' does not count).

    `ZHIFA_NOTIFY_BY_EMAIL` (True/False), when set, decides on its own.
    """
    explicit = getattr(settings, "ZHIFA_NOTIFY_BY_EMAIL", None)
    if explicit is not None:
        return bool(explicit)
    return settings.is_overridden("EMAIL_HOST") and bool(settings.EMAIL_HOST)


def notify(
    users: Iterable,
    *,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    subject=None,
) -> list[Notification]:
    """One in-app notification per distinct active user; e-mail too where configured.

    Call it inside the transaction of the act it reports: the rows commit with it, and the e-mails
    are sent only once that transaction has committed (never for a rolled-back act).
    """
    kind, title = (kind or "").strip(), (title or "").strip()
    if not kind or len(kind) > 64:
        raise InvalidNotification("通知类型不能为空，且不超过 64 个字符。")
    if not title:
        raise InvalidNotification("通知标题不能为空。")
    subject_type, subject_id = subject_key(subject)
    seen, recipients = set(), []
    for user in users:
        if user is None or user.pk in seen or not getattr(user, "is_active", True):
            continue
        seen.add(user.pk)
        recipients.append(user)
    if not recipients:
        return []
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind=kind,
                title=title[:TITLE_MAX],
                body=body,
                link=link[:LINK_MAX],
                subject_type=subject_type,
                subject_id=subject_id,
                created_at=now,
            )
            for user in recipients
        ]
    )
    if email_configured():
        addresses = sorted({u.email for u in recipients if getattr(u, "email", "")})
        if addresses:
            transaction.on_commit(lambda: _send_email(addresses, title, body, link))
    return rows


def _send_email(addresses: list[str], title: str, body: str, link: str) -> None:
    """One message per recipient (addresses are not disclosed to each other); failures are logged."""
    text = body
    if link:
        base = getattr(settings, "ZHIFA_SITE_URL", "").rstrip("/")
        text = f"{body}\n\n{base}{link}" if body else f"{base}{link}"
    for address in addresses:
        try:
            send_mail(f"[执法平台] {title}", text, None, [address])
        except Exception:  # a mail server down must not undo or break the act that was reported
            log.exception("notification e-mail to %s failed", address)


@transaction.atomic
def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (NotFound if it is not theirs), or all when None.

    Returns how many changed; marking a read notification again changes nothing.
    """
    now = timezone.now()
    if notification_id is None:
        return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
    note = Notification.objects.select_for_update().filter(pk=notification_id, user=user).first()
    if note is None:
        raise NotFound("通知不存在或无权查看。")
    if note.read_at is not None:
        return 0
    note.read_at = now
    note.save(update_fields=["read_at"])
    return 1
