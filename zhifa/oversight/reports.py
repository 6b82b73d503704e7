"""The files of a report to the ministry: DOCX through the documents app's docxtpl template (A4,
official margins, the East Asian fonts in the styles) and XLSX through openpyxl, both made from
the report's stored snapshot (`MinistryReport.figures`), so a file downloaded later says what was
submitted."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from zhifa.core import report_periods
from zhifa.documents.docx_render import render as render_docx_form
from zhifa.documents.forms import Block

from .models import MinistryReport


def title_of(report: MinistryReport) -> str:
    period = report_periods.of_kind(report.period_kind, report.period_start)
    return f"{report.province.name}{period.label}交通运输行政执法监督情况报告"


def _rows(pairs) -> tuple[tuple[str, ...], ...]:
    return tuple((str(label), str(n)) for label, n in pairs)


def docx(report: MinistryReport) -> bytes:
    f = report.figures
    period = report_periods.of_kind(report.period_kind, report.period_start)
    cases, reviews, complaints = f["cases"], f["reviews"], f["complaints"]
    blocks = [
        Block("heading", text="一、执法基本情况"),
        Block(
            "para",
            text=(
                f"{period.label}（{period.start:%Y年%m月%d日}至{period.end:%Y年%m月%d日}），"
                f"全省受理案件线索{cases['total']}件，逾期未办结事项{f['overdue']}件，"
                f"提交法制审核{reviews['total']}件，受理投诉举报{complaints['total']}件。"
            ),
        ),
        Block(
            "table", label="案件按办理状态", headers=("状态", "件数"), rows=_rows(cases["by_state"])
        ),
        Block(
            "table", label="案件按程序", headers=("程序", "件数"), rows=_rows(cases["by_procedure"])
        ),
        Block(
            "table", label="法制审核", headers=("结论", "件数"), rows=_rows(reviews["by_outcome"])
        ),
        Block(
            "table",
            label="投诉举报",
            headers=("办理状态", "件数"),
            rows=_rows(complaints["by_state"]),
        ),
        Block("heading", text="二、督查发现的问题"),
        Block(
            "table",
            label="发现问题",
            headers=("被检查单位", "检查方式", "日期", "问题"),
            rows=tuple((p["agency"], p["kind"], p["date"], p["text"]) for p in f["problems"]),
        ),
        Block("heading", text="三、整改情况"),
        Block(
            "table",
            label="整改事项",
            headers=("整改单位", "整改事项", "问题来源", "状态"),
            rows=tuple(
                (r["agency"], r["title"], r["source"], r["state"])
                for r in f["rectifications"]["items"]
            ),
        ),
        Block("heading", text="四、典型案例"),
    ]
    if not f["exemplary"]:
        blocks.append(Block("para", text="本期无经审核的典型案例。"))
    for i, e in enumerate(f["exemplary"], start=1):
        blocks.append(Block("para", text=f"（{i}）{e['title']}"))
        blocks.append(Block("para", text=e["text"]))
        if e["lesson"]:
            blocks.append(Block("para", text=f"典型意义：{e['lesson']}"))
    return render_docx_form(
        title=title_of(report),
        form_no=None,
        header_lines=[f"报送单位：{report.province.name}", f"报告期：{period.label}"],
        blocks=blocks,
        code=f"报部报告 {report.province_id}-{period.code}",
    )


def xlsx(report: MinistryReport) -> bytes:
    f = report.figures
    period = report_periods.of_kind(report.period_kind, report.period_start)
    wb = Workbook()
    ws = wb.active
    ws.title = "执法基本情况"
    bold = Font(bold=True)
    ws.append([title_of(report)])
    ws["A1"].font = bold
    ws.append(["报告期", period.label, f"{period.start:%Y-%m-%d}至{period.end:%Y-%m-%d}"])
    ws.append([])
    for label, n in (
        ("受理案件线索", f["cases"]["total"]),
        ("逾期未办结事项", f["overdue"]),
        ("提交法制审核", f["reviews"]["total"]),
        ("受理投诉举报", f["complaints"]["total"]),
    ):
        ws.append([label, n])
    for heading, pairs in (
        ("案件按办理状态", f["cases"]["by_state"]),
        ("案件按程序", f["cases"]["by_procedure"]),
        ("法制审核结论", f["reviews"]["by_outcome"]),
        ("投诉举报办理状态", f["complaints"]["by_state"]),
        ("整改状态", f["rectifications"]["by_state"]),
    ):
        ws.append([])
        ws.append([heading, "件数"])
        ws.cell(ws.max_row, 1).font = bold
        for label, n in pairs:
            ws.append([label, n])
    sheets = (
        (
            "督查发现问题",
            ("被检查单位", "检查事项", "检查方式", "日期", "问题"),
            [(p["agency"], p["check"], p["kind"], p["date"], p["text"]) for p in f["problems"]],
        ),
        (
            "整改情况",
            ("整改单位", "整改事项", "问题来源", "状态", "轮次"),
            [
                (r["agency"], r["title"], r["source"], r["state"], r["rounds"])
                for r in f["rectifications"]["items"]
            ],
        ),
        (
            "典型案例",
            ("标题", "案情", "典型意义"),
            [(e["title"], e["text"], e["lesson"]) for e in f["exemplary"]],
        ),
    )
    for name, headers, rows in sheets:
        sheet = wb.create_sheet(name)
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            sheet.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
