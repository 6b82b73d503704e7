"""Indicators against hand counts on a few cases built through the API, and the incremental
rollups against a rebuild from scratch after every step."""

from datetime import date

import pytest

from zhifa import testing
from zhifa.cases.tests.helpers import ORG, PERSON, fine
from zhifa.core.indicators import BY_CODE, CASE_COUNTERS
from zhifa.indicators import selectors, services
from zhifa.indicators.models import CaseFact
from zhifa.web.demo.cases import SPILL_FIRST

D = date
SMALL_DIG = {"area_m2": 5, "depth_cm": 10, "consequence": "none"}
FIRST = SPILL_FIRST.facts  # the demo's first spill, promptly cleaned (APL Art. 33 para 1)


def rollup_snapshot() -> tuple[set[tuple], ...]:
    """Every non-empty cell of each rollup (CaseRollup by state, AgencyMonthRollup by month)."""
    out = []
    for model, _cell, where in services.ROLLUPS:
        cols = (*where, *CASE_COUNTERS)
        out.append(
            {
                tuple(r[c] for c in cols)
                for r in model.objects.values(*cols)
                if any(r[c] for c in CASE_COUNTERS)
            }
        )
    return tuple(out)


def assert_rebuild_equal():
    incremental = rollup_snapshot()
    services.rebuild()
    assert rollup_snapshot() == incremental


def _noop():
    return None


class Built:
    """Ids of the fixture's cases: A fined (general), B first violation not penalised, C a lead."""

    def __init__(self, a, b, c):
        self.a, self.b, self.c = a, b, c


def lead(api, people, received, provision, party):
    return api.lead(
        people.o1.user,
        received_on=received,
        violation_date=received,
        provision=provision,
        party=party,
        officers=[people.o1, people.o2],
    )["id"]


def investigate(api, people, cid, days, facts, *, check):
    o1, head = people.o1.user, people.head
    filed, start, record, report, reviewed, approved = days
    api.step(head, cid, "file", filed)
    check()
    api.step(o1, cid, "investigation", start)
    api.post(o1, f"/{cid}/records", {"as_of": record, "kind": "onsite_record"}, status=201)
    api.post(o1, f"/{cid}/recommendation", {"as_of": record, "facts": facts})
    api.step(o1, cid, "report", report, summary="事实清楚，证据确凿")
    check()
    api.step(head, cid, "report/review", reviewed)
    api.step(head, cid, "report/approve", approved)
    check()


@pytest.fixture
def built(api, world, people, law, request) -> Built:
    o1, head = people.o1.user, people.head
    # for a test that asks for `rebuild_each_step`, the incremental rollups are compared with a rebuild after every step
    check = assert_rebuild_equal if "rebuild_each_step" in request.fixturenames else _noop
    # A: unauthorised digging by a company, 4,000 yuan, filed 2 Sep, decided 10 Sep
    a = lead(api, people, D(2026, 9, 1), "hl-76-1", ORG)
    check()
    investigate(api, people, a, [D(2026, 9, d) for d in (2, 2, 3, 4, 4, 7)], SMALL_DIG, check=check)
    api.step(o1, a, "notice", D(2026, 9, 8), penalty=fine(4000))
    api.step(o1, a, "statement", D(2026, 9, 9), text="无异议")
    api.step(head, a, "decision", D(2026, 9, 10))
    check()
    # B: a first spill, not penalised (APL Art. 33 para 1), filed 2 Jul, decided 8 Jul
    b = lead(api, people, D(2026, 7, 1), "hsp-69", PERSON)
    investigate(api, people, b, [D(2026, 7, d) for d in (2, 2, 3, 6, 6, 7)], FIRST, check=check)
    api.step(
        head,
        b,
        "decision",
        D(2026, 7, 8),
        no_penalty_ground="first_violation",
        education="告知其遗撒货物的危害",
    )
    check()
    api.step(people.o2.user, b, "service", D(2026, 7, 9), method="direct")
    api.step(head, b, "close", D(2026, 7, 10))
    check()
    # C: a lead received in September, not yet filed
    c = lead(api, people, D(2026, 9, 5), "hl-76-1", ORG)
    check()
    return Built(a, b, c)


