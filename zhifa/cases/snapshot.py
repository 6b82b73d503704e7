"""The per-request snapshot scope of a case (issue 15 item 5): inside `snapshot_scope` each piece of a
case's snapshot is read once and reused. Its own module so that models and parameters can memoise
without importing the selectors (which import them)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_SCOPE: ContextVar[dict | None] = ContextVar("case_snapshot_scope", default=None)


@contextmanager
def snapshot_scope(*, reuse: bool = True) -> Iterator[None]:
    """Build each piece of a case's snapshot once inside this block (`reuse=False`: not at all,
    e.g. while a step changes the case)."""
    token = _SCOPE.set({} if reuse else None)
    try:
        yield
    finally:
        _SCOPE.reset(token)


def forget_snapshots() -> None:
    """Drop what the current scope kept (after a write inside it)."""
    memo = _SCOPE.get()
    if memo is not None:
        memo.clear()


def _memo(key: tuple, build: Callable[[], Any]) -> Any:
    memo = _SCOPE.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]
