"""Errors of the cases app (stable codes, Chinese messages); the core's procedure errors pass
through unchanged."""

from zhifa.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class CaseNotFound(NotFound, code="case_not_found"): ...


class DateInFuture(InvalidInput, code="date_in_future"): ...


class StepAlreadyDone(Conflict, code="step_already_done"):
    """Another person fired the same step first (concurrent approvals)."""


class IdempotencyKeyReused(Conflict, code="idempotency_key_reused"): ...


class NotAllowed(PermissionDenied, code="case_action_not_allowed"): ...


class InvalidCaseInput(InvalidInput, code="case_invalid_input"): ...


class CaseLocked(Conflict, code="case_details_locked"):
    """The case is past the point where this detail may change."""
