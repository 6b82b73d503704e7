"""Pure rules for printed enforcement documents (文书): amounts in figures and in Chinese capital
numerals, dates as printed, document numbers, missing required fields, and font coverage.

No Django here. Each rule names where it comes from.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from zhifa.core.errors import InvalidInput

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")
FEN = Decimal("0.01")


def to_amount(value) -> Decimal:
    """An amount of money in yuan with at most two decimals (fen). A fraction of a fen is refused,
    not rounded: a penalty is stated to the fen (APL Art. 59 requires the penalty stated exactly)."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            "金额格式有误。", code="amount_invalid", details={"value": str(value)}
        ) from None
    if not amount.is_finite():
        raise InvalidInput("金额格式有误。", code="amount_invalid", details={"value": str(value)})
    if amount < 0:
        raise InvalidInput(
            "金额不能为负数。", code="amount_negative", details={"value": str(value)}
        )
    if amount != amount.quantize(FEN):
        raise InvalidInput(
            "金额精确到分，不能含有分以下的零头。",
            code="amount_below_fen",
            details={"value": str(value)},
        )
    if amount >= Decimal("1000000000000"):
        raise InvalidInput("金额过大。", code="amount_too_large", details={"value": str(value)})
    return amount.quantize(FEN)


def _four(n: int) -> str:
    """0 < n < 10000 in capitals, with inner zeros as one 零."""
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[d] + _SMALL_UNITS[i]
    return out


def capital_yuan(value) -> str:
    """人民币大写 as written on payment documents: 伍佰元整, 壹万零伍拾元伍角, 叁元零伍分."""
    amount = to_amount(value)
    yuan = int(amount)
    jiao = int(amount * 10) % 10
    fen = int(amount * 100) % 10
    groups = []
    n = yuan
    while n:
        groups.append(n % 10000)
        n //= 10000
    text = ""
    need_zero = False
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or g < 1000):
            text += "零"
        text += _four(g) + _BIG_UNITS[idx]
        need_zero = False
    if not text:
        text = "" if (jiao or fen) else "零"
    if text:
        text += "元"
    if not jiao and not fen:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text


def figures_yuan(value) -> str:
    """人民币 in figures: "4000元" when whole, "4000.50元" with jiao or fen."""
    amount = to_amount(value)
    if amount == amount.to_integral_value():
        return f"{int(amount)}元"
    return f"{amount}元"


def chinese_date(day: date | None) -> str:
    """The issue date as printed on forms, in Arabic numerals (GB/T 9704-2012 §7.3.5.3)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def document_number(prefix: str, word: str, year: int, seq: int) -> str:
    """〔2026〕杭交执罚字第12号: year in 六角括号, the agency's prefix, the kind's word, the serial.
    No national format exists (document-forms.md §4, UNCONFIRMED): the prefix is the agency's."""
    if seq < 1:
        raise ValueError("serial numbers start at 1")
    return f"〔{year}〕{prefix}{word}字第{seq}号"


# Random verification codes: no 0/O, 1/I/L; 12 characters of 31 = about 59 bits (not guessable).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def is_well_formed_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


@dataclass(frozen=True)
class Missing:
    field: str
    label: str


def missing_fields(
    values: Mapping[str, object], required: Iterable[tuple[str, str]]
) -> tuple[Missing, ...]:
    """The required fields (key, Chinese label) that are empty. A form lacking one is not issued
    (APL Art. 59 lists a decision's required contents; legal.md §H: remedy fields are checked)."""
    out = []
    for key, label in required:
        v = values.get(key)
        if v is None or (isinstance(v, str) and not v.strip()) or v == [] or v == {}:
            out.append(Missing(key, label))
    return tuple(out)


def uncovered(text: str, cmaps: Iterable[frozenset[int] | set[int]]) -> list[str]:
    """Characters of `text` that none of the fonts' character maps cover (whitespace and control
    characters excepted), in order of first appearance."""
    maps = list(cmaps)
    seen: dict[str, None] = {}
    for ch in text:
        if ch in seen or ch.isspace() or ord(ch) < 32:
            continue
        if not any(ord(ch) in m for m in maps):
            seen[ch] = None
    return list(seen)
