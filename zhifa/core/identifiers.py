"""Party identifiers: validation and masking for disclosure (当事人身份信息的校验与脱敏); pure.

What is checked, and where the rule comes from:
- Resident identity numbers (公民身份号码, GB 11643-1999): 18 characters, a province code from
  GB/T 2260, a real birth date not after `as_of`, the ISO 7064 MOD 11-2 check character computed by
  `stdnum.cn.ric`. The county code is only a *warning*: stdnum's area database refuses codes whose
  county was merged or renamed, and a number keeps its old code for life
  (docs/research/ecosystem-reliability.md §2 measured `990105…` and similar).
- Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from the 31-character
  alphabet (no I, O, Z, S, V), a known registration-authority code, a numeric region code, the
  MOD 31 check character computed by `stdnum.cn.uscc`, and the inner organisation code
  (组织机构代码, GB 11714-1997) in positions 9–17 with its own MOD 11 check character.
  `stdnum.cn.uscc.validate` does NOT check the inner code and also refuses codes whose first eight
  characters are not all digits (real authority codes A, N and Y), so we call its
  `calc_check_digit` and do the rest here (tests prove both points).
- Licence plates (机动车号牌, GA 36-2018) by format only; see `validate_plate` for what is accepted.
  Sources: GA 36-2018 as restated in docs/research/ecosystem-reliability.md §2 (7-character
  ordinary plates; 8-character new-energy plates with D/F, restated from the MPS rule at
  http://wsmp3.cn/jxwd/1626/16263515.html; suffixes 挂 学 警 港 澳 领 使). The extra small-NEV
  letters A B C E / G H J K are reported but unconfirmed: accepted with a warning.

Masking (legal.md §F.1 "Secrets": personal privacy is processed before any disclosure — T4 §二,
APL Art. 50, TEPP Art. 28(2); conventions in docs/research/ecosystem-reliability.md §2):
see `DISCLOSURE_POLICY` and the `mask_*` functions.

Every validator returns a `Check` (never raises on bad input); `Check.require()` turns a failed
check into `InvalidInput` with the same stable code and Chinese reason, for services.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from stdnum.cn import ric as _ric
from stdnum.cn import uscc as _uscc
from stdnum.exceptions import ValidationError as _StdnumError

from zhifa.core.errors import InvalidInput


@dataclass(frozen=True)
class Check:
    """The answer of a validator: `ok`, the normalised `value`, and on failure a stable `code`
    with a Chinese `reason` and the standard it rests on (`basis`). `warnings` never block."""

    ok: bool
    value: str
    kind: str
    code: str | None = None
    reason: str | None = None
    basis: str = ""
    warnings: tuple[str, ...] = ()
    details: Mapping[str, object] = field(default_factory=dict)

    def require(self) -> str:
        """The normalised value, or `InvalidInput` carrying this check's code and reason."""
        if not self.ok:
            raise InvalidInput(
                self.reason or "格式有误",
                code=self.code,
                details={"kind": self.kind, "value": self.value, "basis": self.basis},
            )
        return self.value


def _normalise(value: str, *, drop: str = " -") -> str:
    """NFKC (full-width → ASCII), upper case, without the separators in `drop`."""
    text = unicodedata.normalize("NFKC", value or "").upper().strip()
    return "".join(ch for ch in text if ch not in drop)


# --- 公民身份号码 (GB 11643-1999) ----------------------------------------------------------------

RIC_BASIS = "GB 11643-1999《公民身份号码》"
# Province-level codes of GB/T 2260, plus 71 (Taiwan) and 81/82/83 used by the residence permits
# of Hong Kong, Macao and Taiwan residents (港澳台居民居住证, same 18-character scheme).
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
OLDEST_BIRTH_YEARS = 150  # an older birth date is a typing error, not a person


