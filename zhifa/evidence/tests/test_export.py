"""A case's record exported as one archive verifies offline, and any tampering with it shows."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhifa.core import hashchain
from zhifa.evidence import offline, services
from zhifa.evidence.record import export_case_record
from zhifa.records.anchoring import anchor_day

from .conftest import JPEG, PDF, video


@pytest.fixture
def record(cw, upload, django_capture_on_commit_callbacks, tmp_path):
    """A case with three items, a hand-over, a view, an anchor of today and entries after it."""
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(JPEG, "photo.jpg", "image/jpeg")
        upload(video(), "seizure.mp4", "video/mp4", act="on_site_seizure", kind="audio_visual")
    from zhifa.cases import services as cases

    cases.create_lead(  # another case's entries interleave in the same agency chain
        actor=cw.officer.user,
        agency=cw.world.hangzhou,
        source="report",
        facts="另一案件",
        received_on=timezone.localdate(),
        officers=[cw.officer, cw.colleague],
    )
    today = timezone.localdate()
    anchor = anchor_day(today, today=today + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        upload(PDF, "record.pdf", "application/pdf", kind="examination_record")
    services.hand_over(first, to_user=cw.head, reason="送审查", actor=cw.officer.user)
    services.record_view(first, actor=cw.colleague.user, via="page")
    path = tmp_path / "case.zip"
    manifest = export_case_record(cw.case, path)
    return path, manifest, anchor


def test_export_verifies_offline(cw, record):
    path, _manifest, anchor = record
    report = offline.verify_archive(path, roots={anchor.day.isoformat(): anchor.root})
    assert report.ok, report.problems
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        lines = z.read(offline.RECORD).decode().splitlines()
        evidence = json.loads(z.read(offline.EVIDENCE))
    with zipfile.ZipFile(path) as z:
        neighbours = [json.loads(x) for x in z.read(offline.NEIGHBOURS).decode().splitlines()]
    # another case's entries in the chain are there to link, with their content withheld
    assert neighbours and all(n["payload"] is None for n in neighbours)
    assert all(
        n["subject_id"] != str(cw.case.pk) or n["subject_type"] != "cases.case" for n in neighbours
    )
    # the archive holds the entries exactly as hashed, the evidence list and the files by digest
    first = json.loads(lines[0])
    assert list(first) == list(offline.ENTRY_FIELDS)
    entry = offline.entry_from_json(first)
    assert hashchain.entry_digest(entry) == entry.entry_hash
    assert {offline.README, offline.MANIFEST, offline.ANCHORS, offline.NEIGHBOURS} <= names
    assert len(evidence) == 3 and evidence[0]["custodian"] == cw.head.pk
    for item in evidence:
        assert item["file"]["path"] in names
    assert "verify_case_record" in zipfile.ZipFile(path).read(offline.README).decode()
    assert any("已核对" in note for note in report.notes)


def test_commands_export_and_verify(cw, record, tmp_path, capsys):
    out = tmp_path / "cmd.zip"
    call_command("export_case_record", cw.case.pk, str(out))
    call_command("verify_case_record", str(out))
    printed = capsys.readouterr().out
    assert "记录完整" in printed and "verify_case_record" in printed


def rewrite(path, change):
    """Apply `change(members: dict[str, bytes])`, then re-seal the manifest's member digests, as
    a forger would, so only the deeper checks can catch it."""
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    change(members)
    manifest = json.loads(members[offline.MANIFEST])
    manifest["members"] = {
        name: [algorithm, hashchain.digest(algorithm, members[name])]
        for name, (algorithm, _digest) in manifest["members"].items()
        if name in members
    }
    members[offline.MANIFEST] = json.dumps(manifest).encode()
    out = path.with_name("tampered.zip")
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out


def edit_lines(members, name, edit):
    lines = [json.loads(line) for line in members[name].decode().splitlines()]
    lines = edit(lines)
    members[name] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()


def _first_with(lines, text):
    return next(i for i, x in enumerate(lines) if text in (x["payload"] or ""))


def _file_byte(members):
    name = next(n for n in members if n.startswith("files/"))
    data = bytearray(members[name])
    data[-1] ^= 1
    members[name] = bytes(data)


def _payload(members):
    def edit(lines):
        i = _first_with(lines, "G104")
        lines[i]["payload"] = lines[i]["payload"].replace("G104", "G320")
        return lines

    edit_lines(members, offline.RECORD, edit)


def _payload_resealed(members):
    """Change a payload and recompute its digest and hash: the next entry's link breaks."""

    def edit(lines):
        i = _first_with(lines, "G104")
        entry = offline.entry_from_json(lines[i])
        forged = hashchain.seal(
            hashchain.ChainEntry(
                **{**entry.__dict__, "payload": entry.payload.replace("G104", "G320")}
            )
        )
        lines[i] = offline.entry_to_json(forged)
        return lines

    edit_lines(members, offline.RECORD, edit)


def _dropped_entry(members):
    edit_lines(
        members,
        offline.RECORD,
        lambda lines: [x for x in lines if x["event_type"] != "evidence.handed_over"],
    )


def _withheld_entry(members):
    moved = []

    def take(lines):
        keep = [x for x in lines if x["event_type"] != "evidence.handed_over"]
        moved.extend(
            {**x, "payload": None} for x in lines if x["event_type"] == "evidence.handed_over"
        )
        return keep

    edit_lines(members, offline.RECORD, take)
    edit_lines(members, offline.NEIGHBOURS, lambda lines: lines + moved)


def _evidence_list(members):
    items = json.loads(members[offline.EVIDENCE])
    items[0]["place"] = "别处"
    members[offline.EVIDENCE] = json.dumps(items, ensure_ascii=False).encode()


def _anchor_root(members):
    anchors = json.loads(members[offline.ANCHORS])
    anchors[0]["heads"][0][2] = "0" * 64
    members[offline.ANCHORS] = json.dumps(anchors).encode()


def _extra_member(members):
    members["files/zz/zz/extra"] = b"planted"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_file_byte, "内容与摘要不符"),
        (_payload, "内容摘要不符"),
        (_payload_resealed, "哈希链接断开"),
        (_dropped_entry, "中断"),
        (_withheld_entry, "内容却被隐去"),
        (_evidence_list, "与登记记录不符"),
        (_anchor_root, "默克尔根与记载的根不符"),
        (_extra_member, "清单未列出"),
    ],
)
def test_tampered_archive_fails(cw, record, change, expected):
    path, _manifest, _anchor = record
    report = offline.verify_archive(rewrite(path, change))
    assert not report.ok
    assert any(expected in p for p in report.problems), report.problems


def test_byte_changed_without_resealing_the_manifest_fails(cw, record, tmp_path):
    path, _m, _a = record
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    _file_byte(members)
    out = tmp_path / "raw.zip"
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(CommandError):
        call_command("verify_case_record", str(out), stdout=io.StringIO())


def test_root_kept_elsewhere_must_match(cw, record):
    path, _m, anchor = record
    report = offline.verify_archive(path, roots={anchor.day.isoformat(): "ab" * 32})
    assert any("另行保存的根不符" in p for p in report.problems)


def test_not_an_archive(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    assert not offline.verify_archive(bad).ok


def test_offline_module_runs_without_django_settings(record):
    import os
    import subprocess
    import sys
    from pathlib import Path

    path, _m, _a = record
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(  # noqa: S603 -- our own module on a file the test made
        [sys.executable, "-m", "zhifa.evidence.offline", str(path)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "记录完整" in done.stdout
