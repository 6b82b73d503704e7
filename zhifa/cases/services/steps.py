"""The procedure steps: `fire_step` fires a core transition in one locked transaction and applies
its outcome (state, documents, deadlines, effects, journal); thin wrappers name each step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.core.payment import money
from zhifa.core.procedure import (
    TABLE,
    GuardRefused,
    IllegalTransition,
    Outcome,
    Penalty,
    PenaltyKind,
    Proposal,
    Refusal,
    Resolution,
    State,
    UnknownTransition,
    fire,
)
from zhifa.core.procedure import deadlines as dl
from zhifa.core.procedure.documents import DOCUMENT_KINDS
from zhifa.core.procedure.rules import REVIEW_CHECKLIST, SERVICE_METHODS

from .. import events, hooks, numbering, selectors, signals
from ..choices import (
    DecisionKind,
    DeliberationState,
    LeadState,
    ReviewOutcome,
    ReviewState,
)
from ..errors import (
    InvalidCaseInput,
    StepAlreadyDone,
)
from ..models import (
    Case,
    Decision,
    Deliberation,
    Document,
    Hearing,
    Lead,
    LegalReview,
    Notice,
    Payment,
    Service,
    StepRecord,
    penalty_to_json,
)
from ..signals import step_fired
from ._common import (
    MAX_TEXT,
    SIGNATURES,
    StepResult,
    _actor_name,
    _check_date,
    _check_key,
    _journal,
    _lock,
    _remember,
    _replayed,
    _text,
)
from .execution_time import EXECUTION_STEPS, execution_time_inputs


def _document(case: Case, kind: str, as_of: date, *, step, summary: str = "") -> Document:
    spec = DOCUMENT_KINDS[kind]
    return Document.objects.create(
        case=case,
        kind=kind,
        name=spec.name,
        form_no=spec.form_no,
        number=numbering.new_document_number(case.agency, as_of.year, kind),
        issued_on=as_of,
        signatures=list(SIGNATURES.get(kind, ("officers",))),
        article=spec.article,
        summary=summary,
        step=step,
    )


def _deadlines_api():
    try:
        from zhifa.deadlines import services as deadlines
    except ImportError:  # pragma: no cover - the deadlines app is always installed with cases
        return None
    return deadlines if hasattr(deadlines, "open_deadline") else None


CLOSE_REASON = {"mark_overdue": "lapsed", "close_case": "case_closed"}


def _close_deadlines(
    case: Case, codes: Iterable[str], *, actor, transition: str, open_codes: set[str] | None = None
) -> list[str]:
    """Close `codes`; `open_codes` (the case's open ones, read by the step's snapshot) spares the
    look-up of those not open, and loses the ones closed here."""
    api = _deadlines_api()
    reason = CLOSE_REASON.get(transition, "met")
    closed = []
    for code in codes:
        if open_codes is not None and code != dl.ALL and code not in open_codes:
            continue
        if code == dl.ALL:
            if open_codes is not None:
                open_codes.clear()
            closed += [
                d.code for d in api.close_all_deadlines(subject=case, actor=actor, reason=reason)
            ]
        elif api.close_deadline(subject=case, code=code, actor=actor, reason=reason) is not None:
            closed.append(code)
            if open_codes is not None:
                open_codes.discard(code)
    return closed


def _open_deadlines(
    case: Case,
    outcome: Outcome,
    *,
    actor,
    notice_received: date | None = None,
    officers: list | None = None,
    open_codes: set[str] | None = None,
) -> list[dict]:
    """Open the outcome's periods; `officers` and `open_codes` are what the step's snapshot read
    (no step changes the case's officers), else read here."""
    from zhifa.workcalendar.selectors import deadline_for_rule

    api = _deadlines_api()
    opened = []
    if officers is None:
        officers = list(case.officers.select_related("officer__user"))
    responsible = [row.officer.user for row in officers if not row.recused]
    for o in outcome.opens:
        if o.due is not None:
            unit, amount, basis = None, None, None
            start = o.start or outcome.as_of
            passed = o.due
        else:
            start = o.start
            if notice_received is not None and o.code in _RUN_FROM_NOTICE_SERVICE:
                start = notice_received  # served by public notice: 60 days after posting
            if o.code in (dl.A8_TRANSFER,):  # hour rules run from the time of the act
                start = datetime.combine(
                    o.start, timezone.localtime().time().replace(microsecond=0)
                )
            passed = deadline_for_rule(o.code, start)
            unit = amount = basis = None  # kept from the calendar's Due by open_deadline
        if open_codes is None or o.code in open_codes:
            api.close_deadline(subject=case, code=o.code, actor=actor, reason="superseded")
        row = api.open_deadline(
            subject=case,
            agency=case.agency,
            code=o.code,
            start=start,
            actor=actor,
            due=passed,
            unit=unit,
            amount=amount,
            basis=basis,
            responsible=responsible,
        )
        opened.append({"code": o.code, "due": row.due.isoformat()})
        if open_codes is not None:
            open_codes.add(o.code)
    return opened


def _refresh_next_due(case: Case) -> None:
    # an index for lists and the overdue job, read back from the deadlines app
    dues = [date.fromisoformat(v["due"][:10]) for v in case.deadlines.values()]
    case.next_due = min(dues) if dues else None


# --- the generic step ----------------------------------------------------------------------------


def _decimal(value, what: str) -> Decimal:
    try:
        return money(value, what=what)
    except DomainError:
        raise
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidCaseInput(f"{what}格式有误", code="amount_invalid") from None


def _statutory_range(case: Case) -> tuple[Decimal | None, Decimal | None]:
    """The fine range of the provision cited (APL Arts. 4, 38); from the stored recommendation's
    statutory range when the provision states none directly (gain-based fines)."""
    p = case.provision
    low = Decimal(p.fine_min) if p is not None and p.fine_min is not None else None
    high = Decimal(p.fine_max) if p is not None and p.fine_max is not None else None
    if high is None:
        rng = (case.recommendation or {}).get("statutory_range") or {}
        if rng.get("high") is not None:
            high = Decimal(str(rng["high"]))
            low = Decimal(str(rng["low"])) if rng.get("low") is not None else low
    return low, high


def penalty_from_input(case: Case, data) -> Penalty | None:
    """A penalty from a form or API body: {"kinds": [...], "fine": "500", "confiscation": "0",
    "mitigated": false}; the statutory range comes from the case's provision."""
    if data is None:
        return None
    if isinstance(data, Penalty):
        return data
    if not isinstance(data, dict):
        raise InvalidCaseInput("处罚内容格式有误", code="penalty_invalid")
    kinds = data.get("kinds") or []
    if isinstance(kinds, str):
        kinds = [kinds]
    try:
        kinds = frozenset(PenaltyKind(k) for k in kinds)
    except ValueError:
        raise InvalidCaseInput(
            "处罚种类有误", code="penalty_kind_invalid", details={"kinds": list(kinds)}
        ) from None
    fine = _decimal(data.get("fine") or 0, "罚款数额")
    if fine > 0 and PenaltyKind.FINE not in kinds:
        kinds = kinds | {PenaltyKind.FINE}
    low, high = _statutory_range(case)
    return Penalty(
        kinds,
        fine,
        _decimal(data.get("confiscation") or 0, "没收金额"),
        low,
        high,
        bool(data.get("mitigated", False)),
        case.provision.data_id if case.provision else "",
    )


def _user_id(value) -> str | None:
    if value is None or value == "":
        return None
    from django.contrib.auth import get_user_model

    if isinstance(value, get_user_model()):
        return str(value.pk)
    try:
        return str(int(value))
    except (TypeError, ValueError):
        raise InvalidCaseInput("听证主持人有误", code="hearing_chair_invalid") from None


def _iso_date(value, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidCaseInput(f"{what}格式有误", code="invalid_date") from None


def _proposal(case: Case, code: str, as_of: date, inputs: dict) -> Proposal:
    """The step's input as the core's `Proposal` (INTERFACE.md, "proposal")."""
    penalty = penalty_from_input(case, inputs.get("penalty"))
    if penalty is None and code == "decide_penalty":
        notice = selectors.current_notice(case)
        if notice is not None and notice.penalty:
            from ..models import penalty_from_json

            penalty = penalty_from_json(notice.penalty)
    method = inputs.get("service_method") or inputs.get("method")
    if method is not None and method not in SERVICE_METHODS:
        raise InvalidCaseInput("送达方式有误", code="service_method_unknown")
    if method == "electronic" and code != "serve_decision":
        party = case.party
        if not (party and party.e_service_confirmed):
            raise GuardRefused(
                code,
                [
                    Refusal(
                        "electronic_service_unconfirmed",
                        "当事人未签署送达地址确认书同意电子送达，不得电子送达",
                        "TEPP Art. 18(3)",
                    )
                ],
            )
    if method == "public_notice" and code != "serve_decision" and not _posting_recorded(case):
        # TEPP Art. 18(5): every service by public notice (the decision's is a core guard)
        raise GuardRefused(
            code,
            [
                Refusal(
                    "public_notice_not_filmed",
                    "公告送达须在受送达人住所张贴公告并拍照或录像，尚未上传张贴公告的照片或录像",
                    "TEPP Art. 18(5)",
                )
            ],
        )
    hearing_date = _iso_date(inputs.get("hearing_date"), "听证日期")
    earliest = None
    if hearing_date is not None:
        # APL Art. 64(2); TEPP Art. 83: the notice is served 7 working days before the hearing.
        earliest = selectors.calendar().add_working_days(as_of, 7).due
    resolution = inputs.get("resolution")
    if resolution is not None:
        try:
            resolution = Resolution(resolution)
        except ValueError:
            raise InvalidCaseInput("集体讨论决定有误", code="resolution_invalid") from None
    checklist = inputs.get("checklist") or ()
    if isinstance(checklist, str) or not all(isinstance(i, str) for i in checklist):
        raise InvalidCaseInput("审核事项格式有误", code="checklist_invalid")
    unknown = sorted(set(checklist) - set(REVIEW_CHECKLIST))
    if unknown:
        raise InvalidCaseInput(
            f"未知的审核事项：{'、'.join(unknown)}",
            code="checklist_invalid",
            details={"unknown": unknown},
        )
    attendees = inputs.get("attendees") or ()
    if isinstance(attendees, str):
        attendees = [a for a in attendees.replace("，", ",").split(",") if a.strip()]
    reason = inputs.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise InvalidCaseInput("理由应为文字", code="reason_invalid")
    chair = _user_id(inputs.get("chair"))
    if chair is not None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=int(chair)).select_related("agency").first()
        if user is None or user.agency is None or not user.agency.path.startswith(case.agency.path):
            raise InvalidCaseInput("听证主持人须为本机构工作人员", code="hearing_chair_invalid")
    steps = inputs.get("onspot_steps") or ()
    if isinstance(steps, str) or not all(isinstance(i, str) for i in steps):
        raise InvalidCaseInput("当场处罚步骤格式有误", code="onspot_steps_invalid")
    return Proposal(
        reason=(reason or "").strip()[:MAX_TEXT] or None,
        penalty=penalty,
        hearing_date=hearing_date,
        hearing_chair_id=chair,
        hearing_earliest_date=earliest,
        service_method=method,
        deliberation_attendees=len([a for a in attendees if str(a).strip()]),
        resolution=resolution,
        checklist=frozenset(checklist),
        onspot_steps=frozenset(steps),
        collection_ground=inputs.get("collection_ground"),
        receipt_issued=bool(inputs.get("receipt_issued", False)),
        exemption_reason=_text(inputs.get("exemption_reason") or "", "不予免罚的理由") or None,
        posting_recorded=method == "public_notice" and _posting_recorded(case),
        reference=_text(inputs.get("reference") or "", "凭证号", limit=64) or None,
        **execution_time_inputs(code, inputs),  # ACL Art. 43: when compulsory execution happens
    )


def _reviewer_qualified(actor, as_of: date) -> bool:
    """The acting reviewer's 法律职业资格 is on record, obtained on or before `as_of`."""
    from ..models import ReviewerQualification

    if actor is None or not getattr(actor, "pk", None):
        return False
    return ReviewerQualification.objects.filter(user=actor, obtained_on__lte=as_of).exists()


# T4 §三(八); legal.md §B.4: compulsory execution carried out on the spot, and forced demolition
# (强制拆除), are recorded in full on video; the step is refused until the video is attached.
_EXECUTION_RECORDINGS = (
    ("on_site_compulsory_execution", "execution_not_filmed", "现场强制执行"),
    ("forced_demolition", "demolition_not_filmed", "强制拆除"),
)


# The steps that are (or end) one execution act: a video filmed for an earlier act, or before it,
# does not film the next one (issue 9 leftovers, item 3).
_EXECUTION_ACTS = ("decide_execution", "suspend_execution", "resume_execution")


def _moment(value, day: date) -> datetime:
    """A step's recorded `executed_at` (ISO text or datetime), else the start of its day."""
    at = value
    if isinstance(at, str):
        from django.utils.dateparse import parse_datetime

        at = parse_datetime(at.strip()) if at.strip() else None
    if not isinstance(at, datetime):
        at = datetime.combine(day, time.min)
    return at if timezone.is_aware(at) else timezone.make_aware(at)


def _require_execution_filmed(
    case: Case, code: str, inputs: dict, proposal: Proposal, as_of: date
) -> dict[str, list[int]]:
    """T4 §三(八): THIS execution act is filmed in full — a recording made after the previous
    execution step (decision, suspension or resumption), on or before the act's day, and not
    already used by an earlier act. Returns act → the recordings this step relies on (kept on
    the step and journaled, so a resumed execution cannot reuse the first video)."""
    demolition = inputs.get("demolition", False)
    if not isinstance(demolition, bool):
        raise InvalidCaseInput("是否强制拆除应为是或否", code="demolition_invalid")
    earlier = list(
        StepRecord.objects.filter(case=case, code__in=_EXECUTION_ACTS)
        .order_by("-id")
        .values_list("as_of", "inputs", "outcome")
    )
    after = _moment((earlier[0][1] or {}).get("executed_at"), earlier[0][0]) if earlier else None
    used = sorted(
        {
            i
            for _, _, out in earlier
            for ids in (out or {}).get("recordings", {}).values()
            for i in ids
        }
    )
    act_day = proposal.execution_at.date() if proposal.execution_at else as_of
    until = timezone.make_aware(datetime.combine(act_day, time.max))
    found, refusals = {}, []
    for act, refusal, label in _EXECUTION_RECORDINGS:
        if act == "forced_demolition" and not demolition:
            continue
        ids = hooks.ask(  # evidence app
            "recordings_of_act", case, act=act, after=after, until=until, exclude=used
        )
        if ids:
            found[act] = list(ids)
            continue
        since = f"（{timezone.localtime(after):%Y-%m-%d %H:%M}之后拍摄）" if after else ""
        refusals.append(
            Refusal(
                refusal,
                f"{label}须全程录音录像，尚未上传本次{label}的录像{since}",
                "T4 §三(八)",
            )
        )
    if refusals:
        raise GuardRefused(code, refusals)
    return found


def _posting_recorded(case: Case) -> bool:
    """TEPP Art. 18(5): a photo or video of the public-notice posting is attached to the case."""
    return hooks.ask("recording_satisfied", case, act="public_notice_posting")  # evidence app


def _served_on(ctx) -> date:
    """The day service takes effect: by public notice, 60 days after the notice (TEPP Art.
    18(5), legal.md §A15); otherwise the day of the act."""
    return _service_effective(ctx.as_of, ctx.proposal.service_method)


def _service_effective(as_of: date, method: str | None) -> date:
    if (method or "direct") != "public_notice":
        return as_of
    from zhifa.workcalendar.selectors import deadline_for_rule

    due = deadline_for_rule(dl.A15_PUBLIC_NOTICE_SERVICE, as_of).due
    return due.date() if isinstance(due, datetime) else due


# The party's windows after the rights notice run from the day it is served, which by public
# notice is 60 days after the posting (TEPP Art. 18(5); APL Arts. 44, 63–64).
_RUN_FROM_NOTICE_SERVICE = frozenset({dl.A10_HEARING_REQUEST})


def _statement_due(case: Case, as_of: date) -> date | None:
    """The statement-and-defence window (APL Arts. 44, 62; legal.md §A12, §I 2): the province's
    `statement_window_working_days` (parameters), else the deployment's
    `ZHIFA_STATEMENT_WINDOW_WORKING_DAYS`; the spec gives no national default, so None when
    neither is set (then the decision waits for the statement or an express waiver)."""
    from django.conf import settings

    from .. import parameters as pp

    days = pp.province_value(selectors.engine_province_of(case.agency), pp.STATEMENT_WINDOW, as_of)
    if days is None:
        days = getattr(settings, "ZHIFA_STATEMENT_WINDOW_WORKING_DAYS", None)
    if not days:
        return None
    return selectors.calendar().add_working_days(as_of, int(days)).due


def _snapshot(case: Case, code: str, as_of: date, proposal: Proposal, inputs: dict):
    """The snapshot for this step, with the facts the step itself brings (the sim's `changes`)."""
    from dataclasses import replace

    facts = selectors.case_facts(case, as_of=as_of, proposal=proposal)
    if code == "serve_rights_notice":
        received = _service_effective(as_of, proposal.service_method)  # TEPP Art. 18(5)
        facts = replace(
            facts, notice=replace(facts.notice, statement_due=_statement_due(case, received))
        )
    if code == "record_payment":
        paid = _decimal(inputs.get("amount") or 0, "缴款金额")
        left = selectors.outstanding(case, as_of, extra_paid=paid)
        facts = replace(facts, performance=replace(facts.performance, outstanding=left))
    if code == "decide_on_spot":
        flags = {k: bool(inputs[k]) for k in ("facts_conclusive", "has_legal_basis") if k in inputs}
        if flags:
            facts = replace(facts, triggers=replace(facts.triggers, **flags))
    if code in {"decide_on_spot", "decide_penalty", "decide_no_penalty"}:
        correction = bool(inputs.get("correction_required", True))
        facts = replace(facts, decision=replace(facts.decision, correction_required=correction))
    return facts


def _just_done(case: Case, code: str) -> StepRecord | None:
    last = case.steps.order_by("-id").first()
    if last is not None and last.code == code and last.to_state == case.state:
        return last
    return None


def fire_step(
    case: Case,
    code: str,
    *,
    actor,
    as_of: date,
    idempotency_key: str | None = None,
    **inputs,
) -> StepResult:
    """Fire transition `code` on `case` (procedure core), applying the outcome in one transaction.

    Concurrent submissions of the same step: the case row is locked, so exactly one wins; the
    other sees the new state and gets `step_already_done` (409) naming who did it. A repeated
    `idempotency_key` returns the first result and changes nothing."""
    key = _check_key(idempotency_key)
    as_of = _check_date(as_of)
    with transaction.atomic():
        locked = _lock(case, presence=True)
        row = _replayed(actor, key, code, locked)
        if row is not None:
            step = row.step
            return StepResult(
                locked,
                step,
                None,
                tuple(step.documents.all()) if step else (),
                tuple(step.warnings) if step else (),
                replayed=True,
            )
        if code not in TABLE:
            raise UnknownTransition(f"未知的办案操作“{code}”", details={"transition": code})
        # The roles and the snapshot read each piece of the locked case once (issue 15, item 5);
        # nothing is kept once the step starts changing the case.
        with selectors.snapshot_scope():
            selectors.prime_absent(locked)
            roles = selectors.roles_for(actor, locked, as_of)
            proposal = _proposal(locked, code, as_of, inputs)
            if code == "pass_legal_review":
                # APL Art. 58 para 2; TEPP Art. 71 para 2: the reviewer's own qualification
                from dataclasses import replace

                proposal = replace(proposal, reviewer_qualified=_reviewer_qualified(actor, as_of))
            recordings = (
                _require_execution_filmed(locked, code, inputs, proposal, as_of)
                if code in EXECUTION_STEPS
                else {}
            )
            facts = _snapshot(locked, code, as_of, proposal, inputs)
            # read by the snapshot already; the step uses them for the deadlines it opens
            known = {
                "officers": selectors.case_officers(locked),
                "open_codes": set(selectors.open_deadline_map(locked)),
            }
        try:
            outcome = fire(code, facts, roles, as_of)
        except IllegalTransition:
            done = _just_done(locked, code)
            if done is not None:
                raise StepAlreadyDone(
                    f"“{done.label}”已由{done.actor_name}于{done.as_of.isoformat()}办理，"
                    "请刷新页面查看最新状态",
                    details={"transition": code, "step_id": done.pk, "state": locked.state},
                ) from None
            raise
        selectors.forget_snapshots()  # a read scope around this call is stale from here on
        with selectors.snapshot_scope(reuse=False):
            step, documents = _apply(
                locked,
                outcome,
                actor=actor,
                roles=roles,
                inputs=inputs,
                proposal=proposal,
                recordings=recordings,
                **known,
            )
            # APL Art. 33 (首违不罚): a decision that establishes the violation enters the national index
            hooks.run("violation_decided", locked, code=code, as_of=as_of)  # violations app
            _remember(actor, key, code, locked, step)
            step_fired.send(
                sender=Case, case=locked, step=step, actor=actor
            )  # hand-offs (workbench)
    warnings = tuple(step.warnings)
    return StepResult(locked, step, outcome, tuple(documents), warnings)


def _jsonable_inputs(inputs: dict) -> dict:
    out = {}
    for k, v in inputs.items():
        if isinstance(v, date):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = str(v)
        elif isinstance(v, (set, frozenset, tuple)):
            v = sorted(str(x) for x in v)
        elif hasattr(v, "pk"):
            v = v.pk
        out[k] = v
    return out


def _apply(
    case: Case,
    outcome: Outcome,
    *,
    actor,
    roles,
    inputs: dict,
    proposal: Proposal,
    recordings: dict | None = None,
    officers: list | None = None,
    open_codes: set[str] | None = None,
) -> tuple[StepRecord, list[Document]]:
    as_of = outcome.as_of
    case.state = outcome.to_state.value
    if outcome.procedure is not None:
        case.procedure = outcome.procedure.value
    case.last_step_on = as_of
    warnings = [
        {"code": w.code, "message": w.message, "article": w.article} for w in outcome.warnings
    ]
    step = StepRecord.objects.create(
        case=case,
        code=outcome.transition,
        label=outcome.label,
        actor=actor,
        actor_name=_actor_name(actor),
        roles=sorted(roles),
        as_of=as_of,
        from_state=outcome.from_state.value,
        to_state=outcome.to_state.value,
        article=outcome.article[:200],
        inputs=_jsonable_inputs(inputs),
        warnings=warnings,
        outcome={
            "documents": [d.kind for d in outcome.documents],
            "opens": [o.code for o in outcome.opens],
            "closes": list(outcome.closes),
            "effects": list(outcome.effects),
            **({"recordings": recordings} if recordings else {}),
        },
    )
    summary = _text(
        inputs.get("summary") or inputs.get("text") or inputs.get("opinion") or "", "摘要"
    )
    documents = [
        _document(case, d.kind, as_of, step=step, summary=summary) for d in outcome.documents
    ]
    closed = _close_deadlines(
        case, outcome.closes, actor=actor, transition=outcome.transition, open_codes=open_codes
    )
    received = None
    if outcome.transition == "serve_rights_notice":
        received = _service_effective(as_of, proposal.service_method)
    opened = _open_deadlines(
        case,
        outcome,
        actor=actor,
        notice_received=received,
        officers=officers,
        open_codes=open_codes,
    )
    ctx = _Ctx(case, outcome, actor, inputs, proposal, documents, step)
    for effect in outcome.effects:
        handler = EFFECTS.get(effect)
        if handler is not None:
            handler(ctx)
    hook = AFTER.get(outcome.transition)
    if hook is not None:
        hook(ctx)
    _refresh_next_due(case)
    case.save()
    _journal(
        events.step_event(outcome.transition),
        actor=actor,
        case=case,
        payload={
            "transition": outcome.transition,
            "label": outcome.label,
            "as_of": as_of.isoformat(),
            "from": outcome.from_state.value,
            "to": outcome.to_state.value,
            "roles": sorted(roles),
            "article": outcome.article,
            "warnings": warnings,
            "documents": [{"kind": d.kind, "number": d.number} for d in documents],
            "opened": [{"code": o["code"], "due": o["due"]} for o in opened],
            "closed": closed,
            "effects": list(outcome.effects),
            **({"recordings": recordings} if recordings else {}),
            "inputs": step.inputs,
            "step_id": step.pk,
        },
    )
    if outcome.transition == "archive_case":  # the documents app makes the case file (案卷)
        signals.case_archived.send(sender=Case, case=case, actor=actor, as_of=as_of)
    return step, documents


@dataclass
class _Ctx:
    case: Case
    outcome: Outcome
    actor: Any
    inputs: dict
    proposal: Proposal
    documents: list[Document]
    step: StepRecord

    @property
    def as_of(self) -> date:
        return self.outcome.as_of

    def doc(self, kind: str) -> Document | None:
        return next((d for d in self.documents if d.kind == kind), None)

    def due(self, code: str) -> date | None:
        entry = self.case.deadlines.get(code)
        return date.fromisoformat(entry["due"][:10]) if entry else None


def _serve_document(ctx: _Ctx, kind: str, *, document: Document | None = None) -> None:
    """Record service (送达) of `kind` produced in this step, proved by its service receipt."""
    document = document or ctx.doc(kind)
    if document is None:
        return
    served_on = _served_on(ctx)
    document.served_on = served_on
    document.save(update_fields=["served_on"])
    receipt = ctx.doc("service_receipt")
    if receipt is not None:
        receipt.served_on = served_on
        receipt.save(update_fields=["served_on"])
    party = ctx.case.party
    method = ctx.proposal.service_method or "direct"
    address = ctx.inputs.get("address") or (
        party.e_service_address
        if party and method == "electronic"
        else (party.address if party else "")
    )
    Service.objects.create(
        case=ctx.case,
        document=document,
        method=method,
        served_on=served_on,
        address=_text(address or "", "送达地址", limit=300),
        recipient=_text(
            ctx.inputs.get("recipient") or (party.name if party else ""), "受送达人", limit=200
        ),
    )


def _assign_case_number(case: Case, as_of: date) -> None:
    if not case.case_number:
        case.case_number = numbering.new_case_number(case.agency, as_of.year)
        case.number_year = as_of.year


def _lead_done(case: Case, state: str, ctx: _Ctx, reason: str = "") -> None:
    # one UPDATE (no signal listens to Lead saves): read and write were two queries per filing
    changes = {"state": state, "decided_by": ctx.actor, "decided_on": ctx.as_of}
    if reason:
        changes["not_filed_reason"] = reason
    Lead.objects.filter(case=case).update(**changes)


def _decision_row(ctx: _Ctx, kind: str) -> Decision:
    penalty = ctx.proposal.penalty if kind == DecisionKind.PENALTY else None
    deviation = selectors.deviation_for_amount(ctx.case, penalty.fine if penalty else None)
    rec = selectors.recommendation_range(ctx.case)
    if rec is not None and penalty is not None and rec.fine_min <= penalty.fine <= rec.fine_max:
        deviation = None
    return Decision.objects.create(
        case=ctx.case,
        kind=kind,
        penalty=penalty_to_json(penalty),
        fine=penalty.fine if penalty else Decimal(0),
        decided_on=ctx.as_of,
        decided_by=ctx.actor,
        no_penalty_ground=(ctx.proposal.reason or "") if kind == DecisionKind.NO_PENALTY else "",
        deviation=deviation,
        correction_required=bool(ctx.inputs.get("correction_required", True)),
    )


def _fx_filed_on(ctx: _Ctx) -> None:
    ctx.case.filed_on = ctx.as_of
    _assign_case_number(ctx.case, ctx.as_of)
    _lead_done(ctx.case, LeadState.FILED, ctx)


def _fx_decided_penalty(ctx: _Ctx) -> None:
    _decision_row(ctx, DecisionKind.PENALTY)
    if ctx.doc("penalty_decision") or ctx.doc("onspot_decision"):
        # the form states the 3% daily surcharge (APL Art. 72(1)): derived, not declared
        ctx.case.surcharge_rate_notified = True
    if ctx.outcome.transition == "decide_on_spot":
        _assign_case_number(ctx.case, ctx.as_of)
        _lead_done(ctx.case, LeadState.DECIDED_ON_SPOT, ctx)


def _fx_served_on_the_spot(ctx: _Ctx) -> None:
    Decision.objects.filter(case=ctx.case).update(served_on=ctx.as_of)
    _serve_document(ctx, "onspot_decision")


def _fx_onspot_filed(ctx: _Ctx) -> None:
    ctx.case.onspot_filed = True


def _fx_unit_reviewed(ctx: _Ctx) -> None:
    ctx.case.report_unit_reviewed = True


def _fx_clear_unit_reviewed(ctx: _Ctx) -> None:
    ctx.case.report_unit_reviewed = False


def _fx_notified(ctx: _Ctx) -> None:
    # record_notified_penalty + record_hearing_offered + reset_party_responses
    Notice.objects.filter(case=ctx.case, current=True).update(current=False)
    Hearing.objects.filter(case=ctx.case, current=True).update(current=False)
    notice = Notice.objects.create(
        case=ctx.case,
        penalty=penalty_to_json(ctx.proposal.penalty),
        served_on=_served_on(ctx),  # by public notice: 60 days after posting (TEPP Art. 18(5))
        hearing_offered=dl.A10_HEARING_REQUEST in {o.code for o in ctx.outcome.opens},
        current=True,
    )
    # the windows this notice opens are tied to it, never copied (issue 9, defect 8)
    _deadlines_api().attribute_deadlines(
        subject=ctx.case,
        codes=(dl.A10_HEARING_REQUEST, dl.A12_STATEMENT),
        origin=notice,
        actor=ctx.actor,
    )
    _serve_document(ctx, "violation_notice")


def _fx_statement(ctx: _Ctx) -> None:
    notice = selectors.current_notice(ctx.case)
    notice.statement_recorded = True
    text = _text(ctx.inputs.get("text") or "", "陈述申辩内容")
    notice.statement_text = (
        (notice.statement_text + "\n" + text).strip() if text else notice.statement_text
    )
    notice.save(update_fields=["statement_recorded", "statement_text"])


def _fx_hearing_requested(ctx: _Ctx) -> None:
    Hearing.objects.filter(case=ctx.case, current=True).update(current=False)
    Hearing.objects.create(case=ctx.case, requested_on=ctx.as_of, current=True)


def _fx_hearing_schedule(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    hearing.scheduled_on = ctx.proposal.hearing_date
    if ctx.proposal.hearing_chair_id:
        hearing.chair_id = int(ctx.proposal.hearing_chair_id)
    hearing.notice_served_on = ctx.as_of
    hearing.save()
    _serve_document(ctx, "hearing_notice")


def _fx_hearing_held(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    hearing.held_on = ctx.as_of
    hearing.record = _text(ctx.inputs.get("record") or "", "听证笔录摘要")
    hearing.save(update_fields=["held_on", "record"])
    document = ctx.doc("hearing_record")
    if document is not None and hearing.record:
        document.summary = hearing.record
        document.save(update_fields=["summary"])


def _fx_hearing_terminated(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    hearing.terminated_on = ctx.as_of
    hearing.reason = ctx.proposal.reason or ""
    hearing.save(update_fields=["terminated_on", "reason"])


def _fx_review_pending(ctx: _Ctx) -> None:
    LegalReview.objects.create(case=ctx.case, submitted_on=ctx.as_of, status=ReviewState.PENDING)


def _review_done(ctx: _Ctx, passed: bool) -> None:
    review = ctx.case.reviews.filter(status=ReviewState.PENDING).order_by("-id").first()
    if review is None:  # pragma: no cover - the core only allows this from `legal_review`
        review = LegalReview(case=ctx.case, submitted_on=ctx.as_of)
    review.status = ReviewState.PASSED if passed else ReviewState.FAILED
    review.outcome = ReviewOutcome.AGREE if passed else ReviewOutcome.PROBLEMS
    review.reviewer = ctx.actor
    review.decided_on = ctx.as_of
    review.checklist = sorted(ctx.proposal.checklist)
    review.opinion = _text(ctx.inputs.get("opinion") or ctx.proposal.reason or "", "审核意见")
    review.reviewer_qualified = ctx.proposal.reviewer_qualified
    review.save()


def _fx_review_passed(ctx: _Ctx) -> None:
    _review_done(ctx, True)


def _fx_review_failed(ctx: _Ctx) -> None:
    _review_done(ctx, False)


def _fx_deliberation_pending(ctx: _Ctx) -> None:
    Deliberation.objects.filter(case=ctx.case, current=True).update(current=False)
    Deliberation.objects.create(case=ctx.case, referred_on=ctx.as_of, current=True)


def _fx_resolution(ctx: _Ctx) -> None:
    d = selectors.current_deliberation(ctx.case)
    attendees = ctx.inputs.get("attendees") or []
    if isinstance(attendees, str):
        attendees = [a.strip() for a in attendees.replace("，", ",").split(",") if a.strip()]
    opinions = ctx.inputs.get("opinions") or []
    if isinstance(opinions, str):
        opinions = [opinions]
    d.status = DeliberationState.RESOLVED
    d.resolved_on = ctx.as_of
    d.attendees = [str(a)[:100] for a in attendees]
    d.opinions = [str(o)[:MAX_TEXT] for o in opinions]
    d.resolution = ctx.proposal.resolution.value if ctx.proposal.resolution else ""
    d.save()


def _fx_clear_deliberation(ctx: _Ctx) -> None:
    Deliberation.objects.filter(case=ctx.case, current=True).update(current=False)


def _fx_period_extended(ctx: _Ctx) -> None:
    """Read from the A13_decision_extension row just opened (`Case.decision_due` is derived)."""


def _fx_no_penalty(ctx: _Ctx) -> None:
    _decision_row(ctx, DecisionKind.NO_PENALTY)


def _fx_educate_party(ctx: _Ctx) -> None:
    """APL Art. 33 para 3: a party not penalised is educated; what was said is recorded on the
    no-penalty decision (its summary) and in the step's journal entry. Not when the facts were not
    established (TEPP Art. 73(3)): there is no violation to educate about."""
    if ctx.proposal.reason == "facts_not_established":
        return
    text = _text(ctx.inputs.get("text") or ctx.inputs.get("education") or "", "教育内容")
    if not text:
        raise InvalidCaseInput(
            "依法不予行政处罚的，应当对当事人进行教育：请填写教育内容（《行政处罚法》第三十三条第三款）",
            code="education_missing",
        )
    document = ctx.doc("no_penalty_decision")
    if document is not None and document.summary != text:
        document.summary = text
        document.save(update_fields=["summary"])


def _fx_decision_served(ctx: _Ctx) -> None:
    # TEPP Art. 18(5): by public notice the decision is deemed served 60 days after the notice
    Decision.objects.filter(case=ctx.case).update(served_on=_served_on(ctx))
    decision = Decision.objects.get(case=ctx.case)
    kind = "penalty_decision" if decision.kind == DecisionKind.PENALTY else "no_penalty_decision"
    served = Document.objects.filter(case=ctx.case, kind=kind).order_by("-id").first()
    if served is not None:
        _serve_document(ctx, kind, document=served)
    Document.objects.filter(case=ctx.case, kind="correction_order", served_on__isnull=True).update(
        served_on=_served_on(ctx)
    )


def _fx_payment_plan(ctx: _Ctx) -> None:
    plan = selectors.latest_plan(ctx.case)
    plan.approved_on = ctx.as_of
    plan.approved_by = ctx.actor
    plan.save(update_fields=["approved_on", "approved_by"])


def _fx_payment_on_spot(ctx: _Ctx) -> None:
    decision = Decision.objects.get(case=ctx.case)
    Payment.objects.create(
        case=ctx.case,
        paid_on=ctx.as_of,
        amount=decision.fine,
        reference=_text(ctx.inputs.get("reference") or "", "票据号", limit=64),
        recorded_by=ctx.actor,
    )


def _fx_demand_served(ctx: _Ctx) -> None:
    ctx.case.demand_served_on = ctx.as_of  # its wait is the A21 deadline (Case.demand_wait_ends)
    _serve_document(ctx, "demand")


def _fx_execution_suspended(ctx: _Ctx) -> None:
    ctx.case.execution_suspended_on = ctx.as_of


# Release grounds of the measures app (ACL Art. 28; TEPP Arts. 59, 123) per transition.
RELEASE_GROUND = {"terminate_investigation": "no_violation", "decide_no_penalty": "decided"}


def _fx_release_measures(ctx: _Ctx) -> None:
    """Lift running seals, seizures and preservations (measures app) when the case ends them."""
    if selectors.active_measures(ctx.case) == 0:
        return
    hooks.run(  # the measures app's release_case_measures, registered in its AppConfig
        "release_measures",
        ctx.case,
        actor=ctx.actor,
        ground=RELEASE_GROUND.get(ctx.outcome.transition, "unnecessary"),
        reason=f"{ctx.outcome.label}（{ctx.outcome.article}）",
        as_of=ctx.as_of,
    )


def _fx_hand_over_property(ctx: _Ctx) -> None:
    """Seized property goes with a case transferred to the judiciary (ACL Art. 21)."""
    if ctx.outcome.transition != "transfer_crime":
        return  # another agency: property is handed over through the measures app's disposals
    hooks.run("hand_over_property", ctx.case, actor=ctx.actor, as_of=ctx.as_of)  # measures app


EFFECTS = {
    "record_filed_on": _fx_filed_on,
    "record_decided_penalty": _fx_decided_penalty,
    "record_decision_served_on_the_spot": _fx_served_on_the_spot,
    "record_onspot_filed": _fx_onspot_filed,
    "record_report_unit_reviewed": _fx_unit_reviewed,
    "clear_report_unit_reviewed": _fx_clear_unit_reviewed,
    "record_notified_penalty": _fx_notified,
    "record_statement": _fx_statement,
    "record_hearing_requested": _fx_hearing_requested,
    "record_hearing_schedule": _fx_hearing_schedule,
    "record_hearing_held": _fx_hearing_held,
    "record_hearing_terminated": _fx_hearing_terminated,
    "record_review_pending": _fx_review_pending,
    "record_review_passed": _fx_review_passed,
    "record_review_failed": _fx_review_failed,
    "record_deliberation_pending": _fx_deliberation_pending,
    "record_resolution": _fx_resolution,
    "clear_deliberation": _fx_clear_deliberation,
    "record_decision_period_extended": _fx_period_extended,
    "record_no_penalty": _fx_no_penalty,
    "educate_party": _fx_educate_party,
    "record_decision_served": _fx_decision_served,
    "record_payment_plan": _fx_payment_plan,
    "record_demand_served": _fx_demand_served,
    "record_execution_suspended": _fx_execution_suspended,
    "release_measures": _fx_release_measures,
    "hand_over_property": _fx_hand_over_property,
    # every effect of the table has a handler (issue 9, defect 12); the surcharge is computed
    # from the due date and the remedy pauses, so it needs no start/stop effect
}


# Effects carried out together with another one, or by the transition's AFTER hook.
HANDLED_WITH = {
    "record_hearing_offered": "record_notified_penalty",
    "reset_party_responses": "record_notified_penalty",
    "record_payment": "AFTER[collect_on_spot]",
}


def _after_decline(ctx: _Ctx) -> None:
    _lead_done(ctx.case, LeadState.NOT_FILED, ctx, reason=ctx.proposal.reason or "")


def _after_transfer(ctx: _Ctx) -> None:
    ctx.case.transferred_to = _text(ctx.inputs.get("to_agency") or "", "移送机关", limit=200)
    if ctx.outcome.from_state == State.LEAD:
        _lead_done(ctx.case, LeadState.TRANSFERRED, ctx)


def _after_record_payment(ctx: _Ctx) -> None:
    amount = _decimal(ctx.inputs.get("amount") or 0, "缴款金额")
    if amount > 0:
        surcharge = selectors.surcharge_of(ctx.case, ctx.as_of)
        Payment.objects.create(
            case=ctx.case,
            paid_on=ctx.as_of,
            amount=amount,
            surcharge=surcharge.amount if surcharge else Decimal(0),
            reference=_text(ctx.inputs.get("reference") or "", "票据号", limit=64),
            recorded_by=ctx.actor,
        )


def _after_hearing_pause(ctx: _Ctx) -> None:
    hearing = selectors.current_hearing(ctx.case)
    if ctx.outcome.transition == "postpone_hearing":
        hearing.postponed_on = ctx.as_of
    else:
        hearing.suspended_on = ctx.as_of
    hearing.reason = ctx.proposal.reason or ""
    hearing.save(update_fields=["postponed_on", "suspended_on", "reason"])


def _after_collect(ctx: _Ctx) -> None:
    _fx_payment_on_spot(ctx)


def _after_submit_report(ctx: _Ctx) -> None:
    # A new report is reviewed again by the unit head (TEPP Art. 68), e.g. after a failed legal
    # review sent the case back to investigation (the core's table leaves the flag as it was).
    ctx.case.report_unit_reviewed = False


def _after_onspot(ctx: _Ctx) -> None:
    flags = {
        k: bool(ctx.inputs[k]) for k in ("facts_conclusive", "has_legal_basis") if k in ctx.inputs
    }
    if flags:
        ctx.case.triggers = {**ctx.case.triggers, **flags}


def _after_publish(ctx: _Ctx) -> None:
    """APL Art. 48; TEPP Art. 79: the publication itself — the disclosure app makes the masked
    public copy (its leak scanner may refuse, rolling the step back with the places listed)."""
    hooks.run("publish_decision", ctx.case, actor=ctx.actor, as_of=ctx.as_of)


AFTER = {
    "publish_decision": _after_publish,
    "decline_filing": _after_decline,
    "transfer_to_agency": _after_transfer,
    "record_payment": _after_record_payment,
    "postpone_hearing": _after_hearing_pause,
    "suspend_hearing": _after_hearing_pause,
    "collect_on_spot": _after_collect,
    "decide_on_spot": _after_onspot,
    "submit_report": _after_submit_report,
}


# --- thin wrappers: one per action the pages and the API expose -----------------------------------


def _step(code: str):
    def run(case: Case, *, actor, as_of: date, idempotency_key: str | None = None, **inputs):
        return fire_step(
            case, code, actor=actor, as_of=as_of, idempotency_key=idempotency_key, **inputs
        )

    run.__name__ = code
    run.__doc__ = f"Fire `{code}` ({TABLE[code].label}; {TABLE[code].article})."
    return run


decline_lead = _step("decline_filing")
file_case = _step("file_case")
file_onspot_decision = _step("file_onspot_decision")
collect_on_spot = _step("collect_on_spot")
start_investigation = _step("start_investigation")
submit_report = _step("submit_report")
review_report = _step("review_report")
return_report = _step("return_report")
approve_report = _step("approve_report")
serve_rights_notice = _step("serve_rights_notice")
record_statement = _step("record_statement")
request_hearing = _step("request_hearing")
schedule_hearing = _step("schedule_hearing")
postpone_hearing = _step("postpone_hearing")
reschedule_hearing = _step("reschedule_hearing")
suspend_hearing = _step("suspend_hearing")
resume_hearing = _step("resume_hearing")
hold_hearing = _step("hold_hearing")
record_hearing = hold_hearing
terminate_hearing = _step("terminate_hearing")
submit_legal_review = _step("submit_legal_review")
refer_to_deliberation = _step("refer_to_deliberation")
record_deliberation = _step("resolve_deliberation")
reopen_investigation = _step("reopen_investigation")
extend_decision_period = _step("extend_decision_period")
start_performance = _step("start_performance")
approve_plan = _step("approve_deferral")
mark_overdue = _step("mark_overdue")
issue_demand = _step("issue_demand")
apply_court_enforcement = _step("apply_court_enforcement")
decide_execution = _step("decide_execution")
suspend_execution = _step("suspend_execution")
resume_execution = _step("resume_execution")
terminate_execution = _step("terminate_execution")
close_case = _step("close_case")
archive_case = _step("archive_case")
terminate = _step("terminate_investigation")
transfer = _step("transfer_to_agency")
transfer_crime = _step("transfer_crime")
publish_decision = _step("publish_decision")  # APL Art. 48; 国办发〔2018〕118号 第二部分第（六）项
hand_over_cash = _step("hand_over_cash")  # APL Art. 71; TEPP Art. 100
deposit_cash = _step("deposit_cash")  # APL Art. 71; TEPP Art. 100


def decide_on_spot(
    case: Case,
    *,
    actor,
    as_of: date,
    penalty,
    onspot_steps: Iterable[str],
    service_method: str = "direct",
    idempotency_key: str | None = None,
    **inputs,
) -> StepResult:
    """The summary procedure's on-the-spot decision (APL Arts. 51–52; TEPP Arts. 60–61)."""
    return fire_step(
        case,
        "decide_on_spot",
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        penalty=penalty,
        onspot_steps=list(onspot_steps),
        service_method=service_method,
        **inputs,
    )


def record_legal_review(
    case: Case,
    *,
    actor,
    as_of: date,
    outcome: str,
    checklist: Iterable[str] = (),
    opinion: str = "",
    reviewer_qualified: bool = False,  # ignored: the qualification is on record (APL Art. 58)
    send_back_to: str = "investigation",
    idempotency_key: str | None = None,
) -> StepResult:
    """The legal reviewer's written opinion on the seven points of legal.md §F.3: "agree" passes;
    "problems" sends the case back to investigation or to the report (T4 §四(十三))."""
    if outcome not in ReviewOutcome.values:
        raise InvalidCaseInput("审核结论应为同意或存在问题", code="review_outcome_invalid")
    if outcome == ReviewOutcome.AGREE:
        code = "pass_legal_review"
    elif send_back_to == "report":
        code = "return_review_for_report"
    elif send_back_to == "investigation":
        code = "return_review_for_investigation"
    else:
        raise InvalidCaseInput(
            "退回去向应为补充调查或修改调查报告", code="review_send_back_invalid"
        )
    return fire_step(
        case,
        code,
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        checklist=list(checklist),
        opinion=opinion,
        reason=opinion if outcome == ReviewOutcome.PROBLEMS else None,
    )


def decide(
    case: Case,
    *,
    actor,
    as_of: date,
    penalty=None,
    no_penalty_ground: str | None = None,
    correction_required: bool = True,
    education: str = "",
    exemption_reason: str = "",
    idempotency_key: str | None = None,
) -> StepResult:
    """The head's decision: a penalty (`decide_penalty`) or none (`decide_no_penalty` with its
    ground, APL Arts. 30–33). Without `penalty` the notified penalty is decided."""
    if no_penalty_ground:
        return fire_step(
            case,
            "decide_no_penalty",
            actor=actor,
            as_of=as_of,
            idempotency_key=idempotency_key,
            reason=no_penalty_ground,
            correction_required=correction_required,
            text=education,
        )
    return fire_step(
        case,
        "decide_penalty",
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        penalty=penalty,
        correction_required=correction_required,
        exemption_reason=exemption_reason,
    )


def serve(
    case: Case,
    *,
    actor,
    as_of: date,
    method: str,
    address: str = "",
    recipient: str = "",
    idempotency_key: str | None = None,
) -> StepResult:
    """Serve the decision (APL Art. 61; TEPP Art. 18): electronic only with a confirmed address."""
    return fire_step(
        case,
        "serve_decision",
        actor=actor,
        as_of=as_of,
        idempotency_key=idempotency_key,
        service_method=method,
        address=address,
        recipient=recipient,
    )
