from zhifa.core.errors import Conflict, InvalidInput, PermissionDenied


class InvalidOverride(InvalidInput, code="first_violation_override_invalid"): ...


class OverrideNotAllowed(PermissionDenied, code="first_violation_override_not_allowed"): ...


class OverrideAlreadyDecided(Conflict, code="first_violation_override_decided"): ...
