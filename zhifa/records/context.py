"""The correlation id of the current request or job, grouping every journal entry it writes."""

import uuid
from contextvars import ContextVar

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
# Event types this unit of work has journaled (so a download it already journaled is not doubled).
_events: ContextVar[set | None] = ContextVar("journaled_events", default=None)


def current_correlation_id() -> str:
    """The id set for this request or job, or a fresh one outside both (a shell, a test)."""
    value = _correlation_id.get()
    if value is None:
        value = uuid.uuid4().hex
        _correlation_id.set(value)
    return value


def set_correlation_id(value: str | None = None):
    """Start a new unit of work; returns the token to reset it with."""
    _events.set(set())
    return _correlation_id.set(value or uuid.uuid4().hex)


def note_event(event_type: str) -> None:
    events = _events.get()
    if events is not None:
        events.add(event_type)


def events_journaled() -> set:
    """Event types journaled since the unit of work began (empty outside a request or job)."""
    return set(_events.get() or ())


def reset_correlation_id(token) -> None:
    _correlation_id.reset(token)
