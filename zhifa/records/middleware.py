"""Gives each request one correlation id (kept from X-Request-ID when a proxy sets a sane one)."""

import re

from .context import reset_correlation_id, set_correlation_id

_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class CorrelationIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        token = set_correlation_id(incoming if _SANE_ID.match(incoming) else None)
        try:
            response = self.get_response(request)
        finally:
            reset_correlation_id(token)
        return response
