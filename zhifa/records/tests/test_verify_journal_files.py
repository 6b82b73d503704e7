"""verify_journal also re-hashes the evidence files (issue 5 item 6)."""

import pytest
from django.core.management import CommandError, call_command

from zhifa.evidence.tests.conftest import JPEG, cw, evidence_storage, upload  # noqa: F401
from zhifa.evidence.tests.test_verification import change_a_byte


def test_verify_journal_names_a_changed_evidence_file(
    cw,  # noqa: F811 (fixtures imported above)
    upload,  # noqa: F811
    evidence_storage,  # noqa: F811
    django_capture_on_commit_callbacks,
    capsys,
):
    # given a stored photo, then one byte of it changed on disk
    with django_capture_on_commit_callbacks(execute=True):
        evidence = upload(JPEG, "photo.jpg", "image/jpeg")
    call_command("verify_journal", "--no-record")
    assert "证据文件完整" in capsys.readouterr().out
    change_a_byte(evidence_storage / evidence.file.storage_name)
    # when / then
    with pytest.raises(CommandError):
        call_command("verify_journal", "--no-record")
    assert evidence.file.storage_name in capsys.readouterr().out
