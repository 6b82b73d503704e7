"""Jobs of the deadlines app: thin, idempotent, call a service."""

from celery import shared_task


@shared_task(name="zhifa.deadlines.sweep")
def sweep_deadlines_task() -> dict:
    from .services import sweep

    result = sweep()
    return {
        "checked": result.checked,
        "due_soon": len(result.due_soon),
        "overdue": len(result.overdue),
        "notified": result.notified,
    }
