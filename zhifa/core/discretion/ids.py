"""Stable ids for records that carry none in the source data (benchmarks, exemption lists).

The id is derived from what identifies the record in its source (provision, issuer, document), so it
survives reordering of the data file and a database round-trip. A dict that already has `id` keeps it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any


def _digest(*parts: object) -> str:
    text = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:6]


def benchmark_id(d: Mapping[str, Any]) -> str:
    if d.get("id"):
        return str(d["id"])
    return (
        f"bm-{d.get('provision_id') or 'general'}-{_digest(d.get('province'), d.get('document'))}"
    )


def exemption_list_id(d: Mapping[str, Any]) -> str:
    if d.get("id"):
        return str(d["id"])
    return f"npl-{d.get('year') or 'x'}-{_digest(d.get('scope'), d.get('document'))}"
