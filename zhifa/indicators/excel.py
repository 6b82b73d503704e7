"""The dashboard's figures as an Excel workbook (openpyxl): the table, the stages, the deadline
kinds and the catalogue with each definition and article."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from zhifa.core.citations import render_text


def _cell(value):
    return "" if value is None else value


def workbook(ctx) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append([f"{ctx['root'].name} 监督指标（{ctx['period'].label}）"])
    head = ["单位", *[f"{i.label}（{i.unit}）" for i in ctx["indicators"]]]
    ws.append(head)
    for row, values in ctx["table"]:
        name = row.agency.name if row is not ctx["total"] else "合计"
        ws.append([name, *[_cell(v) for _, v in values]])
    st = wb.create_sheet("办案阶段")
    st.append(["阶段", "普通程序", "简易程序", "未确定程序", "合计"])
    for line in ctx["stages"]:
        st.append(
            [
                line["label"],
                line.get("general", 0),
                line.get("summary", 0),
                line.get("none", 0),
                line["total"],
            ]
        )
    dk = wb.create_sheet("期限")
    dk.append(["期限", "届满数", "逾期数", "按期履行数", "逾期率（%）"])
    for r in ctx["deadline_kinds"]:
        dk.append([r["title"], r["due"], r["overdue"], r["on_time"], _cell(r["rate"])])
    cat = wb.create_sheet("指标说明")
    cat.append(["指标", "定义", "依据", "方向"])
    for ind, direction in ctx["catalogue"]:
        cat.append([ind.label, ind.definition, render_text(ind.article), direction])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
