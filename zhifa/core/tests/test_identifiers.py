"""Party identifiers: table tests (one row per case, with the standard) and property tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError

from zhifa.core.errors import InvalidInput
from zhifa.core.identifiers import (
    DISCLOSURE_POLICY,
    USCC_ALPHABET,
    WITHHELD,
    mask_for_disclosure,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_plate,
    org_code_check_digit,
    validate_org_code,
    validate_plate,
    validate_resident_id,
    validate_uscc,
)

AS_OF = date(2024, 6, 1)

# --- 公民身份号码 --------------------------------------------------------------------------------

RIC_ROWS = [
    # (number, ok, code, why / standard)
    ("11010519491231002X", True, None, "valid, check character X (GB 11643 §8.2)"),
    ("110105194912310021", False, "id_number_checksum", "same body, wrong check character"),
    ("11010519491231002x", True, None, "lower-case x normalised"),
    ("１１０１０５１９４９１２３１００２Ｘ", True, None, "full-width digits normalised (NFKC)"),
    ("110105 1949 1231 002X", True, None, "spaces dropped"),
    ("", False, "id_number_empty", "empty"),
    (
        "110105491231002",
        False,
        "id_number_legacy_15",
        "first-generation 15 digits, stopped 2013-01-01",
    ),
    ("11010519491231002", False, "id_number_length", "17 characters"),
    ("1101051949123100XX", False, "id_number_format", "X only allowed last"),
    ("A10105194912310021", False, "id_number_format", "letter in body"),
    ("991105194912310021", False, "id_number_region", "99 is no province (GB/T 2260)"),
    ("110105194902300028", False, "id_number_birth_date", "30 February"),
    ("110105203001010010", False, "id_number_birth_future", "born after as_of"),
    ("110105180001010012", False, "id_number_birth_date", "born 1800: older than 150 years"),
]


def _with_check(body17: str) -> str:
    return body17 + stdnum_ric.calc_check_digit(body17 + "0")


@pytest.mark.parametrize(("number", "ok", "code", "why"), RIC_ROWS)
def test_resident_id_table(number, ok, code, why):
    # given a number from the table; when validated on AS_OF
    result = validate_resident_id(number, as_of=AS_OF)
    # then the outcome and the stable code match the row
    assert (result.ok, result.code) == (ok, code), why
    if not ok:
        assert result.reason and result.basis.startswith("GB 11643")


def test_resident_id_rows_with_computed_check_digits_are_otherwise_valid():
    # given bodies whose only fault is the one under test, the check digit being right
    born_1800 = _with_check("11010518000101001")
    future = _with_check("11010520300101001")
    # then the specific date codes are returned, not a checksum error
    assert validate_resident_id(born_1800, as_of=AS_OF).code == "id_number_birth_date"
    assert validate_resident_id(future, as_of=AS_OF).code == "id_number_birth_future"


def test_resident_id_unknown_county_is_a_warning_not_a_refusal():
    # given a checksum-valid number whose county code is not in stdnum's database
    number = _with_check("11019919800101001")
    # when validated
    result = validate_resident_id(number, as_of=AS_OF)
    # then it is accepted with a warning (old merged counties keep their codes for life)
    assert result.ok and result.warnings
    # stdnum alone refuses it, here even with a KeyError from its area lookup (stdnum 2.2)
    with pytest.raises((ValidationError, KeyError)):
        stdnum_ric.validate(number)


def test_resident_id_details_and_require():
    result = validate_resident_id("11010519491231002X", as_of=AS_OF)
    assert result.details["birth_date"] == date(1949, 12, 31)
    assert result.details["sex"] == "female"
    assert result.require() == "11010519491231002X"
    with pytest.raises(InvalidInput) as err:
        validate_resident_id("110105194912310021", as_of=AS_OF).require()
    assert err.value.code == "id_number_checksum"
    assert "校验码" in err.value.message


ric_bodies = st.builds(
    lambda prov, rest, birth, seq: f"{prov}{rest:04d}{birth:%Y%m%d}{seq:03d}",
    st.sampled_from(["11", "31", "44", "51", "65"]),
    st.integers(0, 9999),
    st.dates(date(1925, 1, 1), date(2020, 12, 31)),
    st.integers(0, 999),
)


@given(ric_bodies)
def test_any_body_with_its_check_digit_is_valid(body):
    number = _with_check(body)
    assert validate_resident_id(number, as_of=AS_OF).ok


@given(ric_bodies, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_substitution_is_refused(body, position, char):
    # MOD 11-2 detects every single-character substitution (GB 11643 §8.2).
    number = _with_check(body)
    if number[position] == char:
        return
    changed = number[:position] + char + number[position + 1 :]
    assert not validate_resident_id(changed, as_of=AS_OF).ok


# --- 统一社会信用代码 / 组织机构代码 ----------------------------------------------------------------

USCC_ROWS = [
    ("91110000600037341L", True, None, "GB 32100 example; inner 60003734-1"),
    ("91330100716105852F", True, None, "real enterprise code; inner 71610585-2"),
    ("91330100716105852f", True, None, "lower case normalised"),
    ("9133 0100-7161 0585 2F", True, None, "separators dropped"),
    ("91330100716105852G", False, "uscc_checksum", "outer MOD 31 check wrong"),
    ("9133010071610585", False, "uscc_length", "16 characters"),
    ("", False, "uscc_empty", "empty"),
    ("91330100716105852O", False, "uscc_format", "letter O not in the alphabet"),
    ("9I330100716105852F", False, "uscc_format", "letter I not in the alphabet"),
    ("B1330100716105852F", False, "uscc_authority", "B is no registration authority"),
    ("9133A100716105852F", False, "uscc_region", "region code must be digits"),
]


def _uscc(body17: str) -> str:
    return body17 + stdnum_uscc.calc_check_digit(body17)


@pytest.mark.parametrize(("code", "ok", "err", "why"), USCC_ROWS)
def test_uscc_table(code, ok, err, why):
    # the B- and region rows need a right outer check to test what they claim
    if err in ("uscc_authority", "uscc_region"):
        code = _uscc(code[:17])
    result = validate_uscc(code)
    assert (result.ok, result.code) == (ok, err), why


def test_inner_organisation_code_is_checked_and_stdnum_does_not():
    # given a code whose outer check is right but whose inner GB 11714 check is wrong
    code = _uscc("91330100716105853")  # inner 71610585-3, correct is 2
    # then python-stdnum accepts it (it does not check the inner code) ...
    assert stdnum_uscc.is_valid(code)
    # ... and we refuse it with its own code
    result = validate_uscc(code)
    assert (result.ok, result.code) == (False, "uscc_org_code_checksum")
    # unless the caller asks for a warning only
    lenient = validate_uscc(code, strict_org_code=False)
    assert lenient.ok and lenient.warnings


def test_authority_letters_accepted_though_stdnum_refuses_them():
    # N (农业: 村级集体经济组织) is a real authority code; stdnum wants 8 leading digits
    body = "N2330100" + "71610585" + org_code_check_digit("71610585")
    code = _uscc(body)
    assert validate_uscc(code).ok
    assert not stdnum_uscc.is_valid(code)


def test_unknown_entity_type_is_a_warning():
    body = "97330100" + "71610585" + "2"  # 9 (工商) has types 1–3 only
    result = validate_uscc(_uscc(body))
    assert result.ok and any("机构类别" in w for w in result.warnings)


ORG_CODE_ROWS = [
    ("60003734", "1", "research note example"),
    ("71610585", "2", "inner code of 91330100716105852F"),
    ("D2143569", "X", "check 10 is written X (letter body: D=13)"),
]


@pytest.mark.parametrize(("body", "check", "why"), ORG_CODE_ROWS)
def test_org_code_check_digit_table(body, check, why):
    assert org_code_check_digit(body) == check, why
    assert validate_org_code(f"{body}-{check}").ok


def test_org_code_zero_for_eleven_and_bad_input():
    # find a body whose weighted sum is 0 mod 11: its check is "0" (11 → 0, GB 11714 §5)
    assert org_code_check_digit("00000000") == "0"
    assert validate_org_code("00000000-1").code == "org_code_checksum"
    assert validate_org_code("1234").code == "org_code_format"
    with pytest.raises(ValueError):
        org_code_check_digit("1234")


uscc_bodies = st.builds(
    lambda auth, region, org: auth + region + org + org_code_check_digit(org),
    st.sampled_from(["11", "12", "51", "52", "91", "92", "93", "N2", "Y1"]),
    st.integers(110000, 659999).map(str),
    st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8),
)


@given(uscc_bodies)
def test_generated_codes_validate(body):
    assert validate_uscc(_uscc(body)).ok


@given(uscc_bodies, st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_uscc_single_substitution_is_refused(body, position, char):
    code = _uscc(body)
    if code[position] == char:
        return
    changed = code[:position] + char + code[position + 1 :]
    assert not validate_uscc(changed).ok


# --- 号牌 -------------------------------------------------------------------------------------

PLATE_ROWS = [
    # (plate, ok, kind, code, why — GA 36-2018 unless stated)
    ("京A12345", True, "ordinary", None, "ordinary: province + letter + 5"),
    ("苏D4AB30", True, "ordinary", None, "letters in serial"),
    ("粤B·1234X", True, "ordinary", None, "middle dot dropped"),
    ("京AD12345", True, "new_energy_small", None, "small NEV, D pure electric"),
    ("京AFB1234", True, "new_energy_small", None, "small NEV, F, 2nd serial a letter"),
    ("京A12345D", True, "new_energy_large", None, "large NEV, D at position 6"),
    ("京AA12345", True, "new_energy_small", None, "extension letter A: accepted with warning"),
    ("鲁B1234挂", True, "trailer", None, "trailer 挂"),
    ("浙A1234学", True, "coach", None, "coach 学"),
    ("粤Z1234港", True, "hk_macau", None, "Hong Kong cross-border"),
    ("粤Z1234澳", True, "hk_macau", None, "Macao cross-border"),
    ("京A1234警", False, "police", "plate_out_of_scope", "police: other authority"),
    ("粤B1234应急", False, "emergency", "plate_out_of_scope", "emergency rescue"),
    ("沪A1234领", False, "consulate", "plate_out_of_scope", "consulate"),
    ("使014578", False, "embassy", "plate_out_of_scope", "embassy"),
    ("WJ京12345", False, "armed_police", "plate_out_of_scope", "armed police"),
    ("VA12345", False, "military", "plate_out_of_scope", "military"),
    ("京I12345", False, "plate", "plate_format", "authority letter I not used"),
    ("京A1234O", False, "plate", "plate_format", "serial letter O not used"),
    ("港A12345", False, "plate", "plate_format", "not a province abbreviation"),
    ("京A1234", False, "plate", "plate_format", "too short"),
    ("京AD1234A", False, "plate", "plate_format", "small NEV: last 4 must be digits"),
    ("", False, "plate", "plate_empty", "empty"),
]


@pytest.mark.parametrize(("plate", "ok", "kind", "code", "why"), PLATE_ROWS)
def test_plate_table(plate, ok, kind, code, why):
    result = validate_plate(plate)
    assert (result.ok, result.kind, result.code) == (ok, kind, code), why


def test_extension_letters_warn_confirmed_ones_do_not():
    assert validate_plate("京AA12345").warnings
    assert not validate_plate("京AD12345").warnings


# --- masking ----------------------------------------------------------------------------------

MASK_NAME_ROWS = [
    ("张三", "张某", "surname kept, given name → 某 (SPC publication rules by analogy)"),
    ("张三丰", "张某某", "one 某 per character"),
    ("欧阳修", "欧阳某", "compound surname kept whole"),
    ("阿依古丽·买买提", "阿某", "name with separator: first character only"),
    ("Smith", "S***", "Latin script: first letter"),
    ("王", "王某", "single character still masked"),
    ("", "", "empty stays empty"),
]


@pytest.mark.parametrize(("name", "masked", "why"), MASK_NAME_ROWS)
def test_mask_name_table(name, masked, why):
    assert mask_name(name) == masked, why


MASK_ROWS = [
    (mask_id_number, "11010519491231002X", True, WITHHELD, "public: withheld (§F.1)"),
    (
        mask_id_number,
        "11010519491231002X",
        False,
        "1***************2X",
        "internal: first 1, last 2",
    ),
    (mask_phone, "13812341234", True, WITHHELD, "public: withheld"),
    (mask_phone, "+86 138-1234-1234", False, "138****1234", "internal mobile: 3 + 4"),
    (mask_phone, "010-88886666", False, "0108*****66", "internal landline: first 4, last 2"),
    (lambda v, p: mask_plate(v), "苏D40000", None, "苏D4***0", "7 characters: 3 masked"),
    (lambda v, p: mask_plate(v), "陕AD12345", None, "陕AD****5", "8 characters: 4 masked"),
    (lambda v, p: mask_plate(v), "粤B1234挂", None, "粤B1**4挂", "suffix kept"),
    (lambda v, p: mask_plate(v), "not a plate", None, "N********", "invalid: first char only"),
]


@pytest.mark.parametrize(("fn", "value", "public", "masked", "why"), MASK_ROWS)
def test_mask_table(fn, value, public, masked, why):
    result = fn(value, public=public) if public is not None else fn(value, None)
    assert result == masked, why


def test_disclosure_policy_fails_closed():
    assert mask_for_disclosure("id_number", "11010519491231002X") == WITHHELD
    assert mask_for_disclosure("phone", "13812341234") == WITHHELD
    assert mask_for_disclosure("person_name", "张三丰") == "张某某"
    assert mask_for_disclosure("plate", "苏D40000") == "苏D4***0"
    assert mask_for_disclosure("organisation_name", "某某运输有限公司") == "某某运输有限公司"
    assert mask_for_disclosure("home_address", "北京市朝阳区某路1号") == WITHHELD
    assert set(DISCLOSURE_POLICY.values()) <= {"show", "mask_name", "mask_plate", "withhold"}


cjk_names = st.text(
    alphabet=st.sampled_from("张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"), min_size=2, max_size=4
)


@given(cjk_names)
def test_masked_name_keeps_length_and_only_the_surname(name):
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert masked[0] == name[0]
    assert set(masked[1:]) == {"某"}


plates = st.builds(
    lambda p, letter, serial: p + letter + serial,
    st.sampled_from("京津沪渝粤苏浙"),
    st.sampled_from("ABCDEFGH"),
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=5, max_size=5),
)


@given(plates)
def test_masked_plate_hides_the_middle_of_the_serial(plate):
    assert validate_plate(plate).ok
    masked = mask_plate(plate)
    assert len(masked) == len(plate)
    assert masked[:3] == plate[:3] and masked[-1] == plate[-1]
    assert masked[3:-1] == "***"
