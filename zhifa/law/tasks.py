"""Jobs of the law app: thin, take ids, call a service. The benchmark import job is declared in
services.py (so that services never import this module); it is listed here for autodiscovery."""

from .services import run_benchmark_import_task

__all__ = ["run_benchmark_import_task"]
