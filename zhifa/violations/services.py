"""Writes and the journaled look-up of the first-violation check (首违不罚).

- `record_decided_violation`: a decision that establishes the violation adds the party's rows to
  the national index (models.py explains the index).
- `lookup`: the party's earlier violations of the same provision within the look-back window, by
  ID number / credit code and by plate, across EVERY agency of the platform (not the caller's
  scope: the law asks whether the party violated before, wherever), returning only what the
  decision needs — count, dates, provision, agency name — and journaling each look-up.
- `request_override` / `decide_override`: an officer may depart from the derived finding only with
  a reason, and only once the agency head approves (a to-do is sent to the heads).
- `first_violation_fact`: the value the discretion engine's `first_violation` fact takes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction

from zhifa.core.errors import InvalidInput
from zhifa.records import journal

from . import events
from .errors import InvalidOverride, OverrideAlreadyDecided, OverrideNotAllowed
from .identity import party_digests
from .models import FirstViolationOverride, OverrideStatus, ViolationRecord

# APL Art. 33 para 1 names no look-back period for "初次违法"; provincial lists set their own.
# Until each province's figure is recorded, one platform setting (years), default 1: stated on
# every result so the decider sees the window used.
DEFAULT_LOOKBACK_YEARS = 1

# Decisions that establish the violation: a penalty (on the spot or general procedure), or no
# penalty because it was minor / a first violation (the violation itself stands; APL Art. 33).
PENALTY_STEPS = frozenset({"decide_penalty", "decide_on_spot"})
ESTABLISHED_NO_PENALTY_GROUNDS = frozenset({"first_violation", "minor_corrected"})


def lookback_years() -> int:
    return int(getattr(settings, "ZHIFA_FIRST_VIOLATION_LOOKBACK_YEARS", DEFAULT_LOOKBACK_YEARS))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class EarlierViolation:
    violation_date: date
    provision: str  # the citation, e.g. 《公路法》第七十六条第（一）项
    agency: str


@dataclass(frozen=True)
class FirstViolationResult:
    checked: bool  # False: the case lacks what the look-up needs (see `missing`)
    first_violation: bool | None
    count: int = 0
    earlier: tuple[EarlierViolation, ...] = ()
    window_from: date | None = None
    window_to: date | None = None
    by: tuple[str, ...] = ()  # identifier kinds used: id_number, plate
    missing: tuple[str, ...] = ()
    override: FirstViolationOverride | None = None
    pending_override: FirstViolationOverride | None = None
    extra: dict = field(default_factory=dict)

    @property
    def effective(self) -> bool | None:
        """The finding the decision uses: an approved override, else the derived one."""
        if self.override is not None:
            return self.override.first_violation
        return self.first_violation

    @property
    def message(self) -> str:
        if not self.checked:
            return "无法查询以往违法记录：请先填写" + "、".join(self.missing)
        window = f"{self.window_from.isoformat()}至{self.window_to.isoformat()}"
        if self.count == 0:
            return f"{window}期间全国范围内未查到当事人违反同一条款的记录，属初次违法"
        return f"{window}期间全国范围内查到当事人违反同一条款{self.count}次，不属初次违法"


@transaction.atomic
def record_decided_violation(case, code: str, decided_on: date, *, no_penalty_ground: str = ""):
    """Index the violation a decision establishes (called by the case step that decides)."""
    if code in PENALTY_STEPS or (
        code == "decide_no_penalty" and no_penalty_ground in ESTABLISHED_NO_PENALTY_GROUNDS
    ):
        pass
    else:
        return []
    if case.provision_id is None or case.violation_date is None or case.party is None:
        return []
    rows = []
    for kind, dig in party_digests(case.party).items():
        row, created = ViolationRecord.objects.get_or_create(
            case=case,
            identifier_kind=kind,
            defaults={
                "identifier_digest": dig,
                "provision_id": case.provision_id,
                "violation_date": case.violation_date,
                "decided_on": decided_on,
                "agency_id": case.agency_id,
            },
        )
        if created:
            rows.append(row)
    if rows:
        journal.append(
            events.RECORDED,
            actor=None,
            subject=case,
            agency=case.agency,
            payload={
                "step": code,
                "provision": case.provision.data_id,
                "violation_date": case.violation_date,
                "identifiers": sorted(r.identifier_kind for r in rows),
            },
        )
    return rows


def record_from_step(case, code: str, as_of: date):
    """The hook the case step calls after a transition: index the violation a decision makes."""
    if code not in PENALTY_STEPS and code != "decide_no_penalty":
        return []
    ground = ""
    if code == "decide_no_penalty":
        from zhifa.cases.models import Decision

        last = Decision.objects.filter(case=case).order_by("-id").first()
        ground = last.no_penalty_ground if last is not None else ""
    return record_decided_violation(case, code, as_of, no_penalty_ground=ground)


def _missing(case) -> tuple[str, ...]:
    missing = []
    if case.party is None or not party_digests(case.party):
        missing.append("当事人身份证号码、统一社会信用代码或车辆号牌")
    if case.provision_id is None:
        missing.append("处罚依据")
    if case.violation_date is None:
        missing.append("违法行为日期")
    return tuple(missing)


def _approved_override(case):
    return (
        FirstViolationOverride.objects.filter(case=case, status=OverrideStatus.APPROVED)
        .order_by("-id")
        .first()
    )


def _pending_override(case):
    return (
        FirstViolationOverride.objects.filter(case=case, status=OverrideStatus.PENDING)
        .order_by("-id")
        .first()
    )


def lookup(case, *, actor, as_of: date) -> FirstViolationResult:
    """The party's earlier violations of the same provision within the window, platform-wide.

    Journaled (who looked up whose history, when, and how many were found) when first made and
    again whenever its inputs or its finding change: the party's identifiers, the provision, the
    window, or the earlier cases found. Reading the case page again with nothing changed reuses
    the recorded look-up and writes nothing (a read must not write on every view)."""
    missing = _missing(case)
    if missing:
        return FirstViolationResult(checked=False, first_violation=None, missing=missing)
    digests = party_digests(case.party)
    window_to = case.violation_date
    window_from = _years_before(window_to, lookback_years())
    # Deliberately not scoped to the caller's agency: see the module docstring and models.py.
    rows = (
        ViolationRecord.objects.filter(
            identifier_digest__in=list(digests.values()),
            provision_id=case.provision_id,
            violation_date__gte=window_from,
            violation_date__lt=window_to,
        )
        .exclude(case_id=case.pk)
        .values_list("case_id", "violation_date", "agency__name")
        .order_by("violation_date", "case_id")
    )
    seen, earlier = set(), []
    citation = _citation(case.provision)
    for case_id, day, agency_name in rows:
        if case_id in seen:  # found by both the ID number and the plate
            continue
        seen.add(case_id)
        earlier.append(EarlierViolation(day, citation, agency_name))
    fingerprint = _fingerprint(case, digests, window_from, window_to, sorted(seen))
    if _last_fingerprint(case) != fingerprint:
        journal.append(
            events.LOOKED_UP,
            actor=actor,
            subject=case,
            agency=case.agency,
            payload={
                "as_of": as_of,
                "provision": case.provision.data_id,
                "window_from": window_from,
                "window_to": window_to,
                "by": sorted(digests),
                "count": len(earlier),
                "fingerprint": fingerprint,
            },
        )
    return FirstViolationResult(
        checked=True,
        first_violation=not earlier,
        count=len(earlier),
        earlier=tuple(earlier),
        window_from=window_from,
        window_to=window_to,
        by=tuple(sorted(digests)),
        override=_approved_override(case),
        pending_override=_pending_override(case),
    )


def _fingerprint(case, digests: dict, window_from, window_to, found: list) -> str:
    """A digest of what the look-up asked and found (the identifiers only as their keyed digests,
    so the journal holds no ID number or plate)."""
    inputs = {
        "digests": sorted(digests.items()),
        "provision": case.provision.data_id,
        "window": [window_from.isoformat(), window_to.isoformat()],
        "found": found,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _last_fingerprint(case) -> str | None:
    """The fingerprint of the case's latest journaled look-up (None: never looked up)."""
    from zhifa.records.journal import subject_key
    from zhifa.records.models import JournalEntry

    subject_type, subject_id = subject_key(case)
    payload = (
        JournalEntry.objects.filter(
            subject_type=subject_type, subject_id=subject_id, event_type=events.LOOKED_UP
        )
        .order_by("-id")
        .values_list("payload", flat=True)
        .first()
    )
    if not payload:
        return None
    return (json.loads(payload) if isinstance(payload, str) else payload).get("fingerprint")


