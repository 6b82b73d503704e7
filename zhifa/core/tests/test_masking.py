"""The public masking policy and the leak scanner (zhifa/core/masking.py), table-tested."""

import pytest

from zhifa.core.identifiers import WITHHELD
from zhifa.core.masking import (
    PartyIn,
    mask_address,
    mask_free_text,
    mask_party,
    mask_plate_public,
    scan,
    scan_text,
)

ID = "330106198501011231"  # checksum-valid (GB 11643 MOD 11-2)
USCC = "91110000600037341L"  # checksum-valid (GB 32100)
CARD = "6217000000000000004"  # Luhn-valid


@pytest.mark.parametrize(
    "address, expected",
    [
        ("浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区"),
        ("北京市朝阳区建国路1号院3栋", "北京市朝阳区"),
        ("四川省绵阳市三台县潼川镇北坝路12号", "四川省绵阳市三台县"),
        ("内蒙古自治区呼和浩特市回民区中山西路", "内蒙古自治区呼和浩特市回民区"),
        ("杭州市余杭区仓前街道", "杭州市余杭区"),
        ("文三路90号", WITHHELD),
        ("", ""),
    ],
)
def test_address_cut_to_county(address, expected):
    assert mask_address(address) == expected


@pytest.mark.parametrize(
    "plate, expected",
    [
        ("浙A12345", "浙A·1****"),
        ("浙A·12345", "浙A·1****"),
        ("川AD12345", "川A·D*****"),
        ("", ""),
        ("ABC", WITHHELD),
    ],
)
def test_plate_partly_masked(plate, expected):
    assert mask_plate_public(plate) == expected


def test_person_is_masked_and_identifiers_withheld():
    out = mask_party(
        PartyIn("person", "张三丰", ID, "13812345678", "浙江省杭州市西湖区文三路90号", "浙A12345")
    )
    assert out == {
        "kind": "person",
        "name": "张某某",
        "credit_code": "",
        "address": "浙江省杭州市西湖区",
        "plate": "浙A·1****",
    }
    assert ID not in str(out) and "13812345678" not in str(out)


def test_organisation_keeps_name_and_credit_code():
    out = mask_party(PartyIn("organisation", "杭州某某运输有限公司", USCC, "0571-87654321"))
    assert out["name"] == "杭州某某运输有限公司" and out["credit_code"] == USCC
    assert "87654321" not in str(out)


def test_free_text_masks_the_party_name_and_address():
    assert mask_free_text("当事人张三丰，驾驶车辆。", ["张三丰"]) == "当事人张某某，驾驶车辆。"
    text = "当事人住浙江省杭州市西湖区文三路90号。"
    assert (
        mask_free_text(text, [], ["浙江省杭州市西湖区文三路90号"]) == "当事人住浙江省杭州市西湖区。"
    )


@pytest.mark.parametrize(
    "text, kind",
    [
        (f"身份证号{ID}。", "id_number"),
        ("身份证号３３０１０６１９８５０１０１１２３１", "id_number"),  # full-width digits
        (f"代码{USCC}", "credit_code"),
        ("电话13812345678", "mobile"),
        ("电话138 1234 5678", "mobile"),
        ("电话0571-87654321", "landline"),
        ("车牌浙A12345", "plate"),
        ("车牌浙A·12345", "plate"),
        (f"卡号{CARD}", "bank_card"),
        ("卡号6217 0000 0000 0000 004", "bank_card"),
        ("住文三路90号", "address"),
        ("住某小区3幢1单元", "address"),
    ],
)
def test_scanner_finds(text, kind):
    found = scan_text("案情", text)
    assert {f.kind for f in found} == {kind}
    assert found[0].place == "案情"
    assert text[-6:] not in found[0].excerpt  # the list of places leaks nothing itself


@pytest.mark.parametrize(
    "text",
    [
        "罚款2000元，决定日期2026-06-10。",
        "〔2026〕杭交执罚字第12号",
        "车牌浙A·1****",
        "张某某未按规定携带道路运输证",
        "330106198501011232",  # wrong check character: not an ID number
    ],
)
def test_scanner_passes_clean_text(text):
    assert scan_text("案情", text) == []


def test_scanner_finds_a_known_name_and_allows_the_published_credit_code():
    found = scan(
        {"案情": "张三丰驾驶", "统一社会信用代码": USCC},
        names=["张三丰"],
        allow={"统一社会信用代码": USCC},
    )
    assert [(f.place, f.kind) for f in found] == [("案情", "name")]
