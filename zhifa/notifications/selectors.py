"""Reads of notifications: a user sees only their own."""

from django.db.models import QuerySet

from zhifa.core.errors import NotFound

from .models import Notification


def notifications_for(user, *, unread: bool | None = None) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(user=user)
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    return qs.order_by("-created_at", "-id")


def unread_for(user) -> QuerySet[Notification]:
    return notifications_for(user, unread=True)


def unread_count(user) -> int:
    return unread_for(user).count()


def access_notification(user, notification_id: int) -> Notification:
    note = notifications_for(user).filter(pk=notification_id).first()
    if note is None:
        raise NotFound("通知不存在或无权查看。")
    return note
