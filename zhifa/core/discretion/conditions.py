"""Machine conditions over declared facts, compiled once into closures (no eval).

Syntax (JSON, as written in data/benchmark_conditions.json and data/exemption_conditions.json):

* leaf: ``[fact, op, value]`` with op one of eq, ne, lt, le, gt, ge, between, in, bool;
  ``between`` takes ``[low, high]`` and includes both ends, because 以上/以下 include the number
  (交通运输行政执法程序规定 第一百三十条);
* ``{"all": [...]}`` (every part holds; an empty list always holds) and ``{"any": [...]}``.

A leaf whose fact was not stated is false: an unproven fact never counts against or for the party.
There is deliberately no ``not``; write ``[fact, "bool", false]`` or ``ne`` so that the fact must be stated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import InvalidRecord
from .facts import FACTS, FactSpec, FactValue, coerce_value

Predicate = Callable[[Mapping[str, FactValue]], bool]
OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "between", "in", "bool")


@dataclass(frozen=True, slots=True)
class Condition:
    """A compiled condition: `test(facts)` plus the facts it reads and its source expression."""

    test: Predicate
    facts: frozenset[str]
    expr: Any

    def __call__(self, facts: Mapping[str, FactValue]) -> bool:
        return self.test(facts)


def _const(spec: FactSpec, value: Any, record_id: str) -> FactValue:
    try:
        return coerce_value(spec, value)
    except Exception as exc:  # the message names the fact; re-raise as a record error
        raise InvalidRecord(record_id, spec.name, f"条件常量 {value!r} 不合法") from exc


def _leaf(expr: list[Any], record_id: str) -> tuple[Predicate, set[str]]:
    if len(expr) != 3:
        raise InvalidRecord(record_id, "when", f"条件 {expr!r} 应为 [事实, 运算符, 值]")
    name, op, raw = expr
    spec = FACTS.get(name)
    if spec is None:
        raise InvalidRecord(record_id, "when", f"未声明的事实“{name}”")
    if op not in OPERATORS:
        raise InvalidRecord(record_id, "when", f"未知运算符“{op}”")
    if op == "bool":
        if spec.type != "bool" or not isinstance(raw, bool):
            raise InvalidRecord(record_id, "when", f"bool 运算只适用于是/否事实（{name}）")
        want = raw
        return (lambda f: f.get(name) is want), {name}
    if spec.type == "bool":
        raise InvalidRecord(record_id, "when", f"是/否事实“{name}”只能用 bool 运算")
    if op == "between":
        if not isinstance(raw, list) or len(raw) != 2:
            raise InvalidRecord(record_id, "when", f"between 需要 [下限, 上限]（{name}）")
        lo, hi = _const(spec, raw[0], record_id), _const(spec, raw[1], record_id)
        if lo > hi:  # type: ignore[operator]
            raise InvalidRecord(record_id, "when", f"between 下限大于上限（{name}）")

        return (lambda f: (v := f.get(name)) is not None and lo <= v <= hi), {name}
    if op == "in":
        if not isinstance(raw, list) or not raw:
            raise InvalidRecord(record_id, "when", f"in 需要非空列表（{name}）")
        choices = frozenset(_const(spec, x, record_id) for x in raw)
        return (lambda f: f.get(name) in choices), {name}
    c = _const(spec, raw, record_id)
    if spec.type == "enum" and op not in ("eq", "ne"):
        raise InvalidRecord(record_id, "when", f"枚举事实“{name}”只能用 eq/ne/in")
    # one closure per operator: no indirection on the hot path; a missing fact (None) is false
    if op == "eq":
        return (lambda f: f.get(name) == c), {name}
    if op == "ne":
        return (lambda f: (v := f.get(name)) is not None and v != c), {name}
    if op == "lt":
        return (lambda f: (v := f.get(name)) is not None and v < c), {name}
    if op == "le":
        return (lambda f: (v := f.get(name)) is not None and v <= c), {name}
    if op == "gt":
        return (lambda f: (v := f.get(name)) is not None and v > c), {name}
    return (lambda f: (v := f.get(name)) is not None and v >= c), {name}


def _compile(expr: Any, record_id: str) -> tuple[Predicate, set[str]]:
    if isinstance(expr, list):
        return _leaf(expr, record_id)
    if isinstance(expr, dict) and len(expr) == 1:
        ((key, parts),) = expr.items()
        if key in ("all", "any") and isinstance(parts, list):
            compiled = [_compile(p, record_id) for p in parts]
            preds = tuple(p for p, _ in compiled)
            names: set[str] = set().union(*(n for _, n in compiled)) if compiled else set()
            if not preds:
                return ((lambda f: True) if key == "all" else (lambda f: False)), names
            if len(preds) == 1:
                return preds[0], names
            if len(preds) == 2:
                a, b = preds
                if key == "all":
                    return (lambda f: a(f) and b(f)), names
                return (lambda f: a(f) or b(f)), names
            if len(preds) == 3:
                a, b, c = preds
                if key == "all":
                    return (lambda f: a(f) and b(f) and c(f)), names
                return (lambda f: a(f) or b(f) or c(f)), names

            def all_of(f: Mapping[str, FactValue]) -> bool:
                for p in preds:  # noqa: SIM110 - a plain loop is faster than a generator
                    if not p(f):
                        return False
                return True

            def any_of(f: Mapping[str, FactValue]) -> bool:
                for p in preds:  # noqa: SIM110 - a plain loop is faster than a generator
                    if p(f):
                        return True
                return False

            return (all_of if key == "all" else any_of), names
    raise InvalidRecord(record_id, "when", f"无法识别的条件 {expr!r}")


def compile_condition(expr: Any, record_id: str) -> Condition:
    """Compile a JSON condition; raise InvalidRecord naming `record_id` on any defect."""
    test, names = _compile(expr, record_id)
    return Condition(test=test, facts=frozenset(names), expr=expr)


ALWAYS = compile_condition({"all": []}, "ALWAYS")


def to_decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))
