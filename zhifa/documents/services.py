"""Writes of the documents app: issue a document, correct it (a new version), withdraw it, and
make the case file (案卷). Each in one transaction with its journal entry."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.cases import numbering
from zhifa.cases.models import Case, Document
from zhifa.core import hashchain, paperwork
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.notifications.services import notify
from zhifa.records import journal

from . import casefile, events, merge
from .errors import AlreadyIssued, NotIssued
from .fields import build_fields, settings_of
from .models import CaseFile, IssuedDocument, IssueStatus
from .render import check_required, prepare, to_docx, to_pdf

ALGORITHM = hashchain.DEFAULT_ALGORITHM
# 字号: the word of each kind's series in its number (〔2026〕杭交执罚字第12号).
WORDS = {
    "penalty_decision": "罚",
    "onspot_decision": "当罚",
    "no_penalty_decision": "不罚",
    "violation_notice": "告",
    "correction_order": "责改",
    "hearing_notice": "听通",
    "measure_decision": "强措",
    "payment_plan_notice": "分缴",
    "demand": "催",
    "execution_decision": "强执",
}


def digest(data: bytes) -> str:
    return hashchain.digest(ALGORITHM, data)


def number_prefix(agency) -> str:
    cfg = settings_of(agency)
    if cfg.number_prefix:
        return cfg.number_prefix
    prefix = numbering.agency_prefix(agency)  # 浙杭交执: drop the province for a city's agency
    return prefix[1:] if len(prefix) > 3 and agency.depth and agency.depth >= 2 else prefix


def word_of(kind: str) -> str:
    return WORDS.get(kind) or numbering.DOCUMENT_SERIES.get(kind, "文")


def _check_actor(actor, case: Case) -> None:
    if actor is None:
        return  # a job or the archive step acting as the system
    if getattr(actor, "agency_id", None) != case.agency_id or not (
        actor.has_role("officer") or actor.has_role("agency_head")
    ):
        raise PermissionDenied(
            "只有本案所属机构的执法人员或负责人可以出具文书。", code="document_not_allowed"
        )


def _check_head(actor, case: Case, what: str) -> None:
    """Withdrawing or correcting an issued document undoes or changes what the agency decided:
    the agency head (执法部门负责人), who approves the decisions (TEPP Art. 77; APL Art. 57), decides
    it, so the head's act is the approval. APL Art. 75 para 2: the agency corrects its own errors."""
    if (
        actor is None
        or getattr(actor, "agency_id", None) != case.agency_id
        or not actor.has_role("agency_head")
    ):
        raise PermissionDenied(
            f"只有本案所属机构的负责人可以批准{what}已出具的文书。", code="document_not_allowed"
        )


def _tell_officers(doc: Document, actor, *, kind: str, title: str) -> None:
    """Hand-off: the case's officers (not recused) learn that a paper they served changed."""
    from zhifa.cases.models import CaseOfficer

    users = [
        r.officer.user
        for r in CaseOfficer.objects.filter(case=doc.case, recused=False).select_related(
            "officer__user"
        )
    ]
    others = [u for u in users if actor is None or u.pk != actor.pk]
    case = doc.case
    notify(
        others,
        kind=kind,
        title=title,
        body=f"{case.case_number or case.pk}：{doc.name}。请告知当事人。",
        link=reverse("documents:preview", args=[doc.pk]),
        subject=case,
    )


def _new_code() -> str:
    while True:
        code = paperwork.new_verification_code()
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def _render_and_store(
    doc: Document, *, actor, number: str, seq: int, version: int, reason: str = ""
) -> IssuedDocument:
    fields = build_fields(doc)
    fields["doc_number"] = number
    r = prepare(doc.kind, fields, number=number, version=version)
    code = _new_code()
    pdf_bytes, pages = to_pdf(r, code=code)
    docx_bytes = to_docx(r, code=code)
    return IssuedDocument.objects.create(
        document=doc,
        case=doc.case,
        agency=doc.case.agency,
        kind=doc.kind,
        name=r.title,
        year=doc.issued_on.year,
        seq=seq,
        number=number,
        version=version,
        issued_on=doc.issued_on,
        issued_by=actor,
        correction_reason=reason,
        code=code,
        fields=fields,
        pdf=pdf_bytes,
        docx=docx_bytes,
        pdf_digest=digest(pdf_bytes),
        docx_digest=digest(docx_bytes),
        algorithm=ALGORITHM,
        pages=pages,
    )


