"""Writes of the evidence app: register an item with its file, hand it over, record a view.

Each service checks scope, role and input itself, writes in one transaction with its journal entry
(in the case agency's chain, subject the evidence item), and raises a DomainError subclass with
nothing changed when it refuses.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.core.procedure import State
from zhifa.records import journal

from . import events, rules, sniffing, storage
from .choices import CollectionMethod, DeviceKind, EvidenceKind
from .errors import (
    CaseClosed,
    DuplicateEvidence,
    FileMissing,
    InvalidEvidence,
    NotAllowed,
    TypeMismatch,
    UnsupportedType,
)
from .models import Evidence, EvidenceFile

CLOSED_STATES = {State.CLOSED.value, State.ARCHIVED.value, State.NOT_FILED.value}
CLOCK_SKEW = timedelta(minutes=10)  # a device clock slightly ahead of the server's


def upload_evidence(
    case,
    *,
    actor,
    file,
    kind: str,
    collected_by,
    collected_at: datetime,
    place: str,
    method: str,
    title: str = "",
    description: str = "",
    device_kind: str = "",
    device_id: str = "",
    device=None,
    act: str = "other",
    act_ref=None,
    declared_type: str | None = None,
) -> Evidence:
    """Register one item of evidence with its file (TEPP Arts. 30–42; legal.md §D.2, §F.2).

    `file` is a storage.StagedFile (the streaming upload handler's) or any Django File / binary
    file object, streamed to a staging file while hashed. The staging file is moved into storage
    after the row commits, and removed on any refusal or failure: no orphan file, no half row.
    """
    staged = None
    try:
        if file is None:
            raise FileMissing("请选择要上传的证据文件。")
        staged = (
            file
            if isinstance(file, storage.StagedFile)
            else getattr(file, "staged", None) or storage.stage(file)
        )
        fields = _clean_fields(
            case,
            actor=actor,
            kind=kind,
            collected_by=collected_by,
            collected_at=collected_at,
            place=place,
            method=method,
            title=title or staged.name,
            description=description,
            device_kind=device_kind,
            device_id=device_id,
            act=act,
            act_ref=act_ref,
        )
        fields.update(_device_fields(device, fields))
        content_type = _checked_type(staged, declared_type)
        with transaction.atomic():
            case = _lock_case(case)
            ef = _file_row(staged, content_type)
            existing = Evidence.objects.filter(case=case, file=ef).first()
            if existing is not None:
                raise DuplicateEvidence(
                    f"该文件已作为本案证据{existing.number}登记，不能重复上传。",
                    details={"evidence_id": existing.pk, "number": existing.number},
                )
            number = (Evidence.objects.filter(case=case).aggregate(n=Max("number"))["n"] or 0) + 1
            evidence = Evidence.objects.create(
                case=case,
                number=number,
                file=ef,
                file_name=staged.name[:255],
                custodian=fields["collected_by"].user,
                uploaded_by=actor,
                **fields,
            )
            journal.append(
                events.COLLECTED,
                actor=actor,
                subject=evidence,
                agency=case.agency,
                payload=collected_payload(evidence),
            )
            name, to_place = ef.storage_name, staged
            transaction.on_commit(lambda: storage.place(to_place, name))
        return evidence
    except BaseException:
        if staged is not None:
            staged.discard()
        raise


def keep_file(file, *, declared_type: str | None = None) -> EvidenceFile:
    """Store a file (a photo of an inspection…) in the evidence storage under its digest, outside
    any case. Call it inside the caller's transaction: the file is placed after the commit and
    removed on any refusal or failure."""
    staged = None
    try:
        staged = (
            file
            if isinstance(file, storage.StagedFile)
            else getattr(file, "staged", None) or storage.stage(file)
        )
        ef = _file_row(staged, _checked_type(staged, declared_type))
        name, to_place = ef.storage_name, staged
        transaction.on_commit(lambda: storage.place(to_place, name))
        return ef
    except BaseException:
        if staged is not None:
            staged.discard()
        raise


def collected_payload(evidence: Evidence) -> dict:
    """What evidence.collected records: every field of the item and its file's digest.
    The export's evidence list is checked against it offline (offline.py)."""
    ef = evidence.file
    return {
        "case": evidence.case_id,
        "case_number": evidence.case.case_number or "",
        "evidence": evidence.pk,
        "number": evidence.number,
        "kind": evidence.kind,
        "title": evidence.title,
        "description": evidence.description,
        "collected_by": evidence.collected_by_id,
        "collected_by_name": str(evidence.collected_by),
        "collected_at": journal_time(evidence.collected_at),
        "place": evidence.place,
        "method": evidence.method,
        "device_kind": evidence.device_kind,
        "device_id": evidence.device_id,
        "act": evidence.act,
        "act_ref": evidence.act_ref,
        "custodian": evidence.custodian_id,
        "file": {
            "algorithm": ef.algorithm,
            "digest": ef.digest,
            "size": ef.size,
            "content_type": ef.content_type,
            "name": evidence.file_name,
        },
    }


def journal_time(moment: datetime) -> str:
    """UTC with microseconds, as the journal writes times (hashchain.utc_text)."""
    from zhifa.core.hashchain import utc_text

    return utc_text(moment)


def hand_over(evidence: Evidence, *, to_user, reason: str, actor) -> Evidence:
    """Chain of custody (证据交接): the current custodian, or the head of the case's agency, hands
    the item to someone who has the case in scope. Journaled as evidence.handed_over."""
    from zhifa.cases.selectors import visible_cases

    reason = (reason or "").strip()
    if not reason:
        raise InvalidEvidence("请填写交接事由。", code="handover_reason_required")
    if len(reason) > 500:
        raise InvalidEvidence("交接事由不超过500字。", code="handover_reason_too_long")
    if to_user is None or not getattr(to_user, "is_active", False):
        raise InvalidEvidence("接收人不存在或已停用。", code="handover_recipient_invalid")
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update()
            .select_related("case__agency", "custodian")
            .get(pk=evidence.pk)
        )
        case = evidence.case
        is_head = actor.is_agency_head and actor.agency_id == case.agency_id
        if actor.pk != evidence.custodian_id and not is_head:
            raise NotAllowed("只有证据的当前保管人或执法部门负责人可以交接证据。")
        if to_user.pk == evidence.custodian_id:
            raise InvalidEvidence("接收人已是该证据的保管人。", code="handover_same_custodian")
        if not visible_cases(to_user).filter(pk=case.pk).exists():
            raise InvalidEvidence(
                "接收人无权查看本案，不能接收证据。", code="handover_recipient_out_of_scope"
            )
        previous = evidence.custodian
        evidence.custodian = to_user
        evidence.save(update_fields=["custodian"])
        journal.append(
            events.HANDED_OVER,
            actor=actor,
            subject=evidence,
            agency=case.agency,
            payload={
                "case": case.pk,
                "evidence": evidence.pk,
                "number": evidence.number,
                "from": previous.pk,
                "from_name": _name(previous),
                "to": to_user.pk,
                "to_name": _name(to_user),
                "reason": reason,
            },
        )
    return evidence


