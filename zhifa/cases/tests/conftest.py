"""Fixtures of the case tests: the Hangzhou squad with two certified officers, a third officer,
the agency head, a legal reviewer and a hearing chair; the law data loaded with Zhejiang's region."""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from zhifa import testing
from zhifa.orgs.choices import RegionLevel
from zhifa.orgs.models import Agency, Region
from zhifa.workcalendar.selectors import invalidate_calendar_cache

DATA_DIR = Path(settings.REFDATA_DIR)
LAW_AS_OF = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test's database is rolled back; the per-process calendar must not outlive it."""
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


@dataclass
class People:
    o1: object  # Officer
    o2: object
    o3: object
    head: object  # User
    reviewer: object
    chair: object
    other_head: object  # head of Ningbo: right role, wrong agency


@pytest.fixture
def people(world) -> People:
    hz = world.hangzhou
    return People(
        o1=testing.make_officer(hz, full_name="张执法", username="zhang"),
        o2=testing.make_officer(hz, full_name="李执法", username="li"),
        o3=testing.make_officer(hz, full_name="王执法", username="wang"),
        head=testing.make_user(hz, roles=("agency_head",), full_name="赵负责人", username="zhao"),
        reviewer=testing.make_user(
            hz, roles=("legal_reviewer",), full_name="钱审核", username="qian"
        ),
        chair=testing.make_user(hz, roles=("officer",), full_name="孙主持", username="sun"),
        other_head=testing.make_user(
            world.ningbo, roles=("agency_head",), full_name="宁波负责人", username="nbhead"
        ),
    )


@pytest.fixture
def law(world):
    """Provinces, Zhejiang's region on the provincial department, and the shared law data."""
    from zhifa.law import services

    data = json.loads((DATA_DIR / "regions.json").read_text("utf-8"))
    provinces = {
        p["name"]: Region.objects.create(name=p["name"], level=RegionLevel.PROVINCE)
        for p in data["provinces"]
    }
    Agency.objects.filter(pk=world.zhejiang.pk).update(region=provinces["浙江省"])
    Agency.objects.filter(pk=world.sichuan.pk).update(region=provinces["四川省"])
    services.load_law_data(DATA_DIR, as_of=LAW_AS_OF)
    testing.plant_province_figures("浙江", "四川")
    return provinces
