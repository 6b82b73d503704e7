"""Payments and the facts that are not transitions (waivers, plans, remedies, court and police
receipts), each journaled with the same scope and role checks."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from zhifa.core.payment import deferral_plan, instalment_plan
from zhifa.core.procedure import (
    TABLE,
    IllegalTransition,
    Outcome,
    Role,
    State,
)
from zhifa.core.procedure import deadlines as dl

from .. import events, selectors
from ..choices import (
    PlanKind,
)
from ..errors import (
    InvalidCaseInput,
    NotAllowed,
    StepAlreadyDone,
)
from ..models import (
    Case,
    Hearing,
    Payment,
    PaymentPlan,
    RemedyPeriod,
)
from ..signals import approval_requested
from ._common import (
    StepResult,
    _check_date,
    _check_key,
    _journal,
    _lock,
    _remember,
    _replayed,
    _text,
)
from .steps import (
    _close_deadlines,
    _decimal,
    _iso_date,
    _open_deadlines,
    _refresh_next_due,
    fire_step,
)


def record_payment(
    case: Case,
    *,
    actor,
    as_of: date,
    amount,
    reference: str = "",
    idempotency_key: str | None = None,
) -> StepResult | Payment:
    """A payment received. Paid in full (fine plus any surcharge): `record_payment` fires and the
    case is performed. Less: the payment is recorded and the case stays where it is."""
    key = _check_key(idempotency_key)
    as_of = _check_date(as_of, "缴款日期")
    amount = _decimal(amount, "缴款金额")
    if amount <= 0:
        raise InvalidCaseInput("缴款金额应大于零", code="payment_amount_invalid")
    with transaction.atomic():
        locked = _lock(case)
        row = _replayed(actor, key, "record_payment", locked)
        if row is not None and row.step is None:
            return locked.payments.order_by("-id").first()
        due_now = selectors.outstanding(locked, as_of)
        if (
            row is None
            and State(locked.state) in TABLE["record_payment"].sources
            and amount > due_now
        ):
            raise InvalidCaseInput(
                f"缴款金额{amount}元超过应缴金额{due_now}元",
                code="payment_exceeds_outstanding",
                details={"outstanding": str(due_now)},
            )
        left = due_now - amount
        if left <= 0 or row is not None:
            return fire_step(
                locked,
                "record_payment",
                actor=actor,
                as_of=as_of,
                idempotency_key=key,
                amount=amount,
                reference=reference,
            )
        roles = selectors.roles_for(actor, locked, as_of)
        if not roles & {Role.OFFICER.value, Role.SYSTEM.value}:
            raise NotAllowed("缴款由本案执法人员或系统登记", code="procedure_role_not_allowed")
        if State(locked.state) not in TABLE["record_payment"].sources:
            raise IllegalTransition(
                f"案件处于“{locked.state_label}”状态，不能登记缴款",
                details={"state": locked.state},
            )
        if locked.last_step_on and as_of < locked.last_step_on:
            raise InvalidCaseInput("缴款日期早于上一办案步骤", code="date_before_previous_step")
        payment = Payment.objects.create(
            case=locked,
            paid_on=as_of,
            amount=amount,
            reference=_text(reference, "票据号", limit=64),
            recorded_by=actor,
        )
        _journal(
            events.PAYMENT_RECEIVED,
            actor=actor,
            case=locked,
            payload={"amount": str(amount), "paid_on": as_of.isoformat(), "outstanding": str(left)},
        )
        _remember(actor, key, "record_payment", locked)
    return payment


# --- facts that are not transitions -----------------------------------------------------------------


def _fact(case: Case, *, actor, as_of: date, what: str, roles_needed: set[str]):
    as_of = _check_date(as_of)
    locked = _lock(case)
    roles = selectors.roles_for(actor, locked, as_of)
    if not roles & roles_needed:
        raise NotAllowed(f"无权{what}", code="procedure_role_not_allowed")
    if locked.last_step_on and as_of < locked.last_step_on:
        raise InvalidCaseInput(
            f"日期{as_of.isoformat()}早于上一办案步骤日期{locked.last_step_on.isoformat()}",
            code="date_before_previous_step",
        )
    return locked, as_of


OFFICER_ROLES = {Role.OFFICER.value}
HEAD_ROLES = {Role.AGENCY_HEAD.value}


def waive_statement(case: Case, *, actor, as_of: date) -> Case:
    """The party expressly waives the statement and defence (APL Art. 62), recorded by an officer."""
    with transaction.atomic():
        case, as_of = _fact(
            case, actor=actor, as_of=as_of, what="登记放弃陈述申辩", roles_needed=OFFICER_ROLES
        )
        notice = selectors.current_notice(case)
        if notice is None or State(case.state) != State.NOTIFIED:
            raise IllegalTransition("尚未送达违法行为通知书", code="notice_not_served")
        notice.statement_waived = True
        notice.save(update_fields=["statement_waived"])
        _journal(
            events.STATEMENT_WAIVED,
            actor=actor,
            case=case,
            payload={"as_of": as_of.isoformat(), "article": "APL Art. 62"},
        )
    return case


def waive_hearing(case: Case, *, actor, as_of: date) -> Case:
    """The party waives the hearing offered in the notice (APL Art. 64)."""
    with transaction.atomic():
        case, as_of = _fact(
            case, actor=actor, as_of=as_of, what="登记放弃听证", roles_needed=OFFICER_ROLES
        )
        notice = selectors.current_notice(case)
        if notice is None or not notice.hearing_offered or State(case.state) != State.NOTIFIED:
            raise IllegalTransition(
                "本案未告知听证权利或不在告知阶段", code="hearing_not_available"
            )
        hearing = selectors.current_hearing(case)
        if hearing is None:
            hearing = Hearing.objects.create(case=case, current=True)
        hearing.waived = True
        hearing.save(update_fields=["waived"])
        _journal(
            events.HEARING_WAIVED,
            actor=actor,
            case=case,
            payload={"as_of": as_of.isoformat(), "article": "APL Art. 64"},
        )
    return case


def apply_for_payment_plan(
    case: Case, *, actor, as_of: date, kind: str, dues: list[date], hardship: str
) -> PaymentPlan:
    """The party applies for deferral or instalments (APL Art. 66 para 2); the head then approves
    with `approve_plan`."""
    with transaction.atomic():
        case, as_of = _fact(
            case,
            actor=actor,
            as_of=as_of,
            what="登记缴款申请",
            roles_needed=OFFICER_ROLES | HEAD_ROLES,
        )
        if State(case.state) not in {State.AWAITING_PERFORMANCE, State.OVERDUE}:
            raise IllegalTransition(
                "只有待履行或逾期的案件可以申请暂缓或分期缴纳", code="plan_not_available"
            )
        if kind not in PlanKind.values:
            raise InvalidCaseInput("申请类别应为暂缓或分期", code="plan_kind_invalid")
        dues = [_iso_date(d, "缴纳期限") for d in dues]
        total = selectors.outstanding(case, as_of)
        if kind == PlanKind.DEFERRAL:
            if len(dues) != 1:
                raise InvalidCaseInput("暂缓缴纳只有一个期限", code="payment_plan_dates")
            plan = deferral_plan(
                total,
                dues[0],
                applied_on=as_of,
                hardship=hardship or "",
                original_due=case.payment_due,
            )
        else:
            plan = instalment_plan(
                total,
                dues,
                applied_on=as_of,
                hardship=hardship or "",
                original_due=case.payment_due,
            )
        row = PaymentPlan.objects.create(
            case=case,
            kind=kind,
            applied_on=as_of,
            hardship=_text(hardship, "经济困难情况", required=True),
            total=plan.total,
            instalments=[
                {"number": i.number, "due": i.due.isoformat(), "amount": str(i.amount)}
                for i in plan.instalments
            ],
            end=plan.end,
        )
        _journal(
            events.PLAN_APPLIED,
            actor=actor,
            case=case,
            payload={
                "kind": kind,
                "total": str(plan.total),
                "end": plan.end.isoformat(),
                "as_of": as_of.isoformat(),
            },
        )
        approval_requested.send(PaymentPlan, case=case, obj=row, kind="payment_plan", actor=actor)
    return row


def record_remedy(
    case: Case, *, actor, as_of: date, started_on: date, ended_on: date | None = None
) -> RemedyPeriod:
    """Reconsideration or litigation brought (or ended): the surcharge pauses (APL Art. 73)."""
    with transaction.atomic():
        case, as_of = _fact(
            case,
            actor=actor,
            as_of=as_of,
            what="登记复议或诉讼",
            roles_needed=OFFICER_ROLES | HEAD_ROLES,
        )
        started_on = _check_date(started_on, "开始日期")
        if ended_on is not None:
            _check_date(ended_on, "结束日期")
            if ended_on < started_on:
                raise InvalidCaseInput("结束日期不能早于开始日期", code="remedy_dates_order")
        open_row = case.remedies.filter(ended_on__isnull=True).first()
        if open_row is not None:
            open_row.ended_on = ended_on or as_of
            open_row.save(update_fields=["ended_on"])
            row = open_row
        else:
            row = RemedyPeriod.objects.create(case=case, started_on=started_on, ended_on=ended_on)
        _journal(
            events.REMEDY_RECORDED,
            actor=actor,
            case=case,
            payload={
                "started_on": row.started_on.isoformat(),
                "ended_on": row.ended_on.isoformat() if row.ended_on else None,
            },
        )
    return row


def _date_fact(
    case, *, actor, as_of, field_name: str, event: str, states: set[State], what: str, roles
) -> Case:
    with transaction.atomic():
        case, as_of = _fact(case, actor=actor, as_of=as_of, what=what, roles_needed=roles)
        if State(case.state) not in states:
            raise IllegalTransition(
                f"案件处于“{case.state_label}”状态，不能{what}", code="procedure_illegal_transition"
            )
        if getattr(case, field_name) is not None:
            raise StepAlreadyDone(f"已经{what}", code="fact_already_recorded")
        setattr(case, field_name, as_of)
        case.save(update_fields=[field_name, "updated_at"])
        _journal(event, actor=actor, case=case, payload={"as_of": as_of.isoformat()})
    return case


def record_court_acceptance(case: Case, *, actor, as_of: date) -> Case:
    """The court accepted the enforcement application: counts as closing ground (TEPP Art. 122)."""
    return _date_fact(
        case,
        actor=actor,
        as_of=as_of,
        field_name="court_accepted_on",
        event=events.COURT_ACCEPTED,
        states={State.COURT_ENFORCEMENT},
        what="登记法院受理",
        roles=OFFICER_ROLES | HEAD_ROLES,
    )


def record_court_enforcement_finished(case: Case, *, actor, as_of: date) -> Case:
    """Court enforcement finished: the file may be archived (TEPP Art. 122 para 2)."""
    return _date_fact(
        case,
        actor=actor,
        as_of=as_of,
        field_name="court_enforcement_finished_on",
        event=events.COURT_FINISHED,
        states={State.COURT_ENFORCEMENT, State.CLOSED},
        what="登记法院强制执行完毕",
        roles=OFFICER_ROLES | HEAD_ROLES,
    )


def submit_crime_report(case: Case, *, actor, as_of: date) -> Case:
    """Two officers report a suspected crime to the principal head, who decides within 3 days
    (S6 Art. 5): the A8 decision period opens."""
    from zhifa.core.procedure import DeadlineOpening

    with transaction.atomic():
        case = _date_fact(
            case,
            actor=actor,
            as_of=as_of,
            field_name="crime_report_on",
            event=events.CRIME_REPORTED,
            states={State.INVESTIGATION, State.REPORT_APPROVED, State.DELIBERATION_RESOLVED},
            what="提出移送涉嫌犯罪案件报告",
            roles=OFFICER_ROLES,
        )
        report = Outcome(
            "crime_report",
            "",
            State(case.state),
            State(case.state),
            None,
            as_of,
            "S6 Art. 5",
            opens=(DeadlineOpening(dl.A8_TRANSFER_DECISION, as_of),),
        )
        _open_deadlines(case, report, actor=actor)
        _refresh_next_due(case)
        case.save(update_fields=["next_due", "updated_at"])
    return case


def record_crime_handover(case: Case, *, actor, as_of: date) -> Case:
    """The police received the transferred case (S6 Art. 8): a closing ground; the 24-hour
    hand-over period (A8) is met."""
    with transaction.atomic():
        case = _date_fact(
            case,
            actor=actor,
            as_of=as_of,
            field_name="crime_handed_over_on",
            event=events.CRIME_HANDED_OVER,
            states={State.TRANSFERRED_TO_JUDICIARY},
            what="登记移交公安机关",
            roles=OFFICER_ROLES | HEAD_ROLES,
        )
        _close_deadlines(case, [dl.A8_TRANSFER], actor=actor, transition="crime_handover")
        _refresh_next_due(case)
        case.save(update_fields=["next_due", "updated_at"])
    return case


def record_reviewer_qualification(
    *, actor, reviewer, certificate_number: str, obtained_on: date, as_of: date | None = None
):
    """Record once a legal reviewer's 法律职业资格 (APL Art. 58 para 2; TEPP Art. 71 para 2), by the
    head of the reviewer's agency; every later review checks it, no box is ticked per review."""
    from django.utils import timezone

    from zhifa.records import journal

    from ..models import ReviewerQualification

    if actor is None or not (
        getattr(actor, "is_agency_head", False) and actor.agency_id == reviewer.agency_id
    ):
        raise NotAllowed(
            "法律职业资格须由审核人员所在机构的执法部门负责人登记",
            code="procedure_role_not_allowed",
        )
    if not getattr(reviewer, "is_legal_reviewer", False):
        raise InvalidCaseInput("该人员不是法制审核人员", code="not_a_legal_reviewer")
    number = _text(certificate_number, "法律职业资格证书编号", required=True, limit=64)
    obtained_on = _iso_date(obtained_on, "取得日期")
    as_of = as_of or timezone.localdate()
    if obtained_on is None or obtained_on > as_of:
        raise InvalidCaseInput("取得日期有误（不能晚于今天）", code="qualification_date_invalid")
    with transaction.atomic():
        row, created = ReviewerQualification.objects.update_or_create(
            user=reviewer,
            defaults={
                "certificate_number": number,
                "obtained_on": obtained_on,
                "recorded_by": actor,
                "recorded_on": as_of,
            },
        )
        journal.append(
            events.REVIEWER_QUALIFIED,
            actor=actor,
            subject=reviewer,
            agency=reviewer.agency,
            payload={
                "certificate_number": number,
                "obtained_on": obtained_on.isoformat(),
                "article": "APL Art. 58 para 2; TEPP Art. 71 para 2",
                "replaced": not created,
            },
        )
    return row
