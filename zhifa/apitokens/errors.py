"""Errors of API tokens, with stable codes."""

from zhifa.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied


class TokenInvalid(DomainError, code="token_invalid", status=401):
    """Unknown, expired or revoked: the caller learns only that the token does not work."""


class TokenNotPermitted(PermissionDenied, code="token_not_permitted"): ...


class TokenNotAllowed(PermissionDenied, code="not_allowed"):
    """Only a security administrator issues and revokes tokens (三员分立)."""


class TokenInputInvalid(InvalidInput, code="invalid_token_request"): ...


class TokenNotFound(NotFound, code="token_not_found"): ...
