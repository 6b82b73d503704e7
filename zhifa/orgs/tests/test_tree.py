import json

import pytest
from django.conf import settings

from zhifa.core.errors import InvalidInput
from zhifa.orgs import services
from zhifa.orgs.choices import AgencyKind, RegionLevel
from zhifa.orgs.models import Agency, Region
from zhifa.records.models import JournalEntry


def _regions():
    with open(settings.REFDATA_DIR / "regions.json", encoding="utf-8") as fh:
        return json.load(fh)["provinces"]


@pytest.mark.django_db
def test_national_tree_matches_the_data_and_loads_once():
    # given
    provinces = _regions()
    prefecture_count = sum(len(p["prefectures"]) for p in provinces)
    with open(services.DIRECT_BODIES_FILE, encoding="utf-8") as fh:
        bodies = json.load(fh)["bodies"]
    # when
    first = services.load_national_tree()
    second = services.load_national_tree()
    # then
    assert (len(provinces), prefecture_count) == (31, 341)
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 31
    assert Region.objects.filter(level=RegionLevel.PREFECTURE).count() == 341
    assert Agency.objects.filter(kind=AgencyKind.MINISTRY).count() == 1
    assert Agency.objects.filter(kind=AgencyKind.PROVINCIAL_DEPARTMENT).count() == 31
    assert Agency.objects.filter(kind=AgencyKind.PREFECTURE_AGENCY).count() == 341
    assert first["agencies"] == second["agencies"] == 1 + 31 + 341 + len(bodies)
    assert second["created"] == 0
    ministry = Agency.objects.get(kind=AgencyKind.MINISTRY)
    direct = Agency.objects.filter(parent=ministry).exclude(kind=AgencyKind.PROVINCIAL_DEPARTMENT)
    assert {a.kind for a in direct} == {"maritime", "changjiang", "zhujiang"}
    assert direct.count() == len(bodies)
    # every prefecture agency sits under its own province's department
    hangzhou = Agency.objects.get(region__name="杭州市")
    assert hangzhou.parent.region.name == "浙江省"
    assert hangzhou.path == f"/{ministry.pk}/{hangzhou.parent_id}/{hangzhou.pk}/"
    assert hangzhou.depth == 2


@pytest.mark.django_db
def test_municipalities_get_one_enforcement_corps():
    services.load_national_tree()
    beijing = Agency.objects.get(kind=AgencyKind.PREFECTURE_AGENCY, region__parent__name="北京市")
    assert beijing.name == "北京市交通运输综合执法总队"
    assert beijing.parent.name == "北京市交通运输委员会"


def test_renamed_agency_keeps_its_name_on_reload(world):
    # given
    services.rename_agency(world.hangzhou, name="杭州市交通运输行政执法队", actor=None)
    # when / then
    assert Agency.objects.get(pk=world.hangzhou.pk).name == "杭州市交通运输行政执法队"
    entry = JournalEntry.objects.filter(event_type="agency.renamed").get()
    assert entry.subject_id == str(world.hangzhou.pk)


@pytest.mark.parametrize(
    ("kind", "parent_attr", "code"),
    [
        (AgencyKind.PREFECTURE_AGENCY, "ministry", "invalid_agency_parent"),
        (AgencyKind.PROVINCIAL_DEPARTMENT, "zhejiang", "invalid_agency_parent"),
        (AgencyKind.MINISTRY, None, "invalid_agency_parent"),
        (AgencyKind.MARITIME, "zhejiang", "invalid_agency_parent"),
    ],
)
def test_agency_must_fit_the_tree(world, kind, parent_attr, code):
    parent = getattr(world, parent_attr) if parent_attr else None
    before = Agency.objects.count()
    with pytest.raises(InvalidInput) as err:
        services.create_agency(name="新机构", kind=kind, parent=parent)
    assert err.value.code == code
    assert Agency.objects.count() == before


def test_sibling_names_are_unique(world):
    from zhifa.orgs.errors import AgencyNameTaken

    with pytest.raises(AgencyNameTaken):
        services.create_agency(
            name="杭州市交通运输综合行政执法支队",
            kind=AgencyKind.PREFECTURE_AGENCY,
            parent=world.zhejiang,
        )


def test_created_agency_is_journaled_in_the_same_transaction(world):
    before = JournalEntry.objects.filter(event_type="agency.created").count()
    services.create_agency(
        name="温州市交通运输综合行政执法支队",
        kind=AgencyKind.PREFECTURE_AGENCY,
        parent=world.zhejiang,
    )
    assert JournalEntry.objects.filter(event_type="agency.created").count() == before + 1
