"""三员分立: system, security and audit administration never share an account, in the service and in
the database; the admin site answers only to administrators, each for its own part."""

import pytest
from django.db import IntegrityError, transaction

from zhifa import testing
from zhifa.accounts import services
from zhifa.accounts.errors import AdminRolesCombined, NotAllowed
from zhifa.accounts.models import User


@pytest.fixture
def admins(world):
    return {
        role: testing.make_user(world.ministry, admin_role=role)
        for role in ("system", "security", "audit")
    }


@pytest.mark.parametrize(
    ("roles", "admin_role"),
    [
        ((), "system+audit"),
        ((), "security,system"),
        (("officer",), "audit"),
        (("agency_head",), "system"),
        (("supervisor",), "security"),
        (("boss",), ""),
    ],
)
def test_service_refuses_combined_roles(world, roles, admin_role):
    with pytest.raises(AdminRolesCombined):
        testing.make_user(world.ministry, roles=roles, admin_role=admin_role)
    assert not User.objects.filter(agency=world.ministry).exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"admin_role": "audit", "is_officer": True},
        {"admin_role": "system", "is_agency_head": True},
        {"admin_role": "system+audit"},
        {"is_superuser": True},
    ],
)
def test_database_refuses_combined_roles(world, fields):
    user = testing.make_user(world.ministry, admin_role="security")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(**fields)


def test_only_security_admin_sets_roles_and_never_their_own(world, admins):
    # given
    officer = testing.make_user(world.hangzhou, roles=("officer",))
    # when / then
    for role in ("system", "audit"):
        with pytest.raises(NotAllowed):
            services.set_roles(officer, roles=["officer", "agency_head"], actor=admins[role])
    services.set_roles(officer, roles=["officer", "agency_head"], actor=admins["security"])
    assert User.objects.get(pk=officer.pk).roles == ["officer", "agency_head"]
    with pytest.raises(NotAllowed):
        services.set_roles(
            admins["security"], roles=[], admin_role="system", actor=admins["security"]
        )


def test_only_system_admin_opens_accounts_and_only_in_scope(world, admins):
    with pytest.raises(NotAllowed):
        services.create_user(
            username="x1",
            full_name="甲",
            agency=world.hangzhou,
            password=testing.DEFAULT_PASSWORD,
            actor=admins["security"],
        )
    province_admin = testing.make_user(world.zhejiang, admin_role="system")
    with pytest.raises(NotAllowed):
        services.create_user(
            username="x2",
            full_name="乙",
            agency=world.chengdu,
            password=testing.DEFAULT_PASSWORD,
            actor=province_admin,
        )
    user = services.create_user(
        username="x3",
        full_name="丙",
        agency=world.hangzhou,
        password=testing.DEFAULT_PASSWORD,
        actor=province_admin,
    )
    assert user.agency == world.hangzhou


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("officer", "/admin/", 302),  # business users are sent to the admin login
        ("system", "/admin/", 200),
        ("system", "/admin/orgs/agency/add/", 200),
        ("security", "/admin/orgs/agency/add/", 403),
        ("audit", "/admin/orgs/agency/add/", 403),
        ("system", "/admin/accounts/user/add/", 200),
        ("security", "/admin/accounts/user/add/", 403),
        ("audit", "/admin/accounts/user/", 200),
    ],
)
def test_admin_site_per_role(world, admins, login, who, url, status):
    user = admins.get(who) or testing.make_user(world.hangzhou, roles=("officer",))
    assert login(user).get(url).status_code == status


def test_system_admin_adds_and_renames_an_agency_in_the_admin(world, admins, login):
    from zhifa.orgs.models import Agency
    from zhifa.records.models import JournalEntry

    client = login(admins["system"])
    response = client.post(
        "/admin/orgs/agency/add/",
        {
            "name": "温州市交通运输综合行政执法支队",
            "kind": "prefecture_agency",
            "parent": world.zhejiang.pk,
            "region": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    wenzhou = Agency.objects.get(name="温州市交通运输综合行政执法支队")
    assert wenzhou.path == f"{world.zhejiang.path}{wenzhou.pk}/"
    response = client.post(
        f"/admin/orgs/agency/{wenzhou.pk}/change/", {"name": "温州市交通运输行政执法支队"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Agency.objects.get(pk=wenzhou.pk).name == "温州市交通运输行政执法支队"
    events = JournalEntry.objects.filter(subject_id=str(wenzhou.pk)).values_list(
        "event_type", flat=True
    )
    assert sorted(events) == ["agency.created", "agency.renamed"]
