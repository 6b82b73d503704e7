"""Races on PostgreSQL: one extension, one lapse, one disposal and unique item numbers."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from zhifa.core.errors import DomainError
from zhifa.measures import services
from zhifa.measures.models import CaseProperty, MeasureExtension, PropertyDisposal

from .conftest import ITEMS, at, attach_video

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BASIS = {"basis_law": "《公路安全保护条例》", "basis_article": "第七十二条"}


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite serialises writers by itself")


def _race(n, action):
    start = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            start.wait()
            results.append(action(i))
        except Exception as error:  # collected for the assertions
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_heads_extend_at_once_one_wins(case, people):
    m = services.request_measure(
        case,
        actor=people.o1.user,
        kind="seize",
        reason="x",
        items_summary="车",
        at=at("2026-09-05 08:00"),
        **BASIS,
    )
    services.decide_measure_approval(m, actor=people.head, approve=True, at=at("2026-09-05 09:00"))
    attach_video(case, people.o1, ref=m, when=at("2026-09-05 10:00"))
    services.execute_measure(
        m, actor=people.o1.user, items=ITEMS, party_signed=True, executed_at=at("2026-09-05 10:00")
    )
    results, errors = _race(
        3,
        lambda i: services.extend_measure(
            m,
            actor=people.head,
            days=10 + i,
            reason="情况复杂",
            notice_served_on=date(2026, 9, 30),
            as_of=date(2026, 9, 30),
        ),
    )
    assert len(results) == 1 and len(errors) == 2
    assert all(isinstance(e, DomainError) for e in errors)
    assert MeasureExtension.objects.filter(measure=m).count() == 1


def test_concurrent_registrations_never_share_a_number(case, people):
    results, errors = _race(
        4,
        lambda i: services.register_property(
            case, actor=people.o1.user, items=ITEMS, taken_at=at("2026-09-29 10:00")
        ),
    )
    assert errors == [] and len(results) == 4
    seqs = list(CaseProperty.objects.values_list("seq", flat=True))
    assert sorted(seqs) == list(range(1, 9))


def test_concurrent_carry_outs_dispose_once(case, people):
    item = services.register_property(case, actor=people.o1.user, items=ITEMS[:1])[0]
    d = services.request_disposal(item, actor=people.o1.user, kind="return", reason="退还")
    services.decide_disposal(d, actor=people.head, approve=True)
    results, errors = _race(
        3, lambda i: services.carry_out_disposal(d, actor=people.o1.user, recipient="王某")
    )
    assert len(results) == 1 and len(errors) == 2
    assert PropertyDisposal.objects.get(pk=d.pk).state == "done"
