"""Jobs of the off-site app, listed for Celery's autodiscovery (declared in jobs.py)."""

from .jobs import run_upload_task

__all__ = ["run_upload_task"]
