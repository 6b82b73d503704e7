"""Jobs of the provision review: thin, take ids. The replay job is declared in services.py (so that
services never import this module); it is listed here for autodiscovery."""

from .services import run_replay_task

__all__ = ["run_replay_task"]
