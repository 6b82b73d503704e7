"""Merging issued PDFs into one (the case file, batch printing) without re-rendering them.

pypdf parses every object of every part in Python (the embedded CJK font subsets' width arrays
are most of them): 0.6 s for an 18-document case file, most of its assembly time
(bench/documents.py). PDFium (pypdfium2, C++) imports the pages ten times faster. PDFium cannot
write bookmarks, so they are added as a PDF incremental update (ISO 32000-1 §7.5.6): the merged
file is kept byte for byte and a new catalog with the outline, the document title and a new
cross-reference section are appended after it.
"""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def merge(parts: list[bytes]) -> tuple[bytes, int]:
    """The pages of every part in order, unchanged; returns (pdf, pages)."""
    dst = pdfium.PdfDocument.new()
    sources = []
    try:
        for data in parts:
            src = pdfium.PdfDocument(bytes(data))
            sources.append(src)
            dst.import_pages(src)
        buf = io.BytesIO()
        dst.save(buf)
        return buf.getvalue(), len(dst)
    finally:
        for src in sources:
            src.close()
        dst.close()


def _serialize(obj) -> bytes:
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()


def add_outline(data: bytes, items: list[tuple[str, int]], *, title: str = "") -> bytes:
    """Append bookmarks (title, 0-based page) and the document title to a finished PDF as an
    incremental update; every earlier byte stays where it was."""
    reader = PdfReader(io.BytesIO(data))
    root_ref = reader.trailer.raw_get("/Root")
    root = reader.trailer["/Root"]
    pages = [p.indirect_reference for p in reader.pages]
    size = int(reader.trailer["/Size"])
    prev = int(re.findall(rb"startxref\s+(\d+)", data[-1024:])[-1])

    objects: dict[int, DictionaryObject] = {}
    outline_num = size
    nums = [size + 1 + i for i in range(len(items))]
    info_num = size + 1 + len(items)
    for i, ((text, page), num) in enumerate(zip(items, nums, strict=True)):
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(text),
                NameObject("/Parent"): IndirectObject(outline_num, 0, None),
                NameObject("/Dest"): ArrayObject(
                    [pages[min(max(page, 0), len(pages) - 1)], NameObject("/Fit")]
                ),
            }
        )
        if i:
            item[NameObject("/Prev")] = IndirectObject(nums[i - 1], 0, None)
        if i + 1 < len(nums):
            item[NameObject("/Next")] = IndirectObject(nums[i + 1], 0, None)
        objects[num] = item
    outlines = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    if nums:
        outlines[NameObject("/First")] = IndirectObject(nums[0], 0, None)
        outlines[NameObject("/Last")] = IndirectObject(nums[-1], 0, None)
        outlines[NameObject("/Count")] = NumberObject(len(nums))
    objects[outline_num] = outlines
    catalog = DictionaryObject({NameObject(k): v for k, v in root.items()})
    catalog[NameObject("/Outlines")] = IndirectObject(outline_num, 0, None)
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    objects[root_ref.idnum] = catalog
    info = DictionaryObject(
        {
            NameObject("/Title"): TextStringObject(title),
            NameObject("/Creator"): TextStringObject("zhifa"),
        }
    )
    objects[info_num] = info

    out = io.BytesIO()
    out.write(data)
    if not data.endswith(b"\n"):
        out.write(b"\n")
    offsets: dict[int, int] = {}
    for num in sorted(objects):
        gen = root_ref.generation if num == root_ref.idnum else 0
        offsets[num] = out.tell()
        out.write(f"{num} {gen} obj\n".encode() + _serialize(objects[num]) + b"\nendobj\n")
    xref_at = out.tell()
    out.write(b"xref\n")
    for num in sorted(offsets):  # one subsection per object: simple and valid
        gen = root_ref.generation if num == root_ref.idnum else 0
        out.write(f"{num} 1\n{offsets[num]:010d} {gen:05d} n\r\n".encode())
    trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(info_num + 1),
            NameObject("/Root"): root_ref,
            NameObject("/Info"): IndirectObject(info_num, 0, None),
            NameObject("/Prev"): NumberObject(prev),
        }
    )
    if "/ID" in reader.trailer:
        trailer[NameObject("/ID")] = reader.trailer.raw_get("/ID")
    out.write(b"trailer\n" + _serialize(trailer) + f"\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return out.getvalue()
