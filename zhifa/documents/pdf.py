"""The PDF rendition: ReportLab platypus with CJK wrapping (`wordWrap="CJK"`, which keeps a plate
number such as 浙A12345 whole), fonts embedded as subsets, A4 with GB/T 9704-2012 margins
(top 37 mm, left 28 mm, right 26 mm, bottom 35 mm), body 3号 (16 pt), title 2号 (22 pt).
Long text flows onto the next page; nothing is cut off."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
    paragraph,
)
from reportlab.platypus.doctemplate import LayoutError

from zhifa.core.errors import InvalidInput

from .fonts import FontSet
from .forms import Block

# Chinese line-breaking (GB/T 15834 punctuation; 避头): ReportLab's CJK wrap keeps Japanese
# closing marks off a line's start but not the Chinese full-width ones (》，；：？！…): add them.
_NO_LINE_START = "》〉，；：？！、。”’）】〕…"
for _mod in (textsplit, paragraph):
    _mod.ALL_CANNOT_START = "".join(dict.fromkeys(textsplit.ALL_CANNOT_START + _NO_LINE_START))

BLANK = "＿＿＿＿＿＿＿＿"
BODY_PT = 16
TITLE_PT = 22
SMALL_PT = 10.5
MARGINS = {
    "topMargin": 37 * mm,
    "leftMargin": 28 * mm,
    "rightMargin": 26 * mm,
    "bottomMargin": 35 * mm,
}


class Styles:
    def __init__(self, fonts: FontSet, body_pt: float = BODY_PT):
        self.fonts = fonts
        base = fonts.body.name
        self.body = ParagraphStyle(
            "zf-body",
            fontName=base,
            fontSize=body_pt,
            leading=body_pt * 1.75,
            wordWrap="CJK",
            alignment=TA_JUSTIFY,
            firstLineIndent=body_pt * 2,
        )
        self.line = ParagraphStyle("zf-line", parent=self.body, firstLineIndent=0)
        self.cell = ParagraphStyle(
            "zf-cell", parent=self.line, fontSize=12, leading=17, alignment=0
        )
        self.small = ParagraphStyle(
            "zf-small", parent=self.line, fontSize=SMALL_PT, leading=SMALL_PT * 1.5
        )
        self.title = ParagraphStyle(
            "zf-title",
            fontName=fonts.title.name,
            fontSize=TITLE_PT,
            leading=TITLE_PT * 1.6,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=6,
        )
        self.right = ParagraphStyle("zf-right", parent=self.line, alignment=TA_RIGHT)
        # a heading ("缴纳方式：") never ends a page without its text
        self.heading = ParagraphStyle("zf-heading", parent=self.line, spaceBefore=4, keepWithNext=1)


def markup(text: str, fonts: FontSet) -> str:
    """Escape, and put each character the body font lacks into a fallback font that has it."""
    out = []
    body = fonts.body
    for ch in text:
        e = escape(ch)
        if ch == "\n":
            out.append("<br/>")
            continue
        if ord(ch) in body.cmap or ch.isspace():
            out.append(e)
            continue
        face = fonts.face_for(ch)
        out.append(f'<font name="{face.name}">{e}</font>' if face else e)
    return "".join(out)


class _Bookmark(Flowable):
    """A zero-size flowable that records a PDF bookmark (outline entry) where it lands."""

    def __init__(self, key: str, title: str, level: int = 0):
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.width = self.height = 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def block_flowables(blocks: list[Block], st: Styles) -> list:
    fonts = st.fonts
    m = lambda t: markup(t, fonts)  # noqa: E731
    out: list = []
    for b in blocks:
        if b.kind == "heading":
            out.append(Paragraph(m(b.text + "："), st.heading))
        elif b.kind == "line":
            # a field the records do not hold is a blank to fill in by hand, not a bare label
            out.append(Paragraph(m(f"{b.label}：{b.text or BLANK}"), st.line))
        elif b.kind == "text":
            out.append(Paragraph(m(f"{b.label}："), st.heading))
            for para in b.text.splitlines() or [""]:
                out.append(Paragraph(m(para), st.body))
        elif b.kind == "para":
            out.append(Paragraph(m(b.text), st.body))
        elif b.kind == "table":
            out.append(Paragraph(m(f"{b.label}："), st.heading))
            data = [[Paragraph(m(h), st.cell) for h in b.headers]]
            rows = b.rows or (tuple("" for _ in b.headers),)
            data += [[Paragraph(m(c), st.cell) for c in r] for r in rows]
            width = A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"]
            t = Table(
                data,
                colWidths=[width / len(b.headers)] * len(b.headers),
                repeatRows=1,
                splitInRow=1,  # a long cell flows onto the next page instead of failing
            )
            t.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            out.append(t)
        elif b.kind == "sign":
            # the signature lines of one block stay on one page (all sign the same page)
            out.append(
                KeepTogether(
                    [
                        Paragraph(m(f"{item}：＿＿＿＿＿＿　　年　月　日"), st.line)
                        for item in b.items
                    ]
                )
            )
        elif b.kind == "seal":
            # the seal and date stay on the page of the text they close (never alone on a page)
            before = [out.pop()] if out else []
            out.append(
                KeepTogether(
                    [
                        *before,
                        Spacer(1, 10 * mm),
                        Paragraph(m(f"{b.label}（印章）"), st.right),
                        Paragraph(m(b.text), st.right),
                    ]
                )
            )
        elif b.kind == "note":
            out.append(Spacer(1, 4 * mm))
            out.append(Paragraph(m(b.text), st.small))
    return out


def header_flowables(title: str, form_no: int | None, lines: list[str], st: Styles) -> list:
    out = []
    if form_no:
        out.append(Paragraph(markup(f"交通运输行政执法文书式样之{form_no}", st.fonts), st.small))
    out.append(Paragraph(markup(title, st.fonts), st.title))
    for line in lines:
        if line:
            out.append(Paragraph(markup(line, st.fonts), st.right))
    out.append(Spacer(1, 3 * mm))
    return out


def draw_qr(canv, matrix, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles, one per horizontal run of dark modules."""
    n = len(matrix)
    cell = size / n
    canv.saveState()
    canv.setFillColor(colors.black)
    path = canv.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(x + start * cell, y + size - (r + 1) * cell, (c - start) * cell, cell)
            else:
                c += 1
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def _page_decorator(fonts: FontSet, footer: str, qr_matrix):
    def on_page(canv, doc):
        canv.saveState()
        canv.setFont(fonts.body.name, 9)
        canv.drawString(MARGINS["leftMargin"], 18 * mm, f"{footer}　第{doc.page}页")
        if qr_matrix is not None:  # drawn once per document as a form, placed on every page
            if not getattr(canv, "_zf_qr", False):
                canv.beginForm("zf-qr")
                draw_qr(canv, qr_matrix, 0, 0, 20 * mm)
                canv.endForm()
                canv._zf_qr = True
            canv.saveState()
            canv.translate(A4[0] - MARGINS["rightMargin"] - 20 * mm, 8 * mm)
            canv.doForm("zf-qr")
            canv.restoreState()
        canv.restoreState()
        if fonts.synthetic_stroke:
            # fill and stroke the glyphs (Tr 2): the bundled variable font's default is Thin
            canv._code.append(f"2 Tr {fonts.synthetic_stroke} w")

    return on_page


