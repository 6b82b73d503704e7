"""Builders for tests and the demo: they go through the services, as real data does."""

from datetime import date
from itertools import count

from zhifa.accounts import services as accounts
from zhifa.orgs import services as orgs
from zhifa.orgs.choices import AgencyKind
from zhifa.orgs.models import Agency

DEFAULT_PASSWORD = "Zhifa-Test-2026!"  # noqa: S105 -- test accounts only
_seq = count(1)


def make_ministry() -> Agency:
    existing = Agency.objects.filter(kind=AgencyKind.MINISTRY).first()
    return existing or orgs.create_agency(
        name=orgs.MINISTRY_NAME, kind=AgencyKind.MINISTRY, parent=None
    )


def make_agency(
    parent: Agency | None = None, *, name: str | None = None, kind: str | None = None
) -> Agency:
    """A provincial department under the ministry, or a prefecture agency under a department."""
    parent = parent or make_ministry()
    if kind is None:
        kind = {
            AgencyKind.MINISTRY: AgencyKind.PROVINCIAL_DEPARTMENT,
            AgencyKind.PROVINCIAL_DEPARTMENT: AgencyKind.PREFECTURE_AGENCY,
            AgencyKind.PREFECTURE_AGENCY: AgencyKind.COUNTY_AGENCY,
        }[parent.kind]
    return orgs.create_agency(name=name or f"测试机构{next(_seq)}", kind=kind, parent=parent)


def make_user(
    agency: Agency,
    *,
    roles=(),
    admin_role: str = "",
    username: str | None = None,
    full_name: str | None = None,
    password: str = DEFAULT_PASSWORD,
):
    n = next(_seq)
    return accounts.create_user(
        username=username or f"user{n}",
        full_name=full_name or f"测试用户{n}",
        agency=agency,
        password=password,
        roles=roles,
        admin_role=admin_role,
    )


def make_officer(
    agency: Agency,
    *,
    valid_until: date = date(2030, 12, 31),
    issued_on: date = date(2020, 1, 1),
    certificate: bool = True,
    sectors=None,
    territory=None,
    reviewed_on: date | None = None,
    **user_kwargs,
):
    """An officer with one certificate. By default it covers every sector (T2 Arts. 22–23), has
    no territorial limit, and was reviewed a year before it ends, so its annual review (T2 Art. 30)
    is current for its whole validity; pass `sectors`, `territory` or `reviewed_on` to test them."""
    from zhifa.officers import services as officers

    user = make_user(agency, roles=("officer",), **user_kwargs)
    officer = officers.register_officer(user)
    if certificate:
        officers.issue_certificate(
            officer,
            number=f"T{next(_seq):08d}",
            issuing_body="测试发证机关",
            issued_on=issued_on,
            valid_until=valid_until,
            sectors=sectors if sectors is not None else _all_sectors(),
            territory=territory,
            last_reviewed_on=reviewed_on or max(issued_on, _year_before(valid_until)),
        )
    return officer


def _all_sectors() -> list[str]:
    from zhifa.law.choices import Sector

    return list(Sector.values)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
