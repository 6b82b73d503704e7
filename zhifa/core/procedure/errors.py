"""Errors of the case procedure; each keeps a stable `code` the API returns unchanged."""

from __future__ import annotations

from collections.abc import Sequence

from zhifa.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied

from .model import Refusal


class ProcedureError(DomainError):
    """Base of every refusal by the procedure engine."""

    code = "procedure_error"


class UnknownTransition(ProcedureError, InvalidInput):
    code = "procedure_unknown_transition"
    status = 422


class IllegalTransition(ProcedureError, Conflict):
    """The case is not in a state (or procedure) the transition leaves from."""

    code = "procedure_illegal_transition"
    status = 409


class RoleNotAllowed(ProcedureError, PermissionDenied):
    code = "procedure_role_not_allowed"
    status = 403


class GuardRefused(ProcedureError, Conflict):
    """One or more guards refused. `code` is the first refusal's code (guards run in table
    order, so it is stable); `details["refusals"]` lists them all with their articles."""

    status = 409

    def __init__(self, transition: str, refusals: Sequence[Refusal]):
        self.refusals = tuple(refusals)
        super().__init__(
            "；".join(r.message for r in self.refusals),
            code=self.refusals[0].code,
            details={
                "transition": transition,
                "refusals": [
                    {"code": r.code, "message": r.message, "article": r.article}
                    for r in self.refusals
                ],
            },
        )
