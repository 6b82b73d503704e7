"""The correlation id of the current request or job, grouping every journal entry it writes."""

import uuid
from contextvars import ContextVar

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def current_correlation_id() -> str:
    """The id set for this request or job, or a fresh one outside both (a shell, a test)."""
    value = _correlation_id.get()
    if value is None:
        value = uuid.uuid4().hex
        _correlation_id.set(value)
    return value


def set_correlation_id(value: str | None = None):
    """Start a new unit of work; returns the token to reset it with."""
    return _correlation_id.set(value or uuid.uuid4().hex)


def reset_correlation_id(token) -> None:
    _correlation_id.reset(token)
