"""Scheduled jobs of the officers app (Celery beat in production, cron otherwise)."""

from celery import shared_task


@shared_task
def send_training_reminders() -> int:
    from .services import send_training_reminders as remind

    return remind()
