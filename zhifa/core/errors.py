"""Domain errors with stable codes. The API returns `code` unchanged and `message` in Chinese."""

from __future__ import annotations

from zhifa.core.citations import render_text


class DomainError(Exception):
    """A refused request: `code` is stable for clients, `message` is shown to people (Chinese)."""

    code = "domain_error"
    status = 400

    def __init_subclass__(cls, *, code: str | None = None, status: int | None = None, **kw):
        """An app's error in one line: `class CaseNotFound(NotFound, code="case_not_found"): ...`
        (the stable code, and the HTTP status where it differs from the base's)."""
        super().__init_subclass__(**kw)
        if code is not None:
            cls.code = code
        if status is not None:
            cls.status = status

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        # People read the message in Chinese: internal references become Chinese citations.
        message = render_text(message)
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422


class NotFound(DomainError):
    """Also used for objects outside the actor's scope: "not found" and "forbidden" look the same."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class Conflict(DomainError):
    code = "conflict"
    status = 409


class ForbiddenCharacters(InvalidInput):
    """Text holding NUL or other control characters, lone surrogates or bidi overrides
    (zhifa.core.text): refused before it reaches a form, a service or the database."""

    code = "invalid_characters"

    @classmethod
    def at(cls, where: str, kind: str) -> ForbiddenCharacters:
        from zhifa.core.text import KINDS

        field = f"（{where}）" if where else ""
        return cls(
            f"输入内容{field}含有不允许的{KINDS[kind]}，请删除后重试。",
            details={"field": where, "kind": kind},
        )


class MalformedRequest(DomainError):
    code = "malformed_request"
    status = 400
