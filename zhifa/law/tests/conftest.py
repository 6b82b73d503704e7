"""Fixtures of the law tests: the province regions, the loaded reference data, people in each role."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from zhifa import testing
from zhifa.orgs import services as orgs
from zhifa.orgs.choices import AgencyKind, RegionLevel
from zhifa.orgs.models import Region

DATA_DIR = Path(settings.REFDATA_DIR)
# The load checks benchmarks against the statute in force on this day; fixed so results never drift.
AS_OF = date(2025, 6, 1)


def shared(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text("utf-8"))


@pytest.fixture
def provinces(db) -> dict[str, Region]:
    """The province-level regions of shared/data/regions.json."""
    data = json.loads((DATA_DIR / "regions.json").read_text("utf-8"))
    return {
        p["name"]: Region.objects.create(name=p["name"], level=RegionLevel.PROVINCE)
        for p in data["provinces"]
    }


@pytest.fixture
def law_data(provinces):
    from zhifa.law import services

    return services.load_law_data(DATA_DIR, as_of=AS_OF)


@pytest.fixture
def ministry(db):
    return testing.make_ministry()


@pytest.fixture
def ministry_supervisor(ministry):
    return testing.make_user(ministry, roles=("supervisor",), full_name="部监督员")


@pytest.fixture
def zhejiang_department(ministry, provinces):
    return orgs.create_agency(
        name="浙江省交通运输厅",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        parent=ministry,
        region=provinces["浙江省"],
    )


@pytest.fixture
def zhejiang_supervisor(zhejiang_department):
    return testing.make_user(zhejiang_department, roles=("supervisor",), full_name="浙江监督员")


@pytest.fixture
def zhejiang_sysadmin(zhejiang_department):
    return testing.make_user(zhejiang_department, admin_role="system", full_name="浙江系统管理员")


@pytest.fixture
def officer(zhejiang_department):
    squad = testing.make_agency(zhejiang_department, name="杭州市交通运输综合行政执法支队")
    return testing.make_user(squad, roles=("officer",), full_name="执法员")


@pytest.fixture
def zhejiang_officer_at_department(zhejiang_department):
    """Right agency, wrong role: a provincial-department officer may not import benchmarks."""
    return testing.make_user(zhejiang_department, roles=("officer",), full_name="厅执法员")
