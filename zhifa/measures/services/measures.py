"""Compulsory measures: seal and seizure (查封、扣押; ACL Arts. 17–28; TEPP Arts. 52–59).

Planned: request with the legal basis (officer) → approval (agency head) → the act on the spot,
filmed, with the on-site record signed (officers) → 30 days, one extension of at most 30 (head,
written notice), testing/appraisal time excluded (notified in writing) → release (head).
Emergency: taken on the spot (officers, filmed) → reported to the head within 24 hours →
approved afterwards, or released at once if the head refuses (ACL Art. 19).
"""

from __future__ import annotations

from django.db import transaction

from zhifa.cases.models import Case
from zhifa.cases.signals import approval_requested

from .. import events, rules
from ..choices import (
    ApprovalState,
    MeasureKind,
    MeasureState,
    PauseKind,
    PreservationOutcome,
    PreservationState,
    PropertySource,
    ReleaseGround,
)
from ..errors import BadInput, LegalRefusal, WrongState
from ..models import CompulsoryMeasure, EvidencePreservation, MeasureExtension, MeasurePause
from . import _common as c
from . import property as ledger

RECORDING_ACT = "on_site_seizure"  # evidence rules: mandatory full audio-video (T1 Art. 54)


def _lock(measure: CompulsoryMeasure) -> CompulsoryMeasure:
    return (
        CompulsoryMeasure.objects.select_for_update(of=("self",))
        .select_related("case", "case__agency", "case__party", "agency")
        .get(pk=measure.pk)
    )


def _payload(m: CompulsoryMeasure, **extra) -> dict:
    return {
        "measure_id": m.pk,
        "case_id": m.case_id,
        "kind": m.kind,
        "state": m.state,
        "basis": m.basis,
        **extra,
    }


def _basis(law, article) -> tuple[str, str]:
    """ACL Arts. 10, 17, 22: only measures a law or regulation provides, so the law and its
    article are recorded; without them the measure is refused."""
    law = c.text(law, "法律依据", limit=200)
    article = c.text(article, "条款", limit=100)
    if not law or not article:
        raise LegalRefusal.of(
            [
                rules.Refusal(
                    "legal_basis_required",
                    "实施查封、扣押须有法律、法规依据，请填写法律、法规名称和条款。",
                    "ACL Arts. 10, 17, 22",
                )
            ]
        )
    return law, article


def _kind(kind) -> str:
    if kind not in MeasureKind.values:
        raise BadInput("措施种类应为查封或扣押。", code="measure_kind_unknown")
    return kind


def _check_case_open(case: Case) -> None:
    if not rules.case_open_for_measures(case.state):
        raise WrongState(
            "案件已作出决定或已结束，不能再实施行政强制措施。", code="case_not_open_for_measures"
        )


def _signatures(chosen, party_signed, party_refused, witness) -> str:
    witness = c.text(witness, "见证人", limit=100)
    c.refuse_if(
        rules.signature_refusals(
            officers_signed=len(chosen),
            party_signed=bool(party_signed),
            party_refused=bool(party_refused),
            witness=witness,
            document="现场笔录",
            article="ACL Art. 18(7)–(9); TEPP Art. 54",
        )
    )
    return witness


def _require_recording(case: Case, measure: CompulsoryMeasure | None) -> None:
    """T1 Art. 54 last para; T4 §三(八): an on-site seal or seizure is filmed in full. A planned
    measure needs a video uploaded for it (`act_ref` = the measure); an emergency one, taken
    before its row existed, any video of an on-site seizure in the case."""
    from zhifa.evidence.selectors import require_recording

    require_recording(case, RECORDING_ACT, ref=measure)


