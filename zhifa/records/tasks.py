"""Scheduled jobs of the records app (Celery beat in production, cron or inline otherwise)."""

from celery import shared_task


@shared_task
def anchor_finished_days() -> int:
    from .anchoring import anchor_missing_days

    return len(anchor_missing_days())
