"""Stable error codes of the oversight app (Chinese messages for people)."""

from zhifa.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class InvalidOversightInput(InvalidInput):
    code = "invalid_oversight_input"


class NotSuperior(PermissionDenied):
    code = "oversight_not_superior"


class NotYourRectification(PermissionDenied):
    code = "rectification_not_yours"


class RectificationStateConflict(Conflict):
    code = "rectification_wrong_state"


class AlreadyReviewed(Conflict):
    code = "fine_flag_already_reviewed"


class MaskingBlocked(Conflict):
    code = "exemplary_case_not_masked"


class ReportStateConflict(Conflict):
    code = "ministry_report_wrong_state"


class OversightNotFound(NotFound):
    code = "oversight_not_found"