@transaction.atomic
def request_measure(
    case: Case,
    *,
    actor,
    kind: str,
    basis_law: str,
    basis_article: str,
    reason: str,
    items_summary: str,
    place: str = "",
    at=None,
) -> CompulsoryMeasure:
    """An officer reports to the head and asks for approval beforehand (ACL Art. 18(1))."""
    at = c.moment(at, "申请时间")
    case = c.lock_case(case)
    c.require_officer(actor, case, c.local_day(at), "申请实施行政强制措施")
    kind = _kind(kind)
    law, article = _basis(basis_law, basis_article)
    _check_case_open(case)
    measure = CompulsoryMeasure.objects.create(
        case=case,
        agency=case.agency,
        kind=kind,
        basis_law=law,
        basis_article=article,
        reason=c.text(reason, "理由", required=True),
        items_summary=c.text(items_summary, "查封、扣押的场所、设施或者财物", required=True),
        place=c.text(place, "地点", limit=200),
        requested_by=actor,
        requested_at=at,
    )
    c.append(
        events.MEASURE_REQUESTED,
        actor=actor,
        subject=measure,
        agency=case.agency,
        payload=_payload(measure, reason=measure.reason, items_summary=measure.items_summary),
    )
    approval_requested.send(CompulsoryMeasure, case=case, obj=measure, kind="measure", actor=actor)
    return measure


@transaction.atomic
def execute_measure(
    measure: CompulsoryMeasure,
    *,
    actor,
    items=(),
    officers=None,
    party_signed: bool = False,
    party_refused: bool = False,
    witness: str = "",
    executed_at=None,
    preservation=None,
) -> CompulsoryMeasure:
    """The approved measure carried out on the spot: two or more officers, the on-site record
    signed, the decision and list handed over, the act filmed (ACL Arts. 18, 24; TEPP Art. 54).
    The 30-day period starts (ACL Art. 25). With `preservation` (one decided as a seal or
    seizure, TEPP Art. 45(5)) the preserved items pass to the measure, already on the ledger."""
    executed_at = c.moment(executed_at, "实施时间")
    on = c.local_day(executed_at)
    case = c.lock_case(measure.case)  # the case first, as the cases app locks (no deadlock)
    m = _lock(measure)
    c.require_officer(actor, case, on, "实施行政强制措施")
    if m.state != MeasureState.APPROVED or m.approval != ApprovalState.APPROVED:
        raise WrongState(
            "行政强制措施须经执法部门负责人事先批准后方可实施（紧急情况请使用当场实施）。",
            code="approval_required",
            details={"article": "ACL Art. 18(1)"},
        )
    _check_case_open(case)
    if m.approved_at and executed_at < m.approved_at:
        raise BadInput("实施时间不能早于批准时间。", code="invalid_datetime")
    if preservation is not None:
        preservation = _decided_as_seizure(preservation, case)
        if items:
            raise BadInput(
                "先行登记保存的物品已在涉案财物台账，转为查封、扣押时不得重复登记。",
                code="items_already_registered",
                details={"preservation_id": preservation.pk, "article": "TEPP Art. 45(5)"},
            )
        cleaned = []
    else:
        cleaned = ledger.clean_items(items)
    chosen = c.acting_officers(case, officers, on)
    witness = _signatures(chosen, party_signed, party_refused, witness)
    _require_recording(case, m)
    _start(
        m,
        case,
        actor=actor,
        at=executed_at,
        chosen=chosen,
        items=cleaned,
        signed=(party_signed, party_refused, witness),
    )
    c.append(
        events.MEASURE_EXECUTED,
        actor=actor,
        subject=m,
        agency=m.agency,
        payload=_payload(
            m,
            executed_at=executed_at.isoformat(),
            decision_number=m.decision_number,
            due=m.due.isoformat(),
            basis_of_due=m.due_basis,
            officers=sorted(o.pk for o in chosen),
            party_signed=m.party_signed,
            party_refused=m.party_refused,
            witness=m.witness,
            from_preservation=preservation.pk if preservation is not None else None,
            article="ACL Arts. 18, 24–25; TEPP Arts. 54, 56",
        ),
    )
    if preservation is not None:  # one ledger entry per item: the same items, now seized
        ledger.carry_over_items(preservation, m, actor=actor, at=executed_at)
    else:
        people = [o.user for o in chosen]
        _register(m, case, actor=actor, at=executed_at, items=cleaned, people=people)
    return m


