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
    """The case's documents with their current issued version (for the panel and the API)."""
    docs = list(Document.objects.filter(case=case).select_related("step").order_by("id"))
    issued = {
        i.document_id: i
        for i in IssuedDocument.objects.filter(case=case, status=IssueStatus.CURRENT).defer(
            "pdf", "docx", "fields"
        )
    }
    counts: dict[int, int] = {}
    for i in IssuedDocument.objects.filter(case=case).values_list("document_id", flat=True):
        counts[i] = counts.get(i, 0) + 1
    return [
        {"document": d, "issued": issued.get(d.pk), "versions": counts.get(d.pk, 0)} for d in docs
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
    """The public verification: a current or corrected version by its code; a withdrawn one and a
    wrong code give the same answer (None), so codes cannot be probed for their state."""
    code = (code or "").strip().upper()
    if not paperwork.is_well_formed_code(code):
        return None
    return (
        IssuedDocument.objects.filter(code=code)
        .exclude(status=IssueStatus.WITHDRAWN)
        .select_related("agency")
        .defer("docx", "fields")
        .first()
    )


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
