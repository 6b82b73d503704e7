"""People of the oversight tests: a provincial supervisor over 杭州, its head and officer, a
supervisor of another province, and a ministry supervisor."""

from datetime import date
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.cases.models import Case, Decision
from zhifa.law.models import Law, PenaltyProvision


@pytest.fixture
def people(world):
    return SimpleNamespace(
        zj_supervisor=testing.make_user(
            world.zhejiang, roles=("supervisor",), full_name="省督查员"
        ),
        hz_head=testing.make_user(world.hangzhou, roles=("agency_head",), full_name="杭州负责人"),
        hz_officer=testing.make_user(world.hangzhou, roles=("officer",), full_name="杭州执法员"),
        nb_head=testing.make_user(world.ningbo, roles=("agency_head",), full_name="宁波负责人"),
        sc_supervisor=testing.make_user(world.sichuan, roles=("supervisor",), full_name="川督查员"),
        mot_supervisor=testing.make_user(
            world.ministry, roles=("supervisor",), full_name="部督查员"
        ),
    )


@pytest.fixture
def provision(db):
    law = Law.objects.create(
        name="道路运输条例", level="administrative_regulation", version_year=2023
    )
    return PenaltyProvision.objects.create(
        data_id="rtr2023-63-1",
        law=law,
        article="第六十三条",
        conduct="未取得道路运输经营许可，擅自从事道路普通货物运输经营",
        sector="road_transport",
        fine_min=5000,
        fine_max=20000,
        data={},
    )


def _recommendation(level="较重", low="5000", high="10000", rec_low="6000", rec_high="8000"):
    # the shape zhifa.law.discretion.serialize stores on the case
    return {
        "level": {"label": level, "kind": "fine"},
        "benchmark": {"id": "zj-rtr-63", "version": "2025"},
        "benchmark_range": {"low": low, "high": high, "text": f"{low}元至{high}元"},
        "recommended_range": {"low": rec_low, "high": rec_high},
    }


_numbers = count(1)

LEVELS = {
    "较重": {"level": "较重"},
    "严重": {
        "level": "严重",
        "low": "10000",
        "high": "20000",
        "rec_low": "12000",
        "rec_high": "16000",
    },
}


def decided(agency, provision, fine, *, level="较重", party=None):
    """A decided case as the cases app leaves it: provision, stored recommendation, decision."""
    n = next(_numbers)
    case = Case.objects.create(
        agency=agency,
        provision=provision,
        state="decided_penalty",
        procedure="general",
        case_number=f"测罚〔2026〕{n}号",
        lead_received_on=date(2026, 3, 1),
        recommendation=_recommendation(**LEVELS[level]),
        party=party,
    )
    Decision.objects.create(
        case=case,
        kind="penalty",
        fine=Decimal(fine),
        decided_on=timezone.localdate().replace(month=1, day=1),
    )
    return case
