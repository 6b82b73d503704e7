"""Every document prints: the demo (one case in every state of both procedures, made through the
services, with the demo agencies' document settings) and, for each case, every document its case
page offers is issued as PDF and DOCX without error; the files open, their text carries no
template syntax, None, English or internal code. Slow (the demo takes a minute): one test."""

import io
import zipfile

import pytest
from django.core.management import call_command
from docx import Document as Docx
from pypdf import PdfReader

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.documents import selectors, services
from zhifa.documents.models import AgencyDocumentSettings
from zhifa.documents.tests.test_golden import docx_xml_text, leftovers
from zhifa.web.demo.cases import SCENARIOS
from zhifa.workcalendar.selectors import invalidate_calendar_cache


@pytest.mark.django_db
def test_every_document_the_case_page_offers_in_every_state_issues_as_pdf_and_docx(
    settings, tmp_path
):
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    invalidate_calendar_cache()
    try:
        call_command("load_demo", cases=len(SCENARIOS), stdout=io.StringIO())
    finally:
        invalidate_calendar_cache()

    # the demo agencies print their own settings: seal, remedy bodies, bank
    cases = list(Case.objects.select_related("agency").order_by("id"))
    agencies = {c.agency_id for c in cases}
    cfg = AgencyDocumentSettings.objects.filter(agency_id__in=agencies)
    assert cfg.count() == len(agencies)
    assert all(c.reconsideration_body and c.court and c.payment_account for c in cfg)

    states, kinds, problems = set(), set(), []
    for case in cases:
        states.add(case.state)
        head = User.objects.filter(agency=case.agency, is_agency_head=True).first()
        for row in selectors.case_documents(case):
            doc = row["document"]
            try:
                issued = row["issued"] or services.issue_document(doc, actor=head)
            except Exception as exc:  # collect every refusal, then report them all
                problems.append((case.state, doc.kind, getattr(exc, "message", repr(exc))))
                continue
            kinds.add(doc.kind)
            pdf = PdfReader(io.BytesIO(bytes(issued.pdf)))
            assert len(pdf.pages) == issued.pages >= 1
            text = "".join(p.extract_text() for p in pdf.pages)
            Docx(io.BytesIO(bytes(issued.docx)))  # opens
            assert zipfile.is_zipfile(io.BytesIO(bytes(issued.docx)))
            xml = docx_xml_text(bytes(issued.docx))
            for where, t in (("pdf", text), ("docx", xml)):
                bad = leftovers(t, issued.code)
                if bad:
                    problems.append((case.state, doc.kind, f"{where}: {bad}"))
    assert problems == []
    assert len(states) >= 20, states  # the demo's states of both procedures
    assert {"penalty_decision", "onspot_decision", "service_receipt", "closing_report"} <= kinds
