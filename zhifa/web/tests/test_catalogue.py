"""The English catalogue is committed compiled (locale/en/LC_MESSAGES/django.mo, read as is at run
time): every entry of the .po is translated and the .mo holds what the .po says, so that a string
added to the .po without `manage.py compilemessages -l en` (as 菜单 once was) fails here; and every
string the code and the templates mark for translation is in the .po, so that one added without
re-running `makemessages` fails here too (read without gettext's binaries, which CI lacks)."""

import ast
import gettext
import io
import os
import re
import tokenize
from pathlib import Path

from django.conf import settings
from django.utils.translation import templatize

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def po_entries(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of every singular entry of a .po file but its header."""
    entries = []
    for block in path.read_text("utf-8").split("\n\n"):
        lines = block.splitlines()
        if any(line.startswith(("msgid_plural", "#~")) for line in lines):
            continue
        parts: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith(("msgid ", "msgstr ", "msgctxt ")):
                key, _, line = line.partition(" ")
            if key and line.startswith('"'):
                parts[key] = parts.get(key, "") + ast.literal_eval(line)
        if parts.get("msgid") and "msgctxt" not in parts:
            fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
            entries.append((parts["msgid"], parts.get("msgstr", ""), fuzzy))
    return entries


def test_every_entry_of_the_english_catalogue_is_translated():
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 1000
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert untranslated == []


def test_the_compiled_catalogue_holds_what_the_po_says():
    with (LOCALE / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    stale = [
        msgid
        for msgid, msgstr, _ in po_entries(LOCALE / "django.po")
        if compiled.get(msgid) != msgstr
    ]
    assert stale == []
    assert compiled["菜单"] == "Menu"


# What `manage.py makemessages` extracts, read here without xgettext (a gettext binary Debian does
# not install by default, nor CI): Python files token by token, templates through Django's own
# `templatize` (which is what makemessages hands xgettext). The keywords are xgettext's Python
# defaults plus those Django adds; each maps to the positions of its (context, msgid) arguments.
KEYWORDS = {
    **dict.fromkeys(["_", "gettext", "gettext_lazy", "gettext_noop"], (None, 0)),
    **dict.fromkeys(["ngettext", "ngettext_lazy"], (None, 0)),
    **dict.fromkeys(["pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"], (0, 1)),
}
MAY_MARK = re.compile(r"\b(?:_|n?p?gettext(?:_lazy|_noop)?)\s*\(")
SKIPPED_TOKENS = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}


def call_arguments(tokens: list, start: int) -> list[str | None]:
    """The arguments of the call whose "(" is tokens[start]: each a string when it is a literal
    (adjacent literals joined, as Python does), else None."""
    args, current, depth = [], [], 0
    for tok in tokens[start + 1 :]:
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif tok.type == tokenize.OP and tok.string == "," and depth == 0:
            args.append(current)
            current = []
            continue
        current.append(tok)
    args.append(current)
    values = []
    for arg in args:
        try:
            literal = bool(arg) and all(t.type == tokenize.STRING for t in arg)
            values.append("".join(ast.literal_eval(t.string) for t in arg) if literal else None)
        except (ValueError, SyntaxError):  # f-strings and the like: not a literal
            values.append(None)
    return values


def marked_key(keyword: str, args: list[str | None]) -> tuple[str | None, str] | None:
    """(context, msgid) of a call of a keyword with these arguments (None: not literal strings)."""
    context_at, msgid_at = KEYWORDS[keyword]
    msgid = args[msgid_at] if msgid_at < len(args) else None
    context = args[context_at] if context_at is not None and context_at < len(args) else None
    if not msgid or (context_at is not None and context is None):
        return None
    return context, msgid


def marked_in_python(source: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every literal string marked for translation in Python source."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in KEYWORDS:
            continue
        args = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in node.args
        ]
        if key := marked_key(name, args):
            found.add(key)
    return found


def marked_in_template(code: str) -> set[tuple[str | None, str]]:
    """(context, msgid) of every string marked in a template, from what `templatize` made of it:
    Python-like text that is not Python (so read token by token, as xgettext reads it)."""
    # templatize keeps the template's indentation, which is no Python indentation
    lines = io.StringIO("\n".join(line.lstrip() for line in code.splitlines()))
    tokens = [t for t in tokenize.generate_tokens(lines.readline) if t.type not in SKIPPED_TOKENS]
    found = set()
    for i, tok in enumerate(tokens[:-1]):
        if tok.type != tokenize.NAME or tok.string not in KEYWORDS or tokens[i + 1].string != "(":
            continue
        if key := marked_key(tok.string, call_arguments(tokens, i + 1)):
            found.add(key)
    return found


def marked_strings() -> set[tuple[str | None, str]]:
    """Every (context, msgid) marked for translation in the project's .py, .html and .txt files,
    walked as makemessages walks them (hidden folders and the run-time var/ left out)."""
    found = set()
    for folder, dirs, files in os.walk(settings.BASE_DIR):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in {"var", "node_modules"}]
        for name in files:
            path = Path(folder) / name
            if path.suffix == ".py":
                source = path.read_text("utf-8")
                if MAY_MARK.search(source):  # most files mark nothing: spare parsing them
                    found |= marked_in_python(source)
            elif path.suffix in {".html", ".txt"}:
                code = templatize(path.read_text("utf-8"), origin=str(path))
                found |= marked_in_template(code)
    return found


def po_keys(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every live entry of a .po file, plural ones included."""
    keys = set()
    for block in path.read_text("utf-8").split("\n\n"):
        parts: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgctxt ", "msgid_plural ", "msgstr")):
                key, _, line = line.partition(" ")
            if key and line.startswith('"'):
                parts[key] = parts.get(key, "") + ast.literal_eval(line)
        if parts.get("msgid"):
            keys.add((parts.get("msgctxt"), parts["msgid"]))
    return keys


def test_every_string_marked_for_translation_is_in_the_catalogue():
    """A string added to the code or a template without re-running makemessages would stay
    Chinese in the English UI; the fix is the README's `makemessages`, translate, `compilemessages`."""
    missing = sorted(marked_strings() - po_keys(LOCALE / "django.po"), key=str)
    assert missing == []
