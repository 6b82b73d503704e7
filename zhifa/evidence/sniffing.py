"""Telling a file's type from its bytes (magic numbers), and checking the declared type: pure, no Django.

The table below is the whole list of types accepted as evidence files. A browser's declared type
(the Content-Type of the upload part) and the file name's extension must agree with what the bytes
say; "application/octet-stream" or an empty type declares nothing.

Office documents (docx/xlsx/pptx) are ZIP files: the member names of the ZIP's central directory
tell them apart ("word/", "xl/", "ppt/" beside "[Content_Types].xml"). Any other ZIP is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

HEAD_SIZE = 64  # bytes read from the start of a file to sniff it

JPEG = "image/jpeg"
PNG = "image/png"
PDF = "application/pdf"
MP4 = "video/mp4"
MOV = "video/quicktime"
MP3 = "audio/mpeg"
WAV = "audio/wav"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str  # Chinese, for pages and error messages
    extensions: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other declared types browsers send for it


TYPES: dict[str, FileType] = {
    t.content_type: t
    for t in [
        FileType(JPEG, "JPEG 图片", (".jpg", ".jpeg"), ("image/jpg", "image/pjpeg")),
        FileType(PNG, "PNG 图片", (".png",), ("image/x-png",)),
        FileType(PDF, "PDF 文档", (".pdf",), ("application/x-pdf",)),
        FileType(MP4, "MP4 视频", (".mp4", ".m4v"), ("video/x-m4v",)),
        FileType(MOV, "MOV 视频", (".mov", ".qt"), ()),
        FileType(MP3, "MP3 音频", (".mp3",), ("audio/mp3", "audio/x-mp3", "audio/mpeg3")),
        FileType(WAV, "WAV 音频", (".wav",), ("audio/x-wav", "audio/wave", "audio/vnd.wave")),
        FileType(DOCX, "Word 文档", (".docx",), ()),
        FileType(XLSX, "Excel 表格", (".xlsx",), ()),
        FileType(PPTX, "PowerPoint 演示文稿", (".pptx",), ()),
    ]
}

# ISO base media (ftyp) major brands that are QuickTime; the other common brands are MP4.
_QUICKTIME_BRANDS = {b"qt  "}
_MP4_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VH",
    b"M4VP", b"MSNV", b"dash", b"f4v ", b"mmp4", b"3gp4", b"3gp5", b"3gp6", b"3g2a", b"XAVC",
}  # fmt: skip
# Classic QuickTime files may open with another atom than ftyp.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
# MPEG audio frame sync: 11 set bits, then version/layer bits (MPEG-1/2/2.5 layer III).
_MP3_FRAME_SECOND_BYTES = {0xFB, 0xFA, 0xF3, 0xF2, 0xE3, 0xE2}

_OFFICE_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


def sniff_head(head: bytes) -> str:
    """The content type the first bytes show; "application/zip" for any ZIP; "" when unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _QUICKTIME_BRANDS:
            return MOV
        if brand in _MP4_BRANDS:
            return MP4
        return ""
    if len(head) >= 8 and head[4:8] in _QUICKTIME_ATOMS:
        return MOV
    if head.startswith(b"ID3") or (
        len(head) >= 2 and head[0] == 0xFF and head[1] in _MP3_FRAME_SECOND_BYTES
    ):
        return MP3
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return ""


def office_type(names) -> str:
    """DOCX/XLSX/PPTX from a ZIP's member names; "" when it is not an Office Open XML file."""
    names = list(names)
    if "[Content_Types].xml" not in names:
        return ""
    for prefix, content_type in _OFFICE_PARTS:
        if any(name.startswith(prefix) for name in names):
            return content_type
    return ""


def sniff_file(path) -> str:
    """The content type of the file at `path` (reads its head, and a ZIP's central directory)."""
    with open(path, "rb") as f:
        head = f.read(HEAD_SIZE)
    found = sniff_head(head)
    if found != "application/zip":
        return found
    try:
        with zipfile.ZipFile(path) as archive:
            return office_type(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""


def normalise(declared: str) -> str:
    """The table's content type for a declared one (aliases folded), or the declared type lowered."""
    declared = (declared or "").split(";", 1)[0].strip().lower()
    for t in TYPES.values():
        if declared == t.content_type or declared in t.aliases:
            return t.content_type
    return declared


DECLARES_NOTHING = {"", "application/octet-stream", "binary/octet-stream"}


@dataclass(frozen=True)
class TypeCheck:
    ok: bool
    content_type: str  # detected from the bytes ("" when unknown)
    problem: str = ""  # "unsupported" / "declared_mismatch" / "extension_mismatch"
    declared: str = ""


def check_type(detected: str, *, declared: str = "", file_name: str = "") -> TypeCheck:
    """The detected type must be in the table, and the declared type and extension must agree."""
    if detected not in TYPES:
        return TypeCheck(False, detected, "unsupported", declared)
    wanted = TYPES[detected]
    declared_type = normalise(declared)
    if declared_type not in DECLARES_NOTHING and declared_type != detected:
        return TypeCheck(False, detected, "declared_mismatch", declared)
    suffix = PurePosixPath(file_name.replace("\\", "/")).suffix.lower()
    if suffix and suffix not in wanted.extensions:
        return TypeCheck(False, detected, "extension_mismatch", declared)
    return TypeCheck(True, detected, "", declared)


def label(content_type: str) -> str:
    t = TYPES.get(content_type)
    return t.label if t else (content_type or "未知类型")


def accepted_labels() -> str:
    return "、".join(t.label for t in TYPES.values())