def _decided_as_seizure(preservation, case: Case):
    """The preservation of this case decided as a seal or seizure, its items not yet carried."""
    p = EvidencePreservation.objects.select_for_update().get(pk=preservation.pk)
    if p.case_id != case.pk:
        raise BadInput("该先行登记保存不属于本案。", code="preservation_other_case")
    if p.state != PreservationState.DECIDED or p.outcome != PreservationOutcome.SEIZURE:
        raise WrongState(
            "只有处理决定为“依法采取查封、扣押措施”的先行登记保存可以转为查封、扣押。",
            code="preservation_not_decided_as_seizure",
            details={"article": "TEPP Art. 45(5)"},
        )
    if p.items.filter(measure__isnull=False).exists():
        raise WrongState(
            "该先行登记保存的物品已转为查封、扣押。", code="preservation_already_carried_over"
        )
    return p


@transaction.atomic
def take_emergency_measure(
    case: Case,
    *,
    actor,
    kind: str,
    basis_law: str,
    basis_article: str,
    reason: str,
    emergency_reason: str,
    items,
    place: str = "",
    officers=None,
    party_signed: bool = False,
    party_refused: bool = False,
    witness: str = "",
    taken_at=None,
) -> CompulsoryMeasure:
    """In an emergency, officers take the measure on the spot; they report to the head within
    24 hours and obtain approval afterwards (ACL Art. 19; TEPP Art. 55)."""
    taken_at = c.moment(taken_at, "实施时间")
    on = c.local_day(taken_at)
    case = c.lock_case(case)
    c.require_officer(actor, case, on, "当场实施行政强制措施")
    kind = _kind(kind)
    law, article = _basis(basis_law, basis_article)
    _check_case_open(case)
    reason = c.text(reason, "理由", required=True)
    emergency_reason = c.text(emergency_reason, "紧急情形", required=True)
    cleaned = ledger.clean_items(items)
    chosen = c.acting_officers(case, officers, on)
    witness = _signatures(chosen, party_signed, party_refused, witness)
    _require_recording(case, None)
    m = CompulsoryMeasure.objects.create(
        case=case,
        agency=case.agency,
        kind=kind,
        basis_law=law,
        basis_article=article,
        reason=reason,
        items_summary="；".join(
            f"{i['description']}{i['quantity'].normalize()}{i['unit']}" for i in cleaned
        )[:4000],
        place=c.text(place, "地点", limit=200),
        emergency=True,
        emergency_reason=emergency_reason,
        requested_by=actor,
        requested_at=taken_at,
    )
    _start(
        m,
        case,
        actor=actor,
        at=taken_at,
        chosen=chosen,
        items=cleaned,
        signed=(party_signed, party_refused, witness),
    )
    people = [o.user for o in chosen]
    report = rules.emergency_report_due(c.calendar(), taken_at)
    c.append(
        events.MEASURE_TAKEN_ON_SPOT,
        actor=actor,
        subject=m,
        agency=m.agency,
        payload=_payload(
            m,
            taken_at=taken_at.isoformat(),
            emergency_reason=emergency_reason,
            decision_number=m.decision_number,
            due=m.due.isoformat(),
            report_due_at=report.due.isoformat(),
            officers=sorted(o.pk for o in chosen),
            article="ACL Art. 19; TEPP Art. 55",
        ),
    )
    c.open_deadline(
        m, m.agency, rules.A5_EMERGENCY_REPORT, taken_at, actor=actor, due=report, people=people
    )
    _register(m, case, actor=actor, at=taken_at, items=cleaned, people=people)
    return m


def _start(m: CompulsoryMeasure, case: Case, *, actor, at, chosen, items, signed) -> None:
    party_signed, party_refused, witness = signed
    on = c.local_day(at)
    term = rules.measure_term(c.calendar(), on)
    m.decision_number, _seq = c.number(case.agency, on.year, "measure_decision")
    m.state = MeasureState.ACTIVE
    m.executed_at, m.executed_by = at, actor
    m.party_signed, m.party_refused, m.witness = bool(party_signed), bool(party_refused), witness
    m.due, m.due_basis = term.due.due, term.due.basis
    m.save(
        update_fields=[
            "decision_number",
            "state",
            "executed_at",
            "executed_by",
            "party_signed",
            "party_refused",
            "witness",
            "due",
            "due_basis",
        ]
    )
    m.officers.set(chosen)
    c.open_deadline(
        m,
        m.agency,
        rules.A4_SEIZURE,
        on,
        actor=actor,
        due=term.due,
        people=[o.user for o in chosen],
    )


