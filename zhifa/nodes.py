"""Past one machine (issue 15 item 6, docs/deployment.md): the read-replica router and the deploy
check that nothing which must cross application nodes is kept on one node.

A streaming replica is optional and off by default (`DATABASE_REPLICA_URL` unset). When it is set,
only reads that declare they may lag go to it::

    with reads_may_lag():
        figures = dashboard_figures(user)

Everything else — every write, every read inside a transaction on the primary, every read that did
not declare it — goes to the primary, so a user never misses what they have just written.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

logger = logging.getLogger(__name__)
T = TypeVar("T")

REPLICA_DB_ALIAS = "replica"

_may_lag: ContextVar[bool] = ContextVar("zhifa_reads_may_lag", default=False)


@contextmanager
def reads_may_lag() -> Iterator[None]:
    """Within the block, reads may be served by the replica (seconds behind the primary)."""
    token = _may_lag.set(True)
    try:
        yield
    finally:
        _may_lag.reset(token)


def replica_configured() -> bool:
    return REPLICA_DB_ALIAS in settings.DATABASES


def on_replica(read: Callable[[], T], *, enabled: bool = True) -> T:
    """`read()` with reads that may lag, when `enabled` and a replica is configured; when the
    replica cannot be reached, `read()` again on the primary (a dashboard a moment slower beats an
    error page). `read` must evaluate its querysets: a lazy one picks its database when it runs."""
    if not enabled or not replica_configured():
        return read()
    try:
        with reads_may_lag():
            return read()
    except OperationalError:
        logger.warning("replica unreachable; reading from the primary", exc_info=True)
        replica = connections[REPLICA_DB_ALIAS]
        if replica.connection is not None:  # a broken connection: the next request opens anew
            replica.close()
        return read()


class ReplicaRouter:
    """Reads that declared they may lag → replica; all else → primary; migrations on the primary only
    (a streaming replica is a physical copy: it receives the schema from the primary)."""

    def db_for_read(self, model, **hints):
        if not _may_lag.get() or not replica_configured():
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None  # inside a write transaction: read what it has written
        return REPLICA_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # both aliases hold the same rows (the replica is a copy of the primary)
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return None if db == DEFAULT_DB_ALIAS else False


NODE_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)
# sessions kept on the node's disk, or in the cache (then only as shared as the cache is)
FILE_SESSIONS = "django.contrib.sessions.backends.file"
CACHE_SESSIONS = (
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",  # a stale copy on a node outlives a sign-out
)


@register(Tags.caches, deploy=True)
def shared_state_crosses_nodes(app_configs=None, **kwargs):
    """Rate limits, the calendar cache and (with cached_db) sessions must be seen by every node."""
    found = []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in NODE_LOCAL_CACHES:
        found.append(
            Warning(
                "缓存仅保存在本节点，多个应用节点之间的访问频率限制和会话无法共享。",
                hint="Set REDIS_URL (a Redis shared by every node). See docs/deployment.md.",
                id="zhifa.nodes.W001",
            )
        )
    engine = settings.SESSION_ENGINE
    if engine == FILE_SESSIONS or (engine in CACHE_SESSIONS and backend in NODE_LOCAL_CACHES):
        found.append(
            Warning(
                "会话保存在本节点，在另一节点上登录状态会丢失或在退出后仍然有效。",
                hint="Use the db or cached_db session engine with a shared cache (REDIS_URL).",
                id="zhifa.nodes.W002",
            )
        )
    return found
