"""Firing a transition: the only way a case changes state.

`fire(code, facts, actor_roles, as_of)` checks, in this order, that the transition exists, that the
case is in one of its source states and procedures, that the actor holds one of its roles, and that
every guard passes; it then returns an `Outcome` the cases app applies in one transaction (new
state, documents to record, deadlines to open and close, effects, warnings). Anything else raises
a `ProcedureError` subclass whose `code` the API returns unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from . import guards as g
from .documents import DOCUMENT_KINDS
from .errors import GuardRefused, IllegalTransition, RoleNotAllowed, UnknownTransition
from .model import CaseFacts, Procedure, Refusal, Role, State
from .table import START_DATES, TABLE, Transition


@dataclass(frozen=True)
class DocumentToRecord:
    kind: str
    name: str
    form_no: int | None
    article: str


@dataclass(frozen=True)
class DeadlineOpening:
    """Open a `Deadline`: from `start` by the time-limit rule `code`, or at `due` when given."""

    code: str
    start: date | None
    due: date | None = None


@dataclass(frozen=True)
class Outcome:
    transition: str
    label: str
    from_state: State
    to_state: State
    procedure: Procedure | None
    as_of: date
    article: str
    documents: tuple[DocumentToRecord, ...] = ()
    opens: tuple[DeadlineOpening, ...] = ()
    closes: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    warnings: tuple[Refusal, ...] = ()

    @property
    def changes_state(self) -> bool:
        return self.from_state != self.to_state


def guards_of(t: Transition) -> tuple[g.Guard, ...]:
    """The guards `fire` runs for `t`, in order: the implicit ones first."""
    implicit = (g.not_backdated,) + ((g.two_officers,) if t.officers_required else ())
    return implicit + t.guards


def _structural(t: Transition, facts: CaseFacts, actor_roles: frozenset[str]) -> None:
    if facts.state not in t.sources:
        allowed = "、".join(sorted(s.label for s in t.sources))
        raise IllegalTransition(
            f"案件处于“{facts.state.label}”状态，不能“{t.label}”（须处于：{allowed}）",
            details={
                "transition": t.code,
                "state": facts.state.value,
                "allowed_states": sorted(s.value for s in t.sources),
            },
        )
    if facts.procedure not in t.procedures:
        raise IllegalTransition(
            f"“{t.label}”不适用于本案的程序",
            details={"transition": t.code, "procedure": facts.procedure},
        )
    if not actor_roles & {r.value for r in t.roles}:
        raise RoleNotAllowed(
            f"“{t.label}”须由{_roles_zh(t.roles)}办理",
            details={"transition": t.code, "allowed_roles": sorted(r.value for r in t.roles)},
        )


ROLE_LABELS = {
    Role.OFFICER: "本案执法人员",
    Role.UNIT_HEAD: "办案机构负责人",
    Role.AGENCY_HEAD: "执法部门负责人",
    Role.PRINCIPAL_HEAD: "正职负责人",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.HEARING_CHAIR: "听证主持人",
    Role.SYSTEM: "系统",
}


def _roles_zh(roles: Iterable[Role]) -> str:
    return "或".join(ROLE_LABELS[r] for r in sorted(roles))


def _get(code: str) -> Transition:
    try:
        return TABLE[code]
    except KeyError:
        raise UnknownTransition(f"未知的办案操作“{code}”", details={"transition": code}) from None


def refusals(code: str, facts: CaseFacts, as_of: date) -> list[Refusal]:
    """Every guard refusal of `code` for `facts` on `as_of` (state and role not checked)."""
    t = _get(code)
    return [r for guard in guards_of(t) for r in guard(facts, as_of)]


def fire(code: str, facts: CaseFacts, actor_roles: Iterable[str], as_of: date) -> Outcome:
    """Fire transition `code`; return what the app must apply, or raise a `ProcedureError`."""
    if not isinstance(as_of, date):
        raise TypeError("as_of must be a date")
    t = _get(code)
    roles = frozenset(str(r) for r in actor_roles)
    _structural(t, facts, roles)
    refused = refusals(code, facts, as_of)
    if refused:
        raise GuardRefused(t.code, refused)
    warnings = tuple(r for adv in t.advisories for r in adv(facts, as_of))
    documents = tuple(
        DocumentToRecord(k.code, k.name, k.form_no, k.article)
        for p in t.produces
        if p.when is None or p.when(facts)
        for k in (DOCUMENT_KINDS[p.kind],)
    )
    opens = tuple(
        DeadlineOpening(
            o.code,
            START_DATES[o.start](facts, as_of),
            START_DATES[o.due](facts, as_of) if o.due else None,
        )
        for o in t.opens
        if o.when is None or o.when(facts)
    )
    return Outcome(
        transition=t.code,
        label=t.label,
        from_state=facts.state,
        to_state=t.target_from(facts.state),
        procedure=t.sets_procedure or facts.procedure,
        as_of=as_of,
        article=t.article,
        documents=documents,
        opens=opens,
        closes=t.closes,
        effects=t.effects,
        warnings=warnings,
    )


@dataclass(frozen=True)
class Option:
    """A transition offered from the current state to this actor, with why it is blocked."""

    code: str
    label: str
    allowed: bool
    refusals: tuple[Refusal, ...]


def available(facts: CaseFacts, actor_roles: Iterable[str], as_of: date) -> tuple[Option, ...]:
    """Transitions leaving the current state that this actor's roles may fire, each with its
    refusals (empty: may fire now). For pages: show only these, disabled with reasons."""
    roles = frozenset(str(r) for r in actor_roles)
    options = []
    for t in TABLE.values():
        if facts.state not in t.sources or facts.procedure not in t.procedures:
            continue
        if not roles & {r.value for r in t.roles}:
            continue
        refused = tuple(refusals(t.code, facts, as_of))
        options.append(Option(t.code, t.label, not refused, refused))
    return tuple(options)