def issue_document(document: Document, *, actor) -> IssuedDocument:
    """Number, render and keep a document (TEPP Art. 77: a decision carries the seal and date).
    The number is taken in the same transaction as the file is stored: a refused or failed issue
    leaves no gap, and two issuers never get the same number (the counter row is locked)."""
    with transaction.atomic():
        doc = (
            Document.objects.select_for_update().select_related("case__agency").get(pk=document.pk)
        )
        _check_actor(actor, doc.case)
        if doc.issued_versions.exclude(status=IssueStatus.WITHDRAWN).exists():
            raise AlreadyIssued("该文书已出具；如需更正，请出具更正版本。")
        check_required(doc.kind, build_fields(doc))
        # After a withdrawal the document may be issued anew: a new number (a withdrawn one is
        # void and never reused, document-forms.md §4) and the next version.
        version = doc.issued_versions.count() + 1
        agency, year = doc.case.agency, doc.issued_on.year
        seq = numbering.next_number(agency, year, f"issue:{doc.kind}")
        number = paperwork.document_number(number_prefix(agency), word_of(doc.kind), year, seq)
        issued = _render_and_store(doc, actor=actor, number=number, seq=seq, version=version)
        journal.append(
            events.ISSUED,
            actor=actor,
            subject=issued,
            agency=agency,
            payload={
                "case_id": doc.case_id,
                "document_id": doc.pk,
                "kind": doc.kind,
                "number": number,
                "version": version,
                "algorithm": ALGORITHM,
                "pdf_digest": issued.pdf_digest,
                "docx_digest": issued.docx_digest,
                "code": issued.code,
            },
        )
    return issued


def correct_document(document: Document, *, actor, reason: str) -> IssuedDocument:
    """A correction issues a new version with the same number (it is the same act, amended; the
    number on the served paper still finds it); the old file is kept unchanged, superseded.
    Approved by the agency head (see `_check_head`); the case's officers are told."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写更正理由。", code="correction_reason_required")
    with transaction.atomic():
        doc = (
            Document.objects.select_for_update().select_related("case__agency").get(pk=document.pk)
        )
        _check_head(actor, doc.case, "更正")
        current = doc.issued_versions.filter(status=IssueStatus.CURRENT).first()
        if current is None:
            raise NotIssued("该文书尚未出具或已撤回，不能更正。")
        check_required(doc.kind, build_fields(doc))
        version = doc.issued_versions.count() + 1
        current.status = IssueStatus.SUPERSEDED
        current.save(update_fields=["status"])
        issued = _render_and_store(
            doc,
            actor=actor,
            number=current.number,
            seq=current.seq,
            version=version,
            reason=reason[:2000],
        )
        journal.append(
            events.CORRECTED,
            actor=actor,
            subject=issued,
            agency=doc.case.agency,
            payload={
                "case_id": doc.case_id,
                "document_id": doc.pk,
                "number": current.number,
                "version": version,
                "reason": reason[:2000],
                "replaces": current.pk,
                "old_pdf_digest": current.pdf_digest,
                "pdf_digest": issued.pdf_digest,
                "docx_digest": issued.docx_digest,
                "algorithm": ALGORITHM,
            },
        )
        _tell_officers(
            doc, actor, kind=NOTICE_CORRECTED, title=f"{issued.name}已更正（第{version}版）"
        )
    return issued


NOTICE_CORRECTED = "document.corrected"
NOTICE_WITHDRAWN = "document.withdrawn"


def withdraw_document(document: Document, *, actor, reason: str) -> IssuedDocument:
    """Withdraw (撤回) the current version: it stays stored byte for byte, marked withdrawn with
    who, when and why; its number is void and never reused; the public verification page then
    says 已撤回 with the date and reason. Approved by the agency head (see `_check_head`).
    The document may be issued again afterwards, under a new number."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写撤回理由。", code="withdrawal_reason_required")
    with transaction.atomic():
        doc = (
            Document.objects.select_for_update().select_related("case__agency").get(pk=document.pk)
        )
        _check_head(actor, doc.case, "撤回")
        current = doc.issued_versions.filter(status=IssueStatus.CURRENT).first()
        if current is None:
            raise NotIssued("该文书尚未出具或已撤回，不能撤回。")
        current.status = IssueStatus.WITHDRAWN
        current.withdrawn_at = timezone.now()
        current.withdrawn_by = actor
        current.withdrawal_reason = reason[:2000]
        current.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        journal.append(
            events.WITHDRAWN,
            actor=actor,
            subject=current,
            agency=doc.case.agency,
            payload={
                "case_id": doc.case_id,
                "document_id": doc.pk,
                "kind": doc.kind,
                "number": current.number,
                "version": current.version,
                "reason": reason[:2000],
                "void_number": True,
                "algorithm": current.algorithm,
                "pdf_digest": current.pdf_digest,
                "code": current.code,
            },
        )
        _tell_officers(doc, actor, kind=NOTICE_WITHDRAWN, title=f"{current.name}已撤回")
    return current


