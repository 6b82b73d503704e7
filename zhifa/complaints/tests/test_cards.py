"""The evaluation cards summary (issue 12 item 4): ratings per agency and per officer for a month,
for heads and supervisors, within their scope."""

from datetime import date

import pytest
from django.utils import timezone

from zhifa.cases.models import Document
from zhifa.cases.tests.conftest import law, people  # noqa: F401
from zhifa.cases.tests.helpers import PERSON, Api
from zhifa.cases.tests.test_guards import notified
from zhifa.complaints import selectors, services
from zhifa.documents.models import IssuedDocument


def _issued(document, seq):
    """An issued version as the documents app stores it (rendering the PDF is not this test's)."""
    return IssuedDocument.objects.create(
        document=document,
        case=document.case,
        agency=document.case.agency,
        kind=document.kind,
        name=document.kind,
        year=2026,
        seq=seq,
        number=f"杭交执〔2026〕{seq}号",
        issued_on=timezone.localdate(),
        code=f"TESTCODE{seq:04d}",
        pdf=b"",
        docx=b"",
        pdf_digest="0" * 64,
        docx_digest="0" * 64,
    )


@pytest.fixture
def rated(client, world, people, law):  # noqa: F811
    cid = notified(Api(client), people, party=PERSON)
    documents = list(Document.objects.filter(case_id=cid).order_by("id")[:2])
    assert len(documents) == 2
    issued = [_issued(d, n) for n, d in enumerate(documents, start=1)]
    # two documents of the same case rated: (5, 4, 3) and (3, 4, 5)
    for doc, scores in zip(issued, ((5, 4, 3), (3, 4, 5)), strict=False):
        services.rate_document(
            code=doc.code,
            agency=doc.agency,
            conduct=scores[0],
            legality=scores[1],
            attitude=scores[2],
        )
    return cid


def test_means_per_agency_and_per_officer(world, people, rated):  # noqa: F811
    month = timezone.localdate().replace(day=1)
    agencies, officers = selectors.card_summary_for(people.head, month)
    assert [(r.name, r.count, r.conduct, r.legality, r.attitude, r.overall) for r in agencies] == [
        (world.hangzhou.name, 2, 4.0, 4.0, 4.0, 4.0)
    ]
    # both officers of the case carry both cards
    assert sorted((r.name, r.count, r.overall) for r in officers) == [
        ("张执法", 2, 4.0),
        ("李执法", 2, 4.0),
    ]
    # another month, another agency's head: nothing
    assert selectors.card_summary_for(people.head, date(2020, 1, 1)) == ([], [])
    assert selectors.card_summary_for(people.other_head, month) == ([], [])


def test_the_page_for_heads_and_supervisors(client, people, rated):  # noqa: F811
    client.force_login(people.head)
    html = client.get("/complaints/cards/").content.decode()
    assert "张执法" in html and "4.0" in html
    client.force_login(people.o1.user)
    assert client.get("/complaints/cards/").status_code == 403
