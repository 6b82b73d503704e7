"""Settings of the nodes that tools/two_nodes.py starts (never deployed): the development settings,
with the real URLs plus a few probe URLs (tools/two_nodes_probe.py) and the probe job for the worker.

Everything that must cross nodes comes from the environment exactly as in production: DATABASE_URL
(one PostgreSQL), REDIS_URL and CACHE_KEY_PREFIX (the shared cache, and with it cached_db sessions),
CELERY_BROKER_URL and CELERY_RESULT_BACKEND (the worker).
"""

from zhifa.settings.dev import *  # noqa: F403

ROOT_URLCONF = "tools.two_nodes_probe"
CELERY_IMPORTS = ("tools.two_nodes_probe",)