def _register(m: CompulsoryMeasure, case: Case, *, actor, at, items, people) -> None:
    ledger.register_items(
        case,
        actor=actor,
        items=items,
        source=PropertySource.MEASURE,
        taken_at=at,
        measure=m,
        on_site=m.kind == MeasureKind.SEAL,  # a seal leaves the things where they are
        people=people,
    )


@transaction.atomic
def report_emergency_measure(
    measure: CompulsoryMeasure, *, actor, note: str, reported_at=None
) -> CompulsoryMeasure:
    """The officers' report to the head after an emergency measure, due within 24 hours (ACL Art.
    19). A late report is recorded as late."""
    reported_at = c.moment(reported_at, "报告时间")
    m = _lock(measure)
    c.require_officer(actor, m.case, c.local_day(reported_at), "报告当场实施的强制措施")
    if not m.emergency:
        raise WrongState("只有当场实施的强制措施需要事后报告。", code="not_emergency")
    if m.reported_at is not None:
        raise WrongState("已经报告过。", code="already_reported")
    if reported_at < m.executed_at:
        raise BadInput("报告时间不能早于实施时间。", code="invalid_datetime")
    _mark_reported(m, actor=actor, at=reported_at, note=c.text(note, "报告内容", required=True))
    approval_requested.send(CompulsoryMeasure, case=m.case, obj=m, kind="measure", actor=actor)
    return m


def _mark_reported(m: CompulsoryMeasure, *, actor, at, note: str) -> None:
    due = rules.emergency_report_due(c.calendar(), m.executed_at)
    late = not rules.on_time(due.due, at)
    m.reported_at, m.report_note = at, note
    m.save(update_fields=["reported_at", "report_note"])
    c.append(
        events.MEASURE_REPORTED,
        actor=actor,
        subject=m,
        agency=m.agency,
        payload=_payload(
            m, reported_at=at.isoformat(), due_at=due.due.isoformat(), late=late, note=note
        ),
    )
    c.close_deadline(m, rules.A5_EMERGENCY_REPORT, actor=actor, reason="met")


@transaction.atomic
def decide_measure_approval(
    measure: CompulsoryMeasure, *, actor, approve: bool, note: str = "", at=None
) -> CompulsoryMeasure:
    """The head's approval: beforehand for a planned measure (ACL Art. 18(1)); afterwards for an
    emergency one (ACL Art. 19), whose refusal lifts the measure at once and returns the items.
    The head's decision on an emergency measure also counts as the report to the head."""
    at = c.moment(at, "审批时间")
    m = _lock(measure)
    on = c.local_day(at)
    c.require_head(actor, m.case, on, "行政强制措施")
    if m.approval != ApprovalState.PENDING:
        raise WrongState("该措施已审批。", code="already_decided")
    note = c.text(note, "审批意见")
    if not approve and not note:
        raise BadInput("不予批准的，请写明理由。", code="field_required")
    if m.emergency:
        if m.state != MeasureState.ACTIVE:
            raise WrongState("该措施已解除。", code="measure_not_active")
        if m.reported_at is None:
            _mark_reported(m, actor=actor, at=at, note=f"执法部门负责人审批时听取报告：{note}")
    elif m.state != MeasureState.PENDING:
        raise WrongState("该措施已审批。", code="already_decided")
    m.approval = ApprovalState.APPROVED if approve else ApprovalState.REFUSED
    m.approved_by, m.approved_at, m.approval_note = actor, at, note
    fields = ["approval", "approved_by", "approved_at", "approval_note"]
    if not m.emergency:
        m.state = MeasureState.APPROVED if approve else MeasureState.REFUSED
        fields.append("state")
    m.save(update_fields=fields)
    c.append(
        events.MEASURE_APPROVED if approve else events.MEASURE_REFUSED,
        actor=actor,
        subject=m,
        agency=m.agency,
        payload=_payload(
            m,
            note=note,
            emergency=m.emergency,
            afterwards=m.emergency,
            article="ACL Art. 19" if m.emergency else "ACL Art. 18(1)",
        ),
    )
    if m.emergency and not approve:
        _release(
            m,
            actor=actor,
            on=on,
            at=at,
            ground=ReleaseGround.APPROVAL_REFUSED,
            reason=f"执法部门负责人认为不应当采取行政强制措施：{note}",
        )
    return m


