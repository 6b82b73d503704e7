"""Backup and restore: back up, wipe, restore, and the journal and the evidence files verify clean.

Runs on the database the suite runs on: SQLite (the online backup API) by default, PostgreSQL
(pg_dump/pg_restore) where DATABASE_URL points at one, as CI does in its second pass.
"""

import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from zhifa import testing
from zhifa.records import journal
from zhifa.records.management.backup import SUMS, BackupError, read_manifest
from zhifa.records.models import JournalEntry, JournalHead

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "postgresql" and shutil.which("pg_dump") is None,
        reason="pg_dump/pg_restore (PostgreSQL client) not installed",
    ),
]

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    return tmp_path / "evidence"


@pytest.fixture
def recorded_case(world):
    """A case with two evidence files: journal entries in two chains, files in storage."""
    from zhifa.cases import services as cases
    from zhifa.evidence import services as evidence

    officer = testing.make_officer(world.hangzhou)
    case = cases.create_lead(
        actor=officer.user,
        agency=world.hangzhou,
        source="inspection",
        facts="货车超限运输",
        received_on=timezone.localdate() - timedelta(days=3),
        officers=[officer],
    )
    for n in range(2):
        evidence.upload_evidence(
            case,
            actor=officer.user,
            file=SimpleUploadedFile(f"p{n}.jpg", JPEG + bytes([n]) * 10, "image/jpeg"),
            kind="physical",
            collected_by=officer,
            collected_at=timezone.now() - timedelta(hours=2),
            place="杭州市萧山区G104国道检测站",
            method="recording",
            device_kind="body_camera",
            device_id="ZFJLY-0001",
            act="on_site_inspection",
        )
    return case


def counts():
    from zhifa.cases.models import Case
    from zhifa.evidence.models import Evidence

    return Case.objects.count(), Evidence.objects.count(), JournalEntry.objects.count()


def test_back_up_wipe_restore_and_everything_verifies(recorded_case, evidence_root, tmp_path):
    # given a backup of a working platform
    before = counts()
    target = tmp_path / "backup"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text("utf-8"))
    assert manifest["evidence"]["count"] == 2
    assert manifest["database"]["vendor"] == connection.vendor
    # and later work that the backup does not hold
    journal.append("journal.verified", payload={"after": "backup"})
    # when everything is wiped: the database emptied, the evidence folder gone
    call_command("flush", interactive=False)
    shutil.rmtree(evidence_root)
    assert counts() == (0, 0, 0)
    # and the backup restored
    call_command("restore", str(target), interactive=False)
    # then the platform is as it was at the backup
    assert counts() == before
    heads = {h.chain: h.entry_hash for h in JournalHead.objects.all()}
    assert heads == {c: h["entry_hash"] for c, h in manifest["journal_heads"].items()}
    # and both checks pass (each raises CommandError on any broken entry or file)
    call_command("verify_journal")
    call_command("verify_evidence")


def test_the_append_only_triggers_come_back_with_the_restore(recorded_case, tmp_path):
    call_command("backup", str(tmp_path / "b"))
    call_command("flush", interactive=False)
    call_command("restore", str(tmp_path / "b"), interactive=False)
    from django.db import DatabaseError, models, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        models.QuerySet.update(JournalEntry.objects.all(), payload="{}")


def test_a_damaged_backup_is_refused_before_anything_is_touched(recorded_case, tmp_path):
    # given a backup with one evidence file changed
    target = tmp_path / "b"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text("utf-8"))
    damaged = target / "evidence" / manifest["evidence"]["files"][0]["name"]
    damaged.write_bytes(b"changed")
    before = counts()
    # when
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(target), interactive=False)
    # then the database was not touched
    assert counts() == before


def test_a_changed_manifest_is_refused(recorded_case, tmp_path):
    target = tmp_path / "b"
    call_command("backup", str(target))
    path = target / "manifest.json"
    path.write_text(path.read_text("utf-8").replace('"count": 2', '"count": 3'), "utf-8")
    with pytest.raises(BackupError, match=SUMS):
        read_manifest(target)


def test_the_sums_file_lists_every_file(recorded_case, tmp_path):
    target = tmp_path / "b"
    call_command("backup", str(target))
    listed = {line.split("  ", 1)[1] for line in (target / SUMS).read_text().splitlines()}
    present = {str(p.relative_to(target)) for p in target.rglob("*") if p.is_file()} - {SUMS}
    assert listed == present


def test_a_backup_never_overwrites_a_directory_with_files(world, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("x")
    with pytest.raises(CommandError, match="不为空"):
        call_command("backup", str(tmp_path / "b"))
    assert (tmp_path / "b" / "keep.txt").read_text() == "x"


def test_check_only_reads(recorded_case, tmp_path, capsys):
    call_command("backup", str(tmp_path / "b"))
    journal.append("journal.verified", payload={"after": "backup"})
    before = counts()
    call_command("restore", str(tmp_path / "b"), check=True)
    assert counts() == before
    assert "备份校验通过" in capsys.readouterr().out


def test_an_empty_path_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(Path(tmp_path)), interactive=False)


def test_a_backup_is_readable_by_its_owner_alone(recorded_case, tmp_path):
    target = tmp_path / "b"
    call_command("backup", str(target))
    assert target.stat().st_mode & 0o777 == 0o700
    for path in target.rglob("*"):
        assert path.stat().st_mode & 0o077 == 0, path
