"""One document, rendered: the filled blocks, the HTML preview's data, the PDF and the DOCX."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from django.conf import settings

from zhifa.core import paperwork
from zhifa.core.procedure.documents import DOCUMENT_KINDS

from . import docx_render, pdf
from .errors import MissingFields
from .fonts import font_set
from .forms import FORMS, Block, all_text, layout


@dataclass(frozen=True)
class Rendered:
    kind: str
    title: str
    form_no: int | None
    header_lines: list[str]
    blocks: list[Block]


def verify_url(code: str) -> str:
    base = getattr(settings, "ZHIFA_VERIFY_BASE_URL", "").rstrip("/")
    return f"{base}/verify/{code}"


def check_required(kind: str, fields: dict) -> None:
    """A form lacking a required field is not issued; the error lists the fields in Chinese."""
    missing = paperwork.missing_fields(fields, FORMS[kind].required)
    if missing:
        labels = [m.label for m in missing]
        raise MissingFields(
            f"{FORMS[kind].title}缺少必填内容：" + "、".join(labels) + "。请补充后再出具。",
            details={"missing": [{"field": m.field, "label": m.label} for m in missing]},
        )


def prepare(kind: str, fields: dict, *, number: str = "", version: int = 1) -> Rendered:
    form = FORMS[kind]
    spec = DOCUMENT_KINDS[kind]
    header = []
    if number:
        header.append(f"文号：{number}" + (f"（更正第{version}版）" if version > 1 else ""))
    header.append(f"案号：{fields.get('case_number') or '＿＿＿＿'}")
    blocks = layout(kind, fields)
    r = Rendered(kind, form.title, spec.form_no, header, blocks)
    font_set().check(all_text(r.title, r.header_lines, r.blocks))
    return r


def qr(code: str):
    """The verification QR code. A fixed mask pattern: any of the eight is valid (ISO/IEC 18004
    §7.8); choosing the best by penalty score costs ~40 ms per document in pure Python (segno),
    a third of a decision's rendering, for no gain in reading a printed code."""
    return segno.make(verify_url(code), error="m", mask=QR_MASK)


QR_MASK = 4


def to_pdf(r: Rendered, *, code: str = "") -> tuple[bytes, int]:
    matrix = None
    footer = f"{r.title}　核验码：{code}" if code else f"{r.title}　草稿（未出具）"
    if code:
        matrix = [list(row) for row in qr(code).matrix]
    return pdf.render(
        title=r.title,
        form_no=r.form_no,
        header_lines=r.header_lines,
        blocks=r.blocks,
        fonts=font_set(),
        footer=footer,
        qr_matrix=matrix,
    )


def qr_png(code: str) -> bytes:
    buf = io.BytesIO()
    qr(code).save(buf, kind="png", scale=4, border=2)
    return buf.getvalue()


def to_docx(r: Rendered, *, code: str = "") -> bytes:
    return docx_render.render(
        title=r.title,
        form_no=r.form_no,
        header_lines=r.header_lines,
        blocks=r.blocks,
        code=code,
        qr_png=qr_png(code) if code else None,
    )
