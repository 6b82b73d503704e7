"""The browser's inclusion check (static/disclosure/proof.js) run under Node: SM3 against the
examples of GB/T 32905-2016 Appendix A, and a real proof from the portal checked exactly as
tools/verify_inclusion.py checks it (issue 12 item 7). Skipped where Node is not installed."""

import json
import shutil
import subprocess
from datetime import date as D
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from zhifa.disclosure import services
from zhifa.disclosure.models import Disclosure

from .test_publication import decided

NODE = shutil.which("node")
SCRIPT = Path(settings.BASE_DIR) / "zhifa" / "disclosure" / "static" / "disclosure" / "proof.js"
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def node(code: str, *args: str) -> str:
    prelude = f"const P = require({json.dumps(str(SCRIPT))});\n"
    out = subprocess.run(  # noqa: S603 -- the node found on PATH, our own script, fixed code
        [NODE, "-e", prelude + code, "--", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout.strip()


@pytest.mark.parametrize(
    "message, expected, why",
    [
        (
            "abc",
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            "GB/T 32905-2016 A.1: one block",
        ),
        (
            "abcd" * 16,
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
            "GB/T 32905-2016 A.2: two blocks",
        ),
    ],
)
def test_sm3_gives_the_standards_examples(message, expected, why):
    assert node("console.log(P.sm3(process.argv[1]))", message) == expected, why


def test_sm3_agrees_with_openssl_on_chinese_and_block_edges():
    import hashlib

    messages = ["", "执法公示", "a" * 55, "a" * 56, "a" * 64, "执" * 700]
    got = node(
        "for (const m of JSON.parse(process.argv[1])) console.log(P.sm3(m))", json.dumps(messages)
    )
    assert got.splitlines() == [hashlib.new("sm3", m.encode()).hexdigest() for m in messages]


def test_a_real_proof_checks_and_a_forged_one_does_not(api, client, world, people, law, tmp_path):
    # given a published decision under an hourly anchor
    cid = decided(api, people)
    api.step(people.o1.user, cid, "publication", D(2026, 6, 12))
    d = Disclosure.objects.get(case_id=cid)
    services.anchor_hour(timezone.localtime() + timezone.timedelta(hours=1))
    proof = client.get(f"/gongshi/decisions/{d.pk}/proof.json").json()
    path = tmp_path / "proof.json"
    check = "P.verify(JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')))"
    check += ".then(p => console.log(JSON.stringify(p)))"
    # when the browser's code checks it, then it finds nothing wrong
    path.write_text(json.dumps(proof, ensure_ascii=False), encoding="utf-8")
    assert json.loads(node(check, str(path))) == []
    # and a changed record, a broken link or another root are each named
    forged = {**proof, "payload": proof["payload"].replace("张某", "王某")}
    path.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    assert json.loads(node(check, str(path))) == ["公示内容与记录中的内容摘要不一致"]
    moved = {**proof, "anchor": {**proof["anchor"], "root": "0" * 64}}
    path.write_text(json.dumps(moved, ensure_ascii=False), encoding="utf-8")
    assert json.loads(node(check, str(path))) == ["锚点的默克尔根与各链链头不符"]
