"""Fixtures of the provision review: the law data with Zhejiang's and Sichuan's regions (the case
tests' `law` fixture), supervisors at each level, and decided cases made with the real engine."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from zhifa import testing
from zhifa.cases.tests.conftest import law  # noqa: F401  (the shared law-data fixture)

PROVISION = (
    "hl-76-1"  # 《公路法》第七十六条第（一）项 擅自挖掘公路; Zhejiang has a five-level table
)
DECIDED_ON = date(2026, 3, 2)


@dataclass
class People:
    zj_supervisor: object
    sc_supervisor: object
    mot_supervisor: object
    hz_head: object
    hz_officer: object


@pytest.fixture
def people(world, law) -> People:  # noqa: F811
    from zhifa.orgs.models import Agency

    for name in ("zhejiang", "sichuan"):  # fresh: the law fixture set their regions
        setattr(world, name, Agency.objects.get(pk=getattr(world, name).pk))
    return People(
        zj_supervisor=testing.make_user(world.zhejiang, roles=("supervisor",), username="zjsup"),
        sc_supervisor=testing.make_user(world.sichuan, roles=("supervisor",), username="scsup"),
        mot_supervisor=testing.make_user(world.ministry, roles=("supervisor",), username="motsup"),
        hz_head=testing.make_user(world.hangzhou, roles=("agency_head",), username="hzhead"),
        hz_officer=testing.make_officer(world.hangzhou, username="hzofficer").user,
    )


def decided_case(
    agency, *, area_m2=None, fine=None, kind="penalty", n=0, provision=PROVISION, facts=None
):
    """A decided case with the recommendation the engine made for it (as cases.recommend_penalty
    stores it) and a decision of `fine` (default: the suggested amount)."""
    from zhifa.cases.models import Case, Decision, Party
    from zhifa.cases.selectors import province_of
    from zhifa.law.discretion import recommend_for, serialize
    from zhifa.law.models import PenaltyProvision
    from zhifa.orgs.models import Agency

    agency = Agency.objects.get(pk=agency.pk)  # fresh: the law fixture set the province's region
    p = PenaltyProvision.objects.get(data_id=provision)
    party = Party.objects.create(
        kind="organisation",
        name=f"某运输有限公司{n}",
        id_number="91330100716105852F",
        agency=agency,
    )
    facts = dict(facts or {}) if facts is not None else {"area_m2": area_m2}
    case = Case.objects.create(
        agency=agency,
        party=party,
        case_number=f"测试〔2026〕{agency.pk}-{n}号",
        provision=p,
        state="decided_penalty" if kind == "penalty" else "decided_no_penalty",
        violation_date=date(2026, 1, 5),
        lead_received_on=date(2026, 1, 6),
        facts=facts,
    )
    user = testing.make_user(agency, roles=("officer",), username=f"maker{agency.pk}-{n}")
    rec = serialize(
        recommend_for(
            user,
            provision_id=provision,
            province=province_of(agency),
            violation_date=case.violation_date,
            decision_date=DECIDED_ON,
            party_kind="legal_person",
            facts=facts,
            discovered_on=case.lead_received_on,
        )
    )
    rec["as_of"] = DECIDED_ON.isoformat()
    case.recommendation = rec
    case.save(update_fields=["recommendation"])
    amount = fine if fine is not None else Decimal(rec["suggested_amount"] or 0)
    Decision.objects.create(
        case=case, kind=kind, fine=amount if kind == "penalty" else 0, decided_on=DECIDED_ON
    )
    return case
