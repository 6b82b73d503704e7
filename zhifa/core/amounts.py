"""Sums and ranges written as the statutes write them: 20000 → 二万元, (0, 50000) → 五万元以下,
(20000, 100000) → 二万元以上十万元以下, gains 1–5 → 违法所得一倍以上五倍以下. Pure: no Django.

"以上/以下" include the stated number (TEPP Art. 130), which is how the catalogue's bounds are read."""

from __future__ import annotations

from decimal import Decimal

from zhifa.core.citations import cn_number


def yuan_zh(amount: int | Decimal) -> str:
    """A whole number of yuan in statute style: 200 → 二百元, 25000 → 二万五千元, 1500000 → 一百五十万元."""
    value = Decimal(amount)
    if value != value.to_integral_value() or value < 0:
        return f"{value.normalize():f}元"
    n = int(value)
    if n == 0:
        return "零元"
    wan, rest = divmod(n, 10000)
    if wan >= 10000:
        return f"{n}元"
    out = cn_number(wan) + "万" if wan else ""
    if rest:
        if wan and rest < 1000:
            out += "零"
        out += cn_number(rest)
    return out + "元"


def range_zh(low, high) -> str:
    """A fine range: (None|0, 50000) → 五万元以下; (20000, 100000) → 二万元以上十万元以下; (200, None) → 二百元以上."""
    if high is None and not low:
        return ""
    if high is None:
        return f"{yuan_zh(low)}以上"
    if not low:
        return f"{yuan_zh(high)}以下"
    if Decimal(low) == Decimal(high):
        return yuan_zh(high)
    return f"{yuan_zh(low)}以上{yuan_zh(high)}以下"


def _times(m) -> str:
    value = Decimal(m)
    if value == value.to_integral_value() and value >= 0:
        return f"{cn_number(int(value))}倍"
    return f"{value.normalize():f}倍"


def multiple_zh(low, high) -> str:
    """Gains multiples: (1, 5) → 一倍以上五倍以下; (0, 3) → 三倍以下."""
    if high is None:
        return ""
    if not low:
        return f"{_times(high)}以下"
    return f"{_times(low)}以上{_times(high)}以下"


def sanctions_zh(
    *,
    warning: bool = False,
    fine_min=None,
    fine_max=None,
    gain_multiple_min=None,
    gain_multiple_max=None,
    small_gain_threshold=None,
    fallback_fine_min=None,
    fallback_fine_max=None,
    per_unit_fine=None,
) -> list[str]:
    """The statutory sanctions of a provision as phrases (never a Python value)."""
    out = []
    if warning:
        out.append("警告")
    if fine_max is not None or fine_min:
        out.append(f"处{range_zh(fine_min, fine_max)}的罚款")
    if gain_multiple_max is not None:
        out.append(f"处违法所得{multiple_zh(gain_multiple_min, gain_multiple_max)}的罚款")
        if fallback_fine_max is not None:
            fallback = range_zh(fallback_fine_min, fallback_fine_max)
            if small_gain_threshold is not None:
                out.append(
                    f"没有违法所得或者违法所得不足{yuan_zh(small_gain_threshold)}的，处{fallback}的罚款"
                )
            else:
                out.append(f"没有违法所得的，处{fallback}的罚款")
    if per_unit_fine:
        out.append(f"按单位处{yuan_zh(per_unit_fine)}的罚款")
    return out
