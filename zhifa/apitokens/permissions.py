"""Which API operations a token may call, one declared row each; everything else refuses tokens.

Rows are (permission, HTTP method, path below /api/v1/ as a full-match regex). A new endpoint for
other systems is a new row here; an endpoint without a row answers a token with 403
`token_not_permitted`, whatever the token holds. Permissions without rows yet (intake:write,
disclosure:read) are issued now so that a system can be set up before its endpoints
exist; they open nothing until their rows are added.
"""

import re

from .choices import TokenPermission

TOKEN_OPERATIONS: list[tuple[str, str, str]] = [
    (TokenPermission.CASES_READ, "GET", r"cases/?"),
    (TokenPermission.CASES_READ, "GET", r"cases/\d+/?"),
    (TokenPermission.CASES_READ, "GET", r"cases/\d+/timeline/?"),
    (TokenPermission.CASES_READ, "GET", r"cases/\d+/documents/?"),
    # a 12328 system posts its work orders (zhifa/complaints/api.py)
    (TokenPermission.COMPLAINTS_WRITE, "POST", r"complaints/?"),
    # a weigh station's system streams its records (zhifa/offsite/api.py)
    (TokenPermission.INTAKE_WRITE, "POST", r"offsite/batches/[^/]+/records/?"),
]

_COMPILED = [(perm, method, re.compile(pattern)) for perm, method, pattern in TOKEN_OPERATIONS]


def permission_for(method: str, path: str) -> str | None:
    """The permission an operation needs (`path` relative to the API root), or None: not for tokens."""
    for perm, row_method, pattern in _COMPILED:
        if row_method == method.upper() and pattern.fullmatch(path):
            return str(perm)
    return None
