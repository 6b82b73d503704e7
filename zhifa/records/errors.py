"""Errors of the whole-process record, with stable codes."""

from zhifa.core.errors import Conflict, DomainError


class UnknownEventType(DomainError, code="unknown_event_type", status=500):
    """A programming error: the event type was never registered (register_event)."""


class JournalIsAppendOnly(Conflict, code="journal_append_only"): ...
