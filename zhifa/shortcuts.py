"""Small helpers shared by the apps' page views (project level: any app's views may use it)."""

from django.http import Http404

from zhifa.core.errors import DomainError


def found_or_404(read, *args, catch=DomainError):
    """What a scoped selector returns, or the 404 page when it refuses: outside the user's scope
    an object looks missing, never forbidden (docs/adr/0003)."""
    try:
        return read(*args)
    except catch as exc:
        raise Http404(getattr(exc, "message", "")) from None
