"""JSON API of the documents app at /api/v1/documents/: list a case's documents, issue, correct,
download the renditions, the case file, batch printing, and the public verification lookup."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpResponse
from ninja import Router, Schema, Status

from zhifa.cases import selectors as case_selectors
from zhifa.core.errors import InvalidInput, NotFound

from . import selectors, services
from .models import CaseFile, IssuedDocument

router = Router(tags=["documents"])

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class IssuedDocumentOut(Schema):
    id: int
    document_id: int
    kind: str
    name: str
    number: str
    version: int
    status: str
    issued_on: date
    issued_at: datetime
    code: str
    algorithm: str
    pdf_digest: str
    docx_digest: str
    pages: int
    correction_reason: str
    withdrawn_at: datetime | None
    withdrawal_reason: str
    pdf_url: str
    docx_url: str

    @staticmethod
    def resolve_pdf_url(obj):
        return f"/api/v1/documents/issued/{obj.pk}/pdf"

    @staticmethod
    def resolve_docx_url(obj):
        return f"/api/v1/documents/issued/{obj.pk}/docx"


class IssuableDocumentOut(Schema):
    id: int
    kind: str
    name: str
    form_no: int | None
    record_number: str
    step: str
    issued_on: date
    issued: IssuedDocumentOut | None
    withdrawn: IssuedDocumentOut | None = None
    versions: int


class CaseFileOut(Schema):
    id: int
    created_at: datetime
    pages: int
    algorithm: str = services.ALGORITHM
    pdf_digest: str
    zip_digest: str
    contents: list[dict]
    pdf_url: str
    zip_url: str


class DocumentCorrectionIn(Schema):
    reason: str


class DocumentWithdrawalIn(Schema):
    reason: str


class DocumentVerifyOut(Schema):
    found: bool
    name: str = ""
    agency: str = ""
    number: str = ""
    version: int = 0
    issued_on: date | None = None
    algorithm: str = ""
    pdf_digest: str = ""
    superseded: bool = False
    # standing: current / superseded / withdrawn; valid only when current; 已更正/已撤回 with the
    # date and reason of the correction or withdrawal
    status: str = ""
    valid: bool = False
    status_label: str = ""
    status_on: date | None = None
    status_reason: str = ""


def _binary(data: bytes, content_type: str, filename: str) -> HttpResponse:
    from urllib.parse import quote

    r = HttpResponse(bytes(data), content_type=content_type)
    r["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return r


@router.get(
    "/cases/{int:case_id}", response=list[IssuableDocumentOut], summary="案件的文书及出具情况"
)
def case_documents(request, case_id: int):
    case = case_selectors.access_case(request.user, case_id)
    return [
        {
            "id": r["document"].pk,
            "kind": r["document"].kind,
            "name": r["document"].name,
            "form_no": r["document"].form_no,
            "record_number": r["document"].number,
            "step": r["document"].step.label if r["document"].step else "",
            "issued_on": r["document"].issued_on,
            "issued": r["issued"],
            "withdrawn": r["withdrawn"],
            "versions": r["versions"],
        }
        for r in selectors.case_documents(case)
    ]


@router.post(
    "/{int:document_id}/issue",
    response={201: IssuedDocumentOut},
    summary="出具文书（编号、生成PDF和DOCX）",
)
def issue(request, document_id: int):
    doc = selectors.access_document(request.user, document_id)
    return Status(201, services.issue_document(doc, actor=request.user))


@router.post(
    "/cases/{int:case_id}/kinds/{kind}/issue",
    response={201: IssuedDocumentOut},
    summary="按文书种类出具本案最近一份该种文书",
)
def issue_kind(request, case_id: int, kind: str):
    case = case_selectors.access_case(request.user, case_id)
    doc = selectors.document_of_kind(case, kind)
    return Status(201, services.issue_document(doc, actor=request.user))


@router.post(
    "/{int:document_id}/correct",
    response={201: IssuedDocumentOut},
    summary="更正文书（出具新版本）",
)
def correct(request, document_id: int, payload: DocumentCorrectionIn):
    doc = selectors.access_document(request.user, document_id)
    return Status(201, services.correct_document(doc, actor=request.user, reason=payload.reason))


@router.post(
    "/{int:document_id}/withdraw",
    response={200: IssuedDocumentOut},
    summary="撤回已出具的文书（负责人批准，原文号作废）",
)
def withdraw(request, document_id: int, payload: DocumentWithdrawalIn):
    doc = selectors.access_document(request.user, document_id)
    return services.withdraw_document(doc, actor=request.user, reason=payload.reason)


@router.get("/{int:document_id}/versions", response=list[IssuedDocumentOut], summary="文书的各版本")
def versions(request, document_id: int):
    return list(selectors.versions(selectors.access_document(request.user, document_id)))


@router.get("/issued/{int:issued_id}/pdf", summary="下载出具的PDF")
def issued_pdf(request, issued_id: int):
    i = selectors.access_issued(request.user, issued_id)
    return _binary(i.pdf, "application/pdf", f"{i.name}_{i.number}_v{i.version}.pdf")


@router.get("/issued/{int:issued_id}/docx", summary="下载出具的DOCX")
def issued_docx(request, issued_id: int):
    i = selectors.access_issued(request.user, issued_id)
    return _binary(i.docx, DOCX_TYPE, f"{i.name}_{i.number}_v{i.version}.docx")


def _case_file(request, case_id: int) -> CaseFile:
    case = case_selectors.access_case(request.user, case_id)
    cf = services.ensure_case_file(case)  # made now if it was deferred at archive
    if cf is None:
        raise NotFound("该案件尚未生成案卷（归档时生成）。", code="case_file_not_found")
    return cf


@router.get("/cases/{int:case_id}/case-file", response=CaseFileOut, summary="案卷（归档时生成）")
def case_file(request, case_id: int):
    cf = _case_file(request, case_id)
    return {
        "id": cf.pk,
        "created_at": cf.created_at,
        "pages": cf.pages,
        "pdf_digest": cf.pdf_digest,
        "zip_digest": cf.zip_digest,
        "contents": cf.contents,
        "pdf_url": f"/api/v1/documents/cases/{case_id}/case-file/pdf",
        "zip_url": f"/api/v1/documents/cases/{case_id}/case-file/zip",
    }


@router.get("/cases/{int:case_id}/case-file/pdf", summary="下载案卷PDF")
def case_file_pdf(request, case_id: int):
    return _binary(_case_file(request, case_id).pdf, "application/pdf", f"案卷_{case_id}.pdf")


@router.get("/cases/{int:case_id}/case-file/zip", summary="下载案卷DOCX压缩包")
def case_file_zip(request, case_id: int):
    return _binary(_case_file(request, case_id).zip, "application/zip", f"案卷_{case_id}.zip")


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        raise InvalidInput("日期格式应为YYYY-MM-DD。", code="invalid_date") from None


@router.get("/batch", response=list[IssuedDocumentOut], summary="本人某日出具的文书（批量打印）")
def batch(request, day: str | None = None):
    return list(selectors.officer_day(request.user, _day(day)).defer("pdf", "docx"))


@router.get("/batch/pdf", summary="本人某日出具的文书合并为一个PDF")
def batch_pdf(request, day: str | None = None):
    d = _day(day)
    items = list(selectors.officer_day(request.user, d))
    if not items:
        raise NotFound("当天没有您出具的文书。", code="batch_empty")
    return _binary(
        services.merge_pdfs([bytes(i.pdf) for i in items]),
        "application/pdf",
        f"文书批量打印_{d.isoformat()}.pdf",
    )


@router.get(
    "/verify/{code}", response=DocumentVerifyOut, auth=None, summary="公开核验文书（无需登录）"
)
def verify(request, code: str):
    from .views import _rate_limited

    if _rate_limited(request):
        from ninja.errors import HttpError

        raise HttpError(429, "查询过于频繁，请稍后再试。")
    i: IssuedDocument | None = selectors.by_code(code)
    if i is None:
        return {"found": False}
    standing = selectors.verification_status(i)
    return {
        "found": True,
        "name": i.name,
        "agency": i.agency.name,
        "number": i.number,
        "version": i.version,
        "issued_on": i.issued_on,
        "algorithm": i.algorithm,
        "pdf_digest": i.pdf_digest,
        "superseded": i.status == "superseded",
        "status": standing["status"],
        "valid": standing["valid"],
        "status_label": standing["label"],
        "status_on": standing.get("on"),
        "status_reason": standing.get("reason", ""),
    }
