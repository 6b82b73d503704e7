"""Builds the DOCX template `docx/form.docx` that docxtpl fills (run after changing the styles:
`python -m zhifa.documents.docx_build`). Fonts live in the styles, with the East Asian font set
through `w:eastAsia`, because python-docx's `font.name` does not reach Chinese text."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TEMPLATE = Path(__file__).parent / "docx" / "form.docx"


def set_east_asian(style, east_asian: str, latin: str = "Times New Roman") -> None:
    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def build(
    path: Path = TEMPLATE, body_font: str = "仿宋", title_font: str = "方正小标宋简体"
) -> Path:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.left_margin = Mm(37), Mm(28)
    sec.right_margin, sec.bottom_margin = Mm(26), Mm(35)
    normal = doc.styles["Normal"]
    set_east_asian(normal, body_font)
    normal.font.size = Pt(16)
    normal.paragraph_format.line_spacing = Pt(28)
    title = doc.styles["Title"]
    set_east_asian(title, title_font)
    title.font.size = Pt(22)
    title.font.bold = False
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the Title style of python-docx's default template has a coloured border and theme font
    for el in title.element.findall(qn("w:pPr") + "/" + qn("w:pBdr")):
        el.getparent().remove(el)
    title.font.color.rgb = None
    small = doc.styles.add_style("ZF Small", 1)
    small.base_style = normal
    small.font.size = Pt(10.5)

    doc.add_paragraph("{{ form_line }}", style="ZF Small")
    doc.add_paragraph("{{ title }}", style="Title")
    for key in ("number_line", "case_line"):
        p = doc.add_paragraph("{{ " + key + " }}")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("{{p body }}")
    doc.add_paragraph("核验码：{{ code }}　{{ qr }}", style="ZF Small")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
