"""Fonts for the PDF renditions: an agency's licensed fonts from a directory, or a free default.

`settings.ZHIFA_DOCUMENT_FONT_DIR` (environment `ZHIFA_DOCUMENT_FONT_DIR`) may hold TrueType fonts
(glyf outlines; ReportLab cannot embed CFF/PostScript outlines):

- `body.ttf` (or `.ttc`): the body text, typically 仿宋 (GB/T 9704-2012 asks for 3号仿宋);
- `title.ttf`: the title, typically 小标宋 (2号小标宋);
- any other `.ttf`/`.ttc`: fallbacks, tried in name order for characters the body font lacks
  (rare characters in personal names are common: 仿宋_GB2312 covers only GB 2312).

Without the directory (or with it empty) the default is Noto Sans SC (SIL OFL 1.1), installed by
`pip install -r requirements.txt` through the `justmytype-intl-cjk` package: about 30,900
characters, all of GB 18030's BMP ideographs. Its file is a variable font whose default instance is
Thin; instancing it at Regular takes a minute of CPU, so the PDF gets the weight by drawing the
glyph outlines with a thin stroke as well as a fill (`synthetic_stroke`). A character that no font
covers refuses the document with the characters listed (never a blank box in an issued document).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from zhifa.core import paperwork

from .errors import FontMissingGlyphs

_lock = threading.Lock()


def default_font_path() -> Path:
    import justmytype_intl_cjk

    return (
        Path(justmytype_intl_cjk.__file__).parent / "fonts" / "ofl" / "notosanssc"
    ) / "NotoSansSC[wght].ttf"


@dataclass(frozen=True)
class FontFace:
    name: str  # ReportLab name
    path: Path
    cmap: frozenset[int]
    label: str  # family name, for the DOCX styles and the README


@dataclass(frozen=True)
class FontSet:
    body: FontFace
    title: FontFace
    fallbacks: tuple[FontFace, ...]
    synthetic_stroke: float  # line width in points for fill+stroke text; 0 = plain fill
    docx_body: str  # East Asian font names written into the DOCX styles
    docx_title: str

    @property
    def faces(self) -> tuple[FontFace, ...]:
        return (self.body, *self.fallbacks)

    def face_for(self, ch: str) -> FontFace | None:
        o = ord(ch)
        for face in self.faces:
            if o in face.cmap:
                return face
        return None

    def check(self, text: str) -> None:
        """Refuse text with characters no font covers."""
        missing = paperwork.uncovered(text, [f.cmap for f in (*self.faces, self.title)])
        if missing:
            raise FontMissingGlyphs(
                "字体缺少以下字符，无法生成文书："
                + "、".join(missing)
                + "。请在文书字体目录中加入覆盖这些字符的字体（例如收录扩展区汉字的字体）后重试。",
                details={"characters": missing},
            )


def _cmap_of(path: Path, index: int = 0) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    kwargs = {"fontNumber": index} if path.suffix.lower() == ".ttc" else {}
    font = TTFont(str(path), lazy=True, **kwargs)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def _register(name: str, path: Path) -> FontFace:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    kwargs = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, str(path), **kwargs)
        # ReportLab slices each table out of the font file again for every subset of every
        # document (the glyf table of a CJK font is megabytes): keep each table once per process.
        font.face.get_table = functools.cache(font.face.get_table)
        pdfmetrics.registerFont(font)
    return FontFace(name=name, path=path, cmap=_cmap_of(path), label=path.stem)


def configured_dir() -> Path | None:
    value = getattr(settings, "ZHIFA_DOCUMENT_FONT_DIR", "") or ""
    return Path(value) if value else None


@functools.cache
def _load(directory: str) -> FontSet:
    default = _register("ZF-Default", default_font_path())
    if not directory:
        return FontSet(
            body=default,
            title=default,
            fallbacks=(),
            synthetic_stroke=0.42,
            docx_body="仿宋",
            docx_title="方正小标宋简体",
        )
    d = Path(directory)
    files = sorted(p for p in d.iterdir() if p.suffix.lower() in {".ttf", ".ttc"})
    by_stem = {p.stem.lower(): p for p in files}
    body_path = by_stem.get("body")
    title_path = by_stem.get("title")
    body = _register(f"ZF-{d.name}-body", body_path) if body_path else default
    title = _register(f"ZF-{d.name}-title", title_path) if title_path else body
    others = [p for p in files if p not in (body_path, title_path)]
    fallbacks = tuple(_register(f"ZF-{d.name}-{i}", p) for i, p in enumerate(others))
    if body is not default:
        fallbacks = (*fallbacks, default)
    return FontSet(
        body=body,
        title=title,
        fallbacks=fallbacks,
        synthetic_stroke=0.0 if body is not default else 0.42,
        docx_body="仿宋",
        docx_title="方正小标宋简体",
    )


def font_set() -> FontSet:
    d = configured_dir()
    with _lock:
        return _load(str(d) if d else "")
