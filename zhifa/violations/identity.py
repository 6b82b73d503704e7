"""Keyed digests of party identifiers for the national violation index.

An ID number or a plate has little entropy, so a plain hash could be reversed by trying them all;
an HMAC with a platform key cannot, without the key. The key is `ZHIFA_IDENTIFIER_KEY`, else
derived from SECRET_KEY: changing it orphans the index (rebuild with the same key everywhere).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

from .models import IdentifierKind

_PLATE_NOISE = re.compile(r"[\s·•．.\-]+")


def _key() -> bytes:
    key = getattr(settings, "ZHIFA_IDENTIFIER_KEY", "") or f"violation-index:{settings.SECRET_KEY}"
    return key.encode("utf-8")


def normalise(kind: str, value: str) -> str:
    value = (value or "").strip().upper()
    if kind == IdentifierKind.PLATE:
        value = _PLATE_NOISE.sub("", value)
    return value


def digest(kind: str, value: str) -> str | None:
    value = normalise(kind, value)
    if not value:
        return None
    return hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def party_digests(party) -> dict[str, str]:
    """{kind: digest} for the party's ID number / credit code and its plate, when present."""
    out = {}
    if party is None:
        return out
    for kind, value in (
        (IdentifierKind.ID_NUMBER, party.id_number),
        (IdentifierKind.PLATE, party.plate),
    ):
        d = digest(kind, value)
        if d:
            out[str(kind)] = d
    return out
