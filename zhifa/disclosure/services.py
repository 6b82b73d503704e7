"""Writes of the disclosure app: publication from a decided case (masked, scanned), the exception
flag, revocation and withdrawal, and the hourly public anchors. Each in a transaction, journaled."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhifa.core import masking
from zhifa.core.errors import DomainError
from zhifa.core.identifiers import validate_resident_id
from zhifa.records import journal

from . import events, signing
from .choices import DisclosureKind, DisclosureState, ExceptionGround, WithdrawalGround
from .errors import (
    AlreadyWithdrawn,
    DisclosureNotFound,
    InvalidDisclosureInput,
    LeakFound,
    NotAllowed,
)
from .models import Disclosure, DisclosureException, PublicAnchor

PUBLISH_PENALTY = "A27_publish_penalty"  # 国办发〔2018〕118号 第二部分第（六）项: 7 working days
PUBLISH_OTHER = "A28_publish_other"  # same: other decisions within 20 working days
WITHDRAW = "A26_withdraw_publication"  # APL Art. 48 para 2: withdraw within 3 working days
OTHER_DECISIONS = {"decide_no_penalty"}  # decisions published under A28
MAX_TEXT = 2000

# The places the leak scanner names, in Chinese (what the head sees on the case page).
PLACES = {
    "party_name": "当事人",
    "party_credit_code": "统一社会信用代码",
    "party_address": "住所",
    "party_plate": "车辆号牌",
    "cause": "违法行为",
    "provision": "处罚依据",
    "violated": "违反条款",
    "penalty_text": "处罚内容",
    "facts": "决定书摘要（主要违法事实）",
    "document_number": "决定书文号",
}


# --- building the public record -----------------------------------------------------------------


def _deadlines():
    from zhifa.deadlines import services as deadlines

    return deadlines


def _penalty_text(penalty: dict) -> str:
    from zhifa.documents.fields import penalty_text

    try:
        return penalty_text(penalty)[0]
    except DomainError:  # a malformed amount must not stop the rest of the record
        return ""


def _decision_document(case):
    from zhifa.cases.models import Document

    kind = "penalty_decision" if _decision_kind(case) == DisclosureKind.PENALTY else None
    qs = Document.objects.filter(case=case)
    qs = qs.filter(kind=kind) if kind else qs.filter(kind__endswith="_decision")
    return qs.order_by("-id").first()


def _verification_code(document) -> str:
    if document is None:
        return ""
    from zhifa.documents.selectors import current_version

    issued = current_version(document)
    return issued.code if issued is not None else ""


def _decision_kind(case) -> str:
    decision = getattr(case, "decision", None)
    if decision is not None and decision.kind != "penalty":
        return DisclosureKind.OTHER
    return DisclosureKind.PENALTY


def _party_in(case) -> masking.PartyIn:
    p = case.party
    if p is None:
        return masking.PartyIn("person", "")
    return masking.PartyIn(p.kind, p.name, p.id_number, p.phone, p.address, p.plate)


def build_record(case) -> tuple[dict, list[masking.Finding]]:
    """The masked public record of a decided case and what the leak scanner finds in it.

    Every field passes through the one policy (zhifa/core/masking.py); the free text (the decision's
    summary) has the party's name masked, and then every field is scanned (legal.md §F.1 Secrets;
    S1 Art. 50)."""
    decision = getattr(case, "decision", None)
    party = _party_in(case)
    public = masking.mask_party(party)
    document = _decision_document(case)
    provision = case.provision
    names = [party.name] if party.kind == masking.PERSON else []
    penalty = decision.penalty if decision is not None else {}
    record = {
        "party_kind": public["kind"],
        "party_name": public["name"],
        "party_credit_code": public["credit_code"],
        "party_address": public["address"],
        "party_plate": public["plate"],
        "cause": (provision.conduct if provision else "")[:500],
        "provision": (f"《{provision.law.name}》{provision.article}" if provision else "")[:300],
        "violated": (provision.violated_article if provision else "")[:300],
        "penalty_text": _penalty_text(penalty)[:500],
        "facts": masking.mask_free_text(
            document.summary if document else "", names, [party.address]
        )[:MAX_TEXT],
        "document_number": document.number if document else "",
    }
    fields = {PLACES[k]: v for k, v in record.items() if k in PLACES}
    allow = {PLACES["party_credit_code"]: record["party_credit_code"]}
    findings = masking.scan(fields, names=names, allow=allow)
    record["fine"] = str(decision.fine if decision is not None else Decimal(0))
    record["decided_on"] = decision.decided_on.isoformat() if decision else ""
    record["verification_code"] = _verification_code(document)
    return record, findings


def leak_check(case) -> list[dict]:
    """What would block this case's publication now (for the case page), as dicts."""
    return [f.as_dict() for f in build_record(case)[1]]


