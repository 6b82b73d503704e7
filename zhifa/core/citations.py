"""Law citations: the internal references of the code ("APL Art. 60; TEPP Art. 78", "S6 Art. 5",
"ACL Art. 25 para 2", "APL Art. 64(2)", "T6 §(十二)") written as Chinese law cites them —
《中华人民共和国行政处罚法》第六十条 (full) or 《行政处罚法》第六十条 (short), with 款 and 项
(第二款, 第（三）项) — and Chinese citations back to the abbreviations for the English UI.

The abbreviations are the source keys of the legal spec (shared/spec/legal.md §0: S1–S7, T1–T9 and their
English short names). Pure: no Django. `render_text` rewrites every reference inside a longer message, so a
Chinese message that carries "(TEPP Art. 17)" reads "（《交通运输行政执法程序规定》第十七条）".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "LAWS",
    "REFERENCE_RE",
    "UnknownReference",
    "cn_number",
    "render_text",
    "to_abbrev",
    "to_zh",
]


class UnknownReference(ValueError):
    """A reference whose instrument the formatter does not know (add it to LAWS)."""


@dataclass(frozen=True)
class Law:
    abbrev: str  # the canonical abbreviation shown in the English UI
    full: str  # the title as the instrument writes it
    short: str  # the title in common short form
    number: str = ""  # document number of a normative document (国办发〔2018〕118号)
    sections: bool = False  # cited by part and item (§四(十三)) rather than by article


# Every instrument the code base cites (legal.md §0; Civil Code and Civil Procedure Law cited by the
# calendar rules). Aliases map the spec's source keys to the same instrument.
_APL = Law("APL", "中华人民共和国行政处罚法", "行政处罚法")
_ACL = Law("ACL", "中华人民共和国行政强制法", "行政强制法")
_ARL = Law("ARL", "中华人民共和国行政复议法", "行政复议法")
_ALL = Law("ALL", "中华人民共和国行政诉讼法", "行政诉讼法")
_SPC = Law(
    "SPC 2018 Interpretation",
    "最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释",
    "行政诉讼法解释",
)
_S6 = Law("S6", "行政执法机关移送涉嫌犯罪案件的规定", "移送涉嫌犯罪案件的规定")
_S7 = Law("S7", "中华人民共和国政府信息公开条例", "政府信息公开条例")
_TEPP = Law("TEPP", "交通运输行政执法程序规定", "交通运输行政执法程序规定")
_T2 = Law("T2", "交通运输行政执法证件管理规定", "交通运输行政执法证件管理规定")
_T3 = Law("T3", "交通运输行政执法评议考核规定", "交通运输行政执法评议考核规定")
_T4 = Law(
    "T4",
    "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见",
    "三项制度指导意见",
    number="国办发〔2018〕118号",
    sections=True,
)
_T5 = Law("T5", "法治政府建设实施纲要（2021－2025年）", "法治政府建设实施纲要", sections=True)
_T6 = Law(
    "T6",
    "国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见",
    "行政裁量权基准意见",
    number="国办发〔2022〕27号",
    sections=True,
)
_T7 = Law(
    "T7",
    "关于规范交通运输行政处罚自由裁量权的若干意见",
    "交通运输行政处罚自由裁量权若干意见",
    number="交政法发〔2010〕251号",
    sections=True,
)
_T8 = Law("T8", "道路运输服务质量投诉管理规定", "道路运输服务质量投诉管理规定")
_T9 = Law("T9", "信访工作条例", "信访工作条例")
_CIVIL = Law("Civil Code", "中华人民共和国民法典", "民法典")
_CPL = Law("CPL", "中华人民共和国民事诉讼法", "民事诉讼法")

LAWS: dict[str, Law] = {
    "APL": _APL,
    "S1": _APL,
    "ACL": _ACL,
    "S2": _ACL,
    "ARL": _ARL,
    "S3": _ARL,
    "ALL": _ALL,
    "S4": _ALL,
    "SPC 2018 Interpretation": _SPC,
    "S5": _SPC,
    "S6": _S6,
    "S7": _S7,
    "Government Information Disclosure Regulations": _S7,
    "TEPP": _TEPP,
    "T1": _TEPP,
    "T2": _T2,
    "T3": _T3,
    "T4": _T4,
    "T5": _T5,
    "T6": _T6,
    "T7": _T7,
    "T8": _T8,
    "T9": _T9,
    "Civil Code": _CIVIL,
    "CPL": _CPL,
}

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 60 → 六十, 101 → 一百零一, 130 → 一百三十 (Chinese statute style)."""
    if n < 0 or n >= 10000:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            out += _DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def _cn_to_int(s: str) -> int:
    """The inverse of cn_number (一百零一 → 101); plain digits pass through."""
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in _DIGITS:
            current = _DIGITS.index(ch)
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
        else:
            raise ValueError(s)
    return total + current


