"""The daily anchor of the whole-process record (全过程记录, legal.md §F.2; 2021 opinion item 十四).

At the end of each day the head of every journal chain (chain, seq, entry_hash) is folded into one
Merkle root. Whoever keeps that root — a superior agency, a printed register, a timestamping
service — can later tell whether any entry written up to that day was changed, even by someone
with write access to the whole database who re-hashed the chains: the recomputed heads give a
different root.

Bytes, version "zhifa-anchor/1" (H is the journal's algorithm, SM3 or SHA-256):
    leaf      H(0x00 || UTF-8 of JSON ["zhifa-anchor/1", chain, seq, entry_hash])
    node      H(0x01 || left || right)   (left and right as raw digest bytes)
    odd node  carried up unchanged to the next level
    root      the last node; H(0x00) for a day with no chains
Leaves are sorted by chain name. The 0x00/0x01 prefixes keep a leaf from passing for a node
(RFC 6962 §2.1).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from .hashchain import digest_bytes as _h

LAYOUT = "zhifa-anchor/1"


@dataclass(frozen=True, order=True)
class ChainHead:
    chain: str
    seq: int
    entry_hash: str


def leaf(algorithm: str, head: ChainHead) -> bytes:
    text = json.dumps(
        [LAYOUT, head.chain, head.seq, head.entry_hash], ensure_ascii=False, separators=(",", ":")
    )
    return _h(algorithm, b"\x00" + text.encode())


def merkle_root(algorithm: str, heads: Iterable[ChainHead]) -> str:
    """The hex root over the heads, sorted by chain (the order they are given in does not matter)."""
    level = [leaf(algorithm, head) for head in sorted(heads)]
    if not level:
        return _h(algorithm, b"\x00").hex()
    while len(level) > 1:
        paired = [
            _h(algorithm, b"\x01" + level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()
