from zhifa.core.errors import Conflict, InvalidInput, PermissionDenied


class AdminRolesCombined(InvalidInput, code="admin_roles_combined"):
    """三员分立: system, security and audit administration never sit on one account."""


class UsernameTaken(Conflict, code="username_taken"): ...


class WeakPassword(InvalidInput, code="weak_password"): ...


class NotAllowed(PermissionDenied, code="permission_denied"): ...


class WrongPassword(InvalidInput, code="wrong_password"): ...


class PasswordReused(InvalidInput, code="password_reused"): ...


class WrongCode(InvalidInput, code="invalid_otp"): ...
