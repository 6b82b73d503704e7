from datetime import date, timedelta

import pytest

from zhifa import testing
from zhifa.core.errors import InvalidInput
from zhifa.officers import services
from zhifa.officers.models import Certificate
from zhifa.records.models import JournalEntry


@pytest.fixture
def head(world):
    return testing.make_user(world.hangzhou, roles=("agency_head",))


def test_eligibility_through_the_api_on_a_date(world, head, login):
    # given: a certificate valid until 2026-06-30 and a suspension from 2026-07-10
    officer = testing.make_officer(world.hangzhou, valid_until=date(2026, 6, 30))
    services.suspend_officer(officer, reason="考核不合格", starts_on=date(2026, 7, 10), actor=head)
    client = login(head)
    url = f"/api/v1/officers/{officer.pk}"
    # when
    june = client.get(url, {"on": "2026-06-30"}).json()["eligibility"]
    july = client.get(url, {"on": "2026-07-10"}).json()["eligibility"]
    # then
    assert june["allowed"] is True
    assert july["allowed"] is False
    assert [r["code"] for r in july["reasons"]] == ["officer_suspended", "certificate_expired"]


def test_lifting_a_suspension_restores_the_officer(world, head):
    officer = testing.make_officer(world.hangzhou)
    s = services.suspend_officer(officer, reason="离岗培训", starts_on=date(2026, 1, 5), actor=head)
    services.lift_suspension(s, lifted_on=date(2026, 2, 1), reason="培训考试合格", actor=head)
    from zhifa.officers.selectors import eligibility

    officer.refresh_from_db()
    assert eligibility(officer, date(2026, 1, 31)).allowed is False
    assert eligibility(officer, date(2026, 2, 1)).allowed is True
    assert JournalEntry.objects.filter(event_type="suspension.lifted").count() == 1
    with pytest.raises(InvalidInput):
        services.lift_suspension(s, lifted_on=date(2026, 2, 2), reason="再次解除", actor=head)


def test_revoked_certificate_cannot_be_restored(world, head):
    officer = testing.make_officer(world.hangzhou)
    cert = officer.certificates.get()
    services.change_certificate_status(
        cert, status="revoked", reason="弄虚作假取得证件", actor=head
    )
    with pytest.raises(InvalidInput) as err:
        services.change_certificate_status(cert, status="valid", reason="恢复", actor=head)
    assert err.value.code == "certificate_revoked"
    assert Certificate.objects.get(pk=cert.pk).status == "revoked"


def test_only_heads_or_system_admins_in_scope_manage_officers(world):
    from zhifa.core.errors import PermissionDenied

    officer = testing.make_officer(world.hangzhou)
    other_head = testing.make_user(world.chengdu, roles=("agency_head",))
    plain = testing.make_user(world.hangzhou, roles=("officer",))
    for actor in (other_head, plain):
        with pytest.raises(PermissionDenied):
            services.suspend_officer(officer, reason="x", starts_on=date(2026, 1, 1), actor=actor)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"number": ""}, "invalid_certificate"),
        ({"valid_until": date(2019, 1, 1)}, "invalid_certificate"),
        ({"kind": "police"}, "invalid_certificate"),
        ({"number": "DUP"}, "certificate_number_taken"),
    ],
)
def test_bad_certificates_are_refused(world, head, kwargs, code):
    officer = testing.make_officer(world.hangzhou, certificate=False)
    services.issue_certificate(
        officer,
        number="DUP",
        issuing_body="浙江省交通运输厅",
        issued_on=date(2020, 1, 1),
        valid_until=date(2030, 1, 1),
    )
    args = {
        "number": "NEW1",
        "issuing_body": "浙江省交通运输厅",
        "issued_on": date(2020, 1, 1),
        "valid_until": date(2030, 1, 1),
        **kwargs,
    }
    with pytest.raises(InvalidInput if code != "certificate_number_taken" else Exception) as err:
        services.issue_certificate(officer, actor=head, **args)
    assert err.value.code == code
    assert officer.certificates.count() == 1


def test_officer_list_reports_certificate_status(world, head, login):
    testing.make_officer(world.hangzhou, valid_until=date.today() - timedelta(days=1))
    items = login(head).get("/api/v1/officers").json()["items"]
    assert [i["eligibility"]["reasons"][0]["code"] for i in items] == ["certificate_expired"]
