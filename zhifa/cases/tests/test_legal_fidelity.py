"""Issue 9: the legal defects found on review, one test each (named by the defect's number)."""

from datetime import date
from types import SimpleNamespace

import pytest

from zhifa.cases import selectors
from zhifa.cases.models import ProvinceParameter
from zhifa.cases.tests.helpers import Api, deadline, fine
from zhifa.cases.tests.test_guards import new_case, notified
from zhifa.cases.tests.test_scenarios import SMALL_DIG, investigate
from zhifa.orgs.models import Agency

D = date


@pytest.fixture
def api(client):
    return Api(client)


EARLY = D(2000, 1, 1)


def set_param(province, key, value, source="测试数据", effective=EARLY):
    ProvinceParameter.objects.update_or_create(
        province=province,
        key=key,
        effective_from=effective,
        defaults={"value": value, "source": source},
    )


# --- 4. "large amount" per province (TEPP Art. 80 para 2; APL Art. 63(3); TEPP Art. 76(1)) -------


def test_4_province_without_thresholds_refuses_the_notice(api, world, people, law):
    ProvinceParameter.objects.filter(province="浙江").delete()
    cid = new_case(api, people)
    investigate(api, people, cid, [D(2026, 6, d) for d in (2, 2, 3, 4, 4, 5)], SMALL_DIG)
    body = api.refused(
        people.o1.user, cid, "notice", D(2026, 6, 8), "large_amounts_missing", penalty=fine(4000)
    )
    assert "较大数额" in body["message"]


def test_4_thresholds_come_from_the_province_with_their_source(world, people, law):
    set_param("浙江", "large_fine_person", 5000, source="某省政府令", effective=D(2026, 1, 1))
    case = SimpleNamespace(agency=Agency.objects.get(pk=world.hangzhou.pk))
    before = selectors.large_amounts(case, D(2025, 12, 31))
    after = selectors.large_amounts(case, D(2026, 6, 1))
    assert before.natural_person == 10000 and after.natural_person == 5000
    assert "某省政府令" in after.reference and after.organisation == 100000


def test_4_maritime_figures_only_for_maritime_bodies(world, people, law):
    ProvinceParameter.objects.all().delete()
    case = SimpleNamespace(agency=Agency.objects.get(pk=world.hangzhou.pk))
    assert selectors.large_amounts(case, D(2026, 6, 1)) is None
    from zhifa import testing

    maritime = testing.make_agency(world.ministry, name="长江海事局", kind="maritime")
    figures = selectors.large_amounts(SimpleNamespace(agency=maritime), D(2026, 6, 1))
    assert figures.natural_person == 10000 and figures.organisation == 100000


def test_4_loader_reads_the_data_file_and_refuses_rows_without_source(tmp_path, db):
    from zhifa.cases.parameters import DATA_FILE, load_province_parameters
    from zhifa.core.errors import DomainError

    assert load_province_parameters(DATA_FILE) >= 0
    bad = tmp_path / "p.json"
    bad.write_text(
        '{"parameters": [{"province": "浙江", "key": "large_fine_person", "value": 1,'
        ' "source": "", "effective_from": "2026-01-01"}]}',
        "utf-8",
    )
    with pytest.raises(DomainError) as refused:
        load_province_parameters(bad)
    assert refused.value.code == "province_parameter_invalid"


# --- 6. the statement window is a province parameter (APL Arts. 44, 62) ---------------------------


def test_6_statement_window_of_the_province_closes_the_stage(api, world, people, law):
    set_param("浙江", "statement_window_working_days", 3)
    cid = new_case(api, people, received=D(2026, 9, 21))
    investigate(api, people, cid, [D(2026, 9, d) for d in (22, 22, 22, 23, 23, 24)], SMALL_DIG)
    api.step(people.o1.user, cid, "notice", D(2026, 9, 24), penalty=fine(4000))
    assert deadline(api.case(people.head, cid), "A12_statement") == "2026-09-30"
    api.refused(people.head, cid, "decision", D(2026, 9, 30), "statement_window_open")
    # the party stayed silent: the window's expiry closes the statement stage
    decided = api.step(people.head, cid, "decision", D(2026, 10, 8))
    assert decided["case"]["state"] == "decided_penalty"


def test_6_another_province_keeps_its_own_window(api, world, people, law):
    set_param("四川", "statement_window_working_days", 3)
    cid = notified(api, people)  # a Hangzhou (Zhejiang) case: no window there
    assert deadline(api.case(people.head, cid), "A12_statement") is None
    api.refused(people.head, cid, "decision", D(2026, 6, 9), "statement_not_heard")
