"""Jobs of the indicators app: thin, idempotent, call a service."""

from celery import shared_task


@shared_task(name="zhifa.indicators.refresh_deadlines")
def refresh_deadlines_task() -> dict:
    from .services import refresh_deadlines

    return {"cells": refresh_deadlines()}
