"""Jobs of the measures app: thin, idempotent, call a service."""

from celery import shared_task


@shared_task(name="zhifa.measures.lapse_preservations")
def lapse_preservations_task() -> dict:
    from .services import lapse_overdue_preservations

    lapsed = lapse_overdue_preservations()
    return {"lapsed": len(lapsed)}