@pytest.fixture
def rebuild_each_step():
    """Asked for by a test: `built` compares the rollups with a rebuild after every step."""
    return True


def test_indicators_match_hand_counts(built, world, people, rebuild_each_step):
    # given the three cases of the fixture, seen from the Zhejiang department for 2026
    rows, total = selectors.case_table(world.zhejiang, selectors.Period(2026))
    v = {code: total.value(BY_CODE[code]) for code in BY_CODE if BY_CODE[code].source == "cases"}
    # then, counted by hand:
    assert v["cases"] == 3
    assert v["open_cases"] == 2  # A decided (still open until closed), C a lead; B closed
    assert v["no_penalty_rate"] == 50.0  # B of A, B
    assert v["first_violation_rate"] == 50.0
    assert v["handling_days"] == 7.0  # A 2→10 Sep: 8 days; B 2→8 Jul: 6 days
    assert v["investigation_days"] == 3.0  # A 2→4 Sep: 2; B 2→6 Jul: 4
    assert v["deviation_rate"] == 0.0  # A decided at the recommended amount, no deviation
    assert v["evidence_rate"] == 100.0  # both recorded an on-site record
    assert v["remedy_rate"] == 0.0
    assert v["review_coverage"] is None  # neither decision needed legal review
    # one row: Hangzhou, a child of the department
    assert [r.agency.pk for r in rows] == [world.hangzhou.pk]
    # per month: September holds A and C, July holds B
    _, sept = selectors.case_table(world.zhejiang, selectors.Period(2026, 9))
    assert sept.counters["cases"] == 2 and sept.counters["decided"] == 1
    _, july = selectors.case_table(world.zhejiang, selectors.Period(2026, 7))
    assert july.counters["first_violation"] == 1
    # national: one province line, Zhejiang
    rows, total = selectors.case_table(world.ministry, selectors.Period(2026))
    assert [r.agency.pk for r in rows] == [world.zhejiang.pk]
    assert total.counters["cases"] == 3


def test_stages_and_drill_down(built, world, people):
    period = selectors.Period(2026)
    stages = {line["state"]: line for line in selectors.by_stage(world.zhejiang, period)}
    assert stages["decided_penalty"]["general"] == 1
    assert stages["closed"]["total"] == 1
    assert stages["lead"]["total"] == 1
    head = people.head
    cases = selectors.drill_cases(
        head, code="first_violation_rate", root=world.hangzhou, period=period
    )
    assert [c.pk for c in cases] == [built.b]
    leads = selectors.drill_cases(
        head, code="cases", root=world.hangzhou, period=period, state="lead"
    )
    assert [c.pk for c in leads] == [built.c]


def test_scope(built, world, people, client):
    # a head of Ningbo (a sibling prefecture) sees none of Hangzhou's cases behind a figure
    period = selectors.Period(2026)
    other = people.other_head
    assert list(selectors.drill_cases(other, code="cases", root=world.ningbo, period=period)) == []
    with pytest.raises(Exception) as refused:
        selectors.root_for(other, world.hangzhou.pk)
    assert getattr(refused.value, "code", "") == "not_found"
    # an administrator sees nothing at all
    admin = testing.make_user(world.ministry, admin_role="system")
    with pytest.raises(Exception) as nothing:
        selectors.root_for(admin)
    assert getattr(nothing.value, "code", "") == "not_found"
    client.force_login(admin)
    assert client.get("/indicators/").status_code == 403


def test_a_remedy_counts_at_once(built, world, people):
    from zhifa.cases.models import Case, RemedyPeriod

    RemedyPeriod.objects.create(case=Case.objects.get(pk=built.a), started_on=D(2026, 9, 20))
    assert CaseFact.objects.get(case_id=built.a).remedied == 1
    assert_rebuild_equal()
