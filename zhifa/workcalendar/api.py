"""The working-day calendar over JSON: compute a due date, list a year's special days, the rules.

Any signed-in user may call these (national reference data). Bad input answers 422 with a stable
`code` and a Chinese `message`, never a 500.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from zhifa.core.calendar import MAX_DATE, MIN_DATE, UNITS
from zhifa.core.citations import attr_zh
from zhifa.core.errors import InvalidInput

from . import selectors

router = Router(tags=["calendar"])


class DeadlineQuery(Schema):
    start: str = Field(
        ...,
        description="起算日 YYYY-MM-DD（按小时计算时为 YYYY-MM-DDTHH:MM，未带时区按北京时间）",
        examples=["2025-09-29"],
    )
    amount: int | None = Field(None, description="期限数值（与 unit 同用）", examples=[5])
    unit: str | None = Field(
        None, description="期限单位：" + "、".join(UNITS), examples=["working_days"]
    )
    rule: str | None = Field(
        None,
        description="法定期限规则代码（见 /calendar/rules），与 amount/unit 二选一",
        examples=["A10_hearing_request"],
    )


class CalendarDeadlineOut(Schema):
    start: datetime | date
    due: datetime | date = Field(..., description="届满日（当日仍在期限内）")
    nominal_due: datetime | date = Field(..., description="顺延前的届满日")
    rolled_forward: bool = Field(..., description="届满日是否因节假日或休息日顺延")
    unit: str
    amount: int
    provisional: bool = Field(..., description="是否依赖尚未发布放假安排的年度（临时结果）")
    provisional_years: list[int]
    basis: str = Field(..., description="计算依据（中文，含条文）")
    rule: str | None = None
    reference: str | None = None
    note: str | None = None

    basis_zh: str = Field("", description="basis 的中文法条引用")

    @staticmethod
    def resolve_basis_zh(obj):
        return attr_zh(obj, "basis")


class SpecialDayOut(Schema):
    date: date
    kind: str = Field(..., description="holiday 放假 / workday 调休上班")
    name: str


class YearOut(Schema):
    year: int
    published: bool = Field(..., description="该年度放假安排是否已导入")
    source: str
    imported_at: datetime | None
    days: list[SpecialDayOut]


class RuleOut(Schema):
    code: str
    row: str
    title: str
    amount: int
    unit: str
    direction: str = Field(..., description="after：自起算日向后；before：自事项日期倒算")
    starts: str
    reference: str
    note: str
    interpretation: bool = Field(..., description="单位为平台解释（原文未明确）")
    effective_from: date

    reference_zh: str = Field("", description="reference 的中文法条引用")

    @staticmethod
    def resolve_reference_zh(obj):
        return attr_zh(obj, "reference")


def parse_start(text: str) -> date | datetime:
    text = (text or "").strip()
    try:
        if len(text) <= 10:
            value = date.fromisoformat(text)
        else:
            value = datetime.fromisoformat(text)
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
    except ValueError:
        raise InvalidInput(
            _("日期格式有误，应为 YYYY-MM-DD（或 YYYY-MM-DDTHH:MM）。"),
            code="calendar_bad_date",
            details={"start": text[:40]},
        ) from None
    return value


@router.get("/deadline", response=CalendarDeadlineOut, summary="计算期限届满日")
def deadline(request, query: Query[DeadlineQuery]):
    start = parse_start(query.start)
    rule = None
    if query.rule is not None:
        if query.amount is not None or query.unit is not None:
            raise InvalidInput(
                _("rule 与 amount/unit 只能二选一。"), code="calendar_rule_or_amount"
            )
        rule = selectors.time_limit_rule(query.rule)
        due = selectors.deadline_for_rule(rule.code, start)
    else:
        if query.amount is None or query.unit is None:
            raise InvalidInput(
                _("请提供 amount 和 unit，或提供 rule。"), code="calendar_amount_required"
            )
        due = selectors.compute_deadline(start, query.amount, query.unit)
    return {
        "start": due.start,
        "due": due.due,
        "nominal_due": due.nominal,
        "rolled_forward": due.rolled_forward,
        "unit": due.unit,
        "amount": due.amount,
        "provisional": due.provisional,
        "provisional_years": list(due.provisional_years),
        "basis": due.basis,
        "rule": rule.code if rule else None,
        "reference": rule.reference if rule else None,
        "note": rule.note if rule else None,
    }


@router.get("/days", response=YearOut, summary="某年度的放假日和调休上班日")
def days(request, year: int):
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise InvalidInput(
            _("年度应在 %(a)d 至 %(b)d 之间。") % {"a": MIN_DATE.year, "b": MAX_DATE.year},
            code="calendar_bad_year",
        )
    view = selectors.year_view(year)
    return {
        "year": view.year,
        "published": view.published,
        "source": view.source,
        "imported_at": view.imported_at,
        "days": [{"date": d.date, "kind": d.kind, "name": d.name} for d in view.days],
    }


@router.get("/rules", response=list[RuleOut], summary="法定期限规则表（legal.md §A）")
def rules(request):
    return [
        {
            "code": r.code,
            "row": r.row,
            "title": r.title,
            "amount": r.current.amount,
            "unit": r.current.unit,
            "direction": r.direction,
            "starts": r.starts,
            "reference": r.reference,
            "note": r.note,
            "interpretation": r.interpretation,
            "effective_from": r.current.effective_from,
        }
        for r in selectors.time_limit_rules()
    ]
