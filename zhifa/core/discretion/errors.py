"""Errors of the discretion engine, each with a stable code and a Chinese message.

All are `InvalidInput` (HTTP 422 through zhifa/api.py): the request or the record is wrong, the engine
never guesses around it. Codes are prefixed ``discretion.`` so clients can switch on them.
"""

from __future__ import annotations

from typing import Any

from zhifa.core.errors import InvalidInput


class DiscretionError(InvalidInput):
    """Base class; `code` is stable, `message` is Chinese, `details` names the record and field."""

    code = "discretion.invalid"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(
            message, code=code, details={k: v for k, v in details.items() if v is not None}
        )


class InvalidRecord(DiscretionError):
    """A data record (provision, benchmark, exemption list, mapping row) is malformed."""

    code = "discretion.invalid_record"

    def __init__(self, record_id: str, field: str, problem_zh: str) -> None:
        super().__init__(
            f"数据记录“{record_id}”的字段“{field}”有误：{problem_zh}",
            record_id=record_id,
            field=field,
        )


class UnknownProvision(DiscretionError):
    code = "discretion.unknown_provision"

    def __init__(self, provision_id: str) -> None:
        super().__init__(f"处罚条款“{provision_id}”不存在。", provision_id=provision_id)


class UnknownFact(DiscretionError):
    code = "discretion.unknown_fact"

    def __init__(self, name: str) -> None:
        super().__init__(f"事实“{name}”不在已声明的事实词汇表中。", fact=name)


class UndeclaredFact(DiscretionError):
    code = "discretion.undeclared_fact"

    def __init__(self, name: str, provision_id: str) -> None:
        super().__init__(
            f"事实“{name}”未被条款“{provision_id}”及其适用的裁量基准声明，不能用于本次裁量。",
            fact=name,
            provision_id=provision_id,
        )


class InvalidFactValue(DiscretionError):
    code = "discretion.invalid_fact_value"

    def __init__(self, name: str, problem_zh: str) -> None:
        super().__init__(f"事实“{name}”的值有误：{problem_zh}", fact=name)


class NegativeAmount(DiscretionError):
    code = "discretion.negative_amount"

    def __init__(self, name: str) -> None:
        super().__init__(f"“{name}”不能为负数。", field=name)


class MissingFact(DiscretionError):
    code = "discretion.missing_fact"

    def __init__(self, name: str, why_zh: str) -> None:
        super().__init__(f"缺少事实“{name}”：{why_zh}", fact=name)


class InvalidDates(DiscretionError):
    code = "discretion.invalid_dates"


class NoLawInForce(DiscretionError):
    """The violation date precedes the law (or the recorded text version) — APL Art. 4 (法定原则)."""

    code = "discretion.no_law_in_force"


class AmbiguousProvision(DiscretionError):
    code = "discretion.ambiguous_provision"


class FactsContradictProvision(DiscretionError):
    code = "discretion.facts_contradict_provision"


class DeviationRefused(DiscretionError):
    code = "discretion.deviation_refused"
