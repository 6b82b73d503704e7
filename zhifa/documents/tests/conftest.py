"""Fixtures of the document tests: the cases app's Hangzhou squad and law data, the agency's
document settings, and a general-procedure case carried to its decision or to its archive."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from zhifa import testing
from zhifa.cases.tests.conftest import fresh_calendar_cache, people  # noqa: F401
from zhifa.cases.tests.helpers import ORG as _ORG
from zhifa.cases.tests.helpers import Api, fine
from zhifa.documents.models import AgencyDocumentSettings
from zhifa.orgs.choices import RegionLevel
from zhifa.orgs.models import Agency, Region

D = date
ORG = {**_ORG, "address": "杭州市西湖区文三路100号", "phone": "0571-88888888"}


DATA_DIR = Path(settings.REFDATA_DIR)


@pytest.fixture(scope="session")
def small_law_dir(tmp_path_factory):
    """The shared law data cut down to the one provision these tests use (and its benchmarks):
    loading the whole catalogue costs half a minute per test."""
    out = tmp_path_factory.mktemp("law")
    for name in ("provisions.json", "benchmarks.json", "no_penalty_lists.json"):
        data = json.loads((DATA_DIR / name).read_text("utf-8"))
        if name == "no_penalty_lists.json":
            keep = []
        else:
            keep = [r for r in data if "hl-76-1" in json.dumps(r, ensure_ascii=False)]
        (out / name).write_text(json.dumps(keep, ensure_ascii=False), "utf-8")
    return out


@pytest.fixture
def law(world, small_law_dir):
    from zhifa.law import services

    zj = Region.objects.create(name="浙江省", level=RegionLevel.PROVINCE)
    Agency.objects.filter(pk=world.zhejiang.pk).update(region=zj)
    services.load_law_data(small_law_dir, as_of=D(2026, 1, 1))
    testing.plant_province_figures("浙江", "四川")  # issue 9: the "large amount" is data on record
    return zj


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def doc_settings(world):
    return make_doc_settings(world.hangzhou)


def make_doc_settings(agency) -> AgencyDocumentSettings:
    """Hangzhou's document settings: its number prefix, reconsideration body, court, bank."""
    return AgencyDocumentSettings.objects.create(
        agency=agency,
        number_prefix="杭交执",
        reconsideration_body="杭州市人民政府",
        court="杭州市西湖区人民法院",
        payment_bank="中国工商银行杭州分行",
        payment_account="1202020209000000001",
        address="杭州市上城区解放东路1号",
        postcode="310000",
        contact_person="张执法",
        phone="0571-12345678",
    )


def decided_case(api, ppl, *, party=ORG, amount=4000, facts="在某路段擅自挖掘公路"):
    """A case through decision and service (general procedure); returns its id."""
    o1, o2, head = ppl.o1.user, ppl.o2.user, ppl.head
    cid = api.lead(
        o1,
        received_on=D(2026, 9, 1),
        violation_date=D(2026, 8, 30),
        provision="hl-76-1",
        party=party,
        officers=[ppl.o1, ppl.o2],
        facts=facts,
    )["id"]
    api.step(head, cid, "file", D(2026, 9, 2))
    api.step(o1, cid, "investigation", D(2026, 9, 2))
    api.post(o1, f"/{cid}/records", {"as_of": D(2026, 9, 3), "kind": "onsite_record"}, status=201)
    api.post(
        o1,
        f"/{cid}/recommendation",
        {"as_of": D(2026, 9, 3), "facts": {"area_m2": 5, "depth_cm": 10, "consequence": "none"}},
    )
    api.step(o1, cid, "report", D(2026, 9, 4), summary="事实清楚，证据确凿，建议处罚")
    api.step(head, cid, "report/review", D(2026, 9, 4))
    api.step(head, cid, "report/approve", D(2026, 9, 7))
    api.step(o1, cid, "notice", D(2026, 9, 8), penalty=fine(amount))
    api.step(o1, cid, "statement", D(2026, 9, 9), text="对事实无异议，请求从轻")
    api.step(head, cid, "decision", D(2026, 9, 10))
    api.step(o2, cid, "service", D(2026, 9, 20), method="direct")
    return cid


def archive(api, ppl, cid, amount=4000):
    o1, head = ppl.o1.user, ppl.head
    api.step(o1, cid, "performance", D(2026, 9, 20))
    api.post(o1, f"/{cid}/payments", {"as_of": D(2026, 10, 8), "amount": str(amount)})
    api.step(head, cid, "close", D(2026, 10, 9), summary="罚款已缴清，结案")
    return api.step(head, cid, "archive", D(2026, 10, 9))


def dcall(api, user, method: str, path: str, *, status: int = 200, **params):
    """Call /api/v1/documents{path} as `user`; return the JSON."""
    api.client.force_login(user)
    url = f"/api/v1/documents{path}"
    if method == "post":
        r = api.client.post(url, "{}", content_type="application/json")
    else:
        r = api.client.get(url, params)
    assert r.status_code == status, (url, r.status_code, r.content)
    return r.json()
