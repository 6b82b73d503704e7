"""Writes of remedies against a decision (救济, legal.md §H): a reconsideration or suit brought, its
outcome, and the agency head's record that the correction was carried out. Kept apart from the step
machinery (services/); the rules are the core's (zhifa.core.remedies). Reads: `remedy_rows`,
`case_standing`, `follow_ups_of` below.

Each write runs in one transaction, is journaled, and (through the post_save of RemedyPeriod)
refreshes the case's indicator rollups. An outcome that corrects the decision runs the
`remedy_concluded` hook: the disclosure app opens the 3-working-day withdrawal of the publication
(APL Art. 48 para 2; A26).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from zhifa.core import remedies as rules
from zhifa.core.procedure import State

from . import events, hooks, selectors
from .errors import InvalidCaseInput, NotAllowed
from .models import Case, Decision, RemedyPeriod, StepRecord
from .services._common import _check_date, _journal, _require_head, _text, _today
from .services.facts import HEAD_ROLES, OFFICER_ROLES, _fact

FILING_ERRORS = {
    "bad_kind": "请选择行政复议或行政诉讼",
    "no_decision": "本案尚未作出决定，不能登记行政复议或诉讼（《行政处罚法》第七条）",
    "before_decision": "申请复议或起诉日期不能早于决定日期",
    "in_future": "日期晚于今天，不能预先登记",
    "already_pending": "本案已有尚未审结的行政复议或诉讼，请先登记其结果（《行政复议法》第二十九条）",
}
OUTCOME_ERRORS = {
    "bad_outcome": "请选择复议或诉讼的结果",
    "before_filing": "结果日期不能早于申请复议或起诉日期",
    "in_future": "日期晚于今天，不能预先登记",
}
EXECUTING = {State.COMPULSORY_EXECUTION, State.EXECUTION_SUSPENDED}


def _decided_on(case: Case) -> date | None:
    return Decision.objects.filter(case=case).values_list("decided_on", flat=True).first()


def file_remedy(
    case: Case,
    *,
    actor,
    as_of: date,
    kind: str,
    started_on: date,
    body: str = "",
    reference: str = "",
) -> RemedyPeriod:
    """The party applied for reconsideration or sued (APL Art. 7): the remedy is pending, the
    surcharge pauses (APL Art. 73) and the head's to-do list shows it until its outcome."""
    with transaction.atomic():
        case, as_of = _fact(
            case,
            actor=actor,
            as_of=as_of,
            what="登记行政复议或诉讼",
            roles_needed=OFFICER_ROLES | HEAD_ROLES,
        )
        started_on = _check_date(started_on, "申请复议或起诉日期")
        body = _text(body, "复议机关或人民法院", required=True, limit=100)
        reference = _text(reference, "受理文书号或案号", limit=64)
        problem = rules.check_filing(
            kind=kind,
            started_on=started_on,
            decided_on=_decided_on(case),
            pending=case.remedies.filter(ended_on__isnull=True).exists(),
            today=_today(),
        )
        if problem:
            raise InvalidCaseInput(FILING_ERRORS[problem], code=f"remedy_{problem}")
        row = RemedyPeriod.objects.create(
            case=case, kind=kind, body=body, reference=reference, started_on=started_on
        )
        _journal(
            events.REMEDY_FILED,
            actor=actor,
            case=case,
            payload={
                "remedy": row.pk,
                "kind": kind,
                "body": body,
                "reference": reference,
                "started_on": started_on.isoformat(),
                "article": "APL Art. 7",
            },
        )
    return row


def record_outcome(
    case: Case,
    remedy_id: int,
    *,
    actor,
    as_of: date,
    outcome: str,
    decided_on: date,
    reference: str = "",
    note: str = "",
) -> RemedyPeriod:
    """The reconsideration body decided or the court ruled (or the party withdrew): the remedy ends
    (the surcharge resumes), and an outcome correcting the decision lists what the agency must do
    (zhifa.core.remedies.follow_ups) and starts the publication's withdrawal."""
    with transaction.atomic():
        case, as_of = _fact(
            case,
            actor=actor,
            as_of=as_of,
            what="登记行政复议或诉讼结果",
            roles_needed=OFFICER_ROLES | HEAD_ROLES,
        )
        row = _remedy(case, remedy_id, lock=True)
        if row.outcome:
            raise InvalidCaseInput("该复议或诉讼已登记结果", code="remedy_outcome_recorded")
        decided_on = _check_date(decided_on, "结果日期")
        reference = _text(reference, "复议决定书或裁判文书号", limit=64)
        note = _text(note, "结果说明")
        problem = rules.check_outcome(
            outcome=outcome, started_on=row.started_on, ended_on=decided_on, today=_today()
        )
        if problem:
            raise InvalidCaseInput(OUTCOME_ERRORS[problem], code=f"remedy_{problem}")
        row.outcome, row.ended_on = outcome, decided_on
        row.outcome_reference, row.outcome_note = reference, note
        row.save(update_fields=["outcome", "ended_on", "outcome_reference", "outcome_note"])
        follow = follow_ups_of(case, row)
        _journal(
            events.REMEDY_CONCLUDED,
            actor=actor,
            case=case,
            payload={
                "remedy": row.pk,
                "kind": row.kind,
                "outcome": outcome,
                "decided_on": decided_on.isoformat(),
                "reference": reference,
                "follow_ups": [f.value for f in follow],
            },
        )
        if outcome in rules.REVERSING:
            hooks.run("remedy_concluded", case, remedy=row, actor=actor, as_of=as_of)
    return row


