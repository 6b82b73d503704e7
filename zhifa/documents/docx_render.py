"""The DOCX rendition: docxtpl fills `docx/form.docx` (styles carry the East Asian fonts, A4 and
the official margins); the body is a sub-document built from the same blocks as the PDF."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage

from .docx_build import TEMPLATE
from .forms import Block
from .pdf import BLANK


def _body(tpl: DocxTemplate, blocks: list[Block]):
    sd = tpl.new_subdoc()
    for b in blocks:
        if b.kind == "heading":
            sd.add_paragraph(f"{b.text}：")
        elif b.kind == "line":
            sd.add_paragraph(f"{b.label}：{b.text or BLANK}")
        elif b.kind == "text":
            sd.add_paragraph(f"{b.label}：")
            for para in b.text.splitlines() or [""]:
                p = sd.add_paragraph(para)
                p.paragraph_format.first_line_indent = Pt(32)
        elif b.kind == "para":
            p = sd.add_paragraph(b.text)
            p.paragraph_format.first_line_indent = Pt(32)
        elif b.kind == "table":
            sd.add_paragraph(f"{b.label}：")
            rows = b.rows or (tuple("" for _ in b.headers),)
            t = sd.add_table(rows=1 + len(rows), cols=len(b.headers))
            t.style = "Table Grid"
            for i, h in enumerate(b.headers):
                t.cell(0, i).text = h
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    t.cell(r, c).text = value
        elif b.kind == "sign":
            for item in b.items:
                sd.add_paragraph(f"{item}：＿＿＿＿＿＿　　年　月　日")
        elif b.kind == "seal":
            for text in (f"{b.label}（印章）", b.text):
                p = sd.add_paragraph(text)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b.kind == "note":
            p = sd.add_paragraph(b.text)
            for run in p.runs:
                run.font.size = Pt(10.5)
    return sd


def render(
    *,
    title: str,
    form_no: int | None,
    header_lines: list[str],
    blocks: list[Block],
    code: str = "",
    qr_png: bytes | None = None,
) -> bytes:
    tpl = DocxTemplate(str(TEMPLATE))
    lines = [*header_lines, "", ""]
    context = {
        "form_line": f"交通运输行政执法文书式样之{form_no}" if form_no else "",
        "title": title,
        "number_line": lines[0],
        "case_line": lines[1],
        "body": _body(tpl, blocks),
        "code": code or "（草稿，未出具）",
        "qr": InlineImage(tpl, io.BytesIO(qr_png), width=Mm(20)) if qr_png else "",
    }
    tpl.render(context, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
