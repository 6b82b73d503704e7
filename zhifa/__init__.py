"""Zhifa (执法): transport law-enforcement case handling and supervision."""

from .celery import app as celery_app

__all__ = ["celery_app"]
