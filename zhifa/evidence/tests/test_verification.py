"""Tampering shows: a changed byte in a stored file (verify_evidence, the case page's status), a
missing file, a changed journal row."""

import os

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from zhifa.evidence import selectors
from zhifa.evidence.verification import verify_files
from zhifa.records.models import JournalEntry
from zhifa.records.triggers import lifted

from .conftest import JPEG, PDF, video


@pytest.fixture
def items(cw, upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            upload(JPEG, "photo.jpg", "image/jpeg"),
            upload(video(), "seizure.mp4", "video/mp4", act="on_site_seizure", kind="audio_visual"),
            upload(PDF, "record.pdf", "application/pdf", kind="examination_record"),
        ]


def change_a_byte(path, offset=10):
    os.chmod(path, 0o640)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_intact_files_verify(cw, items, capsys):
    call_command("verify_evidence")
    out = capsys.readouterr().out
    assert "3 个文件" in out and "证据文件完整" in out
    assert selectors.record_status(cw.case, rehash=True).summary == "记录完整"
    assert JournalEntry.objects.filter(event_type="evidence.files_verified").count() == 1


def test_changed_byte_in_a_stored_file_is_named(cw, items, evidence_storage, capsys):
    # given one byte of the stored video changed on disk
    video_file = items[1].file
    change_a_byte(evidence_storage / video_file.storage_name)
    # when verify_evidence runs
    with pytest.raises(CommandError):
        call_command("verify_evidence")
    # then it names that file, its digest, the reason and the evidence that uses it
    out = capsys.readouterr().out
    assert video_file.storage_name in out
    assert "文件内容与摘要不符" in out
    assert f"案件{cw.case.pk} 证据2" in out
    assert out.count("文件：") == 1
    # and the case page's status names it too, without re-hashing again
    status = selectors.record_status(cw.case)
    assert not status.ok
    assert status.broken_file.storage_name == video_file.storage_name
    assert video_file.storage_name in status.summary


def test_record_status_rehashes_on_demand(cw, items, evidence_storage):
    change_a_byte(evidence_storage / items[0].file.storage_name)
    assert selectors.record_status(cw.case).ok  # same size, not yet re-hashed
    status = selectors.record_status(cw.case, rehash=True)
    assert status.broken_file.problem == "digest_mismatch"


def test_missing_file_is_named_at_once(cw, items, evidence_storage):
    os.remove(evidence_storage / items[2].file.storage_name)
    status = selectors.record_status(cw.case)
    assert status.broken_file.problem == "missing"
    assert "存储中找不到文件" in status.summary
    assert [p.problem for p in verify_files(cw.case).broken] == ["missing"]


def test_truncated_file_is_named(cw, items, evidence_storage):
    path = evidence_storage / items[1].file.storage_name
    os.chmod(path, 0o640)
    path.write_bytes(path.read_bytes()[:-5])
    assert selectors.record_status(cw.case).broken_file.problem == "size_mismatch"


def test_changed_journal_row_is_named_by_record_status(cw, items):
    # given someone with rights on the schema rewrote the place of evidence 1 in its journal entry
    entry = JournalEntry.objects.get(event_type="evidence.collected", subject_id=str(items[0].pk))
    table = JournalEntry._meta.db_table
    with lifted(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET payload = REPLACE(payload, 'G104', 'G320') WHERE id = %s",
            [entry.pk],
        )
    # then the case page's status names that entry
    status = selectors.record_status(cw.case)
    assert not status.ok
    assert status.broken_entry.seq == entry.seq
    assert "内容摘要不符" in status.summary
