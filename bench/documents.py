"""Benchmark of document rendering: PDFs per second for a two-page penalty decision and for a
40-page case file (案卷), through the platform (form layout, font coverage check, fallback-font
markup, QR code, case-file cover, contents with page numbers, bookmarks, merge) against the same
text rendered by raw ReportLab (one Paragraph per block, same fonts, nothing else).

Run: .venv/bin/python bench/documents.py [--seconds 3]
Figures are wall time of this process, single thread; no database is used.
Goals (printed last, one line each): the platform renders at least half as fast as raw
ReportLab for both, at least 5 decisions per second and 0.5 case files per second here.

The case file is measured two ways. "From nothing": none of its 18 documents was issued before
archive, so each is rendered as its own issued file (own font subset, QR code, digest) and then
merged; raw ReportLab renders the same text as one story with one font subset, which no issued
document can share. "At archive": the documents were issued at their steps (the normal course),
and archive merges the issued files (PDFium) with cover, contents, evidence list and bookmarks.
The remaining gap of the first and its cause are printed.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings.test")

import django

django.setup()

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402

from zhifa.documents import casefile, pdf, render  # noqa: E402
from zhifa.documents.fonts import font_set  # noqa: E402
from zhifa.documents.tests.test_golden import FULL  # noqa: E402

NUMBER = "〔2026〕杭交执罚字第12号"
CODE = "ABCDEFGH2345"
DOCS_IN_FILE = 18
FIELDS = {**FULL, "discretion_text": "", "facts": FULL["facts"] + "，影响通行。"}


def rate(fn, seconds: float) -> tuple[float, int]:
    fn()  # warm up (font registration, caches)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or n < 3:
        fn()
        n += 1
    return n / (time.perf_counter() - start), n


def platform_decision() -> bytes:
    r = render.prepare("penalty_decision", FIELDS, number=NUMBER)
    return render.to_pdf(r, code=CODE)[0]


def raw_story(blocks, st) -> list:
    out = [Paragraph("行政处罚决定书", st.title)]
    for b in blocks:
        text = b.text or b.label
        if b.rows:
            text += " ".join(" ".join(r) for r in b.rows)
        out.append(Paragraph(text or "　", st.body))
    return out


BLOCKS = render.prepare("penalty_decision", FIELDS, number=NUMBER).blocks


def raw_decision(copies: int = 1) -> bytes:
    st = pdf.Styles(font_set())
    buf = io.BytesIO()
    story: list = []
    for i in range(copies):
        if i:
            story.append(PageBreak())
        story += raw_story(BLOCKS, st)
    SimpleDocTemplate(buf, pagesize=A4, **pdf.MARGINS).build(story)
    return buf.getvalue()


def issued_documents() -> list[tuple[str, str, bytes, int]]:
    docs = []
    for i in range(DOCS_IN_FILE):
        r = render.prepare("penalty_decision", FIELDS, number=f"〔2026〕杭交执罚字第{i + 1}号")
        data, pages = render.to_pdf(r, code=CODE)
        docs.append((r.title, f"第{i + 1}号", data, pages))
    return docs


def platform_case_file(docs=None) -> bytes:
    """Every document rendered, then the file assembled (a case none of whose documents was
    issued before archive); with `docs`, only the assembly (what archive does when they were)."""
    docs = docs if docs is not None else issued_documents()
    data, _pages, _contents = casefile.build(
        cover=[("案号", FULL["case_number"]), ("当事人", FULL["party_name"])],
        evidence=tuple(tuple(r) for r in FULL["evidence_rows"]),
        documents=docs[:-1],
        closing=docs[-1:],
        problems=[],
        footer="案卷",
    )
    return data


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    a = ap.parse_args()
    print(f"fonts: {font_set().body.path.name} (synthetic stroke {font_set().synthetic_stroke})")
    goals = []
    p_pages, r_pages = pages_of(platform_decision()), pages_of(raw_decision())
    p_rate, p_n = rate(platform_decision, a.seconds)
    r_rate, r_n = rate(raw_decision, a.seconds)
    print(f"decision  platform {p_rate:7.1f} PDFs/s ({p_pages} pages, n={p_n})")
    print(f"decision  raw      {r_rate:7.1f} PDFs/s ({r_pages} pages, n={r_n})")
    ratio = p_rate / r_rate
    print(f"decision  ratio platform/raw {ratio:.2f}")
    goals += [
        ("decision at least half the raw speed", ratio >= 0.5),
        ("at least 5 decisions per second", p_rate >= 5),
    ]
    cf_pages = pages_of(platform_case_file())
    raw_pages = pages_of(raw_decision(DOCS_IN_FILE))
    c_rate, c_n = rate(platform_case_file, a.seconds)
    rc_rate, rc_n = rate(lambda: raw_decision(DOCS_IN_FILE), a.seconds)
    print(f"case file platform {c_rate:7.2f} PDFs/s ({cf_pages} pages, n={c_n})")
    print(f"case file raw      {rc_rate:7.2f} PDFs/s ({raw_pages} pages, n={rc_n})")
    cratio = c_rate / rc_rate
    print(f"case file ratio platform/raw {cratio:.2f}")
    ready = issued_documents()
    a_rate, a_n = rate(lambda: platform_case_file(ready), a.seconds)
    print(f"case file assembled from issued PDFs (archive) {a_rate:7.2f} PDFs/s (n={a_n})")
    aratio = a_rate / rc_rate
    print(f"case file at archive ratio platform/raw {aratio:.2f}")
    # the structural floor of "from nothing": raw ReportLab, but one standalone file per document
    sa_rate, sa_n = rate(lambda: [raw_decision() for _ in range(DOCS_IN_FILE)], a.seconds)
    print(
        f"raw, {DOCS_IN_FILE} standalone decisions (no merge) {sa_rate:7.2f} sets/s (n={sa_n}); "
        f"platform from nothing reaches {c_rate / sa_rate:.2f} of that"
    )
    if cratio < 0.5:
        print(
            f"case file from nothing: gap {0.5 / cratio:.1f}x to the goal. Cause: "
            f"{DOCS_IN_FILE} issued files each embed their own font subset and QR code "
            f"(raw standalone rendering alone is {rc_rate / sa_rate:.1f}x slower than one story); "
            "the merge and the case-file pages are no longer the cost (see the archive figure)."
        )
    goals += [
        ("case file from nothing at least half the raw speed", cratio >= 0.5),
        ("at least 0.5 case files (40 pages) per second from nothing", c_rate >= 0.5),
        ("case file at archive at least half the raw speed", aratio >= 0.5),
        ("at least 0.5 case files (40 pages) per second at archive", a_rate >= 0.5),
    ]
    for name, ok in goals:
        print(f"{name}: {'goal met' if ok else 'goal NOT met'}")


if __name__ == "__main__":
    main()
