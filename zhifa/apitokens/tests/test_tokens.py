"""API tokens for other systems: bound to an agency scope and permissions, expiring, revocable,
stored only as a digest, each use journaled; issued by the security administrator alone."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from zhifa import testing
from zhifa.apitokens import services
from zhifa.apitokens.errors import TokenInputInvalid, TokenNotAllowed
from zhifa.apitokens.models import ApiToken
from zhifa.apitokens.permissions import TOKEN_OPERATIONS, permission_for
from zhifa.cases.services import create_lead
from zhifa.records.models import JournalEntry

PARTY = {"kind": "person", "name": "王小明", "id_number": "11010519491231002X"}


def a_case(agency):
    officer = testing.make_officer(agency)
    return create_lead(
        actor=officer.user,
        agency=agency,
        source="inspection",
        facts="擅自在公路用地范围内挖掘",
        received_on=timezone.localdate() - timedelta(days=2),
        party=PARTY,
        officers=[officer],
    )


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def cases(world):
    return {"hangzhou": a_case(world.hangzhou), "chengdu": a_case(world.chengdu)}


@pytest.fixture
def hangzhou_reader(world):
    return services.create_token(
        name="杭州12328热线系统", agency=world.hangzhou, permissions=["cases:read"]
    )


def test_a_token_reads_the_cases_of_its_agency(client, cases, hangzhou_reader):
    # when
    response = client.get("/api/v1/cases", headers=bearer(hangzhou_reader.secret))
    detail = client.get(
        f"/api/v1/cases/{cases['hangzhou'].pk}", headers=bearer(hangzhou_reader.secret)
    )
    # then
    assert response.status_code == 200, response.content
    assert [c["id"] for c in response.json()["items"]] == [cases["hangzhou"].pk]
    assert detail.status_code == 200


def test_a_token_limited_to_one_agency_cannot_read_another_agencys_cases(
    client, cases, hangzhou_reader
):
    # when the Hangzhou token asks for a Chengdu case
    response = client.get(
        f"/api/v1/cases/{cases['chengdu'].pk}", headers=bearer(hangzhou_reader.secret)
    )
    timeline = client.get(
        f"/api/v1/cases/{cases['chengdu'].pk}/timeline", headers=bearer(hangzhou_reader.secret)
    )
    # then it is answered as if the case did not exist
    assert response.status_code == 404
    assert response.json()["code"] == "case_not_found"
    assert timeline.status_code == 404


def test_a_provincial_token_reads_below_but_not_sideways(client, world, cases):
    issued = services.create_token(
        name="浙江省数据交换平台", agency=world.zhejiang, permissions=["cases:read"]
    )
    response = client.get("/api/v1/cases", headers=bearer(issued.secret))
    assert [c["id"] for c in response.json()["items"]] == [cases["hangzhou"].pk]


def test_each_use_is_journaled_with_the_token_account_as_actor(client, cases, hangzhou_reader):
    # when
    client.get("/api/v1/cases", headers=bearer(hangzhou_reader.secret))
    # then
    token = hangzhou_reader.token
    used = JournalEntry.objects.filter(event_type="apitoken.used", subject_id=str(token.pk))
    assert used.count() == 1
    entry = used.get()
    assert entry.actor_id == token.account_id
    assert entry.agency_id == token.agency_id
    assert '"path":"cases"' in entry.payload
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_operation_outside_the_permissions_is_refused_and_journaled(
    client, cases, hangzhou_reader
):
    # when the read-only token tries to register a lead and to read the officers list
    post = client.post(
        "/api/v1/cases/leads",
        {"source": "inspection", "facts": "x", "received_on": "2026-11-01"},
        content_type="application/json",
        headers=bearer(hangzhou_reader.secret),
    )
    officers = client.get("/api/v1/officers", headers=bearer(hangzhou_reader.secret))
    # then
    assert post.status_code == 403
    assert post.json()["code"] == "token_not_permitted"
    assert officers.status_code == 403
    refused = JournalEntry.objects.filter(event_type="apitoken.refused")
    assert refused.count() == 2


def test_a_token_without_cases_read_cannot_read_cases(client, world, cases):
    issued = services.create_token(
        name="治超站", agency=world.hangzhou, permissions=["intake:write"]
    )
    response = client.get("/api/v1/cases", headers=bearer(issued.secret))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: services.revoke_token(t),
        lambda t: ApiToken.objects.filter(pk=t.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1),
            created_at=timezone.now() - timedelta(days=2),
        ),
    ],
    ids=["revoked", "expired"],
)
def test_a_revoked_or_expired_token_opens_nothing(client, cases, hangzhou_reader, spoil):
    # given
    spoil(hangzhou_reader.token)
    # when
    response = client.get("/api/v1/cases", headers=bearer(hangzhou_reader.secret))
    # then
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer zfk_nothing_here_at_all_000000",
        "Bearer ",
        "Bearer \ud800",
        "Basic abc",
        "Bearer " + "z" * 5000,
    ],
)
def test_a_wrong_token_is_unauthenticated(client, cases, header):
    response = client.get("/api/v1/cases", headers={"Authorization": header})
    assert response.status_code == 401


def test_only_the_digest_is_stored(hangzhou_reader):
    token = ApiToken.objects.get(pk=hangzhou_reader.token.pk)
    stored = " ".join(str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields)
    assert hangzhou_reader.secret not in stored
    assert token.digest == services.digest_of(hangzhou_reader.secret)
    assert not token.account.has_usable_password()
    assert token.account.roles == [] and token.account.admin_role == ""


@pytest.mark.parametrize("role", ["system", "audit"])
def test_only_a_security_administrator_issues_tokens(world, role):
    actor = testing.make_user(world.ministry, admin_role=role)
    with pytest.raises(TokenNotAllowed):
        services.create_token(
            name="x", agency=world.hangzhou, permissions=["cases:read"], actor=actor
        )


def test_a_security_administrator_issues_only_within_their_scope(world):
    secadmin = testing.make_user(world.sichuan, admin_role="security")
    with pytest.raises(TokenNotAllowed):
        services.create_token(
            name="x", agency=world.hangzhou, permissions=["cases:read"], actor=secadmin
        )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"permissions": []},
        {"permissions": ["cases:write"]},
        {"days": 0},
        {"days": 10000},
        {"name": ""},
        {"name": "a\u202eb"},
    ],
)
def test_bad_requests_for_a_token_are_refused(world, kwargs):
    args = {"name": "系统", "agency": world.hangzhou, "permissions": ["cases:read"], **kwargs}
    with pytest.raises(TokenInputInvalid):
        services.create_token(**args)
    assert not ApiToken.objects.exists()


def test_the_security_administrator_issues_and_revokes_on_the_page(client, world):
    # given
    secadmin = testing.make_user(world.ministry, admin_role="security")
    client.force_login(secadmin)
    url = reverse("apitokens:list")
    # when
    page = client.post(
        url,
        {
            "name": "省级数据交换",
            "agency": world.zhejiang.pk,
            "permissions": ["cases:read", "disclosure:read"],
            "days": 30,
        },
    )
    # then the token is shown once, and never again; the page is in the security admin's menu
    assert f'href="{url}"' in page.content.decode()
    token = ApiToken.objects.get()
    secret = page.context["issued"].secret
    assert secret in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert secret not in client.get(url).content.decode()
    assert JournalEntry.objects.filter(event_type="apitoken.created", actor=secadmin).exists()
    # when revoked
    client.post(reverse("apitokens:revoke", args=[token.pk]), {"reason": "对方系统下线"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == secadmin
    assert not token.account.is_active
    assert client.get("/api/v1/cases", headers=bearer(secret)).status_code == 401


@pytest.mark.parametrize("role", [("officer",), ("agency_head",)])
def test_people_other_than_the_security_administrator_do_not_get_the_page(client, world, role):
    client.force_login(testing.make_user(world.hangzhou, roles=role))
    assert client.get(reverse("apitokens:list")).status_code == 403


def test_admin_roles_without_security_do_not_get_the_page(client, world):
    client.force_login(testing.make_user(world.ministry, admin_role="system"))
    assert client.get(reverse("apitokens:list")).status_code == 403


def test_the_command_issues_lists_and_revokes(world, capsys):
    call_command(
        "api_token",
        "create",
        "--name",
        "治超站",
        "--agency",
        str(world.hangzhou.pk),
        "--permission",
        "intake:write",
        "--days",
        "7",
    )
    out = capsys.readouterr().out
    secret = out.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.digest == services.digest_of(secret)
    assert token.expires_at - token.created_at == timedelta(days=7)
    call_command("api_token", "list")
    assert token.prefix in capsys.readouterr().out
    call_command("api_token", "revoke", token.prefix, "--reason", "停用")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_sessions_still_work_for_people(client, world, cases):
    officer = cases["hangzhou"].officers.first().officer.user
    client.force_login(officer)
    assert client.get("/api/v1/cases").status_code == 200


def test_the_operation_table_names_only_declared_permissions():
    from zhifa.apitokens.choices import TokenPermission

    assert {str(p) for p, _m, _r in TOKEN_OPERATIONS} <= set(TokenPermission.values)
    assert permission_for("GET", "cases/12") == "cases:read"
    assert permission_for("POST", "cases/12") is None
    assert permission_for("GET", "cases/12/actions") is None


def test_the_openapi_schema_documents_both_sign_ins(client):
    schema = client.get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"]["type"] == "http"
    assert schemes["ApiTokenAuth"]["scheme"] == "bearer"
    assert "SessionAuth" in schemes
    listing = schema["paths"]["/api/v1/cases"]["get"]["security"]
    assert {"ApiTokenAuth": []} in listing and {"SessionAuth": []} in listing
