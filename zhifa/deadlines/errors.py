from zhifa.core.errors import Conflict, InvalidInput, PermissionDenied


class DeadlineAlreadyOpen(Conflict):
    code = "deadline_already_open"


class DeadlineNotOpen(Conflict):
    code = "deadline_not_open"


class DeadlineNotExtendable(Conflict):
    code = "deadline_not_extendable"


class DeadlineExpired(Conflict):
    code = "deadline_expired"


class ExtensionLimitReached(Conflict):
    code = "extension_limit_reached"


class ExtensionPending(Conflict):
    code = "extension_pending"


class ExtensionAlreadyDecided(Conflict):
    code = "extension_already_decided"


class InvalidDeadline(InvalidInput):
    code = "invalid_deadline"


class InvalidExtension(InvalidInput):
    code = "invalid_extension"


class ExtensionNotAllowed(PermissionDenied):
    code = "extension_not_allowed"


class ExtensionApproverRequired(PermissionDenied):
    code = "extension_approver_required"


class ExtensionThroughOwnStep(Conflict):
    code = "extension_through_own_step"
