"""The synthetic national data: deterministic, every state, the whole tree, rollups filled (SQLite
multi-row inserts here; PostgreSQL COPY in bench/dashboards.py)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Sum

from zhifa.cases.choices import STATE_CHOICES
from zhifa.cases.models import Case
from zhifa.indicators import generator, services
from zhifa.indicators.models import CaseFact, CaseRollup
from zhifa.indicators.tests.test_rollups import rollup_snapshot
from zhifa.orgs.models import Agency

AS_OF = date(2026, 11, 30)


def test_generate_national_data(db):
    # when 3,000 cases are generated over the national tree
    call_command("generate_national_data", cases=3000, seed=7)
    # then the tree is there and the cases reach every province and many states
    assert Agency.objects.filter(depth=1).count() >= 31
    assert Case.objects.count() == CaseFact.objects.count() == 3000
    provinces = set(CaseFact.objects.values_list("province_id", flat=True))
    assert len(provinces) >= 25
    states = set(Case.objects.values_list("state", flat=True))
    assert len(states) >= 25 and states <= {s for s, _ in STATE_CHOICES}
    # the rollup is the group-by of the facts, and a rebuild from facts changes nothing
    assert CaseRollup.objects.aggregate(n=Sum("cases"))["n"] == 3000
    before = rollup_snapshot()
    services.rollup_from_facts()
    assert rollup_snapshot() == before


def test_the_same_seed_gives_the_same_rows(db):
    from zhifa.orgs.services import load_national_tree

    load_national_tree()
    first = list(generator.generate(500, seed=3, as_of=AS_OF, start_id=1))
    again = list(generator.generate(500, seed=3, as_of=AS_OF, start_id=1))
    other = list(generator.generate(500, seed=4, as_of=AS_OF, start_id=1))
    assert first == again
    assert first != other


def _rows_of(first_id: int, n: int) -> list[tuple]:
    cases = Case.objects.filter(id__gte=first_id, id__lt=first_id + n).order_by("id")
    return list(cases.values_list("id", "agency_id", "state", "procedure", "lead_received_on"))


def test_an_interrupted_load_continues_with_the_same_rows(db, monkeypatch):
    from zhifa.indicators.models import SyntheticLoad
    from zhifa.orgs.services import load_national_tree

    load_national_tree()
    monkeypatch.setattr(generator, "CHUNK", 400)
    # given a load of 1,000 cases done in one go
    generator.write(1000, seed=11, as_of=AS_OF)
    whole = SyntheticLoad.objects.get()
    expected = _rows_of(whole.first_id, 1000)
    expected_rollup = rollup_snapshot()
    Case.objects.all().delete()
    SyntheticLoad.objects.all().delete()

    # when the same load stops after its first chunk (the second one fails) …
    # (the chunk writer of the database in use: multi-row INSERTs on SQLite, COPY on PostgreSQL)
    from django.db import connection

    name = "copy_in" if connection.vendor == "postgresql" else "_insert_chunk"
    real = getattr(generator, name)
    calls = []

    def fail_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("interrupted")
        real(*args)

    monkeypatch.setattr(generator, name, fail_second)
    with pytest.raises(RuntimeError):
        generator.write(1000, seed=11, as_of=AS_OF)
    load = SyntheticLoad.objects.get()
    assert load.done == 400 and load.finished_at is None
    assert Case.objects.count() == 400
    # … and is run again: it continues to the same rows, ids from the same first id
    monkeypatch.setattr(generator, name, real)
    assert generator.write(5, seed=11, as_of=AS_OF) == 600  # its own target, not the new count
    load.refresh_from_db()
    assert load.done == 1000 and load.finished_at is not None
    got = _rows_of(load.first_id, 1000)
    assert [r[1:] for r in got] == [r[1:] for r in expected]
    assert rollup_snapshot() == expected_rollup
    # a finished load is not continued: the next run is a new load after it
    generator.write(10, seed=11, as_of=AS_OF)
    assert SyntheticLoad.objects.count() == 2 and Case.objects.count() == 1010


def test_copy_rows_equal_the_generated_rows(db):
    """On PostgreSQL the load COPYs text with the secondary indexes dropped and rebuilt; the rows
    are those of `generate`, and every index is back afterwards."""
    from django.db import connection

    from zhifa.orgs.services import load_national_tree

    if connection.vendor != "postgresql":
        pytest.skip("COPY path: PostgreSQL only")
    load_national_tree()
    before = sorted(generator._secondary_indexes())
    generator.write(700, seed=12, as_of=AS_OF, defer_indexes_at=1)
    assert sorted(generator._secondary_indexes()) == before
    first_id = Case.objects.order_by("id").values_list("id", flat=True).first()
    expected = list(generator.generate(700, seed=12, as_of=AS_OF, start_id=first_id))
    got = list(
        Case.objects.order_by("id").values(*[k for k in expected[0][0] if k != "created_at"])
    )
    assert got == [{k: v for k, v in c.items() if k != "created_at"} for c, _f in expected]
    facts = list(CaseFact.objects.order_by("case_id").values(*expected[0][1]))
    assert facts == [f for _c, f in expected]
    assert CaseRollup.objects.aggregate(n=Sum("cases"))["n"] == 700
