"""The on-the-spot summary case (简易程序) in one submission: the lead and the on-the-spot decision,
both or neither (APL Arts. 51–52; TEPP Arts. 60–61).

The phone form sends it, also later from a device that had no signal (zhifa/web/INTERFACE.md,
"Offline field forms"): the key is made on the device, and a repeated key returns the first case
and decision, never a second case — also when the repeat arrives while the first is still being
written (the loser waits on the key's unique index, then replays the winner's result).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ..errors import IdempotencyKeyReused, InvalidCaseInput
from ..models import Case
from ._common import _check_key
from .intake import create_lead
from .steps import decide_on_spot

DECISION_KEY_SUFFIX = ":onspot"
KEY_MAX = 64 - len(DECISION_KEY_SUFFIX)


@dataclass(frozen=True)
class OnSpotResult:
    case: Case
    replayed: bool  # True: this key was handled before, nothing new was written


def create_onspot_case(
    *,
    actor,
    agency,
    facts: str,
    decided_on: date,
    party: dict,
    violation_date: date | None,
    provision,
    officers: Iterable,
    penalty: dict,
    onspot_steps: Iterable[str],
    facts_conclusive: bool,
    has_legal_basis: bool,
    idempotency_key: str,
) -> OnSpotResult:
    """Register the lead found on the spot and decide it on the spot in one transaction."""
    key = _check_key(idempotency_key)
    if key is None or len(key) > KEY_MAX:
        raise InvalidCaseInput(
            f"当场处罚须带有本机生成的幂等键（不超过{KEY_MAX}个字符）",
            code="idempotency_key_invalid",
        )
    steps = list(onspot_steps)
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                case = create_lead(
                    actor=actor,
                    agency=agency,
                    source="inspection",
                    facts=facts,
                    received_on=decided_on,
                    party=party,
                    violation_date=violation_date,
                    provision=provision,
                    officers=officers,
                    idempotency_key=key,
                )
                result = decide_on_spot(
                    case,
                    actor=actor,
                    as_of=decided_on,
                    penalty=penalty,
                    onspot_steps=steps,
                    facts_conclusive=facts_conclusive,
                    has_legal_basis=has_legal_basis,
                    idempotency_key=key + DECISION_KEY_SUFFIX,
                )
            return OnSpotResult(result.case, replayed=bool(getattr(result, "replayed", False)))
        except IdempotencyKeyReused:
            # the same key submitted twice at once: the other submission won and is committed
            # now, so the second attempt finds it and replays its result
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