def make_case_file(case: Case, *, actor, as_of: date | None = None) -> CaseFile:
    """The case file (案卷): issue what is not yet issued, then cover, contents with page
    numbers, the documents in order, the evidence list and the closing report, bookmarked;
    and a ZIP of the DOCX files. Journaled with both digests."""
    with transaction.atomic():
        entries, problems = [], []
        for doc in Document.objects.filter(case=case).select_related("case__agency").order_by("id"):
            issued = doc.issued_versions.filter(status=IssueStatus.CURRENT).first()
            withdrawn = doc.issued_versions.filter(status=IssueStatus.WITHDRAWN).last()
            if issued is None and withdrawn is not None:
                # withdrawn and not re-issued: listed with its reason, never issued anew here
                problems.append(
                    {
                        "document": doc.name,
                        "number": withdrawn.number,
                        "message": withdrawn.withdrawal_reason,
                        "withdrawn": True,
                    }
                )
                continue
            if issued is None:
                try:
                    with transaction.atomic():
                        issued = issue_document(doc, actor=actor)
                except DomainError as exc:
                    problems.append(
                        {"document": doc.name, "number": doc.number, "message": exc.message}
                    )
                    continue
            entries.append(issued)
        pdf_bytes, pages, contents = casefile.assemble(case, entries, problems)
        zip_bytes = _zip(entries)
        cf = CaseFile.objects.create(
            case=case,
            created_by=actor,
            pdf=pdf_bytes,
            zip=zip_bytes,
            pdf_digest=digest(pdf_bytes),
            zip_digest=digest(zip_bytes),
            pages=pages,
            contents=contents,
        )
        journal.append(
            events.CASE_FILE,
            actor=actor,
            subject=cf,
            agency=case.agency,
            payload={
                "case_id": case.pk,
                "pages": pages,
                "documents": len(entries),
                "not_issued": problems,
                "algorithm": ALGORITHM,
                "pdf_digest": cf.pdf_digest,
                "zip_digest": cf.zip_digest,
            },
        )
    return cf


def ensure_case_file(case: Case) -> CaseFile | None:
    """The case's latest case file; an archived case whose file was deferred at archive (the demo's
    bulk load, `receivers.case_files_deferred`) gets it now, made by the system as the archive step
    would have. None for a case not archived."""
    with transaction.atomic():
        # the case row is locked: two first downloads at once make one file, not two
        Case.objects.select_for_update().filter(pk=case.pk).first()
        cf = CaseFile.objects.filter(case=case).order_by("-id").first()
        if cf is None and case.state == "archived":  # core State.ARCHIVED
            cf = make_case_file(case, actor=None)
    return cf


def _zip(entries: list[IssuedDocument]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, e in enumerate(entries, start=1):
            z.writestr(f"{i:02d}_{e.name}_{e.number}.docx", bytes(e.docx))
    return buf.getvalue()


def merge_pdfs(parts: list[bytes]) -> bytes:
    """Batch printing: one PDF of several issued files, unchanged page by page."""
    return merge.merge([bytes(p) for p in parts])[0]
