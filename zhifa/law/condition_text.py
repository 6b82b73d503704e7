"""The conditions of a benchmark level as a person writes them in one Excel cell, and back.

The engine's conditions are JSON (zhifa/core/discretion/conditions.py): a leaf ``[fact, op, value]``,
``{"all": [...]}`` and ``{"any": [...]}``. In a cell they read:

    repeat_count >= 2
    全部(area_m2 > 5；area_m2 <= 10；corrected = 否)
    任一(accident = 是；damage_value >= 30000)
    road_admin_class 属于 county、township
    area_m2 介于 5~10

Operators: ``=  !=  <  <=  >  >=  介于 (a~b, both ends included)  属于 (a、b、c)``; a yes/no fact is
written ``fact = 是`` or ``fact = 否``. An empty cell means the level has no machine condition (the engine
never picks it by itself); ``全部()`` means "always". Only facts of the declared vocabulary are accepted.

This is a text format, parsed by hand: nothing is evaluated. `format_condition(parse_condition(t))`
gives back the canonical text, and `parse_condition(format_condition(e)) == e` for every expression
the engine accepts, so an export re-imports to identical data.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from zhifa.core.discretion.facts import FACTS

GROUPS = {"全部": "all", "all": "all", "任一": "any", "any": "any"}
GROUP_ZH = {"all": "全部", "any": "任一"}
OPS = {
    "=": "eq",
    "＝": "eq",
    "==": "eq",
    "!=": "ne",
    "≠": "ne",
    "<": "lt",
    "＜": "lt",
    "<=": "le",
    "≤": "le",
    ">": "gt",
    "＞": "gt",
    ">=": "ge",
    "≥": "ge",
    "介于": "between",
    "between": "between",
    "属于": "in",
    "in": "in",
}
OP_TEXT = {
    "eq": "=",
    "ne": "!=",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
    "between": "介于",
    "in": "属于",
}
TRUE_WORDS = {"是", "true", "True", "TRUE", "真"}
FALSE_WORDS = {"否", "false", "False", "FALSE", "假"}
_LEAF = re.compile(
    r"^\s*(?P<fact>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"(?P<op><=|>=|!=|==|=|<|>|≤|≥|≠|＝|＜|＞|介于|属于|between\b|in\b)\s*(?P<value>.*?)\s*$"
)
_FACT_ONLY = re.compile(r"^\s*(?P<fact>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<rest>.*)$")
_SEPARATORS = ";；"
_OPEN = "(（"
_CLOSE = ")）"
_LIST_SPLIT = re.compile(r"[、,，]")
_RANGE_SPLIT = re.compile(r"\s*[~～至]\s*")


class ConditionSyntaxError(ValueError):
    """A cell that is not a condition; the message is Chinese and names the problem."""


# --- formatting ------------------------------------------------------------------------------


def format_value(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def format_condition(expr: Any) -> str:
    """Canonical cell text of a JSON condition; "" for None."""
    if expr is None:
        return ""
    if isinstance(expr, dict):
        ((key, parts),) = expr.items()
        return f"{GROUP_ZH[key]}(" + "；".join(format_condition(p) for p in parts) + ")"
    fact, op, value = expr
    if op == "bool":
        return f"{fact} = {format_value(bool(value))}"
    if op == "between":
        return f"{fact} 介于 {format_value(value[0])}~{format_value(value[1])}"
    if op == "in":
        return f"{fact} 属于 " + "、".join(format_value(v) for v in value)
    return f"{fact} {OP_TEXT[op]} {format_value(value)}"


# --- parsing ---------------------------------------------------------------------------------


def parse_condition(text: str | None) -> Any:
    """JSON condition from cell text; None for an empty cell. Raises ConditionSyntaxError."""
    if text is None or not str(text).strip():
        return None
    src = str(text).strip()
    expr, pos = _parse_expr(src, 0)
    pos = _skip_ws(src, pos)
    if pos != len(src):
        raise ConditionSyntaxError(f"条件在第{pos + 1}个字符处多出了“{src[pos : pos + 10]}”。")
    return expr


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def _parse_expr(s: str, i: int) -> tuple[Any, int]:
    i = _skip_ws(s, i)
    for word, key in GROUPS.items():
        j = _skip_ws(s, i + len(word))
        if s.startswith(word, i) and j < len(s) and s[j] in _OPEN:
            return _parse_group(s, j + 1, key)
    # a leaf runs to the next separator or closing bracket at this level
    j = i
    while j < len(s) and s[j] not in _SEPARATORS and s[j] not in _CLOSE and s[j] not in _OPEN:
        j += 1
    if j < len(s) and s[j] in _OPEN:
        raise ConditionSyntaxError(
            f"“{s[i:j].strip() or s[j]}”后的括号无法识别：分组请写“全部(…)”或“任一(…)”。"
        )
    return parse_leaf(s[i:j]), j


def _parse_group(s: str, i: int, key: str) -> tuple[Any, int]:
    parts: list[Any] = []
    i = _skip_ws(s, i)
    if i < len(s) and s[i] in _CLOSE:
        return {key: parts}, i + 1
    while True:
        part, i = _parse_expr(s, i)
        parts.append(part)
        i = _skip_ws(s, i)
        if i >= len(s):
            raise ConditionSyntaxError(f"“{GROUP_ZH[key]}(”缺少右括号。")
        if s[i] in _CLOSE:
            return {key: parts}, i + 1
        if s[i] in _SEPARATORS:
            i += 1
            continue
        raise ConditionSyntaxError(f"第{i + 1}个字符“{s[i]}”处应为“；”或“)”。")


def parse_leaf(text: str) -> list[Any]:
    text = text.strip()
    if not text:
        raise ConditionSyntaxError("有一个空条件（多余的“；”？）。")
    m = _LEAF.match(text)
    if m is None:
        f = _FACT_ONLY.match(text)
        if f and f.group("fact") in FACTS:
            rest = f.group("rest").strip()
            raise ConditionSyntaxError(
                f"条件“{text}”的运算符“{rest.split(' ')[0] if rest else '（缺少）'}”无法识别；"
                "可用：=、!=、<、<=、>、>=、介于、属于。"
            )
        raise ConditionSyntaxError(f"无法识别的条件“{text}”：应为“事实 运算符 值”。")
    fact, op_text, raw = m.group("fact"), m.group("op"), m.group("value")
    spec = FACTS.get(fact)
    if spec is None:
        raise ConditionSyntaxError(f"未声明的事实“{fact}”（见“事实词汇”表）。")
    op = OPS[op_text]
    if not raw:
        raise ConditionSyntaxError(f"条件“{text}”缺少值。")
    if spec.type == "bool":
        if op not in ("eq", "ne"):
            raise ConditionSyntaxError(f"是/否事实“{fact}”只能写“{fact} = 是”或“{fact} = 否”。")
        value = _bool(fact, raw)
        return [fact, "bool", value if op == "eq" else not value]
    if op == "between":
        bounds = _RANGE_SPLIT.split(raw)
        if len(bounds) != 2:
            raise ConditionSyntaxError(f"“介于”应写作“下限~上限”（{text}）。")
        return [fact, op, [_value(spec, b) for b in bounds]]
    if op == "in":
        items = [x.strip() for x in _LIST_SPLIT.split(raw) if x.strip()]
        if not items:
            raise ConditionSyntaxError(f"“属于”后应列出取值（{text}）。")
        return [fact, op, [_value(spec, x) for x in items]]
    if spec.type == "enum" and op not in ("eq", "ne"):
        raise ConditionSyntaxError(f"类别事实“{fact}”只能用 =、!= 或 属于。")
    return [fact, op, _value(spec, raw)]


def _bool(fact: str, raw: str) -> bool:
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ConditionSyntaxError(f"是/否事实“{fact}”的值应为“是”或“否”，而非“{raw}”。")


def _value(spec, raw: str) -> Any:
    raw = raw.strip()
    if spec.type == "enum":
        for code, label in spec.choices:
            if raw in (code, label):
                return code
        allowed = "、".join(code for code, _ in spec.choices)
        raise ConditionSyntaxError(f"事实“{spec.name}”的值“{raw}”不在可选值中：{allowed}。")
    try:
        number = Decimal(raw.replace(",", ""))
    except ArithmeticError:
        raise ConditionSyntaxError(f"事实“{spec.name}”的值应为数字，而非“{raw}”。") from None
    if not number.is_finite():
        raise ConditionSyntaxError(f"事实“{spec.name}”的值应为有限数字。")
    if number < 0:
        raise ConditionSyntaxError(f"事实“{spec.name}”的值不能为负数（{raw}）。")
    if number == number.to_integral_value():
        return int(number)
    if spec.type == "int":
        raise ConditionSyntaxError(f"事实“{spec.name}”的值应为整数，而非“{raw}”。")
    return float(number)


# --- sub-ranges ("ranges" of a level: a range chosen by a further condition) -----------------

_RANGE_LINE = re.compile(r"^(?:(?P<label>[^：:=]*)[：:])?\s*(?P<cond>.*?)\s*=>\s*(?P<range>.+)$")


def format_ranges(ranges: list[dict[str, Any]] | None) -> str:
    lines = []
    for r in ranges or ():
        label = r.get("label_zh") or ""
        lines.append(
            f"{label}：{format_condition(r['when'])} => "
            f"{format_value(r['low'])}~{format_value(r['high'])}"
        )
    return "\n".join(lines)


def parse_ranges(text: str | None) -> list[dict[str, Any]]:
    """Lines "标签：条件 => 下限~上限"; raises ConditionSyntaxError naming the line."""
    out: list[dict[str, Any]] = []
    if text is None:
        return out
    for n, line in enumerate(str(text).splitlines(), 1):
        if not line.strip():
            continue
        m = _RANGE_LINE.match(line.strip())
        if m is None:
            raise ConditionSyntaxError(f"分项幅度第{n}行应写作“标签：条件 => 下限~上限”。")
        bounds = _RANGE_SPLIT.split(m.group("range").strip())
        if len(bounds) != 2:
            raise ConditionSyntaxError(f"分项幅度第{n}行的幅度应写作“下限~上限”。")
        try:
            low, high = (Decimal(b.replace(",", "")) for b in bounds)
        except ArithmeticError:
            raise ConditionSyntaxError(f"分项幅度第{n}行的金额应为数字。") from None
        if low < 0 or high < 0:
            raise ConditionSyntaxError(f"分项幅度第{n}行的金额不能为负数。")
        if low > high:
            raise ConditionSyntaxError(f"分项幅度第{n}行的下限大于上限。")
        try:
            when = parse_condition(m.group("cond"))
        except ConditionSyntaxError as exc:
            raise ConditionSyntaxError(f"分项幅度第{n}行：{exc}") from None
        if when is None:
            raise ConditionSyntaxError(f"分项幅度第{n}行缺少条件。")
        out.append(
            {
                "label_zh": (m.group("label") or "").strip(),
                "when": when,
                "low": _plain(low),
                "high": _plain(high),
            }
        )
    return out


def _plain(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)