def render(
    *,
    title: str,
    form_no: int | None,
    header_lines: list[str],
    blocks: list[Block],
    fonts: FontSet,
    footer: str = "",
    qr_matrix=None,
    doc_title: str = "",
) -> tuple[bytes, int]:
    buf = io.BytesIO()
    st = Styles(fonts)
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        title=doc_title or title,
        author="",
        subject="",
        creator="zhifa",
        **MARGINS,
    )
    story = header_flowables(title, form_no, header_lines, st) + block_flowables(blocks, st)
    deco = _page_decorator(fonts, footer, qr_matrix)
    _build(doc, story, deco)
    return buf.getvalue(), doc.page


def _build(doc, story, deco) -> None:
    try:
        doc.build(story, onFirstPage=deco, onLaterPages=deco)
    except LayoutError:
        raise InvalidInput(
            "文书中有内容无法排版（单项内容过长且无法分页），请精简后重试。",
            code="document_layout_failed",
        ) from None


def render_pages(parts: list[tuple[str, list]], fonts: FontSet, footer: str) -> tuple[bytes, int]:
    """A multi-part PDF (cover, contents, lists) from ready flowables, one bookmark per part."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=footer, creator="zhifa", **MARGINS)
    story: list = []
    for i, (_name, flows) in enumerate(parts):
        if i:
            story.append(PageBreak())
        story += flows
    deco = _page_decorator(fonts, footer, None)
    _build(doc, story, deco)
    return buf.getvalue(), doc.page