@transaction.atomic
def extend_measure(
    measure: CompulsoryMeasure,
    *,
    actor,
    days: int,
    reason: str,
    notice_served_on,
    as_of=None,
) -> MeasureExtension:
    """Complex cases: the head extends once, by at most 30 days, before the period ends; the party
    is told in writing with the reasons (《延长行政强制措施期限通知书》, ACL Art. 25; TEPP Art.
    56). A second extension is refused."""
    as_of = c.day(as_of, "批准日期")
    m = _lock(measure)
    c.require_head(actor, m.case, as_of, "延长查封、扣押期限")
    if m.state != MeasureState.ACTIVE:
        raise WrongState("该措施不在实施中。", code="measure_not_active")
    reason = c.text(reason, "延长理由")
    start = c.local_day(m.executed_at)
    c.refuse_if(
        rules.extension_refusals(
            start=start,
            as_of=as_of,
            current_due=m.due,
            already_extended=m.extensions.exists(),
            days=days,
            reason=reason,
        )
    )
    served = c.day(notice_served_on, "通知书送达日期") if notice_served_on is not None else None
    if served is None:
        raise LegalRefusal.of(
            [
                rules.Refusal(
                    "extension_notice_required",
                    "延长查封、扣押的决定应当及时书面告知当事人（延长行政强制措施期限通知书）。",
                    "ACL Art. 25 para 2; TEPP Art. 56",
                )
            ]
        )
    if served < as_of:
        raise BadInput("通知书送达日期不能早于批准日期。", code="invalid_date")
    term = rules.measure_term(c.calendar(), start, pauses=m.pauses_as_rules(), extension_days=days)
    notice_number, _seq = c.number(m.agency, as_of.year, "measure_extension_notice")
    extension = MeasureExtension.objects.create(
        measure=m,
        days=days,
        reason=reason,
        approved_by=actor,
        approved_on=as_of,
        notice_number=notice_number,
        notice_served_on=served,
        old_due=m.due,
        new_due=term.due.due,
    )
    old_code = c.open_code(m, rules.A4_SEIZURE, rules.A4_SEIZURE_EXTENSION) or rules.A4_SEIZURE
    _set_term(m, term, actor=actor, old_code=old_code, new_code=rules.A4_SEIZURE_EXTENSION)
    c.append(
        events.MEASURE_EXTENDED,
        actor=actor,
        subject=m,
        agency=m.agency,
        payload=_payload(
            m,
            days=days,
            reason=reason,
            notice_number=notice_number,
            notice_served_on=served.isoformat(),
            old_due=extension.old_due.isoformat(),
            new_due=extension.new_due.isoformat(),
            article="ACL Art. 25; TEPP Art. 56",
        ),
    )
    return extension


@transaction.atomic
def record_pause(
    measure: CompulsoryMeasure,
    *,
    actor,
    kind: str,
    start,
    end,
    notice_served_on,
    body: str = "",
    at=None,
) -> MeasurePause:
    """A period of testing, inspection, quarantine or technical appraisal, fixed and notified to
    the party in writing, is not counted in the seizure period (ACL Art. 25 para 3)."""
    at = c.moment(at, "登记时间")
    m = _lock(measure)
    c.require_officer(actor, m.case, c.local_day(at), "登记检测、鉴定期间")
    if m.state != MeasureState.ACTIVE:
        raise WrongState("该措施不在实施中。", code="measure_not_active")
    if kind not in PauseKind.values:
        raise BadInput("事项应为检测、检验、检疫或者技术鉴定。", code="pause_kind_unknown")
    for value, what in ((start, "开始日"), (end, "结束日")):
        if not hasattr(value, "isoformat") or hasattr(value, "hour"):
            raise BadInput(f"{what}格式有误，应为日期。", code="invalid_date")
    served = c.day(notice_served_on, "书面告知日期") if notice_served_on is not None else None
    begun = c.local_day(m.executed_at)
    c.refuse_if(
        rules.pause_refusals(
            start=begun,
            current_due=m.due,
            pause=rules.Pause(start, end),
            notice_served_on=served,
        )
    )
    pause = MeasurePause.objects.create(
        measure=m,
        kind=kind,
        start=start,
        end=end,
        body=c.text(body, "检测、鉴定机构", limit=200),
        notice_served_on=served,
        recorded_by=actor,
        recorded_at=at,
    )
    extension = m.extensions.first()
    old_due = m.due
    term = rules.measure_term(
        c.calendar(),
        begun,
        pauses=m.pauses_as_rules(),
        extension_days=extension.days if extension else 0,
    )
    code = rules.A4_SEIZURE_EXTENSION if extension else rules.A4_SEIZURE
    old_code = c.open_code(m, rules.A4_SEIZURE, rules.A4_SEIZURE_EXTENSION) or code
    _set_term(m, term, actor=actor, old_code=old_code, new_code=code)
    c.append(
        events.MEASURE_PAUSED,
        actor=actor,
        subject=m,
        agency=m.agency,
        payload=_payload(
            m,
            pause_id=pause.pk,
            pause_kind=kind,
            start=start.isoformat(),
            end=end.isoformat(),
            notice_served_on=served.isoformat(),
            old_due=old_due.isoformat(),
            new_due=m.due.isoformat(),
            excluded_days=term.excluded_days,
            article="ACL Art. 25 para 3",
        ),
    )
    return pause


