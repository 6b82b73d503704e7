"""Stable error codes of the evaluation app (Chinese messages for people)."""

from zhifa.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class InvalidScheme(InvalidInput):
    code = "evaluation_invalid_scheme"


class InvalidEvaluation(InvalidInput):
    code = "evaluation_invalid_input"


class NotEvaluator(PermissionDenied):
    code = "evaluation_not_allowed"


class WrongState(Conflict):
    code = "evaluation_wrong_state"


class EvaluationNotFound(NotFound):
    code = "evaluation_not_found"
