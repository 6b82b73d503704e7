"""One server-side masking policy for everything that leaves for the public (执法公示), and the
leak scanner that runs over the masked result before anything is published. Pure, no Django.

Policy (research ecosystem-reliability.md §2; GB/T 35273 §7.2; legal.md §F.1 "Secrets": S1 Art. 50,
T4 §二 — privacy is processed before any legally required disclosure):

    natural person's name   surname + 某 (张三丰 → 张某某), also wherever it appears in free text
    organisation name       kept (not personal data), with its unified social credit code
    ID number, phone, bank  withheld ("（已隐去）"), never partly shown
    address                 cut to county level (浙江省杭州市西湖区)
    plate                   province, authority letter and first serial character: 浙A·1****
    free text               the party's name masked, its address cut; then scanned — anything
                            identifying (numbers, plates, a street address) blocks publication

The scanner (`scan`) finds ID numbers (GB 11643 check character, via python-stdnum cn.ric), unified
social credit codes (GB 32100 check, cn.uscc), mobile and landline numbers, plates in clear
(GA 36-2018 pattern) and bank card numbers (Luhn) and names the place of each finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stdnum import luhn
from stdnum.cn import ric as _ric
from stdnum.cn import uscc as _uscc

from .identifiers import PROVINCES, WITHHELD, mask_name

PERSON = "person"
ORGANISATION = "organisation"

# --- masking -----------------------------------------------------------------------------------


def mask_plate_public(plate: str) -> str:
    """浙A12345 → 浙A·1****; anything that is not a plate keeps nothing of its serial."""
    value = re.sub(r"[\s·•.．・\-]", "", unicodedata.normalize("NFKC", plate or "")).upper()
    if not value:
        return ""
    if len(value) < 3 or value[0] not in PROVINCES:
        return WITHHELD
    return f"{value[:2]}·{value[2]}" + "*" * (len(value) - 3)


_COUNTY = re.compile(
    r"^(?P<province>[^\d\s]{2,8}?(?:省|自治区|特别行政区))?"
    r"(?P<city>[^\d\s路街道号弄巷村组栋室]{1,10}?(?:市|自治州|地区|盟))?"
    r"(?P<county>[^\d\s路街道号弄巷村组栋室]{1,8}?(?:县|区|市|旗))?"
)


def mask_address(address: str) -> str:
    """An address cut to county level: 浙江省杭州市西湖区文三路90号 → 浙江省杭州市西湖区.
    Nothing recognisable as a region → withheld (fail closed)."""
    text = unicodedata.normalize("NFKC", address or "").strip()
    if not text:
        return ""
    m = _COUNTY.match(text)
    kept = m.group(0) if m else ""
    return kept or WITHHELD


def mask_free_text(text: str, names: Iterable[str], addresses: Iterable[str] = ()) -> str:
    """The party's (and other known persons') names masked wherever they appear in free text, and
    their known addresses cut to county level. The text is otherwise kept as written (the scanner
    then blocks whatever else identifies someone)."""
    out = text or ""
    for address in sorted({a.strip() for a in addresses if a and a.strip()}, key=len, reverse=True):
        out = out.replace(address, mask_address(address))
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        if len(name) >= 2:
            out = out.replace(name, mask_name(name))
    return out


@dataclass(frozen=True)
class PartyIn:
    """What the case knows of the party (internal, unmasked)."""

    kind: str  # person | organisation
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    plate: str = ""
    bank_account: str = ""


def mask_party(party: PartyIn) -> dict[str, str]:
    """The party as published. A person: masked name, county address, masked plate; an
    organisation: its name and credit code; ID numbers, phones and bank accounts never appear."""
    if party.kind == ORGANISATION:
        return {
            "kind": ORGANISATION,
            "name": unicodedata.normalize("NFKC", party.name).strip(),
            "credit_code": _clean_code(party.id_number),
            "address": mask_address(party.address),
            "plate": mask_plate_public(party.plate),
        }
    return {
        "kind": PERSON,
        "name": mask_name(party.name),
        "credit_code": "",
        "address": mask_address(party.address),
        "plate": mask_plate_public(party.plate),
    }


def _clean_code(value: str) -> str:
    code = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or "")).upper()
    return code if _uscc.is_valid(code) else ""


# --- the leak scanner --------------------------------------------------------------------------

KINDS = {
    "id_number": "公民身份号码",
    "credit_code": "统一社会信用代码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "plate": "未遮盖的车辆号牌",
    "bank_card": "银行卡号",
    "address": "详细住址",
    "name": "当事人姓名",
}

_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)")
_PLATE = re.compile(rf"[{PROVINCES}][A-HJ-NP-Z][\s·•.\-]?[A-HJ-NP-Z0-9]{{5,6}}")
# below county level: a street or road with a house number, a building, unit or room
_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{1,12}(?:路|街|大道|大街|巷|弄|胡同|村|小区|花园|公寓)\d+(?:-\d+)?(?:号|弄|幢|栋)"
    r"|\d+(?:号楼|幢|栋|单元)(?:\d+室)?|\d+室"
)
_CARD = re.compile(r"(?<!\d)\d(?:[\s-]?\d){14,18}(?!\d)")


@dataclass(frozen=True)
class Finding:
    place: str  # which field or attachment, in Chinese
    kind: str  # a key of KINDS
    excerpt: str  # the finding itself masked, so the list of places leaks nothing either

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    def as_dict(self) -> dict[str, str]:
        return {
            "place": self.place,
            "kind": self.kind,
            "label": self.label,
            "excerpt": self.excerpt,
        }


def _hide(value: str) -> str:
    v = value.strip()
    return v[:2] + "*" * max(len(v) - 3, 1) + v[-1:] if len(v) > 3 else "*" * len(v)


def _ric_ok(value: str) -> bool:
    v = value.upper()
    try:
        return _ric.calc_check_digit(v) == v[17]
    except (ValueError, KeyError):
        return False


def scan_text(place: str, text: str, *, names: Iterable[str] = ()) -> list[Finding]:
    """Every identifying item in one field's text (NFKC-normalised, so full-width digits count)."""
    value = unicodedata.normalize("NFKC", text or "")
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match) -> None:
        span = m.span()
        if any(a < span[1] and span[0] < b for a, b in taken):
            return
        taken.append(span)
        found.append(Finding(place, kind, _hide(m.group(0))))

    for m in _ID.finditer(value):
        if _ric_ok(m.group(0)):
            add("id_number", m)
    for m in _USCC.finditer(value.upper()):
        if _uscc.is_valid(m.group(0)):
            add("credit_code", m)
    for m in _CARD.finditer(value):
        if luhn.is_valid(re.sub(r"\D", "", m.group(0))):
            add("bank_card", m)
    for m in _MOBILE.finditer(value):
        add("mobile", m)
    for m in _LANDLINE.finditer(value):
        add("landline", m)
    for m in _PLATE.finditer(value.upper()):
        add("plate", m)
    for m in _ADDRESS.finditer(value):
        add("address", m)
    for name in names:
        name = unicodedata.normalize("NFKC", name or "").strip()
        if len(name) >= 2 and name != mask_name(name) and name in value:
            found.append(Finding(place, "name", mask_name(name)))
    return found


def scan(fields: Mapping[str, str], *, names: Iterable[str] = (), allow: Mapping[str, str] = {}):
    """Scan every field (place → text). `allow` maps a place to the one value published there on
    purpose (an organisation's credit code in its own field)."""
    names = tuple(names)
    out: list[Finding] = []
    for place, text in fields.items():
        if place in allow and (text or "") == allow[place]:
            continue
        out.extend(scan_text(place, text, names=names))
    return out
