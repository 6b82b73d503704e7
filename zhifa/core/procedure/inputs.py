"""The simple inputs a step of the procedure takes, by name: type, default (or required) and a
Chinese label. Pure Python. The cases API builds its step schemas (ReasonIn, CollectIn …) from
this table, and registers each step with exactly the inputs of its schema.

Structured inputs (the penalty, the legal-review checklist, service) keep their own schemas in
zhifa/cases/api.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

REQUIRED: Any = ...  # no default: the step cannot be taken without it


@dataclass(frozen=True)
class Input:
    kind: Any  # a type: str, bool, date, list[str]
    default: Any = REQUIRED
    label: str = ""
    factory: Callable[[], Any] | None = None  # a fresh default each time (lists)

    @property
    def required(self) -> bool:
        return self.default is REQUIRED and self.factory is None


INPUTS: dict[str, Input] = {
    "reason": Input(str, "", "理由"),
    "to_agency": Input(str, "", "受移送机关"),
    "summary": Input(str, "", "摘要"),
    "text": Input(str, label="当事人陈述申辩内容"),  # APL Art. 45
    "hearing_date": Input(date, label="听证日期"),  # APL Art. 64(2)
    "record": Input(str, "", "听证笔录要点"),  # APL Art. 64(8)
    "collection_ground": Input(str, label="当场收缴的法定情形"),  # APL Art. 68
    "receipt_issued": Input(bool, False, "已出具专用票据"),  # APL Art. 70
    "reference": Input(str, "", "缴款凭证号"),
    "service_method": Input(str, "direct", "送达方式"),
    "attendees": Input(list[str], label="参加人员"),  # APL Art. 57 para 2
    "opinions": Input(list[str], label="讨论意见", factory=list),
    "resolution": Input(str, label="讨论决定"),
}
