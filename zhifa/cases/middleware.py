"""One case snapshot per read request (issue 15, item 5): a GET or HEAD request runs inside
`selectors.snapshot_scope`, so the user's roles on a case, the actions, the facts and the amounts
are built from one read of each piece however many parts of the page (or of the API's response
schema) ask for them. Requests that write are left alone: their services read fresh rows."""

from .selectors import snapshot_scope

READS = frozenset({"GET", "HEAD"})


class SnapshotScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READS:
            return self.get_response(request)
        with snapshot_scope():
            return self.get_response(request)
