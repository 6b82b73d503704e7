"""The signed-in user's notifications over JSON."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema

from zhifa.api_types import Offset

from . import selectors, services
from .choices import kind_label

router = Router(tags=["notifications"])
MAX_LIMIT = 200


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    link: str
    subject_type: str
    subject_id: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return kind_label(obj.kind)


class NotificationPage(Schema):
    count: int
    unread: int = Field(..., description="未读通知数")
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int = Field(..., description="本次标记为已读的条数")
    unread: int


@router.get("", response=NotificationPage, summary="我的通知（新的在前）")
def list_notifications(request, unread: bool | None = None, limit: int = 50, offset: Offset = 0):
    qs = selectors.notifications_for(request.user, unread=unread)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    return {
        "count": qs.count(),
        "unread": selectors.unread_count(request.user),
        "items": list(qs[offset : offset + limit]),
    }


@router.post("/{int:notification_id}/read", response=MarkedOut, summary="标记一条通知为已读")
def mark_read(request, notification_id: int):
    marked = services.mark_read(request.user, notification_id)
    return {"marked": marked, "unread": selectors.unread_count(request.user)}


@router.post("/read", response=MarkedOut, summary="全部标记为已读")
def mark_all_read(request):
    marked = services.mark_read(request.user)
    return {"marked": marked, "unread": selectors.unread_count(request.user)}
