"""Provinces in administrative-division code order (GB/T 2260), the directly administered bodies
grouped after them — in the selectors, the API and the agency page."""

import json

import pytest
from django.conf import settings

from zhifa import testing
from zhifa.orgs import selectors, services
from zhifa.orgs.choices import AgencyKind
from zhifa.orgs.divisions import PROVINCE_CODES
from zhifa.orgs.models import Agency


@pytest.fixture
def tree(db):
    services.load_national_tree()
    ministry = Agency.objects.get(kind=AgencyKind.MINISTRY)
    return testing.make_user(ministry, roles=("supervisor",), full_name="部监督员")


def test_every_province_of_the_data_has_a_code():
    with open(settings.REFDATA_DIR / "regions.json", encoding="utf-8") as fh:
        names = {p["name"] for p in json.load(fh)["provinces"]}
    assert names == set(PROVINCE_CODES)


def test_children_of_the_ministry_in_division_order_then_the_direct_bodies(tree):
    # when
    children = list(selectors.children_of(tree, tree.agency_id))
    # then
    departments = [a for a in children if a.kind == AgencyKind.PROVINCIAL_DEPARTMENT]
    assert children[: len(departments)] == departments  # all provinces come first
    codes = [PROVINCE_CODES[a.region.name] for a in departments]
    assert codes == sorted(codes) and len(codes) == 31
    assert (
        departments[0].region.name == "北京市" and departments[-1].region.name == "新疆维吾尔自治区"
    )
    rest = children[len(departments) :]
    assert {a.name for a in rest} >= {"天津海事局", "长江航务管理局", "珠江航务管理局"}


def test_the_api_lists_the_same_order(tree, client):
    client.force_login(tree)
    items = client.get(f"/api/v1/agencies/{tree.agency_id}/children").json()
    names = [i["name"] for i in items]
    assert names[0].startswith("北京市")
    assert names.index("新疆维吾尔自治区交通运输厅") < names.index("天津海事局")
    page = client.get("/api/v1/agencies", {"parent_id": tree.agency_id}).json()["items"]
    assert [i["name"] for i in page] == names


def test_the_home_page_tree_lists_beijing_before_shanghai_and_bodies_last(tree, client):
    client.force_login(tree)
    html = client.get("/").content.decode()
    assert html.index("北京市") < html.index("上海市") < html.index("新疆维吾尔自治区")
    assert html.index("新疆维吾尔自治区") < html.index("长江航务管理局")
