"""The synthetic national data: deterministic, every state, the whole tree, rollups filled (SQLite
multi-row inserts here; PostgreSQL COPY in bench/dashboards.py)."""

from datetime import date

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
