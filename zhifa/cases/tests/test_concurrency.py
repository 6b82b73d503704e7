"""Concurrent approvals of the same step on PostgreSQL: the case row lock lets exactly one win."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from zhifa.cases import services
from zhifa.cases.models import Case, NumberCounter, StepRecord
from zhifa.cases.tests.helpers import ORG
from zhifa.core.errors import DomainError
from zhifa.records.models import JournalEntry

pytestmark = pytest.mark.postgres
D = date


def race(n, work):
    """Run `work(i)` in `n` threads started together; return (results, errors)."""
    start = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            start.wait()
            results.append(work(i))
        except DomainError as error:
            errors.append(error)
        except Exception as error:  # reported by the assertions
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_heads_approving_the_same_filing(world, people):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers by itself")
    # given a lead with two officers and two agency heads of the same agency
    from zhifa import testing

    second_head = testing.make_user(world.hangzhou, roles=("agency_head",), full_name="钱负责人")
    case = services.create_lead(
        actor=people.o1.user,
        agency=world.hangzhou,
        source="inspection",
        facts="擅自挖掘公路",
        received_on=D(2026, 6, 1),
        violation_date=D(2026, 5, 30),
        party=ORG,
        officers=[people.o1, people.o2],
    )
    heads = [people.head, second_head]

    # when both approve the filing at the same moment
    results, errors = race(
        2, lambda i: services.file_case(case, actor=heads[i], as_of=D(2026, 6, 2))
    )

    # then exactly one wins; the other gets a clear conflict; one number, one journal entry
    assert len(results) == 1, errors
    assert len(errors) == 1
    assert errors[0].code == "step_already_done"
    assert "已由" in errors[0].message and "办理" in errors[0].message
    case.refresh_from_db()
    assert case.state == "filed"
    assert StepRecord.objects.filter(case=case, code="file_case").count() == 1
    assert JournalEntry.objects.filter(event_type="case.file_case").count() == 1
    assert NumberCounter.objects.get(series="case").last == 1


@pytest.mark.django_db(transaction=True)
def test_filings_in_one_agency_get_distinct_numbers(world, people):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers by itself")
    # given four leads of the same agency
    cases = [
        services.create_lead(
            actor=people.o1.user,
            agency=world.hangzhou,
            source="inspection",
            facts=f"线索{i}",
            received_on=D(2026, 6, 1),
            violation_date=D(2026, 5, 30),
            party=ORG,
            officers=[people.o1, people.o2],
        )
        for i in range(4)
    ]
    # when all four are filed at once
    _results, errors = race(
        4, lambda i: services.file_case(cases[i], actor=people.head, as_of=D(2026, 6, 2))
    )
    # then each has its own number, without gaps
    assert errors == []
    numbers = sorted(Case.objects.values_list("case_number", flat=True))
    assert numbers == [f"浙杭交执罚〔2026〕{n:06d}号" for n in range(1, 5)]
