"""The case-property ledger (涉案财物台账, TEPP Arts. 124–129): registration, hand-over to the
custodian within 24 hours, appraisal, location, and disposal with approval. Every change of an
item is one service and one journal entry whose subject is the item."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import transaction

from zhifa.cases import selectors as cases
from zhifa.cases.models import Case
from zhifa.cases.signals import approval_requested

from .. import events, rules
from ..choices import (
    Custody,
    DisposalKind,
    DisposalState,
    HandoverException,
    PropertySource,
)
from ..errors import BadInput, LegalRefusal, WrongState
from ..models import CaseProperty, PropertyDisposal
from . import _common as c

MAX_ITEMS = 500


# --- registration ---------------------------------------------------------------------------------


def clean_items(items) -> list[dict]:
    """The items counted on the spot: name and features, quantity, unit (TEPP Arts. 44, 54)."""
    if not isinstance(items, list | tuple) or not items:
        raise BadInput("请逐项登记物品（名称、数量、单位）。", code="items_required")
    if len(items) > MAX_ITEMS:
        raise BadInput(f"一次最多登记{MAX_ITEMS}项物品。", code="too_many_items")
    out = []
    for n, raw in enumerate(items, 1):
        if not isinstance(raw, dict):
            raise BadInput(f"第{n}项物品格式有误。", code="invalid_item")
        try:
            quantity = Decimal(str(raw.get("quantity", "")))
        except (InvalidOperation, ValueError) as exc:
            raise BadInput(f"第{n}项物品的数量有误。", code="invalid_quantity") from exc
        if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("1e11"):
            raise BadInput(f"第{n}项物品的数量应为正数。", code="invalid_quantity")
        out.append(
            {
                "description": c.text(
                    raw.get("description"), f"第{n}项物品名称", required=True, limit=300
                ),
                "quantity": quantity.quantize(Decimal("0.001")),
                "unit": c.text(raw.get("unit"), f"第{n}项物品单位", required=True, limit=16),
                "owner": c.text(raw.get("owner"), "所有人", limit=200),
                "location": c.text(raw.get("location"), "存放地点", limit=200),
                "perishable": bool(raw.get("perishable", False)),
                "dangerous": bool(raw.get("dangerous", False)),
                "on_site": bool(raw.get("on_site", False)),
            }
        )
    return out


def register_items(
    case: Case,
    *,
    actor,
    items: list[dict],
    source: str,
    taken_at: datetime,
    preservation=None,
    measure=None,
    on_site: bool = False,
    people=(),
) -> list[CaseProperty]:
    """Put counted items on the ledger (inside the caller's transaction); each taken item starts
    its 24-hour hand-over period (TEPP Art. 127). Items left where they are (查封、就地保存)
    are not taken and have none."""
    created = []
    year = c.local_day(taken_at).year
    owner_default = case.party.name if case.party_id else ""
    for item in items:
        kept_on_site = on_site or item["on_site"]
        formatted, seq = c.number(case.agency, year, "property")
        row = CaseProperty.objects.create(
            agency=case.agency,
            case=case,
            number=formatted,
            year=year,
            seq=seq,
            source=source,
            preservation=preservation,
            measure=measure,
            description=item["description"],
            quantity=item["quantity"],
            unit=item["unit"],
            owner=item["owner"] or owner_default,
            perishable=item["perishable"],
            dangerous=item["dangerous"],
            custody=Custody.ON_SITE if kept_on_site else Custody.HELD_BY_OFFICER,
            location=item["location"],
            taken_at=taken_at,
            taken_by=actor,
        )
        c.append(
            events.PROPERTY_REGISTERED,
            actor=actor,
            subject=row,
            agency=case.agency,
            payload=_payload(row, source=source, quantity=str(row.quantity), unit=row.unit),
        )
        if not kept_on_site:
            deadline = c.open_deadline(
                row, case.agency, rules.A6_PROPERTY_HANDOVER, taken_at, actor=actor, people=people
            )
            row.handover_due_at = deadline.due_at
            row.save(update_fields=["handover_due_at"])
        created.append(row)
    return created


def carry_over_items(preservation, measure, *, actor, at: datetime) -> list[CaseProperty]:
    """A preservation decided as a seal or seizure (TEPP Art. 45(5)): its items, already on the
    ledger, pass to the measure (inside the caller's transaction). No second entry: each item
    keeps its number and custody, changes its source, and the change is journaled."""
    moved = []
    for item in preservation.items.select_for_update().order_by("id"):
        if item.custody == Custody.DISPOSED:
            continue  # returned or otherwise disposed of before the decision: nothing to seize
        item.source, item.measure = PropertySource.MEASURE, measure
        item.save(update_fields=["source", "measure"])
        c.append(
            events.PROPERTY_CARRIED_OVER,
            actor=actor,
            subject=item,
            agency=item.agency,
            payload=_payload(
                item,
                source=PropertySource.MEASURE,
                from_preservation=preservation.pk,
                to_measure=measure.pk,
                at=at.isoformat(),
                article="TEPP Art. 45(5)",
            ),
        )
        moved.append(item)
    return moved


@transaction.atomic
def register_property(case: Case, *, actor, items, taken_at=None) -> list[CaseProperty]:
    """Items obtained otherwise than by preservation or a measure (e.g. handed in, sampled)."""
    taken_at = c.moment(taken_at, "取得时间")
    cleaned = clean_items(items)
    case = c.lock_case(case)
    c.require_officer(actor, case, c.local_day(taken_at), "登记涉案财物")
    people = _case_users(case)
    return register_items(
        case,
        actor=actor,
        items=cleaned,
        source=PropertySource.OTHER,
        taken_at=taken_at,
        people=people,
    )


# --- custody -------------------------------------------------------------------------------------


def _lock(item: CaseProperty) -> CaseProperty:
    return (
        CaseProperty.objects.select_for_update(of=("self",))
        .select_related("case", "case__agency", "case__party", "agency")
        .get(pk=item.pk)
    )


def _payload(item: CaseProperty, **extra) -> dict:
    return {
        "item_id": item.pk,
        "number": item.number,
        "case_id": item.case_id,
        "custody": item.custody,
        "location": item.location,
        **extra,
    }


def _case_users(case: Case) -> list:
    return [row.officer.user for row in cases.case_officers(case) if not row.recused]


def _move(item: CaseProperty, to: str, fields: list[str]) -> str:
    before = item.custody
    item.custody = to
    item.save(update_fields=["custody", *fields])
    return before


@transaction.atomic
def hand_over_property(item: CaseProperty, *, actor, custodian, location: str, at=None):
    """Hand an item to the property custodian (涉案财物管理人员) within 24 hours of taking it, or
    of the exception's start (TEPP Art. 127). A late hand-over is still recorded, as late."""
    at = c.moment(at, "移交时间")
    item = _lock(item)
    c.require_officer(actor, item.case, c.local_day(at), "移交涉案财物")
    allowed, target = rules.CUSTODY_MOVES["hand_over"]
    if item.custody not in allowed:
        raise WrongState(
            f"财物当前状态为“{item.get_custody_display()}”，不能移交保管。",
            code="property_not_held",
        )
    custodian = _custodian(custodian, item.case, actor)
    location = c.text(location, "存放地点", required=True, limit=200)
    if at < item.taken_at:
        raise BadInput("移交时间不能早于取得时间。", code="invalid_datetime")
    late = item.handover_due_at is not None and not rules.on_time(item.handover_due_at, at)
    item.custodian, item.location, item.handed_over_at = custodian, location, at
    before = _move(item, target, ["custodian", "location", "handed_over_at"])
    c.append(
        events.PROPERTY_HANDED_OVER,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_payload(
            item,
            before=before,
            custodian_id=custodian.pk,
            custodian=custodian.full_name or custodian.username,
            at=at.isoformat(),
            due_at=c.iso(item.handover_due_at),
            late=late,
        ),
    )
    c.close_deadline(item, rules.A6_PROPERTY_HANDOVER, actor=actor, reason="met")
    return item


def _custodian(value, case: Case, actor):
    """The custodian is a person of the case's agency, apart from the officers handling the case
    (interpretation: TEPP Arts. 125–127 separate keeping from handling)."""
    user_model = get_user_model()
    user = value if isinstance(value, user_model) else None
    if user is None:
        try:
            user = user_model.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            user = None
    if user is None or not user.is_active or user.agency_id != case.agency_id:
        raise BadInput("涉案财物管理人员应为本机构人员。", code="custodian_invalid")
    if user.pk == actor.pk or case.officers.filter(officer__user=user, recused=False).exists():
        raise BadInput(
            "涉案财物应移交本案承办人员以外的涉案财物管理人员保管。", code="custodian_is_handler"
        )
    return user


@transaction.atomic
def record_handover_exception(
    item: CaseProperty, *, actor, exception: str, reason: str, returned_at=None, at=None
):
    """TEPP Art. 127's exceptions, with their reasons recorded:
    - remote or poorly connected area: hand over within 24 hours of returning to the unit;
    - appraisal needed within 24 hours: with the approval of the case-handling unit's head, hand
      over within 24 hours after the appraisal (the item goes to appraisal now).
    """
    at = c.moment(at, "登记时间")
    item = _lock(item)
    case = item.case
    reason = c.text(reason, "例外理由", required=True)
    if item.custody != Custody.HELD_BY_OFFICER or item.handed_over_at is not None:
        raise WrongState("只有尚未移交的财物才适用延后移交的例外。", code="property_not_held")
    if item.handover_exception:
        raise WrongState("该财物已登记过延后移交的例外。", code="exception_already_recorded")
    payload = {}
    if exception == HandoverException.REMOTE:
        c.require_officer(actor, case, c.local_day(at), "登记延后移交")
        returned_at = c.moment(returned_at, "返回单位时间")
        if returned_at < item.taken_at:
            raise BadInput("返回单位时间不能早于取得时间。", code="invalid_datetime")
        due = rules.handover_due(c.calendar(), returned_at)
        deadline = c.replace_deadline(
            item,
            item.agency,
            old_code=rules.A6_PROPERTY_HANDOVER,
            new_code=rules.A6_PROPERTY_HANDOVER,
            start=returned_at,
            due=due,
            actor=actor,
            people=_case_users(case),
        )
        item.handover_due_at = deadline.due_at
        payload = {"returned_at": returned_at.isoformat(), "due_at": c.iso(deadline.due_at)}
    elif exception == HandoverException.URGENT_APPRAISAL:
        c.require_head(actor, case, c.local_day(at), "需紧急鉴定的财物延后移交", role=c.UNIT_HEAD)
        item.before_appraisal = Custody.HELD_BY_OFFICER
        item.custody = Custody.AT_APPRAISAL
        item.handover_due_at = None
        c.close_deadline(item, rules.A6_PROPERTY_HANDOVER, actor=actor, reason="exception")
        payload = {"approved_by": actor.pk, "custody": item.custody}
    else:
        raise BadInput("例外情形无法识别。", code="exception_unknown")
    item.handover_exception, item.handover_exception_reason = exception, reason
    item.save(
        update_fields=[
            "handover_exception",
            "handover_exception_reason",
            "handover_due_at",
            "custody",
            "before_appraisal",
        ]
    )
    c.append(
        events.PROPERTY_HANDOVER_EXCEPTION,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_payload(
            item, exception=exception, reason=reason, article="TEPP Art. 127", **payload
        ),
    )
    return item


@transaction.atomic
def send_for_appraisal(item: CaseProperty, *, actor, body: str, at=None):
    """Send an item to a testing or appraisal body (TEPP Art. 42; ACL Art. 25 para 3)."""
    at = c.moment(at, "送检时间")
    item = _lock(item)
    c.require_officer(actor, item.case, c.local_day(at), "送检涉案财物")
    body = c.text(body, "检测、鉴定机构", required=True, limit=200)
    allowed, target = rules.CUSTODY_MOVES["send_for_appraisal"]
    if item.custody not in allowed:
        raise WrongState(
            f"财物当前状态为“{item.get_custody_display()}”，不能送检。", code="property_not_held"
        )
    item.before_appraisal = item.custody
    before = _move(item, target, ["before_appraisal"])
    c.append(
        events.PROPERTY_SENT_FOR_APPRAISAL,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_payload(item, before=before, body=body, at=at.isoformat()),
    )
    return item


@transaction.atomic
def finish_appraisal(item: CaseProperty, *, actor, result: str = "", at=None):
    """The item is back from appraisal: to where it was. After an urgent appraisal the 24-hour
    hand-over period starts now (TEPP Art. 127)."""
    at = c.moment(at, "鉴定完毕时间")
    item = _lock(item)
    c.require_officer(actor, item.case, c.local_day(at), "登记鉴定完毕")
    if item.custody != Custody.AT_APPRAISAL:
        raise WrongState("该财物不在检测鉴定中。", code="property_not_at_appraisal")
    target = item.before_appraisal or Custody.HELD_BY_OFFICER
    extra = {}
    if target == Custody.HELD_BY_OFFICER and c.open_code(item, rules.A6_PROPERTY_HANDOVER) is None:
        due = rules.handover_due(c.calendar(), at)
        deadline = c.open_deadline(
            item,
            item.agency,
            rules.A6_PROPERTY_HANDOVER,
            at,
            actor=actor,
            due=due,
            people=_case_users(item.case),
        )
        item.handover_due_at = deadline.due_at
        extra["due_at"] = c.iso(deadline.due_at)
    item.before_appraisal = ""
    _move(item, target, ["before_appraisal", "handover_due_at"])
    c.append(
        events.PROPERTY_APPRAISAL_FINISHED,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_payload(item, result=c.text(result, "鉴定结果"), at=at.isoformat(), **extra),
    )
    return item


def _officer_or_custodian(actor, item: CaseProperty, on, what: str) -> None:
    c.in_scope(actor, item.case)
    if item.custodian_id is not None and actor.pk == item.custodian_id:
        return
    c.require_officer(actor, item.case, on, what)


@transaction.atomic
def relocate_property(item: CaseProperty, *, actor, location: str, reason: str, at=None):
    """Record a change of the place where an item is kept (it is not to be moved, used or swapped
    otherwise: TEPP Art. 126; ACL Art. 26)."""
    at = c.moment(at, "变更时间")
    item = _lock(item)
    _officer_or_custodian(actor, item, c.local_day(at), "变更存放地点")
    location = c.text(location, "存放地点", required=True, limit=200)
    reason = c.text(reason, "变更理由", required=True)
    if item.custody not in (Custody.WITH_CUSTODIAN, Custody.CONFISCATED, Custody.HELD_BY_OFFICER):
        raise WrongState(
            f"财物当前状态为“{item.get_custody_display()}”，不能变更存放地点。",
            code="property_not_held",
        )
    before = item.location
    item.location = location
    item.save(update_fields=["location"])
    c.append(
        events.PROPERTY_RELOCATED,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_payload(item, before=before, reason=reason, at=at.isoformat()),
    )
    return item


@transaction.atomic
def record_unclaimed_notice(item: CaseProperty, *, actor, published_on=None, reason: str = ""):
    """An item nobody claims: the public announcement (公告) after which it may go to the
    treasury or be auctioned with the head's approval (TEPP Art. 129)."""
    published_on = c.day(published_on, "公告日期")
    item = _lock(item)
    c.require_officer(actor, item.case, published_on, "登记无人认领公告")
    if item.custody == Custody.DISPOSED:
        raise WrongState("财物已处置。", code="property_disposed")
    item.unclaimed_notice_on = published_on
    item.save(update_fields=["unclaimed_notice_on"])
    c.append(
        events.PROPERTY_UNCLAIMED_NOTICE,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_payload(
            item, published_on=published_on.isoformat(), reason=c.text(reason, "说明")
        ),
    )
    return item


# --- disposal ------------------------------------------------------------------------------------


def _penalty_decided(case: Case) -> bool:
    decision = cases.decision_of(case)
    return decision is not None and decision.kind == "penalty"


def _refusals(item: CaseProperty, kind: str):
    return rules.disposal_refusals(
        kind,
        custody=item.custody,
        perishable=item.perishable,
        unclaimed_notice=item.unclaimed_notice_on is not None,
        penalty_decided=_penalty_decided(item.case),
    )


def _disposal_payload(disposal: PropertyDisposal, **extra) -> dict:
    return _payload(
        disposal.item,
        disposal_id=disposal.pk,
        kind=disposal.kind,
        state=disposal.state,
        reason=disposal.reason,
        article=rules.DISPOSAL_ARTICLES.get(disposal.kind, ""),
        **extra,
    )


@transaction.atomic
def request_disposal(item: CaseProperty, *, actor, kind: str, reason: str, at=None):
    """Propose a disposal; nothing happens to the item until the head approves (TEPP Arts.
    124–129)."""
    at = c.moment(at, "申请时间")
    item = _lock(item)
    c.require_officer(actor, item.case, c.local_day(at), "申请处置涉案财物")
    reason = c.text(reason, "处置理由", required=True)
    if kind not in DisposalKind.values:
        raise BadInput("处置方式无法识别。", code="disposal_kind_unknown")
    c.refuse_if(_refusals(item, kind))
    if item.disposals.filter(state__in=["pending", "approved"]).exists():
        raise WrongState("该财物已有待审批或待执行的处置。", code="disposal_already_open")
    disposal = PropertyDisposal.objects.create(
        item=item, kind=kind, reason=reason, requested_by=actor, requested_at=at
    )
    c.append(
        events.PROPERTY_DISPOSAL_REQUESTED,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_disposal_payload(disposal),
    )
    approval_requested.send(
        PropertyDisposal, case=item.case, obj=disposal, kind="disposal", actor=actor
    )
    return disposal


def _lock_disposal(disposal: PropertyDisposal) -> PropertyDisposal:
    disposal = PropertyDisposal.objects.select_for_update(of=("self",)).get(pk=disposal.pk)
    disposal.item = _lock(disposal.item)
    return disposal


@transaction.atomic
def decide_disposal(disposal: PropertyDisposal, *, actor, approve: bool, note: str = "", at=None):
    """The agency head approves or refuses a proposed disposal (TEPP Arts. 128–129)."""
    at = c.moment(at, "审批时间")
    disposal = _lock_disposal(disposal)
    item = disposal.item
    c.require_head(actor, item.case, c.local_day(at), "处置涉案财物")
    if disposal.state != DisposalState.PENDING:
        raise WrongState("该处置申请已审批。", code="disposal_already_decided")
    note = c.text(note, "审批意见")
    if approve:
        c.refuse_if(_refusals(item, disposal.kind))
    disposal.state = DisposalState.APPROVED if approve else DisposalState.REFUSED
    disposal.approved_by = actor if approve else None
    disposal.decided_at, disposal.decision_note = at, note
    if approve:
        disposal.approval_basis = f"执法部门负责人{actor.full_name or actor.username}批准"
    disposal.save(
        update_fields=["state", "approved_by", "decided_at", "decision_note", "approval_basis"]
    )
    c.append(
        events.PROPERTY_DISPOSAL_APPROVED if approve else events.PROPERTY_DISPOSAL_REFUSED,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_disposal_payload(disposal, note=note),
    )
    return disposal


def approve_return(
    item: CaseProperty, *, actor, basis: str, at: datetime
) -> PropertyDisposal | None:
    """A return that the release of a measure, or the law, already orders (ACL Art. 28 para 2;
    TEPP Arts. 45, 59): approved by that decision, to be carried out at once. A pending proposal
    for the item gives way to it. None when the item is not the party's to get back."""
    item = _lock(item)
    if item.custody in (Custody.DISPOSED, Custody.CONFISCATED):
        return None
    open_ = item.disposals.filter(state__in=["pending", "approved"]).first()
    if open_ is not None:
        if open_.kind == DisposalKind.RETURN and open_.state == DisposalState.APPROVED:
            return open_
        open_.state, open_.decided_at = DisposalState.REFUSED, at
        open_.decision_note = f"因{basis}，改为退还当事人。"
        open_.save(update_fields=["state", "decided_at", "decision_note"])
    disposal = PropertyDisposal.objects.create(
        item=item,
        kind=DisposalKind.RETURN,
        reason=basis,
        state=DisposalState.APPROVED,
        requested_by=actor,
        requested_at=at,
        approved_by=actor,
        decided_at=at,
        approval_basis=basis,
    )
    c.append(
        events.PROPERTY_DISPOSAL_APPROVED,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_disposal_payload(disposal, basis=basis),
    )
    return disposal


@transaction.atomic
def carry_out_disposal(
    disposal: PropertyDisposal,
    *,
    actor,
    recipient: str = "",
    reference: str = "",
    proceeds=None,
    at=None,
):
    """Carry out an approved disposal. Refused without approval. A perishable is sold only after
    it was photographed or filmed (T1 Arts. 124–129); the proceeds of a sale enter the ledger as
    a new item derived from the old, so nothing leaves the ledger unaccounted for."""
    at = c.moment(at, "执行时间")
    disposal = _lock_disposal(disposal)
    item = disposal.item
    _officer_or_custodian(actor, item, c.local_day(at), "执行处置")
    if disposal.state != DisposalState.APPROVED:
        raise LegalRefusal.of(
            [
                rules.Refusal(
                    "disposal_not_approved",
                    "处置涉案财物须经执法部门负责人批准，未经批准不得处置。",
                    "TEPP Arts. 128–129",
                )
            ]
        )
    c.refuse_if(_refusals(item, disposal.kind))
    recipient = c.text(recipient, "接收人", limit=200)
    reference = c.text(reference, "凭证编号", limit=100)
    if disposal.kind in (DisposalKind.RETURN, DisposalKind.TRANSFER) and not recipient:
        raise BadInput("请填写接收人或接收单位。", code="recipient_required")
    amount = None
    if disposal.kind == DisposalKind.AUCTION:
        amount = _money(proceeds)
        if item.perishable:
            from zhifa.evidence.selectors import require_recording

            require_recording(item.case, "perishable_sale", ref=item)
    target = rules.DISPOSAL_TO[disposal.kind]
    before = item.custody
    item.custody = target
    item.disposal = disposal.kind
    fields = ["custody", "disposal"]
    if target == Custody.DISPOSED:
        item.disposed_at = at
        fields.append("disposed_at")
    item.save(update_fields=fields)
    disposal.state, disposal.carried_out_by, disposal.carried_out_at = DisposalState.DONE, actor, at
    disposal.recipient, disposal.reference, disposal.proceeds = recipient, reference, amount
    disposal.save(
        update_fields=[
            "state",
            "carried_out_by",
            "carried_out_at",
            "recipient",
            "reference",
            "proceeds",
        ]
    )
    if target == Custody.DISPOSED:
        c.close_deadline(item, rules.A6_PROPERTY_HANDOVER, actor=actor, reason="disposed")
    extra = {"before": before, "recipient": recipient, "reference": reference, "at": at.isoformat()}
    if amount is not None:
        extra["proceeds"] = str(amount)
    c.append(
        events.PROPERTY_DISPOSED,
        actor=actor,
        subject=item,
        agency=item.agency,
        payload=_disposal_payload(disposal, **extra),
    )
    if disposal.kind == DisposalKind.AUCTION:
        _register_proceeds(item, actor=actor, amount=amount, at=at)
    return disposal


def _money(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise BadInput("请填写拍卖或变卖所得款项。", code="proceeds_required") from exc
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise BadInput("所得款项应为不小于零的金额。", code="proceeds_required")
    return amount.quantize(Decimal("0.01"))


def _register_proceeds(item: CaseProperty, *, actor, amount: Decimal, at: datetime) -> None:
    """ACL Art. 28 para 2: on release the proceeds, not the goods, go back; they stay on the
    ledger with the custodian until then."""
    if amount <= 0:
        return
    year = c.local_day(at).year
    formatted, seq = c.number(item.agency, year, "property")
    kept = item.custodian_id is not None
    row = CaseProperty.objects.create(
        agency=item.agency,
        case=item.case,
        number=formatted,
        year=year,
        seq=seq,
        source=PropertySource.PROCEEDS,
        parent=item,
        preservation=item.preservation,
        measure=item.measure,
        description=f"{item.number}{item.description}的拍卖、变卖所得款项",
        quantity=amount,
        unit="元",
        owner=item.owner,
        custody=Custody.WITH_CUSTODIAN if kept else Custody.HELD_BY_OFFICER,
        location=item.location,
        custodian=item.custodian,
        handed_over_at=at if kept else None,
        taken_at=at,
        taken_by=actor,
    )
    c.append(
        events.PROPERTY_REGISTERED,
        actor=actor,
        subject=row,
        agency=row.agency,
        payload=_payload(
            row, source=row.source, parent_id=item.pk, quantity=str(amount), unit="元"
        ),
    )
    if not kept:  # the money is to be handed to the custodian like any taken item
        deadline = c.open_deadline(
            row,
            row.agency,
            rules.A6_PROPERTY_HANDOVER,
            at,
            actor=actor,
            people=_case_users(row.case),
        )
        row.handover_due_at = deadline.due_at
        row.save(update_fields=["handover_due_at"])