def validate_resident_id(number: str, *, as_of: date) -> Check:
    """Validate an 18-character resident identity number on `as_of` (birth date not after it)."""
    value = _normalise(number)
    kind = "resident_id"

    def fail(code: str, reason: str) -> Check:
        return Check(False, value, kind, code, reason, RIC_BASIS)

    if not value:
        return fail("id_number_empty", "请填写公民身份号码")
    if len(value) == 15 and value.isdigit():
        # 居民身份证法 (2011 amendment) 附则: 第一代居民身份证自 2013 年 1 月 1 日起停止使用.
        return fail(
            "id_number_legacy_15",
            "15位的第一代居民身份证号码已于2013年1月1日停止使用，请填写18位公民身份号码",
        )
    if len(value) != 18:
        return fail("id_number_length", f"公民身份号码应为18位，现为{len(value)}位")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return fail("id_number_format", "公民身份号码前17位应为数字，最后一位为数字或X")
    if value[:2] not in PROVINCE_CODES:
        return fail(
            "id_number_region", f"公民身份号码的地址码（前两位“{value[:2]}”）不是有效的省级代码"
        )
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return fail("id_number_birth_date", f"公民身份号码中的出生日期“{value[6:14]}”不是有效日期")
    if birth > as_of:
        return fail(
            "id_number_birth_future", f"公民身份号码中的出生日期{birth.isoformat()}晚于今天"
        )
    if birth.year < as_of.year - OLDEST_BIRTH_YEARS:
        return fail("id_number_birth_date", f"公民身份号码中的出生日期{birth.isoformat()}不合常理")
    # GB 11643-1999 §8.2: ISO 7064 MOD 11-2 check character, "X" for 10.
    if _ric.calc_check_digit(value) != value[17]:
        return fail("id_number_checksum", "公民身份号码校验码不正确，请核对是否输错")
    warnings: tuple[str, ...] = ()
    try:
        _ric.get_birth_place(value)
    except (_StdnumError, KeyError, ValueError):  # stdnum raises KeyError on province-only hits
        warnings = (f"地址码“{value[:6]}”不在行政区划代码库中（可能为已撤并的旧区划），请核对",)
    sex = "male" if int(value[16]) % 2 else "female"  # GB 11643-1999 §6.4: odd for men
    return Check(
        True,
        value,
        kind,
        basis=RIC_BASIS,
        warnings=warnings,
        details={"birth_date": birth, "sex": sex, "region": value[:6]},
    )


# --- 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997) ---------------------------------

USCC_BASIS = "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》"
ORG_CODE_BASIS = "GB 11714-1997《全国组织机构代码编制规则》"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015 §4: no I, O, Z, S, V
# GB 32100-2015 Table 1 and its later additions: registration authority → entity types
# (secondary sources quoted in the report; the entity type is a warning only).
USCC_AUTHORITIES: Mapping[str, tuple[str, frozenset[str]]] = MappingProxyType(
    {
        "1": ("机构编制", frozenset("1239")),
        "2": ("外交", frozenset("19")),
        "3": ("司法行政", frozenset("123459")),
        "4": ("文化", frozenset("19")),
        "5": ("民政", frozenset("1239")),
        "6": ("旅游", frozenset("129")),
        "7": ("宗教", frozenset("129")),
        "8": ("工会", frozenset("19")),
        "9": ("工商（市场监管）", frozenset("123")),
        "A": ("中央军委改革和编制办公室", frozenset("19")),
        "N": ("农业", frozenset("1239")),
        "Y": ("其他", frozenset("1")),
    }
)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997 §5