def _set_term(m: CompulsoryMeasure, term: rules.MeasureTerm, *, actor, old_code, new_code) -> None:
    m.due, m.due_basis = term.due.due, term.due.basis
    m.save(update_fields=["due", "due_basis"])
    c.replace_deadline(
        m,
        m.agency,
        old_code=old_code,
        new_code=new_code,
        start=term.start,
        due=term.due,
        actor=actor,
        people=[o.user for o in m.officers.select_related("user")],
    )


@transaction.atomic
def release_measure(
    measure: CompulsoryMeasure, *, actor, ground: str, reason: str, as_of=None
) -> CompulsoryMeasure:
    """《解除行政强制措施决定书》: the head releases on a ground of ACL Art. 28 with the reasons;
    the items are to be returned at once (the proceeds of anything sold), except what a penalty
    decision has confiscated (ACL Arts. 27–28; TEPP Art. 59)."""
    as_of = c.day(as_of, "解除日期")
    m = _lock(measure)
    c.require_head(actor, m.case, as_of, "解除行政强制措施")
    if ground not in ReleaseGround.values or ground == ReleaseGround.APPROVAL_REFUSED:
        raise BadInput("解除事由无法识别。", code="release_ground_unknown")
    reason = c.text(reason, "解除理由", required=True)
    if m.state != MeasureState.ACTIVE:
        raise WrongState("该措施不在实施中，无需解除。", code="measure_not_active")
    if as_of < c.local_day(m.executed_at):
        raise BadInput("解除日期不能早于实施日期。", code="invalid_date")
    _release(m, actor=actor, on=as_of, at=c.now(), ground=ground, reason=reason)
    return m


def _release(m: CompulsoryMeasure, *, actor, on, at, ground: str, reason: str) -> None:
    m.state = MeasureState.RELEASED
    m.released_on, m.released_by, m.release_ground, m.release_reason = on, actor, ground, reason
    m.release_number, _seq = c.number(m.agency, on.year, "measure_release")
    m.save(
        update_fields=[
            "state",
            "released_on",
            "released_by",
            "release_ground",
            "release_reason",
            "release_number",
        ]
    )
    label, article = rules.RELEASE_GROUNDS[ground]
    late = on > m.due if m.due else False
    c.append(
        events.MEASURE_RELEASED,
        actor=actor,
        subject=m,
        agency=m.agency,
        payload=_payload(
            m,
            ground=ground,
            ground_label=label,
            reason=reason,
            released_on=on.isoformat(),
            release_number=m.release_number,
            due=c.iso(m.due),
            late=late,
            article=f"{article}; TEPP Art. 59",
        ),
    )
    for code in (rules.A4_SEIZURE, rules.A4_SEIZURE_EXTENSION):
        c.close_deadline(m, code, actor=actor, reason="met")
    if c.open_code(m, rules.A5_EMERGENCY_REPORT):
        c.close_deadline(m, rules.A5_EMERGENCY_REPORT, actor=actor, reason="released")
    basis = f"解除行政强制措施决定（{m.release_number}）"
    for item in m.items.order_by("id"):
        ledger.approve_return(item, actor=actor, basis=basis, at=at)
