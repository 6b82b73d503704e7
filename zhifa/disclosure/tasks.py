"""Scheduled job of the portal (Celery beat hourly; cron: manage.py publish_anchors)."""

from celery import shared_task


@shared_task
def publish_anchors() -> int:
    from .services import anchor_missing_hours

    return len(anchor_missing_hours())
