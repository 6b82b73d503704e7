"""The case procedure (办案程序) as a declared transition table; pure, no Django.

Read INTERFACE.md in this folder. The public surface:

    from zhifa.core.procedure import CaseFacts, State, Role, fire, available
    outcome = fire("file_case", facts, {"agency_head"}, as_of)
"""

from .engine import DeadlineOpening, DocumentToRecord, Option, Outcome, available, fire, refusals
from .errors import (
    GuardRefused,
    IllegalTransition,
    ProcedureError,
    RoleNotAllowed,
    UnknownTransition,
)
from .model import (
    MARITIME_LARGE_AMOUNTS,
    CaseFacts,
    CaseTriggers,
    DecisionFacts,
    DeliberationFacts,
    DeliberationStatus,
    HearingFacts,
    LargeAmounts,
    NoticeFacts,
    OfficerFact,
    PartyKind,
    Penalty,
    PenaltyKind,
    PerformanceFacts,
    Procedure,
    Proposal,
    Recommendation,
    Refusal,
    Resolution,
    ReviewFacts,
    ReviewStatus,
    Role,
    State,
)
from .rules import (
    deliberation_triggers,
    hearing_triggers,
    heavier_than,
    legal_review_triggers,
    summary_eligibility,
)
from .table import TABLE, TERMINAL_STATES, Transition

__all__ = [
    "MARITIME_LARGE_AMOUNTS",
    "TABLE",
    "TERMINAL_STATES",
    "CaseFacts",
    "CaseTriggers",
    "DeadlineOpening",
    "DecisionFacts",
    "DeliberationFacts",
    "DeliberationStatus",
    "DocumentToRecord",
    "GuardRefused",
    "HearingFacts",
    "IllegalTransition",
    "LargeAmounts",
    "NoticeFacts",
    "OfficerFact",
    "Option",
    "Outcome",
    "PartyKind",
    "Penalty",
    "PenaltyKind",
    "PerformanceFacts",
    "Procedure",
    "ProcedureError",
    "Proposal",
    "Recommendation",
    "Refusal",
    "Resolution",
    "ReviewFacts",
    "ReviewStatus",
    "Role",
    "RoleNotAllowed",
    "State",
    "Transition",
    "UnknownTransition",
    "available",
    "deliberation_triggers",
    "fire",
    "hearing_triggers",
    "heavier_than",
    "legal_review_triggers",
    "refusals",
    "summary_eligibility",
]
