#!/usr/bin/env python3
"""Check, offline, that a published decision is in the enforcement record under a public anchor.

    python3 tools/verify_inclusion.py inclusion-123.json [--root ROOT] [--public-key HEX|FILE.pem]
    python3 tools/verify_inclusion.py --day zhifa-anchors-2026-06-12.json --public-key HEX|FILE.pem

Needs only Python 3 (hashlib with SM3 from OpenSSL 3, or SHA-256 for records hashed with it); the
Ed25519 check is written out below (RFC 8032 §5.1.7), so nothing else is installed.
Download the proof from the decision's page on the portal (/gongshi/decisions/<id>/proof.json).
It checks, with the layouts documented in zhifa/core/hashchain.py and zhifa/core/merkle.py:

1. the payload (the published record) hashes to the entry's payload digest;
2. the entry hash, and each following entry of the same chain links to the one before (prev_hash),
   up to the chain's head at the anchor;
3. that head is among the anchor's heads, and the Merkle root over all heads is the anchor's root;
4. with --root: the root equals the one you kept (or read on the portal, or got from the superior
   agency's daily file); with --public-key (the key published on the portal, /gongshi/anchors/):
   the anchor's Ed25519 signature (zhifa/disclosure/signing.py).
With --day: the signed daily file's signature and each of its hourly anchors' signatures.
Exit status 0 when everything checks, 1 otherwise.
"""

import argparse
import base64
import hashlib
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


# --- Ed25519 verification (RFC 8032 §5.1.7, after its reference code in §6) ---------------------

P = 2**255 - 19
Q = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(a, b):
    x = (a[1] - a[0]) * (b[1] - b[0]) % P
    y = (a[1] + a[0]) * (b[1] + b[0]) % P
    c, d = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, k = y - x, d - c, d + c, y + x
    return (e * f, g * k, f * g, e * k)


def _mul(s, point):
    out = (0, 1, 1, 0)
    while s:
        if s & 1:
            out = _add(out, point)
        point = _add(point, point)
        s >>= 1
    return out


def _equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


def _x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        return None
    return P - x if (x & 1) != sign else x


def _point(raw: bytes):
    y = int.from_bytes(raw, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
G = (_x(_GY, 0), _GY, 1, _x(_GY, 0) * _GY % P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _point(public), _point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % Q
    return _equal(_mul(s, G), _add(r, _mul(h, a)))


SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")  # SubjectPublicKeyInfo of an Ed25519 key


def public_key(value: str) -> bytes:
    """The raw 32-byte key from its hex (as on the portal) or from a PEM file's path."""
    text = value.strip()
    if len(text) == 64 and all(c in "0123456789abcdefABCDEF" for c in text):
        return bytes.fromhex(text)
    with open(text, encoding="ascii") as f:
        body = "".join(line for line in f.read().splitlines() if not line.startswith("-----"))
    der = base64.b64decode(body)
    if len(der) != 44 or not der.startswith(SPKI_PREFIX):
        raise ValueError("不是 Ed25519 公钥")
    return der[len(SPKI_PREFIX) :]


def _signed(signature: str, key: bytes, fields: list) -> bool:
    try:
        raw = bytes.fromhex(signature or "")
    except ValueError:
        return False
    return ed25519_verify(key, ENC.encode(fields).encode(), raw)


def verify_day(day: dict, key: bytes) -> list[str]:
    """The signed daily file (/gongshi/anchors/<day>.json): its signature and every hour's."""
    problems = []
    pairs = [[a["taken_at"], a["root"]] for a in day["hourly"]]
    if not _signed(
        day["signature"], key, ["zhifa-public-day/1", day["day"], day["daily_root"], pairs]
    ):
        problems.append("每日文件的签名不正确")
    for a in day["hourly"]:
        fields = ["zhifa-public-anchor/1", a["taken_at"], day["algorithm"], a["root"], a["chains"]]
        if not _signed(a["signature"], key, fields):
            problems.append(f"{a['taken_at']} 锚点的签名不正确")
    return problems


def verify(proof: dict, root: str | None = None, key: bytes | None = None) -> list[str]:
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
        fields = [
            "zhifa-public-anchor/1",
            anchor["taken_at"],
            anchor["algorithm"],
            anchor["root"],
            anchor["chains"],
        ]
        if not _signed(anchor["signature"], key, fields):
            problems.append("锚点签名不正确")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("proof", nargs="?", help="决定书页面下载的包含证明（proof.json）")
    parser.add_argument("--root", help="您保存的当时默克尔根")
    parser.add_argument(
        "--public-key", help="平台公布的签名公钥（十六进制，或 PEM 公钥文件的路径）"
    )
    parser.add_argument("--day", help="每日签名文件（/gongshi/anchors/<日期>.json）")
    args = parser.parse_args(argv)
    key = public_key(args.public_key) if args.public_key else None
    if args.day:
        if key is None:
            parser.error("核验每日文件需要 --public-key")
        with open(args.day, encoding="utf-8") as f:
            problems = verify_day(json.load(f), key)
        for p in problems:
            print("不一致：" + p)
        print("每日文件签名核验通过。" if not problems else "核验未通过。")
        return 0 if not problems else 1
    if not args.proof:
        parser.error("请给出包含证明文件，或用 --day 给出每日文件")
    with open(args.proof, encoding="utf-8") as f:
        proof = json.load(f)
    problems = verify(proof, args.root, key)
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