def record_follow_up(case: Case, remedy_id: int, *, actor, as_of: date, note: str) -> RemedyPeriod:
    """The agency head records how the correction was carried out (refund, execution ended, a new
    decision): the to-do closes. Only after an outcome that corrected the decision."""
    with transaction.atomic():
        _require_head(actor, case, "登记纠错落实情况")
        as_of = _check_date(as_of)
        row = _remedy(case, remedy_id, lock=True)
        if row.outcome not in rules.REVERSING:
            raise InvalidCaseInput(
                "该复议或诉讼的结果未纠正决定，无须落实", code="remedy_no_follow_up"
            )
        if row.followed_up_on is not None:
            raise InvalidCaseInput("已登记纠错落实情况", code="remedy_followed_up")
        if as_of < row.ended_on:
            raise InvalidCaseInput(
                "落实日期不能早于结果日期", code="remedy_follow_up_before_outcome"
            )
        row.follow_up_note = _text(note, "纠错落实情况", required=True)
        row.followed_up_on, row.followed_up_by = as_of, actor
        row.save(update_fields=["follow_up_note", "followed_up_on", "followed_up_by"])
        _journal(
            events.REMEDY_FOLLOWED_UP,
            actor=actor,
            case=case,
            payload={"remedy": row.pk, "as_of": as_of.isoformat(), "note": row.follow_up_note},
        )
    return row


def _remedy(case: Case, remedy_id, *, lock: bool = False) -> RemedyPeriod:
    qs = RemedyPeriod.objects.filter(case=case, pk=remedy_id)
    row = (qs.select_for_update() if lock else qs).first()
    if row is None:
        raise NotAllowed("该复议或诉讼不属于本案", code="remedy_not_found")
    return row


# --- reads -----------------------------------------------------------------------------------------


def _core_row(r: RemedyPeriod) -> rules.RemedyRow:
    return rules.RemedyRow(r.kind, r.started_on, r.ended_on, r.outcome, r.pk)


def case_standing(rows) -> str:
    """The outcome the decision stands on ("" while none): see zhifa.core.remedies.final_outcome."""
    return rules.final_outcome([_core_row(r) for r in rows])


def follow_ups_of(case: Case, row: RemedyPeriod) -> tuple[rules.Follow, ...]:
    paid = Decimal(case.payments.aggregate(s=Sum("amount"))["s"] or 0) > 0
    published = StepRecord.objects.filter(case=case, code="publish_decision").exists()
    return rules.follow_ups(
        row.outcome, published=published, executing=State(case.state) in EXECUTING, paid=paid
    )


def remedy_rows(case: Case) -> list[dict]:
    """The case's remedies for its page and the API, oldest first, each with its follow-ups."""
    rows = selectors.case_remedies(case)  # the snapshot's read, shared with the surcharge pauses
    out = []
    for r in rows:
        follow = follow_ups_of(case, r) if r.outcome in rules.REVERSING else ()
        out.append(
            {
                "remedy": r,
                "id": r.pk,
                "kind": r.kind,
                "kind_label": r.get_kind_display(),
                "body": r.body,
                "reference": r.reference,
                "started_on": r.started_on,
                "ended_on": r.ended_on,
                "pending": r.ended_on is None,
                "outcome": r.outcome,
                "outcome_label": r.get_outcome_display() if r.outcome else "",
                "outcome_reference": r.outcome_reference,
                "outcome_note": r.outcome_note,
                "reversing": r.outcome in rules.REVERSING,
                "follow_ups": [rules.FOLLOW_ZH[f] for f in follow],
                "follow_up_codes": [f.value for f in follow],
                "followed_up_on": r.followed_up_on,
                "follow_up_note": r.follow_up_note,
            }
        )
    return out
