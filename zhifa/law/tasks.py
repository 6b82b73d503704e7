"""Jobs of the law app: thin, take ids, call a service."""

from celery import shared_task


@shared_task
def run_benchmark_import_task(import_id: int) -> str:
    from .services import run_benchmark_import

    return run_benchmark_import(import_id).status
