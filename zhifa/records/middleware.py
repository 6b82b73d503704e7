"""Gives each request one correlation id (kept from X-Request-ID when a proxy sets a sane one),
and journals every file handed to a signed-in person (issue 10 item 7)."""

import re
from urllib.parse import unquote

from .context import events_journaled, reset_correlation_id, set_correlation_id

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


# Downloads whose own service already journals them (the evidence file, the case record export,
# the audit export): no second entry for the same act.
SELF_JOURNALED = frozenset(
    {"evidence.viewed", "evidence.record_exported", "journal.exported", "file.downloaded"}
)
_FILENAME = re.compile(r"filename\*=UTF-8''([^;]+)|filename=\"?([^\";]+)", re.IGNORECASE)


def downloaded_filename(disposition: str) -> str:
    match = _FILENAME.search(disposition or "")
    if not match:
        return ""
    return unquote(match.group(1)) if match.group(1) else match.group(2)


class DownloadJournalMiddleware:
    """A response that hands over a file (Content-Disposition) to a signed-in user becomes a
    `file.downloaded` entry: documents, case files, benchmark and other exports (GB/T 22239-2019
    8.1.4.3: 审计覆盖到每个用户, 对重要的用户行为进行审计)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if (
            disposition
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and not (events_journaled() & SELF_JOURNALED)
        ):
            from . import journal

            journal.append(
                "file.downloaded",
                actor=user,
                payload={
                    "path": request.path[:500],
                    "filename": downloaded_filename(disposition)[:200],
                    "content_type": response.get("Content-Type", "")[:100],
                    "ip": request.META.get("REMOTE_ADDR", ""),
                },
            )
        return response
