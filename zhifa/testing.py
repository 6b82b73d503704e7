"""Builders for tests and the demo: they go through the services, as real data does."""

from datetime import date
from itertools import count

from zhifa.accounts import services as accounts
from zhifa.core.procedure.rules import ONSPOT_STEPS, REVIEW_CHECKLIST
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


# --- what tests and the demo share ---------------------------------------------------------------

# TEPP Art. 61: every step the officers must take before an on-the-spot decision, all taken.
ALL_ONSPOT_STEPS = list(ONSPOT_STEPS)
# T1 Art. 72: a legal-review opinion that covers every point of the checklist.
FULL_CHECKLIST = list(REVIEW_CHECKLIST)

TEST_FIGURES = "测试数据（非真实省级规定）"
DEMO_FIGURES = "演示数据（非真实省级规定）"


def fine(amount) -> dict:
    """A proposed or decided penalty that is a fine of `amount` yuan."""
    return {"kinds": ["fine"], "fine": str(amount)}


def plant_province_figures(
    *provinces: str, source: str = TEST_FIGURES, person=10000, organisation=100000
) -> None:
    """Figures for the provinces' "large amount" (APL Art. 63(3); TEPP Art. 80 para 2). The real
    ones are not in the data file (zhifa/cases/data/province_parameters.json), so tests and the
    demo plant these, labelled by `source` as test or demo figures; planting twice adds nothing."""
    from zhifa.cases.models import ProvinceParameter

    for province in provinces:
        for key, value in (
            ("large_fine_person", person),
            ("large_fine_organisation", organisation),
        ):
            ProvinceParameter.objects.get_or_create(
                province=province,
                key=key,
                effective_from=date(2000, 1, 1),
                defaults={"value": value, "source": source},
            )


def record_qualification(user, *, recorded_on: date = date(2019, 12, 1)):
    """APL Art. 58 para 2: the legal reviewer's qualification (法律职业资格) on record."""
    from zhifa.cases.models import ReviewerQualification

    return ReviewerQualification.objects.create(
        user=user,
        certificate_number=f"A2019{user.pk:010d}",
        obtained_on=date(2019, 12, 1),
        recorded_on=recorded_on,
    )