def _minor(case, on: date) -> bool:
    """legal research §2: a minor party's decision is never published."""
    p = case.party
    if p is None or p.kind != "person":
        return False
    check = validate_resident_id(p.id_number, as_of=on)
    birth = check.details.get("birth_date") if check.ok else None
    if birth is None:
        return False
    when = case.violation_date or on
    return (when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))) < 18


def _withheld_reason(case, on: date) -> str:
    flag = DisclosureException.objects.filter(case=case).first()
    if flag is not None:
        return f"{flag.get_ground_display()}（{flag.legal_ground}）"
    if _minor(case, on):
        return str(ExceptionGround.MINOR.label)
    return ""


# --- publication --------------------------------------------------------------------------------


def publish_from_case(case, *, actor, as_of: date) -> Disclosure:
    """The effect of the cases app's publish_decision step (APL Art. 48; TEPP Art. 79): a Disclosure
    made from the decision, masked, inside the step's transaction. A finding of the leak scanner
    raises `LeakFound` listing the places, so the step (and the deadline's closing) rolls back."""
    with transaction.atomic():
        existing = Disclosure.objects.select_for_update().filter(case=case).first()
        if existing is not None and existing.state != DisclosureState.WITHDRAWN:
            return existing
        decision = getattr(case, "decision", None)
        decided_on = decision.decided_on if decision is not None else as_of
        kind = _decision_kind(case)
        reason = _withheld_reason(case, as_of)
        if reason:
            disclosure = _save(
                existing,
                case,
                kind=kind,
                state=DisclosureState.WITHHELD,
                decided_on=decided_on,
                withheld_reason=reason[:300],
            )
            journal.append(
                events.WITHHELD,
                actor=actor,
                subject=case,
                agency=case.agency,
                payload={"disclosure_id": disclosure.pk, "reason": reason},
            )
            return disclosure
        record, findings = build_record(case)
        if findings:
            places = "；".join(f"{f.place}：{f.label}（{f.excerpt}）" for f in findings)
            raise LeakFound(
                f"公示内容含有个人信息，已暂停公示，请修改后再公示：{places}",
                details={"findings": [f.as_dict() for f in findings]},
            )
        fields = {k: v for k, v in record.items() if k not in ("decided_on",)}
        fields["fine"] = Decimal(fields["fine"])
        disclosure = _save(
            existing,
            case,
            kind=kind,
            state=DisclosureState.PUBLISHED,
            decided_on=decided_on,
            published_on=as_of,
            publish_due=_due(case, kind),
            **fields,
        )
        entry = journal.append(
            events.PUBLISHED,
            actor=actor,
            subject=disclosure,
            agency=case.agency,
            payload={
                "disclosure_id": disclosure.pk,
                "case_id": case.pk,
                "record": record,
                "published_on": as_of,
            },
        )
        disclosure.journal_chain, disclosure.journal_seq = entry.chain, entry.seq
        disclosure.save(update_fields=["journal_chain", "journal_seq", "updated_at"])
        return disclosure


def _due(case, kind) -> date | None:
    from zhifa.deadlines.selectors import deadlines_for

    code = PUBLISH_PENALTY if kind == DisclosureKind.PENALTY else PUBLISH_OTHER
    row = next((d for d in deadlines_for(case) if d.code == code), None)
    return row.due if row is not None else None


def _save(existing, case, **fields) -> Disclosure:
    if existing is None:
        return Disclosure.objects.create(case=case, agency=case.agency, **fields)
    for k, v in fields.items():
        setattr(existing, k, v)
    existing.save()
    return existing


def on_step(case, step, *, actor) -> None:
    """A decision other than a penalty opens its 20-working-day publication deadline (A28)."""
    if step.code in OTHER_DECISIONS:
        _deadlines().open_deadline(
            subject=case, agency=case.agency, code=PUBLISH_OTHER, start=step.as_of, actor=actor
        )


def publish_other(case, *, actor, as_of: date) -> Disclosure:
    """Publish a decision other than a penalty (within 20 working days, A28) and close its deadline."""
    _require_staff(actor, case)
    with transaction.atomic():
        disclosure = publish_from_case(case, actor=actor, as_of=as_of)
        _deadlines().close_deadline(subject=case, code=PUBLISH_OTHER, actor=actor)
        return disclosure


# --- exception flag, revocation, withdrawal -----------------------------------------------------


def _require_head(actor, case) -> None:
    if not (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.is_agency_head
        and actor.agency_id == case.agency_id
    ):
        raise NotAllowed("此事项须由本案办案机构的执法部门负责人决定。")


def _require_staff(actor, case) -> None:
    if not (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.agency_id == case.agency_id
        and (actor.is_agency_head or "officer" in actor.roles)
    ):
        raise NotAllowed("只有本案办案机构的执法人员或负责人可以办理公示。")


