"""The audit administrator's export of the journal (Excel), itself journaled (issue 10 item 7)."""

import io

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from . import journal

EXPORT_LIMIT = 100_000
HEADERS = [
    "发生时间", "事件", "事件类型", "操作人", "所属机构", "对象类型", "对象标识", "记录内容",
    "记录链", "序号", "本条哈希", "关联标识",
]  # fmt: skip


def _cell(text: str) -> str:
    """No formula injection: a cell that looks like a formula is kept as text."""
    text = str(text or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@transaction.atomic
def export_xlsx(entries, *, actor, filters: dict) -> tuple[bytes, int]:
    """Up to EXPORT_LIMIT entries of `entries` (a queryset, already scoped) as .xlsx bytes."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("全过程记录")
    ws.append(HEADERS)
    count = 0
    for e in entries[:EXPORT_LIMIT].iterator(chunk_size=2000):
        ws.append(
            [
                timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
                e.event_label,
                e.event_type,
                _cell(e.actor_name),
                _cell(e.agency.name if e.agency_id else "（系统）"),
                e.subject_type,
                _cell(e.subject_id),
                _cell(e.payload),
                e.chain,
                e.seq,
                e.entry_hash,
                e.correlation_id,
            ]
        )
        count += 1
    if count == EXPORT_LIMIT:
        ws.append([f"仅导出前 {EXPORT_LIMIT} 条，请缩小筛选范围分批导出。"])
    buf = io.BytesIO()
    wb.save(buf)
    journal.append(
        "journal.exported",
        actor=actor,
        payload={"filters": filters, "rows": count, "truncated": count == EXPORT_LIMIT},
    )
    return buf.getvalue(), count
