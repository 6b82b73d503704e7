"""Case numbers and document numbers, per agency and year (案号、文书编号).

The scheme lives in `format_case_number` and `format_document_number` only; the sequence in one
`NumberCounter` row per (agency, year, series), locked while the next number is taken, so two
filings in the same agency never get the same number and numbers have no gaps on commit.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from zhifa.orgs.models import Agency

from .models import NumberCounter

CASE_SERIES = "case"
SEQ_DIGITS = 6

# A short series word per document kind, as the printed forms number them; others use "文".
DOCUMENT_SERIES = {
    "filing_register": "立",
    "violation_notice": "告",
    "hearing_notice": "听通",
    "hearing_record": "听",
    "onspot_decision": "当罚",
    "penalty_decision": "罚决",
    "no_penalty_decision": "不罚",
    "correction_order": "责改",
    "payment_plan_notice": "分缴",
    "demand": "催",
    "execution_decision": "强执",
    "execution_notice": "执通",
    "service_receipt": "送",
    "closing_report": "结",
    "court_enforcement_application": "申执",
    "crime_transfer_letter": "刑移",
    "case_transfer_letter": "移",
    "legal_review_opinion": "审",
    "deliberation_record": "讨",
    "investigation_report": "调报",
    "not_filed_approval": "不立",
    "recusal_decision": "回避",
}


def agency_prefix(agency: Agency) -> str:
    """ "浙杭交执": the first character of each level below the ministry, then 交执.

    杭州市交通运输综合行政执法支队 under 浙江省交通运输厅 gives 浙杭; a provincial department 浙.
    Maritime and river bodies (directly under the ministry) keep their first two characters.
    """
    chain: list[Agency] = []
    node: Agency | None = agency
    while node is not None and node.parent_id is not None:
        chain.append(node)
        node = node.parent
    chain.reverse()
    if not chain:
        return "交执"
    if len(chain) == 1 and agency.kind in {"maritime", "changjiang", "zhujiang"}:
        return agency.name[:2]
    return "".join(a.name[:1] for a in chain) + "交执"


def format_case_number(agency: Agency, year: int, seq: int) -> str:
    """浙杭交执罚〔2026〕000123号."""
    return f"{agency_prefix(agency)}罚〔{year}〕{seq:0{SEQ_DIGITS}d}号"


def format_document_number(agency: Agency, year: int, kind: str, seq: int) -> str:
    """浙杭交执告〔2026〕000007号: one series per document kind."""
    return (
        f"{agency_prefix(agency)}{DOCUMENT_SERIES.get(kind, '文')}〔{year}〕{seq:0{SEQ_DIGITS}d}号"
    )


def next_number(agency: Agency, year: int, series: str) -> int:
    """Take the next number of a series; call inside the caller's transaction."""
    for _attempt in range(3):
        # one statement: the UPDATE locks the row until commit and says the number it set
        taken = _increment(agency.pk, year, series)
        if taken is not None:
            return taken
        try:
            with transaction.atomic():
                NumberCounter.objects.create(agency=agency, year=year, series=series, last=0)
        except IntegrityError:
            continue  # another transaction created it first: take from theirs
    raise RuntimeError("could not take a number")  # pragma: no cover


def _increment(agency_id: int, year: int, series: str) -> int | None:
    table = NumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 "  # noqa: S608 -- the table name is ours
            "WHERE agency_id = %s AND year = %s AND series = %s RETURNING last",
            [agency_id, year, series],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def new_case_number(agency: Agency, year: int) -> str:
    return format_case_number(agency, year, next_number(agency, year, CASE_SERIES))


def new_document_number(agency: Agency, year: int, kind: str) -> str:
    series = f"doc:{DOCUMENT_SERIES.get(kind, '文')}"
    return format_document_number(agency, year, kind, next_number(agency, year, series))
