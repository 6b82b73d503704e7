"""Characters no text field may hold: control characters, lone surrogates and bidi controls.

- NUL and other C0/C1 control characters (tab, line feed and carriage return excepted): PostgreSQL
  refuses NUL in text, and none of them belongs in a name, an address or a statement.
- Lone surrogates (U+D800–U+DFFF): not characters at all; no database can encode them in UTF-8.
- Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C): a right-to-left
  override makes a stored name display differently from what it is ("Trojan Source", CVE-2021-42574),
  which a penalty record must never allow. No transport-enforcement text needs them.
"""

from __future__ import annotations

import re

_ALLOWED_CONTROLS = "\t\n\r"
_FORBIDDEN = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but tab, LF, CR), DEL, C1
    "\ud800-\udfff"  # lone surrogates
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "]"
)

KINDS = {
    "control": "控制字符",
    "surrogate": "无效的 Unicode 代理字符",
    "bidi": "文字方向控制字符",
}


def forbidden_kind(text: str) -> str | None:
    """The kind ("control", "surrogate", "bidi") of the first forbidden character, or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    ch = ord(match.group())
    if 0xD800 <= ch <= 0xDFFF:
        return "surrogate"
    if ch < 0x20 or 0x7F <= ch <= 0x9F:
        return "control"
    return "bidi"


def find_forbidden(value, path: str = "") -> tuple[str, str] | None:
    """Walks strings, lists and dicts (keys too); returns (where, kind) of the first offence."""
    if isinstance(value, str):
        kind = forbidden_kind(value)
        return (path, kind) if kind else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            found = find_forbidden(str(key), where) or find_forbidden(item, where)
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = find_forbidden(item, f"{path}[{i}]")
            if found:
                return found
    return None