def record_view(evidence: Evidence, *, actor, via: str) -> None:
    """Journal one access to the evidence file (evidence.viewed); called before it is served."""
    with transaction.atomic():
        journal.append(
            events.VIEWED,
            actor=actor,
            subject=evidence,
            agency=evidence.case.agency,
            payload={
                "case": evidence.case_id,
                "evidence": evidence.pk,
                "number": evidence.number,
                "digest": evidence.file.digest,
                "via": via,
            },
        )


# --- checks ---------------------------------------------------------------------------------------


def _name(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def _lock_case(case):
    from zhifa.cases.models import Case

    return Case.objects.select_for_update().select_related("agency").get(pk=case.pk)


def _clean_fields(case, *, actor, collected_by, collected_at, **values) -> dict:
    from zhifa.cases.selectors import snapshot_scope

    with snapshot_scope():  # the case's officers read once for the actor and the collector
        return _checked_fields(
            case, actor=actor, collected_by=collected_by, collected_at=collected_at, **values
        )


def _checked_fields(case, *, actor, collected_by, collected_at, act_ref, **values) -> dict:
    from zhifa.cases.selectors import officer_facts, roles_for

    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed("请先登录。")
    today = timezone.localdate()
    roles = roles_for(actor, case, today)
    if "officer" not in roles and "agency_head" not in roles:
        raise NotAllowed("只有本案承办人员或执法部门负责人可以登记证据。")
    if case.state in CLOSED_STATES:
        raise CaseClosed("案件已办结或未立案终结，不能再登记证据。")
    choices = {
        "kind": (EvidenceKind.values, "证据种类"),
        "method": (CollectionMethod.values, "取证方式"),
        "device_kind": (DeviceKind.values, "记录设备"),
        "act": (list(rules.ACTS), "所记录的执法行为"),
    }
    for key, (allowed, label) in choices.items():
        if values[key] not in allowed:
            raise InvalidEvidence(f"{label}无效。", code=f"evidence_{key}_invalid")
    for key, label, limit, required in [
        ("title", "证据名称", 200, True),
        ("place", "取证地点", 200, True),
        ("description", "证明内容及说明", 5000, False),
        ("device_id", "设备编号", 64, False),
    ]:
        values[key] = (values[key] or "").strip()
        if required and not values[key]:
            raise InvalidEvidence(f"请填写{label}。", code=f"evidence_{key}_required")
        if len(values[key]) > limit:
            raise InvalidEvidence(f"{label}不超过{limit}字。", code=f"evidence_{key}_too_long")
    if values["device_kind"] and not values["device_id"]:
        raise InvalidEvidence("请填写记录设备的编号。", code="evidence_device_id_required")
    if not isinstance(collected_at, datetime) or timezone.is_naive(collected_at):
        raise InvalidEvidence("取证时间无效。", code="evidence_collected_at_invalid")
    if collected_at > timezone.now() + CLOCK_SKEW:
        raise InvalidEvidence("取证时间不能晚于现在。", code="evidence_collected_at_future")
    officer = collected_by
    if officer is None or not hasattr(officer, "user_id"):
        raise InvalidEvidence("请选择取证人员。", code="evidence_collected_by_required")
    day = timezone.localtime(collected_at).date()
    fact = next((f for f in officer_facts(case) if f.officer_id == str(officer.user_id)), None)
    if fact is None:
        raise InvalidEvidence("取证人员不是本案承办人员。", code="evidence_collector_not_on_case")
    if not fact.may_act(day):
        # TEPP Arts. 46–47: evidence is lawful only when gathered by a qualified officer.
        raise InvalidEvidence(
            "取证人员在取证之日已回避、被暂停执法或无有效执法证件。",
            code="evidence_collector_not_eligible",
        )
    values["act_ref"] = _ref(act_ref)
    values["collected_by"] = officer
    values["collected_at"] = collected_at
    return values


def _device_fields(device, fields: dict) -> dict:
    """The registered device (equipment app) that made the record: the one given, or the one
    whose number was typed. It must have been issued to the collecting officer on the day of
    collection; its kind and number then fill the item's device fields. A number that names no
    registered device (a weigh station of another body…) stays as typed."""
    from zhifa.equipment.models import Device
    from zhifa.equipment.services import check_held

    if device is None and fields["device_id"]:
        device = Device.objects.filter(serial_number=fields["device_id"]).first()
    if device is None:
        return {}
    day = timezone.localtime(fields["collected_at"]).date()
    check_held(device, fields["collected_by"], day)
    return {"equipment": device, "device_kind": device.kind, "device_id": device.serial_number}


def _ref(act_ref) -> str:
    if act_ref in (None, ""):
        return ""
    if isinstance(act_ref, str):
        subject_type, sep, subject_id = act_ref.rpartition(":")
        if not sep or not subject_type or not subject_id or len(act_ref) > 170:
            raise InvalidEvidence(
                "执法行为对象的格式应为 类型:标识。", code="evidence_act_ref_invalid"
            )
        return act_ref
    subject_type, subject_id = journal.subject_key(act_ref)
    return f"{subject_type}:{subject_id}"


def _checked_type(staged: storage.StagedFile, declared_type: str | None) -> str:
    if staged.size == 0:
        raise FileMissing("文件为空。", code="evidence_file_empty")
    detected = sniffing.sniff_file(staged.path)
    check = sniffing.check_type(
        detected,
        declared=declared_type if declared_type is not None else staged.declared_type,
        file_name=staged.name,
    )
    if check.ok:
        return check.content_type
    if check.problem == "unsupported":
        raise UnsupportedType(
            f"不支持的文件类型。可上传：{sniffing.accepted_labels()}。",
            details={"accepted": list(sniffing.TYPES)},
        )
    what = "声明的文件类型" if check.problem == "declared_mismatch" else "文件扩展名"
    raise TypeMismatch(
        f"{what}与文件内容不符：文件内容是{sniffing.label(check.content_type)}。",
        details={
            "detected": check.content_type,
            "declared": check.declared,
            "name": staged.name,
            "problem": check.problem,
        },
    )


def _file_row(staged: storage.StagedFile, content_type: str) -> EvidenceFile:
    """The file's row, created on first upload (deduplicated by digest)."""
    defaults = {
        "size": staged.size,
        "content_type": content_type,
        "original_name": staged.name[:255],
        "storage_name": storage.storage_name(staged.digest),
    }
    try:
        with transaction.atomic():
            ef, _ = EvidenceFile.objects.get_or_create(
                algorithm=staged.algorithm, digest=staged.digest, defaults=defaults
            )
    except IntegrityError:  # the same file committed by a concurrent upload
        ef = EvidenceFile.objects.get(algorithm=staged.algorithm, digest=staged.digest)
    return ef


def verify_evidence_files(*, actor=None, case=None):
    """Re-hash the stored files (verification.verify_files) and journal the run."""
    from .verification import verify_files

    result = verify_files(case)
    payload = {
        "case": case.pk if case is not None else None,
        "files": result.checked,
        "bytes": result.bytes,
        "ok": result.ok,
        "broken": [
            {"digest": p.digest, "storage_name": p.storage_name, "problem": p.problem}
            for p in result.broken[:20]
        ],
    }
    with transaction.atomic():
        journal.append(
            events.FILES_VERIFIED,
            actor=actor,
            subject=case,
            agency=case.agency if case is not None else None,
            payload=payload,
        )
    return result
