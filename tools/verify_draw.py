#!/usr/bin/env python3
"""Redo, offline, a published double-random draw (双随机抽查, T1 Art. 20) and compare it.

    python3 tools/verify_draw.py draw-123.json

Needs only Python 3. Download the record from the portal's random-inspection page
(/gongshi/inspections/draws/<id>.json): the seed, the target pool and the inspector pool (keys in
the order the draw used, identities masked), the counts, who was left out for each drawn target
(recusal or not fit to act), and the published result. The algorithm is the one documented in
zhifa/core/draw.py ("sha256-ctr-fisher-yates-v1"), copied here so this file stands alone; a test
(zhifa/inspections/tests/test_verify_draw.py) keeps the two in agreement:

- block i of a stream is SHA-256("<seed>|<label>|<i>") read as a big-endian integer; a number
  below n is taken by rejection sampling (values at or above the largest multiple of n skipped);
- k of n keys (sorted as text) are drawn by a partial Fisher-Yates shuffle: position i is swapped
  with a uniformly chosen position in [i, n);
- targets use the label "targets"; the inspectors of a drawn target the label
  "inspectors:<target key>", from the inspector pool less those left out for that target.

Exit status 0 when the published result is what the seed gives, 1 otherwise.
"""

import argparse
import hashlib
import json
import sys

ALGORITHM = "sha256-ctr-fisher-yates-v1"


def below(prefix: bytes, counter: list[int], n: int) -> int:
    limit = (1 << 256) - ((1 << 256) % n)
    while True:
        value = int.from_bytes(hashlib.sha256(prefix + str(counter[0]).encode()).digest(), "big")
        counter[0] += 1
        if value < limit:
            return value % n


def sample(seed: str, label: str, keys, k: int) -> list[str]:
    pool = sorted({str(x) for x in keys})
    prefix, counter = f"{seed}|{label}|".encode(), [0]
    for i in range(k):
        j = i + below(prefix, counter, len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]


def redo(record: dict) -> list[dict]:
    """The assignments the record's seed and pools give."""
    seed = record["seed"]
    targets = [t["key"] for t in record["targets"]]
    inspectors = [o["key"] for o in record["inspectors"]]
    excluded = record.get("excluded", {})
    out = []
    for target in sample(seed, "targets", targets, record["target_count"]):
        left = [o for o in inspectors if o not in set(excluded.get(target, []))]
        chosen = sample(seed, f"inspectors:{target}", left, record["inspectors_per_target"])
        out.append({"target": target, "inspectors": chosen})
    return out


def verify(record: dict) -> list[str]:
    """What is wrong with the record (empty: the draw is what its seed gives)."""
    problems = []
    if record.get("algorithm") != ALGORITHM:
        return [f"unknown algorithm {record.get('algorithm')!r} (this script: {ALGORITHM})"]
    for pool in ("targets", "inspectors"):
        keys = [x["key"] for x in record[pool]]
        if keys != sorted(keys):
            problems.append(f"the {pool} pool is not in the draw's canonical order")
    expected = redo(record)
    if expected != record["assignments"]:
        problems.append(
            "the published result differs from the one the seed gives:\n"
            f"  published: {json.dumps(record['assignments'], ensure_ascii=False)}\n"
            f"  redone:    {json.dumps(expected, ensure_ascii=False)}"
        )
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("record", help="the draw's record (JSON) downloaded from the portal")
    args = parser.parse_args(argv)
    with open(args.record, encoding="utf-8") as f:
        record = json.load(f)
    problems = verify(record)
    for p in problems:
        print("FAIL:", p)
    if not problems:
        names = {t["key"]: t["name"] for t in record["targets"]}
        print(f"OK: seed {record['seed']!r} gives the published draw")
        for a in record["assignments"]:
            print(f"  {names.get(a['target'], a['target'])}: {', '.join(a['inspectors'])}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
