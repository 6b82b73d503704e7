"""Signatures of the public anchors: Ed25519 (RFC 8032), so that anyone can verify them with the
public key published on the portal (/gongshi/anchors/ and /gongshi/anchors/public-key.pem) —
`tools/verify_inclusion.py` does it offline with nothing but Python 3.

The private key is a PKCS#8 PEM file at `ZHIFA_ANCHOR_SIGNING_KEY_FILE` (environment variable of
the same name; default var/keys/anchor-ed25519.pem). When the file does not exist it is made on
first use, readable by the platform's account only: keep it (a backup) — a new key means a new
key id on the portal from that hour on. The deploy check (checks.py) refuses a file that is not an
Ed25519 private key or that others may read.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from zhifa.core.hashchain import utc_text

ANCHOR_LAYOUT = "zhifa-public-anchor/1"
DAY_LAYOUT = "zhifa-public-day/1"
SCHEME = "ed25519"


def key_path() -> Path:
    return Path(settings.ZHIFA_ANCHOR_SIGNING_KEY_FILE)


def _make_key(path: Path) -> None:
    """A new key written atomically with mode 0600 (another process may race us: first wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    try:
        os.link(tmp, path)  # fails if another process made it first: keep theirs
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


@lru_cache(maxsize=4)
def _private_key(path: str) -> Ed25519PrivateKey:
    p = Path(path)
    if not p.exists():
        _make_key(p)
    return load_private_key(p)


def _key() -> Ed25519PrivateKey:
    return _private_key(str(key_path()))


def public_key() -> Ed25519PublicKey:
    return _key().public_key()


def public_key_hex() -> str:
    """The raw 32-byte public key in hex (what the offline script takes with --public-key)."""
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id() -> str:
    """A short public name of the key: "ed25519:" and the first 16 hex digits of SHA-256 over the
    raw public key."""
    return f"{SCHEME}:{hashlib.sha256(bytes.fromhex(public_key_hex())).hexdigest()[:16]}"


def sign(data: bytes) -> str:
    return _key().sign(data).hex()


def verify(data: bytes, signature: str, public_hex: str | None = None) -> bool:
    key = (
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        if public_hex
        else public_key()
    )
    try:
        key.verify(bytes.fromhex(signature or ""), data)
    except (InvalidSignature, ValueError):
        return False
    return True


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
