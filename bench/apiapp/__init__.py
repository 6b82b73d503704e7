"""Bench-only Django modules for bench/api.py: settings and a urlconf adding the bare views.
Never imported by the platform."""
