"""The English catalogue is committed compiled (locale/en/LC_MESSAGES/django.mo, read as is at run
time): every entry of the .po is translated and the .mo holds what the .po says, so that a string
added to the .po without `manage.py compilemessages -l en` (as 菜单 once was) fails here."""

import ast
import gettext
from pathlib import Path

from django.conf import settings

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
