"""Defect 10 (T2 Arts. 22–23, 30): an officer acts on a case only within the certificate's
enforcement categories and territory, and only while its annual review is current."""

from datetime import date

import pytest

from zhifa import testing
from zhifa.cases import selectors, services
from zhifa.cases.tests.helpers import ORG
from zhifa.core.errors import DomainError
from zhifa.officers import services as officers

D = date


def _lead(world, officers_, provision="hl-76-1"):
    return services.create_lead(
        actor=officers_[0].user,
        agency=world.hangzhou,
        source="inspection",
        facts="擅自挖掘公路",
        received_on=D(2026, 6, 1),
        violation_date=D(2026, 5, 30),
        party=ORG,
        officers=officers_,
        provision=provision,
    )


ON = D(2026, 6, 2)


def _acting(case, on=ON):
    return {f.officer_id for f in selectors.officer_facts(case) if f.may_act(on)}


def test_certificate_outside_category_does_not_count(world, people, law):
    # given a 公路路政 case (hl-76-1) and an officer certified for 港口 only
    port_only = testing.make_officer(world.hangzhou, sectors=["port"])
    case = _lead(world, [people.o1, port_only])
    # then only the officer whose certificate covers 公路路政 may act (T2 Arts. 22–23)
    assert _acting(case) == {str(people.o1.user_id)}
    # and filing, which needs two officers who may act, is refused
    with pytest.raises(DomainError) as refused:
        services.file_case(case, actor=people.head, as_of=D(2026, 6, 2))
    assert "执法人员" in refused.value.message


def test_certificate_outside_territory_does_not_count(world, people, law):
    # given a certificate limited to 四川省 and a case of the Hangzhou squad (浙江省)
    world.zhejiang.refresh_from_db()  # the law fixture set its region behind this object
    sichuan_only = testing.make_officer(world.hangzhou, territory=law["四川省"])
    zhejiang = testing.make_officer(world.hangzhou, territory=law["浙江省"])
    case = _lead(world, [people.o1, sichuan_only, zhejiang])
    assert _acting(case) == {str(people.o1.user_id), str(zhejiang.user_id)}


def test_certificate_without_annual_review_lapses(world, people, law):
    # given a certificate issued 2023, last reviewed 2025-03-01: current through 2026-03-01
    late = testing.make_officer(world.hangzhou, issued_on=D(2023, 1, 1), reviewed_on=D(2025, 3, 1))
    case = _lead(world, [people.o1, late])
    assert _acting(case, D(2026, 3, 1)) == {str(people.o1.user_id), str(late.user_id)}
    assert _acting(case, D(2026, 6, 2)) == {str(people.o1.user_id)}
    # when the review is recorded (journaled), the certificate counts again
    cert = late.certificates.get()
    officers.record_annual_review(cert, reviewed_on=D(2026, 3, 20))
    assert _acting(case, D(2026, 6, 2)) == {str(people.o1.user_id), str(late.user_id)}


def test_category_names_on_the_certificate_become_sectors(world):
    officer = testing.make_officer(world.hangzhou, certificate=False)
    cert = officers.issue_certificate(
        officer,
        number="ZJ0001",
        issuing_body="浙江省交通运输厅",
        issued_on=D(2026, 1, 1),
        valid_until=D(2030, 1, 1),
        categories="道路运输、公路路政",
    )
    assert cert.sectors == ["road_transport", "highway_administration"]
    with pytest.raises(DomainError) as refused:
        officers.issue_certificate(
            officer,
            number="ZJ0002",
            issuing_body="浙江省交通运输厅",
            issued_on=D(2026, 1, 1),
            valid_until=D(2030, 1, 1),
            categories="道路运输、火星交通",
        )
    assert refused.value.code == "certificate_category_unknown"
    assert "火星交通" in refused.value.message
