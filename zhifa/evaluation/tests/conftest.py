from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.evaluation import services

ITEMS = [
    {"code": "penalty", "label": "行政处罚执法情况", "kind": "standard", "weight": 60},
    {"code": "coercion", "label": "行政强制执法情况", "kind": "standard", "weight": 20},
    {
        "code": "files",
        "label": "案卷评查",
        "kind": "automatic",
        "weight": 10,
        "feed": "case_review_score",
        "full_at": 95,
        "zero_at": 60,
    },
    {
        "code": "overdue",
        "label": "办案期限",
        "kind": "automatic",
        "weight": 10,
        "feed": "overdue_rate",
        "full_at": 0,
        "zero_at": "0.2",
    },
    {"code": "model", "label": "经验做法被上级推广", "kind": "bonus", "weight": 3},
]


@dataclass
class People:
    world: object
    province_head: object
    province_supervisor: object
    ministry_supervisor: object
    hz_head: object
    hz_reviewer: object
    hz_officer: object
    nb_head: object
    cd_head: object
    province_reviewer: object


@pytest.fixture
def ppl(world):
    return People(
        world=world,
        province_head=testing.make_user(world.zhejiang, roles=("agency_head",)),
        province_supervisor=testing.make_user(world.zhejiang, roles=("supervisor",)),
        ministry_supervisor=testing.make_user(world.ministry, roles=("supervisor",)),
        hz_head=testing.make_user(world.hangzhou, roles=("agency_head",)),
        hz_reviewer=testing.make_user(world.hangzhou, roles=("legal_reviewer",)),
        hz_officer=testing.make_officer(world.hangzhou),
        nb_head=testing.make_user(world.ningbo, roles=("agency_head",)),
        cd_head=testing.make_user(world.chengdu, roles=("agency_head",)),
        province_reviewer=testing.make_user(world.zhejiang, roles=("legal_reviewer",)),
    )


@pytest.fixture
def scheme(ppl):
    return services.save_scheme(
        actor=ppl.province_head, name="浙江省交通运输执法评议考核方案", year=2026, items=ITEMS
    )


def today() -> date:
    return timezone.localdate()


def period():
    t = today()
    return date(t.year, 1, 1), date(t.year, 12, 31)


def make_provision(n: int):
    from zhifa.law.models import Law, PenaltyProvision

    law, _ = Law.objects.get_or_create(name="公路法", level="law", version_year=2017)
    return PenaltyProvision.objects.create(
        data_id=f"eval-test-{n}",
        law=law,
        article=f"第{n}条",
        conduct=f"测试违法行为{n}",
        sector="highway_administration",
        fine_min=100,
        fine_max=Decimal(30000),
        data={},
    )


def make_case(agency, provision, *, state="archived", on=None):
    from zhifa.cases.models import Case

    return Case.objects.create(
        agency=agency,
        provision=provision,
        state=state,
        procedure="general",
        lead_received_on=on or today(),
        last_step_on=on or today(),
    )