def _citation(provision) -> str:
    law = getattr(provision, "law", None)
    name = getattr(law, "name", "") if law is not None else ""
    return f"《{name}》{provision.article}" if name else provision.article


def first_violation_fact(case, *, actor, as_of: date) -> bool | None:
    """The `first_violation` fact for the discretion engine: derived from the history (journaled
    look-up), replaced only by a head-approved override; None when it cannot be looked up."""
    return lookup(case, actor=actor, as_of=as_of).effective


def _heads(case):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        agency_id=case.agency_id, is_agency_head=True, is_active=True
    )


@transaction.atomic
def request_override(case, *, actor, first_violation: bool, reason: str, as_of: date):
    """An officer of the case asks to treat the party as (not) a first violator, with a reason;
    the agency's heads get a to-do. Nothing changes until a head approves."""
    from zhifa.cases import selectors as case_selectors

    if "officer" not in case_selectors.roles_for(actor, case, as_of):
        raise OverrideNotAllowed("只有本案可以执法的承办人员可以申请变更首违认定。")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidOverride("申请变更首违认定须写明理由。")
    if len(reason) > 500:
        raise InvalidOverride("理由不超过500字。")
    if not isinstance(first_violation, bool):
        raise InvalidInput("请选择是否认定为初次违法。", code="first_violation_override_invalid")
    result = lookup(case, actor=actor, as_of=as_of)
    if result.checked and result.first_violation == first_violation:
        raise InvalidOverride("申请的认定与查询结果相同，无需变更。")
    FirstViolationOverride.objects.filter(case=case, status=OverrideStatus.PENDING).update(
        status=OverrideStatus.REFUSED, decision_note="已被新的申请取代"
    )
    override = FirstViolationOverride.objects.create(
        case=case,
        first_violation=first_violation,
        reason=reason,
        derived=bool(result.first_violation),
        requested_by=actor,
        requested_on=as_of,
    )
    journal.append(
        events.OVERRIDE_REQUESTED,
        actor=actor,
        subject=case,
        agency=case.agency,
        payload={
            "override_id": override.pk,
            "first_violation": first_violation,
            "derived": result.first_violation,
            "reason": reason,
        },
    )
    from zhifa.notifications.services import notify

    notify(
        _heads(case),
        kind="first_violation_override",
        title=f"待审批：{case}申请变更首违认定",
        body=f"理由：{reason}",
        link=f"/cases/{case.pk}/",
        subject=case,
    )
    return override


@transaction.atomic
def decide_override(override, *, actor, approve: bool, note: str = "", as_of: date):
    """The head of the case's agency approves or refuses an override request."""
    override = FirstViolationOverride.objects.select_for_update().get(pk=override.pk)
    case = override.case
    if not (
        getattr(actor, "is_agency_head", False)
        and getattr(actor, "agency_id", None) == case.agency_id
    ):
        raise OverrideNotAllowed("只有本案办案机构的负责人可以审批首违认定变更。")
    if override.status != OverrideStatus.PENDING:
        raise OverrideAlreadyDecided("该申请已审批。")
    if actor.pk == override.requested_by_id:
        raise OverrideNotAllowed("申请人不得审批本人的申请。")
    override.status = OverrideStatus.APPROVED if approve else OverrideStatus.REFUSED
    override.decided_by = actor
    override.decided_on = as_of
    override.decision_note = (note or "").strip()[:500]
    override.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
    journal.append(
        events.OVERRIDE_DECIDED,
        actor=actor,
        subject=case,
        agency=case.agency,
        payload={
            "override_id": override.pk,
            "approved": approve,
            "first_violation": override.first_violation,
            "note": override.decision_note,
        },
    )
    return override
