"""Signatures of the public anchors.

Ed25519 would let anyone verify with a public key, but `cryptography` is not among the project's
dependencies (checked: not installed in the venv), so the anchors are signed with HMAC (RFC 2104)
over the journal's hash (SM3 where OpenSSL has it, else SHA-256) with `ZHIFA_ANCHOR_SIGNING_KEY`
(hex, 32 bytes or more). Whoever holds the key — the superior agency that receives the daily file —
can check that a published root came from this platform; anyone can check the roots themselves
against the published heads and the inclusion proofs. Without the setting a key is derived from
SECRET_KEY (development only; production must set its own and hand it to the superior agency).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date, datetime

from django.conf import settings

from zhifa.core.hashchain import DEFAULT_ALGORITHM, utc_text

ANCHOR_LAYOUT = "zhifa-public-anchor/1"
DAY_LAYOUT = "zhifa-public-day/1"
SCHEME = f"hmac-{DEFAULT_ALGORITHM}"


def _key() -> bytes:
    configured = getattr(settings, "ZHIFA_ANCHOR_SIGNING_KEY", "") or ""
    if configured:
        return bytes.fromhex(configured)
    return hashlib.sha256(b"zhifa-anchor-key\x00" + settings.SECRET_KEY.encode()).digest()


def key_id() -> str:
    """A short public name of the key (not the key): the first 16 hex digits of H("id" || key)."""
    return SCHEME + ":" + hashlib.sha256(b"id\x00" + _key()).hexdigest()[:16]


def sign(data: bytes) -> str:
    return hmac.new(_key(), data, DEFAULT_ALGORITHM).hexdigest()


def verify(data: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(data), signature or "")


def _encode(fields: list) -> bytes:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def anchor_bytes(taken_at: datetime, algorithm: str, root: str, chain_count: int) -> bytes:
    """What an hourly anchor's signature covers: UTF-8 of the JSON array
    ["zhifa-public-anchor/1", taken_at (UTC, as the journal writes it), algorithm, root, chains]."""
    return _encode([ANCHOR_LAYOUT, utc_text(taken_at), algorithm, root, chain_count])


def day_bytes(day: date, daily_root: str | None, hourly: list[tuple[str, str]]) -> bytes:
    """What the daily file's signature covers: ["zhifa-public-day/1", day, daily root or null,
    [[taken_at, root], …]]."""
    return _encode([DAY_LAYOUT, day.isoformat(), daily_root, [list(h) for h in hourly]])


def heads_json(heads) -> str:
    return json.dumps([[h.chain, h.seq, h.entry_hash] for h in heads], separators=(",", ":"))
