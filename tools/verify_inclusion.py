#!/usr/bin/env python3
"""Check, offline, that a published decision is in the enforcement record under a public anchor.

    python3 tools/verify_inclusion.py inclusion-123.json [--root ROOT] [--key HEX]

Needs only Python 3 (hashlib with SM3 from OpenSSL 3, or SHA-256 for records hashed with it).
Download the proof from the decision's page on the portal (/gongshi/decisions/<id>/proof.json).
It checks, with the layouts documented in zhifa/core/hashchain.py and zhifa/core/merkle.py:

1. the payload (the published record) hashes to the entry's payload digest;
2. the entry hash, and each following entry of the same chain links to the one before (prev_hash),
   up to the chain's head at the anchor;
3. that head is among the anchor's heads, and the Merkle root over all heads is the anchor's root;
4. with --root: the root equals the one you kept (or read on the portal, or got from the superior
   agency's daily file); with --key: the anchor's HMAC signature (zhifa/disclosure/signing.py).
Exit status 0 when everything checks, 1 otherwise.
"""

import argparse
import hashlib
import hmac
import json
import sys

ENC = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def h(alg: str, data: bytes) -> bytes:
    return hashlib.new(alg, data).digest()


def leaf(alg, chain, seq, entry_hash):
    text = ENC.encode(["zhifa-anchor/1", chain, seq, entry_hash])
    return h(alg, b"\x00" + text.encode())


def merkle_root(alg, heads):
    level = [leaf(alg, c, s, x) for c, s, x in sorted(tuple(x) for x in heads)]
    if not level:
        return h(alg, b"\x00").hex()
    while len(level) > 1:
        paired = [h(alg, b"\x01" + level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


def verify(proof: dict, root: str | None = None, key: str | None = None) -> list[str]:
    problems = []
    alg, entry, anchor = proof["algorithm"], proof["entry"], proof["anchor"]
    if h(alg, proof["payload"].encode()).hex() != entry[11]:
        problems.append("公示内容与记录中的内容摘要不一致")
    current, seq = h(alg, ENC.encode(entry).encode()).hex(), entry[2]
    for link in proof["links"]:
        if link[12] != current:
            problems.append(f"第{link[2]}条记录没有链接到前一条")
        current, seq = h(alg, ENC.encode(link).encode()).hex(), link[2]
    if [entry[1], seq, current] not in anchor["heads"]:
        problems.append("记录链的链头不在锚点中")
    if merkle_root(anchor["algorithm"], anchor["heads"]) != anchor["root"]:
        problems.append("锚点的默克尔根与各链链头不符")
    if root and root.lower() != anchor["root"]:
        problems.append("锚点的默克尔根与您保存的根值不同")
    if key:
        t = anchor["taken_at"]
        signed = ENC.encode(
            ["zhifa-public-anchor/1", t, anchor["algorithm"], anchor["root"], anchor["chains"]]
        ).encode()
        mac = hmac.new(bytes.fromhex(key), signed, alg).hexdigest()
        if not hmac.compare_digest(mac, anchor["signature"]):
            problems.append("锚点签名不正确")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("proof")
    parser.add_argument("--root", help="您保存的当时默克尔根")
    parser.add_argument("--key", help="签名密钥（十六进制，由上级机关持有）")
    args = parser.parse_args(argv)
    with open(args.proof, encoding="utf-8") as f:
        proof = json.load(f)
    problems = verify(proof, args.root, args.key)
    record = json.loads(proof["payload"]).get("record", {})
    print(f"决定书：{record.get('document_number', '')}；锚点：{proof['anchor']['taken_at']}")
    for p in problems:
        print("不一致：" + p)
    print(
        "核验通过：该公示信息包含在公开锚点所覆盖的执法全过程记录中。"
        if not problems
        else "核验未通过。"
    )
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
