"""Stable error codes of the complaints app (Chinese messages for people)."""

from zhifa.core.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


class TimeLimitsMissing(DomainError):
    code = "time_limits_missing"
    status = 409


class InvalidComplaint(InvalidInput):
    code = "invalid_complaint"


class StepNotAllowed(Conflict):
    code = "complaint_step_not_allowed"


class NotYourOrder(PermissionDenied):
    code = "complaint_not_your_order"


class ComplaintNotFound(NotFound):
    code = "complaint_not_found"


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


class CaptchaFailed(InvalidInput):
    code = "captcha_failed"


class AlreadyRated(Conflict):
    code = "already_rated"


class HotSpotsRefused(PermissionDenied):
    code = "hot_spots_refused"


class TimeLimitsRefused(PermissionDenied):
    code = "time_limits_refused"


class SupervisorRefused(PermissionDenied):
    code = "public_supervisor_refused"