def _text(value: str, label: str, *, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidDisclosureInput(f"请填写{label}。", details={"field": label})
    if len(text) > limit:
        raise InvalidDisclosureInput(f"{label}不得超过{limit}字。", details={"field": label})
    return text


def flag_exception(case, *, ground: str, legal_ground: str, actor, as_of: date):
    """The per-decision exception (legal.md §F.1): approved by the agency head, with its ground."""
    _require_head(actor, case)
    if ground not in ExceptionGround.values:
        raise InvalidDisclosureInput("不予公示的事由无效。", details={"ground": ground})
    legal_ground = _text(legal_ground, "法律依据", limit=300)
    with transaction.atomic():
        flag, _ = DisclosureException.objects.update_or_create(
            case=case,
            defaults={
                "ground": ground,
                "legal_ground": legal_ground,
                "approved_by": actor,
                "approved_on": as_of,
            },
        )
        published = Disclosure.objects.filter(case=case, state=DisclosureState.PUBLISHED).first()
        if published is not None:  # already out: take it down at once, the ground as reason
            _withdraw(
                published,
                ground="",
                reason=f"{flag.get_ground_display()}（{legal_ground}）",
                actor=actor,
                as_of=as_of,
            )
        journal.append(
            events.EXCEPTION_FLAGGED,
            actor=actor,
            subject=case,
            agency=case.agency,
            payload={"ground": ground, "legal_ground": legal_ground, "approved_on": as_of},
        )
        return flag


def record_revocation(case, *, ground: str, reason: str, revoked_on: date, actor) -> Disclosure:
    """The decision was changed, revoked, found illegal or void (APL Art. 48 para 2): the 3-working-
    day withdrawal deadline opens (A26) on the case, so the sweep reminds the agency."""
    _require_staff(actor, case)
    if ground not in WithdrawalGround.values:
        raise InvalidDisclosureInput("撤回事由无效。", details={"ground": ground})
    reason = _text(reason, "理由")
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().filter(case=case).first()
        if disclosure is None:
            raise DisclosureNotFound("本案没有公示信息。")
        if disclosure.state == DisclosureState.WITHDRAWN:
            raise AlreadyWithdrawn("公示信息已经撤回。")
        opened = _deadlines().open_deadline(
            subject=case, agency=case.agency, code=WITHDRAW, start=revoked_on, actor=actor
        )
        disclosure.revoked_on = revoked_on
        disclosure.withdrawal_ground = ground
        disclosure.withdrawal_reason = reason
        disclosure.withdrawal_due = opened.due
        disclosure.save()
        _notify_withdrawal(case, disclosure, actor)
        journal.append(
            events.REVOCATION_RECORDED,
            actor=actor,
            subject=disclosure,
            agency=case.agency,
            payload={
                "ground": ground,
                "reason": reason,
                "revoked_on": revoked_on,
                "due": opened.due,
            },
        )
        return disclosure


# The outcomes of zhifa.core.remedies that take a publication down, as withdrawal grounds.
REMEDY_GROUNDS = {
    "changed": WithdrawalGround.CHANGED,
    "revoked": WithdrawalGround.REVOKED,
    "confirmed_illegal": WithdrawalGround.ILLEGAL,
    "confirmed_void": WithdrawalGround.VOID,
}


def on_remedy_concluded(case, remedy, *, actor, as_of: date) -> Disclosure | None:
    """A reconsideration decision or judgment changed, revoked, or declared the decision illegal or
    void (APL Art. 48 para 2): record it on the published copy so the 3-working-day withdrawal
    (A26) runs; nothing when the decision was never published or is already down."""
    ground = REMEDY_GROUNDS.get(remedy.outcome)
    if ground is None:
        return None
    disclosure = Disclosure.objects.filter(case=case).first()
    if (
        disclosure is None
        or disclosure.state != DisclosureState.PUBLISHED
        or disclosure.revoked_on is not None
    ):
        return None
    what = f"{remedy.body}{remedy.outcome_reference}".strip() or remedy.get_kind_display()
    return record_revocation(
        case,
        ground=ground,
        reason=f"{what}：{remedy.get_outcome_display()}",
        revoked_on=remedy.ended_on,
        actor=actor,
    )


def _notify_withdrawal(case, disclosure: Disclosure, actor) -> None:
    """Hand-off: the case's officers and the agency heads learn the publication must come down."""
    from django.contrib.auth import get_user_model

    from zhifa.notifications.services import notify

    users = set(
        get_user_model().objects.filter(agency=case.agency, is_agency_head=True, is_active=True)
    )
    users |= {co.officer.user for co in case.officers.select_related("officer__user")}
    users.discard(actor)
    notify(
        users,
        kind="disclosure.withdrawal_due",
        title=f"公示信息须于{disclosure.withdrawal_due:%Y年%m月%d日}前撤回",
        body=f"{disclosure.document_number}：{disclosure.get_withdrawal_ground_display()}，"
        f"{disclosure.withdrawal_reason}",
        link=f"/disclosure/cases/{case.pk}/",
        subject=case,
    )


def withdraw(
    case, *, actor, as_of: date, ground: str = "", reason: str = "", revoked_on: date | None = None
) -> Disclosure:
    """Withdraw the publication with its reason (APL Art. 48 para 2): the page then says it was
    withdrawn and why; the published text is emptied, never shown again. Closes A26."""
    _require_staff(actor, case)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().filter(case=case).first()
        if disclosure is None:
            raise DisclosureNotFound("本案没有公示信息。")
        if disclosure.state == DisclosureState.WITHDRAWN:
            raise AlreadyWithdrawn("公示信息已经撤回。")
        if disclosure.revoked_on is None:
            if not revoked_on:
                raise InvalidDisclosureInput("请填写决定被撤销等的日期。")
            disclosure = record_revocation(
                case, ground=ground, reason=reason, revoked_on=revoked_on, actor=actor
            )
        return _withdraw(
            disclosure,
            ground=disclosure.withdrawal_ground,
            reason=disclosure.withdrawal_reason,
            actor=actor,
            as_of=as_of,
        )


CONTENT_FIELDS = (
    "party_name",
    "party_credit_code",
    "party_address",
    "party_plate",
    "cause",
    "provision",
    "violated",
    "penalty_text",
    "facts",
)


def _withdraw(disclosure: Disclosure, *, ground: str, reason: str, actor, as_of: date):
    for name in CONTENT_FIELDS:
        setattr(disclosure, name, "")
    disclosure.fine = Decimal(0)
    disclosure.state = DisclosureState.WITHDRAWN
    disclosure.withdrawn_on = as_of
    disclosure.withdrawal_reason = reason
    disclosure.withdrawal_ground = ground
    disclosure.save()
    closed = _deadlines().close_deadline(subject=disclosure.case, code=WITHDRAW, actor=actor)
    journal.append(
        events.WITHDRAWN,
        actor=actor,
        subject=disclosure,
        agency=disclosure.agency,
        payload={
            "ground": ground,
            "reason": reason,
            "withdrawn_on": as_of,
            "late": bool(disclosure.withdrawal_due and as_of > disclosure.withdrawal_due),
            "deadline_closed": closed is not None,
        },
    )
    return disclosure


# --- public anchors (issue 12 item 7) ----------------------------------------------------------


def anchor_hour(now: datetime | None = None) -> PublicAnchor:
    """Checkpoint every chain's head at the start of the current hour, sign and publish it.
    Running it again in the same hour returns the stored checkpoint unchanged."""
    from zhifa.core.hashchain import DEFAULT_ALGORITHM
    from zhifa.core.merkle import merkle_root
    from zhifa.records.anchoring import heads_before

    now = now or timezone.now()
    taken_at = now.replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        existing = PublicAnchor.objects.filter(taken_at=taken_at).first()
        if existing is not None:
            return existing
        heads = heads_before(taken_at)
        root = merkle_root(DEFAULT_ALGORITHM, heads)
        signed = signing.anchor_bytes(taken_at, DEFAULT_ALGORITHM, root, len(heads))
        anchor = PublicAnchor.objects.create(
            taken_at=taken_at,
            algorithm=DEFAULT_ALGORITHM,
            root=root,
            heads=signing.heads_json(heads),
            chain_count=len(heads),
            signature=signing.sign(signed),
            key_id=signing.key_id(),
        )
        journal.append(
            events.ANCHOR_PUBLISHED,
            subject=anchor,
            payload={"taken_at": taken_at, "root": root, "chains": len(heads)},
        )
        return anchor


def anchor_missing_hours(now: datetime | None = None, *, limit: int = 48) -> list[PublicAnchor]:
    """The current hour's checkpoint plus any of the last `limit` hours missed (a stopped beat)."""
    now = now or timezone.now()
    top = now.replace(minute=0, second=0, microsecond=0)
    have = set(
        PublicAnchor.objects.filter(taken_at__gte=top - timedelta(hours=limit)).values_list(
            "taken_at", flat=True
        )
    )
    made = []
    last = PublicAnchor.objects.order_by("-taken_at").values_list("taken_at", flat=True).first()
    start = max(top - timedelta(hours=limit), last + timedelta(hours=1)) if last else top
    moment = start
    while moment <= top:
        if moment not in have:
            made.append(anchor_hour(moment))
        moment += timedelta(hours=1)
    return made
