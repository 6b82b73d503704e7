"""Errors of the disclosure app (stable codes, Chinese messages)."""

from zhifa.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class DisclosureNotFound(NotFound, code="disclosure_not_found"): ...


class LeakFound(InvalidInput, code="disclosure_leak_found"):
    """The leak scanner found identifying data in what would be published: nothing is published
    and the places are listed (details["findings"])."""


class NotAllowed(PermissionDenied, code="disclosure_not_allowed"): ...


class InvalidDisclosureInput(InvalidInput, code="disclosure_invalid_input"): ...


class AlreadyWithdrawn(Conflict, code="disclosure_already_withdrawn"): ...