# --- parsing the internal references ------------------------------------------------------------

_KEYS = sorted(LAWS, key=len, reverse=True)
_KEY_RE = "|".join(re.escape(k) for k in _KEYS)
_N = r"\d+"
_RANGE = rf"{_N}(?:\s*[–-]\s*{_N})?"
# One article with its paragraph(s) and item(s): "60", "66 para 2", "64(2)", "25 ¶2", "39 para 1–2",
# "72 para 2(1)".
_ART = rf"{_N}(?:\s*(?:para\.?\s*|¶\s*){_RANGE})?(?:\({_N}\))*"
_ARTS = rf"(?:Art\.|Arts\.)\s*{_ART}(?:\s*[–-]\s*{_N}|,\s*(?:Art\.\s*)?{_ART}(?![\d.]))*"
_SECTION = r"§\s*[一二三四五六七八九十]*(?:\([一二三四五六七八九十]+\))?"
REFERENCE_RE = re.compile(rf"\b(?P<law>{_KEY_RE})\s+(?P<where>{_ARTS}|{_SECTION})")
_UNKNOWN_RE = re.compile(
    r"\b(?P<law>[A-Z][A-Za-z0-9]*)\s+(?:Arts?\.\s*\d|§\s*[一二三四五六七八九十(（])"
)


def _article_zh(part: str) -> str:
    """ "66 para 2(1)" → 第六十六条第二款第（一）项."""
    m = re.fullmatch(
        rf"\s*(?P<a>{_N})(?:\s*(?:para\.?\s*|¶\s*)(?P<p>{_N})(?:\s*[–-]\s*(?P<p2>{_N}))?)?"
        rf"(?P<items>(?:\({_N}\))*)\s*",
        part,
    )
    if not m:
        raise UnknownReference(part)
    out = f"第{cn_number(int(m['a']))}条"
    if m["p"]:
        out += f"第{cn_number(int(m['p']))}款"
        if m["p2"]:
            out += f"至第{cn_number(int(m['p2']))}款"
    for item in re.findall(r"\((\d+)\)", m["items"]):
        out += f"第（{cn_number(int(item))}）项"
    return out


def _where_zh(where: str, law: Law) -> str:
    where = where.strip()
    if where.startswith("§"):
        m = re.fullmatch(
            r"§\s*(?P<part>[一二三四五六七八九十]*)(?:\((?P<item>[一二三四五六七八九十]+)\))?",
            where,
        )
        if not m:
            raise UnknownReference(where)
        out = f"第{m['part']}部分" if m["part"] else ""
        if m["item"]:
            out += f"第（{m['item']}）项"
        return out
    body = re.sub(r"^Arts?\.\s*", "", where)
    pieces = [p for p in re.split(r",\s*(?:Art\.\s*)?", body) if p.strip()]
    out = []
    for piece in pieces:
        ends = re.split(r"\s*[–-]\s*(?=\d+\s*$)", piece.strip())
        if len(ends) == 2 and "para" not in ends[0] and "¶" not in ends[0]:
            out.append(f"{_article_zh(ends[0])}至{_article_zh(ends[1])}")
        else:
            out.append(_article_zh(piece))
    return "、".join(out)


def _title(law: Law, short: bool) -> str:
    title = f"《{law.short if short else law.full}》"
    if law.number and not short:
        title += f"（{law.number}）"
    return title


def _one_zh(m: re.Match[str], short: bool) -> str:
    law = LAWS[m["law"]]
    return _title(law, short) + _where_zh(m["where"], law)