def org_code_check_digit(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation-code body.

    C9 = 11 − (Σ value × weight mod 11); 10 is written "X" and 11 is written "0"; a digit is its
    value and a letter A–Z counts 10–35 (GB 11714-1997 §5).
    """
    if len(body) != 8 or not all(ch.isdigit() or "A" <= ch <= "Z" for ch in body):
        raise ValueError("organisation-code body must be 8 digits or capital letters")
    total = sum(
        (int(ch) if ch.isdigit() else ord(ch) - 55) * w
        for ch, w in zip(body, ORG_CODE_WEIGHTS, strict=True)
    )
    c9 = 11 - total % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def validate_org_code(code: str) -> Check:
    """A 9-character organisation code (组织机构代码, as on old certificates `XXXXXXXX-X`)."""
    value = _normalise(code)
    kind = "org_code"
    if len(value) != 9 or not all(ch.isdigit() or "A" <= ch <= "Z" for ch in value):
        return Check(
            False,
            value,
            kind,
            "org_code_format",
            "组织机构代码应为8位本体代码加1位校验码（数字或大写字母）",
            ORG_CODE_BASIS,
        )
    if org_code_check_digit(value[:8]) != value[8]:
        return Check(
            False,
            value,
            kind,
            "org_code_checksum",
            "组织机构代码校验码不正确，请核对是否输错",
            ORG_CODE_BASIS,
        )
    return Check(True, value, kind, basis=ORG_CODE_BASIS)


def validate_uscc(code: str, *, strict_org_code: bool = True) -> Check:
    """Validate a unified social credit code, including the inner organisation-code check.

    `strict_org_code=False` turns a failing inner check into a warning (for a registry record the
    agency has verified elsewhere); the default refuses it, as GB 32100-2015 §4.4 requires positions
    9–17 to be an organisation code under GB 11714.
    """
    value = _normalise(code)
    kind = "uscc"

    def fail(code_: str, reason: str, basis: str = USCC_BASIS) -> Check:
        return Check(False, value, kind, code_, reason, basis)

    if not value:
        return fail("uscc_empty", "请填写统一社会信用代码")
    if len(value) != 18:
        return fail("uscc_length", f"统一社会信用代码应为18位，现为{len(value)}位")
    bad = sorted({ch for ch in value if ch not in USCC_ALPHABET})
    if bad:
        return fail(
            "uscc_format",
            f"统一社会信用代码含有不允许的字符“{''.join(bad)}”（只用数字和除I、O、Z、S、V外的大写字母）",
        )
    if value[0] not in USCC_AUTHORITIES:
        return fail("uscc_authority", f"统一社会信用代码第1位登记管理部门代码“{value[0]}”无效")
    if not value[2:8].isdigit():
        return fail("uscc_region", "统一社会信用代码第3至8位应为数字（登记管理机关行政区划码）")
    # GB 32100-2015 §5 (GB/T 17710 MOD 31-3): the check character, as stdnum computes it.
    if _uscc.calc_check_digit(value[:17]) != value[17]:
        return fail("uscc_checksum", "统一社会信用代码校验码不正确，请核对是否输错")
    warnings: list[str] = []
    authority, types = USCC_AUTHORITIES[value[0]]
    if value[1] not in types:
        warnings.append(f"第2位机构类别代码“{value[1]}”不在“{authority}”已知类别中，请核对")
    # GB 32100-2015 §4.4 → GB 11714-1997 §5: positions 9–17 carry their own check character.
    if org_code_check_digit(value[8:16]) != value[16]:
        message = "统一社会信用代码中的组织机构代码（第9至17位）校验码不正确，请核对是否输错"
        if strict_org_code:
            return fail("uscc_org_code_checksum", message, f"{USCC_BASIS}; {ORG_CODE_BASIS}")
        warnings.append(message)
    return Check(
        True,
        value,
        kind,
        basis=USCC_BASIS,
        warnings=tuple(warnings),
        details={"authority": authority, "region": value[2:8], "org_code": value[8:17]},
    )


# --- 机动车号牌 (GA 36-2018) ---------------------------------------------------------------------

PLATE_BASIS = "GA 36-2018《中华人民共和国机动车号牌》"
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"  # 31 abbreviations
_P = f"[{PROVINCES}]"
_L = "[A-HJ-NP-Z]"  # issuing-authority letter: no I or O
_S = "[A-HJ-NP-Z0-9]"  # serial: digits and letters except I and O (GA 36-2018)
NEV_CONFIRMED = "DF"  # D pure electric, F other (GA 36-2018, confirmed)
NEV_EXTENDED = "ABCEGHJK"  # reported extension of the small-NEV letters: accepted with a warning
_NEV = f"[{NEV_CONFIRMED}{NEV_EXTENDED}]"

# (kind, pattern, Chinese label). Order matters: the first full match wins.
PLATE_FORMATS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (kind, re.compile(pattern), label)
    for kind, pattern, label in (
        ("new_energy_small", f"{_P}{_L}{_NEV}{_S}[0-9]{{4}}", "小型新能源汽车号牌"),
        ("new_energy_large", f"{_P}{_L}[0-9]{{5}}{_NEV}", "大型新能源汽车号牌"),
        ("hk_macau", f"粤Z{_S}{{4}}[港澳]", "港澳入出境车号牌"),
        ("trailer", f"{_P}{_L}{_S}{{4}}挂", "挂车号牌"),
        ("coach", f"{_P}{_L}{_S}{{4}}学", "教练汽车号牌"),
        ("ordinary", f"{_P}{_L}{_S}{{5}}", "普通汽车号牌"),
    )
)
# Recognised but outside what this platform accepts as a party's vehicle: these vehicles are
# registered and supervised by other bodies (police, the armed forces, foreign missions,
# emergency rescue); a transport officer records such a vehicle as a lead for its own authority.
PLATE_EXCLUDED: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (kind, re.compile(pattern), label)
    for kind, pattern, label in (
        ("police", f"{_P}{_L}{_S}{{4}}警", "警用汽车号牌"),
        ("emergency", f"{_P}{_L}{_S}{{4}}应急", "应急救援车辆号牌"),
        ("consulate", f"{_P}{_L}{_S}{{4}}领", "领馆汽车号牌"),
        ("embassy", "使[0-9]{6}|[0-9]{6}使", "使馆汽车号牌"),
        ("armed_police", f"WJ{_P}?[0-9A-Z]{{4,6}}", "武警车辆号牌"),
        ("military", "[A-Z]{2}[0-9]{5}", "军队车辆号牌"),
    )
)
_PLATE_SEPARATORS = " -·•.．・\u00b7\u2022"


def validate_plate(plate: str) -> Check:
    """Validate a licence plate by format (GA 36-2018).

    Accepted: ordinary 7-character plates (province + authority letter + 5 serial characters),
    small and large new-energy 8-character plates (D/F; the extension letters with a warning),
    trailer (挂), coach (学) and Hong Kong/Macao cross-border (粤Z…港/澳) plates.
    Recognised and refused with `plate_out_of_scope`: police (警), emergency (应急), consulate (领),
    embassy (使), armed-police (WJ) and military plates. Temporary plates and anything else:
    `plate_format`.
    """
    value = _normalise(plate, drop=_PLATE_SEPARATORS)
    if not value:
        return Check(False, value, "plate", "plate_empty", "请填写车辆号牌号码", PLATE_BASIS)
    for kind, pattern, label in PLATE_EXCLUDED:
        if pattern.fullmatch(value):
            return Check(
                False,
                value,
                kind,
                "plate_out_of_scope",
                f"“{value}”为{label}，该类车辆不由交通运输执法部门登记管理，"
                "请作为线索移交其主管机关",
                PLATE_BASIS,
            )
    for kind, pattern, label in PLATE_FORMATS:
        if pattern.fullmatch(value):
            warnings: tuple[str, ...] = ()
            nev_letter = value[2] if kind == "new_energy_small" else value[7:8]
            if kind.startswith("new_energy") and nev_letter not in NEV_CONFIRMED:
                warnings = (f"新能源号牌字母“{nev_letter}”属扩展号段（未经核实），请核对行驶证",)
            return Check(
                True, value, kind, basis=PLATE_BASIS, warnings=warnings, details={"label": label}
            )
    return Check(
        False,
        value,
        "plate",
        "plate_format",
        f"“{value}”不是有效的机动车号牌号码（应为省份简称+发牌机关字母+5位序号，"
        "新能源号牌为6位序号，挂车、教练车号牌以“挂”“学”结尾）",
        PLATE_BASIS,
    )


# --- masking for disclosure ---------------------------------------------------------------------

WITHHELD = "（已隐去）"
MASK = "*"
SURNAME_MASK = "某"
# Two-character surnames (复姓) kept whole, so 欧阳修 → 欧阳某 rather than 欧某某.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "独孤",
        "南宫",
        "西门",
        "端木",
        "百里",
        "呼延",
        "申屠",
        "太史",
        "澹台",
        "公冶",
        "濮阳",
        "淳于",
        "单于",
        "赫连",
        "万俟",
        "闻人",
        "东郭",
        "拓跋",
        "第五",
        "左丘",
        "亓官",
        "司空",
        "巫马",
        "乐正",
    ]
)
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def mask_name(name: str) -> str:
    """A natural person's name as published: keep the surname, each other character → 某.

    By analogy with the SPC rules on publishing judgments (Arts. 8–9, legal research §2): 张三 →
    张某, 张三丰 → 张某某, 欧阳修 → 欧阳某; a name with a separator dot (minority or
    transliterated) keeps its first character only: 阿依古丽·买买提 → 阿某. A Latin-script name
    keeps its first letter: Smith → S***. Organisation names are never masked (not personal data).
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    if not text:
        return ""
    if any(sep in text for sep in "·•・.\u00b7"):
        return text[0] + SURNAME_MASK
    if not _is_cjk(text[0]):
        return text[0] + MASK * 3
    surname = text[:2] if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else text[0]
    rest = len(text) - len(surname)
    return surname + SURNAME_MASK * max(rest, 1)


def mask_id_number(number: str, *, public: bool = True) -> str:
    """Public copies withhold the ID number entirely; internal lists keep the first 1 and last 2
    characters (the Hutool `DesensitizedUtil` convention): 5***************1X."""
    value = _normalise(number)
    if public or len(value) < 4:
        return WITHHELD
    return value[0] + MASK * (len(value) - 3) + value[-2:]


def mask_phone(phone: str, *, public: bool = True) -> str:
    """Public copies withhold phone numbers; internal lists show a mobile as 138****1234 and a
    landline with its first 4 and last 2 digits (Hutool convention)."""
    value = _normalise(phone, drop=" -()（）")
    if public or len(value) < 7:
        return WITHHELD
    mobile = _MOBILE.fullmatch(value)
    if mobile:
        digits = mobile.group(1)
        return digits[:3] + MASK * 4 + digits[-4:]
    return value[:4] + MASK * (len(value) - 6) + value[-2:]


_PLATE_SUFFIX_LEN = {
    "hk_macau": 1,
    "trailer": 1,
    "coach": 1,
    "police": 1,
    "consulate": 1,
    "emergency": 2,
}


def mask_plate(plate: str) -> str:
    """A plate with its middle serial characters masked: keep province, authority letter, the first
    and last serial characters and any suffix: 苏D4***0, 陕A1****D, 粤B1**4挂.

    A plate that does not validate keeps only its first character (nothing identifying leaks)."""
    check = validate_plate(plate)
    value = check.value
    if not check.ok and check.code != "plate_out_of_scope":
        return value[:1] + MASK * max(len(value) - 1, 0)
    suffix_len = _PLATE_SUFFIX_LEN.get(check.kind, 0)
    if check.kind in ("embassy", "military", "armed_police"):
        return value[:2] + MASK * (len(value) - 3) + value[-1]
    head, serial, suffix = (
        value[:2],
        value[2 : len(value) - suffix_len],
        value[len(value) - suffix_len :],
    )
    if len(serial) <= 2:
        return head + MASK * len(serial) + suffix
    return head + serial[0] + MASK * (len(serial) - 2) + serial[-1] + suffix


# Field → rule for public disclosure copies (执法公示). "show" is published as is.
DISCLOSURE_POLICY: Mapping[str, str] = MappingProxyType(
    {
        "person_name": "mask_name",  # natural person: surname + 某
        "organisation_name": "show",  # a legal entity's name is not personal data
        "uscc": "show",  # published with the decision (the party's identity as a legal entity)
        "id_number": "withhold",
        "phone": "withhold",
        "plate": "mask_plate",
    }
)


def mask_for_disclosure(field_name: str, value: str) -> str:
    """Apply `DISCLOSURE_POLICY` to one field; an unknown field is withheld (fail closed)."""
    rule = DISCLOSURE_POLICY.get(field_name, "withhold")
    if not value:
        return ""
    if rule == "show":
        return value
    if rule == "mask_name":
        return mask_name(value)
    if rule == "mask_plate":
        return mask_plate(value)
    return WITHHELD


# --- phone numbers ----------------------------------------------------------------------------------

# Mainland mobile: 11 digits from 13–19 (YD/T 2135 numbering plan, MIIT 《电信网编号计划》); landline:
# area code 0 + 2–3 digits, then a 7–8 digit local number, an optional extension; 400/800 service
# numbers. An optional +86/0086 prefix on mobiles.
MOBILE_RE = re.compile(r"^(?:\+?86|0086)?1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}(?:(?:转|EXT|#)\d{1,6})?$")
SERVICE_RE = re.compile(r"^[48]00\d{7}$")


def phone_problem(phone: str) -> str | None:
    """None when `phone` is a mainland mobile or landline number (spaces, hyphens and brackets
    allowed), else the Chinese reason."""
    value = _normalise(phone or "", drop=" -()（）")
    if not value:
        return "请填写联系电话"
    if MOBILE_RE.match(value) or LANDLINE_RE.match(value) or SERVICE_RE.match(value):
        return None
    return "联系电话应为11位手机号码或带区号的固定电话（如0571-87654321）"
