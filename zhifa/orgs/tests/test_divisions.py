"""Provinces in administrative-division code order (GB/T 2260), the directly administered bodies
grouped after them — in the selectors, the API and the agency page."""

import json

import pytest
from django.conf import settings

from zhifa import testing
from zhifa.orgs import selectors, services
from zhifa.orgs.choices import AgencyKind
from zhifa.orgs.divisions import PROVINCE_CODES, division_code, prefecture_codes
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


def test_every_prefecture_of_the_data_has_its_code_in_its_province():
    with open(settings.REFDATA_DIR / "regions.json", encoding="utf-8") as fh:
        places = {(p["name"], n) for p in json.load(fh)["provinces"] for n in p["prefectures"]}
    codes = prefecture_codes()
    assert places == set(codes)
    for (province, _name), code in codes.items():
        assert code // 100 == PROVINCE_CODES[province]


@pytest.mark.parametrize(
    ("province", "prefecture", "code"),
    [
        ("浙江省", None, 3300),
        ("浙江省", "杭州市", 3301),
        ("浙江省", "宁波市", 3302),
        ("浙江省", "丽水市", 3311),
        ("四川省", "成都市", 5101),
        ("四川省", "绵阳市", 5107),
        ("四川省", "凉山彝族自治州", 5134),
        ("吉林省", "吉林市", 2202),
        ("浙江省", "成都市", 9000),  # not in that province: after every province
    ],
)
def test_division_codes(province, prefecture, code):
    assert division_code(province, prefecture) == code


def test_prefectures_of_a_province_in_division_order_not_by_path_or_name(tree):
    # given Zhejiang's department, whose prefectures were created in the data file's (name) order
    zhejiang = Agency.objects.get(kind=AgencyKind.PROVINCIAL_DEPARTMENT, region__name="浙江省")
    # when a supervisor lists its subordinate agencies
    children = list(selectors.children_of(tree, zhejiang.pk))
    # then 杭州 (3301), 宁波 (3302) … 丽水 (3311), as GB/T 2260 numbers them
    regions = [a.region.name for a in children if a.region and a.region.parent_id]
    assert regions[:3] == ["杭州市", "宁波市", "温州市"] and regions[-1] == "丽水市"
    codes = [division_code("浙江省", r) for r in regions]
    assert codes == sorted(codes) and len(codes) == 11
    # and the workbench's supervision rows follow the same order
    from zhifa.workbench.selectors import supervision

    _root, rows = supervision(tree, zhejiang)
    assert [r.agency for r in rows[1:]] == children


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
