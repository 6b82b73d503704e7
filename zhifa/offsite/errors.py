"""Stable error codes of the off-site enforcement app (Chinese messages for people)."""

from zhifa.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


class InvalidOffsiteInput(InvalidInput):
    code = "offsite_invalid_input"


class DeviceNotFound(NotFound):
    code = "offsite_device_not_found"


class BatchNotFound(NotFound):
    code = "offsite_batch_not_found"


class NotAllowed(PermissionDenied):
    code = "offsite_not_allowed"


class AlreadyReviewed(Conflict):
    code = "offsite_already_reviewed"


class RecordNotFound(NotFound):
    code = "offsite_record_not_found"


class LookupRateLimited(DomainError, code="rate_limited", status=429):
    """Too many look-ups from one address (the query code must not be guessable by trying)."""