def to_zh(reference: str, *, short: bool = False) -> str:
    """An internal reference (one or several, separated by ";", "/" or ",") in Chinese.

    Raises UnknownReference when any part is not a reference the formatter knows."""
    parts = [p for p in re.split(r"\s*[;；/]\s*", reference.strip()) if p]
    out = []
    for part in parts:
        m = REFERENCE_RE.fullmatch(part)
        if not m:
            raise UnknownReference(part)
        out.append(_one_zh(m, short))
    return "；".join(out)


def render_text(text: str, *, short: bool = False) -> str:
    """Every internal reference inside a text rewritten in Chinese; the rest of the text unchanged.

    "(APL Art. 62)" → "（《中华人民共和国行政处罚法》第六十二条）"; "X; Y" between two references → "X；Y"."""
    if not text:
        return text
    out = REFERENCE_RE.sub(lambda m: _one_zh(m, short), text)
    out = re.sub(r"(?<=[条款项分）])\s*;\s*(?=《)", "；", out)
    out = re.sub(r"(?<=[条款项分）])\s*/\s*(?=《)", "、", out)
    # Brackets that now hold only Chinese text take full-width form.
    out = re.sub(r"\((《[^()（）]*?)\)", r"（\1）", out)
    return out


def unknown_abbreviations(text: str) -> set[str]:
    """Abbreviations cited like a law ("XYZ Art. 5") that the formatter does not know."""
    known = set(LAWS) | {k.split()[-1] for k in LAWS} | {k.split()[0] for k in LAWS}
    return {m["law"] for m in _UNKNOWN_RE.finditer(text)} - known - {"Interpretation"}


# --- back to the abbreviations (English UI) -----------------------------------------------------

_BY_TITLE = {}
for _law in LAWS.values():
    _BY_TITLE.setdefault(_law.full, _law)
    _BY_TITLE.setdefault(_law.short, _law)
_CN = "零一二三四五六七八九十百千"
_ZH_RE = re.compile(
    rf"《(?P<title>[^》]+)》(?:（[^）]*号）)?"
    rf"(?P<arts>(?:[、]?(?:至)?第[{_CN}]+条(?:第[{_CN}]+款)?(?:至第[{_CN}]+款)?(?:第（[{_CN}]+）项)*)+"
    rf"|(?:第[{_CN}]+部分)?(?:第（[{_CN}]+）项)?)"
)


def _abbrev_one(m: re.Match[str]) -> str:
    law = _BY_TITLE.get(m["title"])
    if law is None:
        return m.group(0)
    arts = m["arts"]
    if law.sections:
        part = re.search(rf"第([{_CN}]+)部分", arts)
        item = re.search(rf"第（([{_CN}]+)）项", arts)
        return f"{law.abbrev} §{part[1] if part else ''}{f'({item[1]})' if item else ''}"
    pieces = []
    for sep, a, p, p2, items in re.findall(
        rf"(、|至)?第([{_CN}]+)条(?:第([{_CN}]+)款)?(?:至第([{_CN}]+)款)?((?:第（[{_CN}]+）项)*)",
        arts,
    ):
        s = str(_cn_to_int(a))
        if p:
            s += f" para {_cn_to_int(p)}"
            if p2:
                s += f"–{_cn_to_int(p2)}"
        s += "".join(f"({_cn_to_int(i)})" for i in re.findall(rf"（([{_CN}]+)）", items))
        pieces.append(("–" if sep == "至" else ", " if pieces else "") + s)
    several = len(pieces) > 1
    return f"{law.abbrev} {'Arts.' if several else 'Art.'} " + "".join(pieces)


def to_abbrev(text: str) -> str:
    """Chinese citations inside a text written with the abbreviations (English UI):
    《中华人民共和国行政处罚法》第六十条 → APL Art. 60; titles the formatter does not know stay."""
    if not text:
        return text
    out = _ZH_RE.sub(_abbrev_one, text)
    return re.sub(r"(?<=[\d)])；(?=[A-Z])", "; ", out)


def attr_zh(obj, name: str, *, short: bool = False) -> str:
    """The Chinese rendering of a text attribute (or key) of obj, for API fields beside the machine ones."""
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, "")
    return render_text(str(value or ""), short=short)
