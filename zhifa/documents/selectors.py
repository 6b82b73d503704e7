"""Reads of documents, always scoped through the cases app's selectors."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from zhifa.cases import selectors as case_selectors
from zhifa.cases.models import Case, Document
from zhifa.core import paperwork

from .errors import DocumentNotFound
from .models import CaseFile, IssuedDocument, IssueStatus


def access_document(user, document_id) -> Document:
    """A case document in the user's scope; out of scope looks exactly like missing."""
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        pk = None
    doc = (
        Document.objects.select_related("case", "step")
        .filter(pk=pk, case__in=case_selectors.visible_cases(user))
        .first()
        if pk is not None
        else None
    )
    if doc is None:
        raise DocumentNotFound("文书不存在或无权查看。")
    return doc


def access_issued(user, issued_id) -> IssuedDocument:
    try:
        pk = int(issued_id)
    except (TypeError, ValueError):
        pk = None
    issued = (
        IssuedDocument.objects.filter(pk=pk, case__in=case_selectors.visible_cases(user)).first()
        if pk is not None
        else None
    )
    if issued is None:
        raise DocumentNotFound("文书不存在或无权查看。")
    return issued


def current_version(document: Document) -> IssuedDocument | None:
    return document.issued_versions.filter(status=IssueStatus.CURRENT).first()


def versions(document: Document) -> QuerySet[IssuedDocument]:
    return document.issued_versions.order_by("version").defer("pdf", "docx")


def case_documents(case: Case) -> list[dict]:
    """The case's documents with their current issued version, or their withdrawn last one (for
    the panel and the API)."""
    docs = list(Document.objects.filter(case=case).select_related("step").order_by("id"))
    issued: dict[int, IssuedDocument] = {}
    withdrawn: dict[int, IssuedDocument] = {}
    counts: dict[int, int] = {}
    for i in (
        IssuedDocument.objects.filter(case=case).defer("pdf", "docx", "fields").order_by("version")
    ):
        counts[i.document_id] = counts.get(i.document_id, 0) + 1
        if i.status == IssueStatus.CURRENT:
            issued[i.document_id] = i
        elif i.status == IssueStatus.WITHDRAWN:
            withdrawn[i.document_id] = i
    return [
        {
            "document": d,
            "issued": issued.get(d.pk),
            "withdrawn": None if d.pk in issued else withdrawn.get(d.pk),
            "versions": counts.get(d.pk, 0),
        }
        for d in docs
    ]


def latest_case_file(case: Case) -> CaseFile | None:
    return CaseFile.objects.filter(case=case).defer("pdf", "zip").first()


def officer_day(user, day: date) -> QuerySet[IssuedDocument]:
    """Documents this user issued on `day` (batch printing), in issue order."""
    return IssuedDocument.objects.filter(
        issued_by=user,
        issued_on=day,
        status=IssueStatus.CURRENT,
        case__in=case_selectors.visible_cases(user),
    ).order_by("id")


def by_code(code: str) -> IssuedDocument | None:
    """The public verification by code: any issued version, current, corrected or withdrawn (the
    page then says which, with the date and reason: a holder of a withdrawn paper must learn that
    it no longer stands). Codes are random (60 bits) and the page is rate-limited, so a known
    code's state tells nothing about others; an unknown or malformed code gives None."""
    code = (code or "").strip().upper()
    if not paperwork.is_well_formed_code(code):
        return None
    return (
        IssuedDocument.objects.filter(code=code)
        .select_related("agency")
        .defer("docx", "fields")
        .first()
    )


def verification_status(issued: IssuedDocument) -> dict:
    """What the public page and API say of a version's standing: 有效, 已更正 (when, why, which
    version replaced it) or 已撤回 (when, why). A non-current version is never shown as valid."""
    out = {"status": issued.status, "valid": issued.status == IssueStatus.CURRENT}
    if issued.status == IssueStatus.WITHDRAWN:
        out["label"] = "已撤回"
        out["on"] = issued.withdrawn_at.date() if issued.withdrawn_at else None
        out["reason"] = issued.withdrawal_reason
    elif issued.status == IssueStatus.SUPERSEDED:
        successor = (
            IssuedDocument.objects.filter(
                document_id=issued.document_id, version__gt=issued.version
            )
            .order_by("version")
            .only("version", "issued_at", "correction_reason", "status", "number")
            .first()
        )
        out["label"] = "已更正"
        out["on"] = successor.issued_at.date() if successor else None
        out["reason"] = successor.correction_reason if successor else ""
        out["replaced_by_version"] = successor.version if successor else None
    else:
        out["label"] = "有效"
    return out


def document_of_kind(case: Case, kind: str) -> Document:
    """The case's latest document of a kind; a kind whose step has not happened is refused."""
    from zhifa.core.procedure.documents import DOCUMENT_KINDS

    from .errors import StepNotHappened

    spec = DOCUMENT_KINDS.get(kind)
    if spec is None:
        raise StepNotHappened(
            "没有这种文书。", code="document_kind_unknown", details={"kind": kind}
        )
    doc = Document.objects.filter(case=case, kind=kind).order_by("-id").first()
    if doc is None:
        raise StepNotHappened(
            f"本案尚未进行需要制作{spec.name}的步骤，不能出具{spec.name}。",
            details={"kind": kind, "name": spec.name},
        )
    return doc
