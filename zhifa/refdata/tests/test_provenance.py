"""The project's copy of the reference data: its README's digests match the files, and where the
upstream folder ../shared/data exists beside the checkout, every difference is named (file and key)."""

import hashlib
import json
import re

import pytest

from zhifa.refdata import DATA_DIR, FILES

UPSTREAM = DATA_DIR.parents[2] / "shared" / "data"
README = (DATA_DIR / "README.md").read_text("utf-8")


def _record_key(record, index: int) -> str:
    if isinstance(record, dict):
        for field in ("key", "id", "code", "name"):
            if field in record:
                return str(record[field])
    return f"#{index}"


def differences(ours, theirs, path: str = "") -> list[str]:
    """Readable differences between two JSON values: lists of records are matched by their key."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        out = []
        for k in sorted(set(ours) | set(theirs), key=str):
            where = f"{path}.{k}" if path else str(k)
            if k not in ours:
                out.append(f"{where}: 仅上游有")
            elif k not in theirs:
                out.append(f"{where}: 仅项目副本有")
            else:
                out += differences(ours[k], theirs[k], where)
        return out
    if isinstance(ours, list) and isinstance(theirs, list):
        mine = {_record_key(r, i): r for i, r in enumerate(ours)}
        up = {_record_key(r, i): r for i, r in enumerate(theirs)}
        if len(mine) == len(ours) and len(up) == len(theirs):
            return differences(mine, up, path)
        if len(ours) != len(theirs):
            return [f"{path}: 长度 {len(ours)} ≠ 上游 {len(theirs)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(ours, theirs, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    return [] if ours == theirs else [f"{path}: {ours!r} ≠ 上游 {theirs!r}"]


def test_differences_name_the_record_and_field():
    ours = [{"key": "a", "x": 1}, {"key": "b", "x": 2}]
    theirs = [{"key": "a", "x": 1}, {"key": "b", "x": 3}, {"key": "c"}]
    assert differences(ours, theirs, "p.json") == ["p.json.b.x: 2 ≠ 上游 3", "p.json.c: 仅上游有"]


@pytest.mark.parametrize("name", FILES)
def test_readme_records_the_digest_of_each_file(name):
    digest = hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest()
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}`")), "")
    assert re.search(r"`([0-9a-f]{64})`", row), f"README 缺少 {name} 的 sha256"
    assert digest in row, f"{name} 已改动，README 中的 sha256 未更新"


@pytest.mark.skipif(
    not UPSTREAM.is_dir(), reason="no ../shared/data beside this checkout to compare with"
)
@pytest.mark.parametrize("name", FILES)
def test_the_project_copy_equals_upstream(name):
    ours = json.loads((DATA_DIR / name).read_text("utf-8"))
    theirs = json.loads((UPSTREAM / name).read_text("utf-8"))
    diff = differences(ours, theirs, name)
    assert not diff, f"{name} 与 {UPSTREAM / name} 不同（{len(diff)} 处）:\n" + "\n".join(diff[:50])


@pytest.mark.skipif(
    not UPSTREAM.is_dir(), reason="no ../shared/data beside this checkout to compare with"
)
def test_upstream_has_no_file_the_project_lacks():
    extra = sorted(p.name for p in UPSTREAM.glob("*.json") if p.name not in FILES)
    assert not extra, f"上游有项目未复制的数据文件：{extra}"
