"""Writes of the records app. (Appending an entry is journal.append, called by every service.)"""

from django.db import transaction

from . import journal
from .verification import VerifyResult, verify


def verify_journal(
    *, actor=None, chain=None, agency=None, subject=None, chunk_size=2000
) -> VerifyResult:
    """Verify the chosen scope (see verification.verify) and record the run as journal.verified."""
    result = verify(chain=chain, agency=agency, subject=subject, chunk_size=chunk_size)
    scope = {"chain": chain, "agency": agency.pk if agency else None, "subject": subject}
    payload = {
        "scope": {key: value for key, value in scope.items() if value is not None},
        "chains": result.chains,
        "entries": result.entries,
        "ok": result.ok,
    }
    if result.broken:
        broken = result.broken
        payload["broken"] = {
            "chain": broken.chain,
            "seq": broken.seq,
            "id": broken.id,
            "reason": broken.reason,
        }
    with transaction.atomic():
        journal.append("journal.verified", actor=actor, payload=payload)
    return result
