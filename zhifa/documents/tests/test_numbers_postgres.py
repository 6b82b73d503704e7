"""Document numbers under parallel issuers on PostgreSQL: unique and without gaps."""

from datetime import date

import pytest
from django.db import connection

from zhifa.cases import services as case_services
from zhifa.cases.models import Document
from zhifa.cases.tests.test_concurrency import race
from zhifa.documents import services
from zhifa.documents.models import IssuedDocument
from zhifa.documents.tests.conftest import ORG

pytestmark = pytest.mark.postgres
D = date
ISSUERS = 6


@pytest.mark.django_db(transaction=True)
def test_parallel_issuers_get_consecutive_unique_numbers(world, people, law, doc_settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers by itself")
    # given six filed cases of one agency, each with its filing register not yet issued
    registers = []
    for i in range(ISSUERS):
        case = case_services.create_lead(
            actor=people.o1.user,
            agency=world.hangzhou,
            source="inspection",
            facts=f"擅自挖掘公路（第{i + 1}处）",
            received_on=D(2026, 6, 1),
            violation_date=D(2026, 5, 30),
            party=ORG,
            provision="hl-76-1",
            officers=[people.o1, people.o2],
        )
        case_services.file_case(case, actor=people.head, as_of=D(2026, 6, 2))
        registers.append(Document.objects.get(case=case, kind="filing_register"))
    issuers = [people.head, people.o1.user, people.o2.user] * 2

    # when six people issue them at the same moment
    results, errors = race(
        ISSUERS, lambda i: services.issue_document(registers[i], actor=issuers[i]).number
    )

    # then every issue succeeded with its own number, 1 to 6, none skipped, none twice
    assert not errors, errors
    seqs = sorted(IssuedDocument.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, ISSUERS + 1))
    assert len(set(results)) == ISSUERS
    assert all(n.startswith("〔2026〕杭交执立字第") for n in results)
