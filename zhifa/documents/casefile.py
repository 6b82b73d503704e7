"""Assembling the case file (案卷) PDF: cover, table of contents with page numbers, the issued
documents in order, the evidence list, the closing report; one bookmark per part."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from zhifa.cases.models import Case
from zhifa.core import paperwork

from . import merge, pdf
from .fonts import font_set
from .forms import Block


def cover_lines(case: Case, count: int) -> list[tuple[str, str]]:
    return [
        ("案号", case.case_number or ""),
        ("案由", case.provision.conduct if case.provision else ""),
        ("当事人", case.party.name if case.party else ""),
        ("办案机构", case.agency.name),
        ("立案日期", paperwork.chinese_date(case.filed_on)),
        ("卷内文书", f"{count}件"),
    ]


def _cover(lines: list[tuple[str, str]], st: pdf.Styles) -> list:
    m = lambda t: pdf.markup(t, st.fonts)  # noqa: E731
    out = [Spacer(1, 30 * mm), Paragraph(m("交通运输行政执法案卷"), st.title), Spacer(1, 20 * mm)]
    out += [Paragraph(m(f"{k}：{v}"), st.line) for k, v in lines]
    return out


def _toc(rows: list[tuple[str, str, int]], problems: list[dict], st: pdf.Styles) -> list:
    m = lambda t: pdf.markup(t, st.fonts)  # noqa: E731
    table = Block(
        "table",
        label="卷内目录",
        headers=("序号", "文书名称", "文号", "页码"),
        rows=tuple(
            (str(i), name, number, str(page))
            for i, (name, number, page) in enumerate(rows, start=1)
        ),
    )
    out = [Paragraph(m("目　录"), st.title), *pdf.block_flowables([table], st)]
    for p in problems:
        lead = "已撤回" if p.get("withdrawn") else "未能出具"
        out.append(
            Paragraph(m(f"{lead}：{p['document']}（{p['number']}）：{p['message']}"), st.small)
        )
    return out


def evidence_rows(case: Case) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (str(e.number), e.title, e.get_kind_display(), e.description or "")
        for e in case.evidence.all().order_by("number")
    )


def _evidence(rows, st: pdf.Styles) -> list:
    block = Block(
        "table", label="证据", headers=("序号", "证据名称", "种类", "证明内容"), rows=rows
    )
    return [
        Paragraph(pdf.markup("证据清单", st.fonts), st.title),
        *pdf.block_flowables([block], st),
    ]


def _single(flows: list, footer: str) -> tuple[bytes, int]:
    return pdf.render_pages([("part", flows)], font_set(), footer)


def assemble(case: Case, entries: list, problems: list[dict]) -> tuple[bytes, int, list[dict]]:
    footer = f"{case.case_number or ''} 案卷"
    closing = [e for e in entries if e.kind == "closing_report"]
    body = [e for e in entries if e.kind != "closing_report"]
    return build(
        cover=cover_lines(case, len(entries)),
        evidence=evidence_rows(case),
        documents=[(e.name, e.number, bytes(e.pdf), e.pages) for e in body],
        closing=[(e.name, e.number, bytes(e.pdf), e.pages) for e in closing],
        problems=problems,
        footer=footer,
    )


def build(*, cover, evidence, documents, closing, problems, footer):
    """Cover, contents with page numbers, `documents` (name, number, pdf, pages) in order, the
    evidence list, the `closing` report; a bookmark per part. Returns (pdf, pages, contents)."""
    st = pdf.Styles(font_set())
    cover_pdf, cover_pages = _single(_cover(cover, st), footer)
    evidence_pdf, evidence_pages = _single(_evidence(evidence, st), footer)
    parts = [*documents, ("证据清单", "", evidence_pdf, evidence_pages), *closing]
    toc_pages = 1
    for _ in range(3):  # the contents' own length moves the numbers; settle in a few passes
        start = cover_pages + toc_pages + 1
        rows = []
        for name, number, _data, n in parts:
            rows.append((name, number, start))
            start += n
        toc, pages = _single(_toc(rows, problems, st), footer)
        if pages == toc_pages:
            break
        toc_pages = pages
    contents = []
    outline = [("封面", 0), ("目录", cover_pages)]
    for (name, number, _data, _n), (_, _, page) in zip(parts, rows, strict=True):
        outline.append((f"{name} {number}".strip(), page - 1))
        contents.append({"name": name, "number": number, "page": page})
    # the issued files' pages as they are (no re-rendering), merged by PDFium; bookmarks appended
    merged, pages = merge.merge([cover_pdf, toc, *(data for _n, _no, data, _p in parts)])
    return merge.add_outline(merged, outline, title=footer), pages, contents
