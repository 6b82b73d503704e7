"""Errors of preservation, measures and the property ledger: stable codes, Chinese messages.

A legal rule's refusal (`rules.Refusal`) becomes a `LegalRefusal` whose `code` is the first
refusal's code and whose `details["refusals"]` lists them all with their articles.
"""

from zhifa.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from .models import LedgerIsPermanent  # noqa: F401  (re-exported: the ledger's own error)


class LegalRefusal(Conflict):
    code = "legal_refusal"

    @classmethod
    def of(cls, refusals) -> "LegalRefusal":
        first = refusals[0]
        return cls(
            "；".join(r.message for r in refusals),
            code=first.code,
            details={"refusals": [r.as_dict() for r in refusals], "article": first.article},
        )


class WrongState(Conflict, code="wrong_state"):
    """The act does not fit the record's current state (e.g. release of a released measure)."""


class NotAllowed(PermissionDenied, code="not_allowed"): ...


class BadInput(InvalidInput, code="invalid_input"): ...


class PreservationNotFound(NotFound, code="preservation_not_found"): ...


class MeasureNotFound(NotFound, code="measure_not_found"): ...


class PropertyNotFound(NotFound, code="property_not_found"): ...


class DisposalNotFound(NotFound, code="disposal_not_found"): ...
