"""Evidence API at /api/v1/evidence: list, upload, detail with custody, download, hand-over.

The upload is multipart (`file` plus form fields). Its auth class installs the streaming staging
handler before the CSRF check reads the body (uploads.py), so a file is hashed as it arrives and
refused as soon as it passes the size limit (413 `evidence_too_large`). Form fields are plain
strings checked by the service, so a refusal always goes through the service and leaves nothing.
Files are never given a URL: `GET /evidence/{id}/file` streams the file and journals the access.
"""

from __future__ import annotations

from datetime import datetime

from django.http import FileResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from zhifa.accounts.models import User
from zhifa.core.citations import attr_zh
from zhifa.officers.models import Officer

from . import selectors, services, storage, uploads
from .errors import InvalidEvidence, StoredFileUnavailable
from .models import Evidence
from .rules import RULES

router = Router(tags=["evidence"])


class UploadSessionAuth(SessionAuth):
    """Session auth for uploads: the staging handler goes in before the CSRF check parses the body."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None  # 401 before a byte of the body is read
        handler = uploads.install(request)
        try:
            result = super().__call__(request)  # the CSRF check reads the body
            uploads.parse(request)  # UploadTooLarge -> 413
        except BaseException:
            handler.discard_all()  # refused: nothing of the upload stays
            raise
        return result


class FileOut(Schema):
    algorithm: str
    digest: str
    size: int
    content_type: str


class EvidenceOut(Schema):
    id: int
    case_id: int
    number: int
    kind: str
    kind_label: str
    title: str
    description: str
    collected_by: int
    collected_by_name: str
    collected_at: datetime
    place: str
    method: str
    device_kind: str
    device_id: str
    act: str
    act_label: str
    act_ref: str
    file: FileOut
    file_name: str
    custodian_id: int
    custodian_name: str
    uploaded_at: datetime
    download_url: str


class CustodyOut(Schema):
    at: datetime
    event_type: str
    label: str
    actor_name: str
    payload: dict


class EvidenceDetailOut(EvidenceOut):
    custody: list[CustodyOut]
    recording_advice: str


class UploadIn(Schema):
    kind: str = ""
    title: str = ""
    description: str = ""
    collected_by: str = ""
    collected_at: str = ""
    place: str = ""
    method: str = ""
    device_kind: str = ""
    device_id: str = ""
    act: str = "other"
    act_ref: str = ""


class HandOverIn(Schema):
    to_user: int
    reason: str


class RecordingRuleOut(Schema):
    act: str
    label: str
    requirement: str
    media: str
    article: str
    advice: str

    article_zh: str = Field("", description="article 的中文法条引用")

    @staticmethod
    def resolve_article_zh(obj):
        return attr_zh(obj, "article")


class RecordStatusOut(Schema):
    ok: bool
    summary: str
    entries: int
    files: int


def evidence_out(e: Evidence) -> dict:
    return {
        "id": e.pk,
        "case_id": e.case_id,
        "number": e.number,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "title": e.title,
        "description": e.description,
        "collected_by": e.collected_by_id,
        "collected_by_name": str(e.collected_by),
        "collected_at": e.collected_at,
        "place": e.place,
        "method": e.method,
        "device_kind": e.device_kind,
        "device_id": e.device_id,
        "act": e.act,
        "act_label": e.get_act_display(),
        "act_ref": e.act_ref,
        "file": {
            "algorithm": e.file.algorithm,
            "digest": e.file.digest,
            "size": e.file.size,
            "content_type": e.file.content_type,
        },
        "file_name": e.file_name,
        "custodian_id": e.custodian_id,
        "custodian_name": e.custodian.full_name or e.custodian.username,
        "uploaded_at": e.uploaded_at,
        "download_url": f"/api/v1/evidence/{e.pk}/file",
    }


@router.get("/recording-rules", response=list[RecordingRuleOut], summary="各执法行为的音像记录要求")
def recording_rules(request):
    """The audio-video recording rule of every enforcement act (legal.md §B.4)."""
    return [
        {
            "act": r.act,
            "label": r.label,
            "requirement": r.requirement,
            "media": r.media,
            "article": r.article,
            "advice": selectors.recording_advice(r.act),
        }
        for r in RULES.values()
    ]


@router.get("/cases/{case_id}", response=list[EvidenceOut], summary="案件的证据清单")
def list_case_evidence(request, case_id: int):
    return [evidence_out(e) for e in selectors.case_evidence(request.user, case_id)]


@router.get(
    "/cases/{case_id}/record-status", response=RecordStatusOut, summary="案件全过程记录是否完整"
)
def case_record_status(request, case_id: int):
    from zhifa.cases.selectors import access_case

    status = selectors.record_status(access_case(request.user, case_id))
    return {
        "ok": status.ok,
        "summary": status.summary,
        "entries": status.entries,
        "files": status.files,
    }


def _collected_at(text: str):
    moment = parse_datetime(text.strip()) if text else None
    if moment is None:
        raise InvalidEvidence(
            "取证时间无效，应为 ISO 8601 格式。", code="evidence_collected_at_invalid"
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _officer(text: str):
    try:
        pk = int(text)
    except (TypeError, ValueError):
        return None
    return Officer.objects.select_related("user").filter(pk=pk).first()


@router.post(
    "/cases/{case_id}",
    response={201: EvidenceOut},
    auth=UploadSessionAuth(),
    summary="上传并登记证据（multipart）",
)
def upload(request, case_id: int, data: Form[UploadIn], file: File[UploadedFile]):
    """Register one item of evidence with its file. Refusals: 413 evidence_too_large, 415
    evidence_type_unsupported / evidence_type_mismatch, 409 evidence_duplicate, 422 invalid fields."""
    from zhifa.cases.selectors import access_case

    handler = uploads.handler_of(request)
    evidence = None
    try:
        case = access_case(request.user, case_id)
        evidence = services.upload_evidence(
            case,
            actor=request.user,
            file=file,
            kind=data.kind,
            title=data.title,
            description=data.description,
            collected_by=_officer(data.collected_by),
            collected_at=_collected_at(data.collected_at),
            place=data.place,
            method=data.method,
            device_kind=data.device_kind,
            device_id=data.device_id,
            act=data.act,
            act_ref=data.act_ref or None,
        )
    finally:
        uploads.discard_unused(handler, used=file if evidence is not None else None)
    return Status(201, evidence_out(evidence))


@router.get("/{evidence_id}", response=EvidenceDetailOut, summary="证据详情与保管、调阅记录")
def evidence_detail(request, evidence_id: int):
    evidence = selectors.access_evidence(request.user, evidence_id)
    out = evidence_out(evidence)
    out["custody"] = [
        {
            "at": c.at,
            "event_type": c.event_type,
            "label": c.label,
            "actor_name": c.actor_name,
            "payload": c.payload,
        }
        for c in selectors.custody_history(evidence)
    ]
    out["recording_advice"] = selectors.recording_advice(evidence.act)
    return out


@router.get("/{evidence_id}/file", summary="下载证据文件（记入全过程记录）")
def download(request, evidence_id: int):
    """Streams the file; every call is journaled as evidence.viewed."""
    evidence = selectors.access_evidence(request.user, evidence_id)
    return file_response(evidence, actor=request.user, via="api")


@router.post("/{evidence_id}/hand-over", response=EvidenceOut, summary="证据交接")
def hand_over(request, evidence_id: int, data: HandOverIn):
    evidence = selectors.access_evidence(request.user, evidence_id)
    to_user = User.objects.filter(pk=data.to_user).first()
    evidence = services.hand_over(evidence, to_user=to_user, reason=data.reason, actor=request.user)
    return evidence_out(selectors.access_evidence(request.user, evidence.pk))


def file_response(evidence: Evidence, *, actor, via: str, inline: bool = False) -> FileResponse:
    """Journal the access, then stream the stored file (never a URL to storage)."""
    name = evidence.file.storage_name
    if storage.stored_size(name) is None:
        raise StoredFileUnavailable("证据文件在存储中缺失，请联系系统管理员（verify_evidence）。")
    services.record_view(evidence, actor=actor, via=via)
    response = FileResponse(
        storage.open_stored(name),
        as_attachment=not inline,
        filename=evidence.file_name or f"evidence-{evidence.number}",
        content_type=evidence.file.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if evidence.file.content_type != "application/pdf":  # browsers' PDF viewers need scripts
        response["Content-Security-Policy"] = "sandbox"
    return response
