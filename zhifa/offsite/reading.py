"""Reading intake files line by line: CSV (header row, UTF-8 with or without BOM, or GB18030) and
JSON lines. A line that cannot be read becomes a LineError of its own; the others go on."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from zhifa.core import offsite as core

FORMATS = ("csv", "jsonl")


def detect_format(name: str, head: bytes) -> str:
    lower = (name or "").lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith(".csv"):
        return "csv"
    return "jsonl" if head.lstrip().startswith(b"{") else "csv"


def _text_stream(binary) -> io.TextIOBase:
    head = binary.read(4096)
    binary.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the 4 KB boundary
            encoding = "gb18030"
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")


def read_lines(binary, fmt: str) -> Iterator[tuple[int, object, str]]:
    """(line number, dict or LineError, raw text) for every data line; numbers start at 1 for the
    first data line (a CSV header is not counted)."""
    stream = _text_stream(binary)
    if fmt == "jsonl":
        for n, text in enumerate(stream, start=1):
            text = text.rstrip("\r\n")
            if not text.strip():
                yield n, core.LineError("line_empty", "空行"), text
                continue
            try:
                value = json.loads(text)
            except ValueError:
                yield n, core.LineError("line_malformed", "该行不是有效的JSON"), text
                continue
            yield n, value, text
        return
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        return
    names = [h.strip() for h in header]
    for n, row in enumerate(reader, start=1):
        text = ",".join(row)
        if len(row) != len(names):
            yield (
                n,
                core.LineError("line_malformed", f"该行有{len(row)}列，表头有{len(names)}列"),
                text,
            )
            continue
        yield n, dict(zip(names, row, strict=True)), text


def count_lines(binary, fmt: str) -> int:
    total = sum(1 for _ in binary)
    binary.seek(0)
    return max(total - (1 if fmt == "csv" else 0), 0)
