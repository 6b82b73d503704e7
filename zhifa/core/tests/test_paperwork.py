"""Printed amounts, dates, numbers and required fields of enforcement documents, as tables."""

from datetime import date

import pytest

from zhifa.core import paperwork
from zhifa.core.errors import InvalidInput

# 人民币大写 as written on payment documents (the figures and the capitals must agree)
CAPITALS = [
    ("500", "伍佰元整", "a round fine"),
    ("4000", "肆仟元整", "a round fine in thousands"),
    ("10050.5", "壹万零伍拾元伍角", "a zero inside and a jiao"),
    ("3.05", "叁元零伍分", "zero jiao before a fen"),
    ("0.5", "伍角", "less than a yuan"),
    ("100000", "壹拾万元整", "ten wan written with 壹拾"),
    ("100010000", "壹亿零壹万元整", "an empty wan group"),
    ("1001", "壹仟零壹元整", "zeros in the middle once"),
    ("1010", "壹仟零壹拾元整", "a trailing zero not written"),
    ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分", "every unit"),
    ("30000", "叁万元整", "the statutory maximum of 公路法 Art. 76"),
]


@pytest.mark.parametrize("amount,expected,why", CAPITALS)
def test_capital_numerals(amount, expected, why):
    assert paperwork.capital_yuan(amount) == expected, why


@pytest.mark.parametrize(
    "value,code",
    [
        ("100.005", "amount_below_fen"),
        ("-1", "amount_negative"),
        ("abc", "amount_invalid"),
        ("NaN", "amount_invalid"),
        ("1e15", "amount_too_large"),
    ],
)
def test_bad_amounts_are_refused_in_chinese(value, code):
    with pytest.raises(InvalidInput) as e:
        paperwork.capital_yuan(value)
    assert e.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in e.value.message)


def test_figures_and_dates():
    assert paperwork.figures_yuan("4000.00") == "4000元"
    assert paperwork.figures_yuan("4000.5") == "4000.50元"
    assert paperwork.chinese_date(date(2026, 9, 10)) == "2026年9月10日"
    assert paperwork.chinese_date(None) == ""


def test_document_number_has_the_agency_prefix_year_and_serial():
    assert paperwork.document_number("杭交执", "罚", 2026, 12) == "〔2026〕杭交执罚字第12号"
    with pytest.raises(ValueError):
        paperwork.document_number("杭交执", "罚", 2026, 0)


def test_missing_fields_lists_the_empty_ones_in_order():
    values = {"a": "x", "b": "", "c": None, "d": [], "e": "  "}
    required = [("a", "甲"), ("b", "乙"), ("c", "丙"), ("d", "丁"), ("e", "戊"), ("f", "己")]
    assert [m.label for m in paperwork.missing_fields(values, required)] == [
        "乙",
        "丙",
        "丁",
        "戊",
        "己",
    ]


def test_uncovered_characters_once_in_order():
    cmap = {ord(c) for c in "张三罚款"}
    assert paperwork.uncovered("张𠀀三 罚款𠀀䶮", [cmap]) == ["𠀀", "䶮"]


def test_verification_codes_are_random_and_well_formed():
    codes = {paperwork.new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(paperwork.is_well_formed_code(c) for c in codes)
    assert not paperwork.is_well_formed_code("O0I1L0000000")
    assert not paperwork.is_well_formed_code("ABC")
