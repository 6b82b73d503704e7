"""Upload, dedupe, refusals that leave nothing behind, custody and the mandatory recording."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from zhifa.core import hashchain
from zhifa.core.errors import DomainError
from zhifa.evidence import selectors, services, storage
from zhifa.evidence.models import Evidence, EvidenceFile
from zhifa.records.models import JournalEntry
from zhifa.records.verification import verify

from .conftest import JPEG, MP3, PDF, PNG, video


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def journal_count(event_type):
    return JournalEntry.objects.filter(event_type=event_type).count()


def test_upload_stores_the_file_under_its_sm3_digest(
    cw, upload, evidence_storage, django_capture_on_commit_callbacks
):
    # when an officer registers a photo
    with django_capture_on_commit_callbacks(execute=True):
        evidence = upload(JPEG, "现场照片.jpg", "image/jpeg")
    # then the row records who, when, where, how, what device, which act, and the file's digest
    ef = evidence.file
    assert (evidence.number, evidence.kind, evidence.title) == (1, "physical", "现场照片.jpg")
    assert ef.algorithm == hashchain.DEFAULT_ALGORITHM
    assert ef.digest == hashchain.digest(ef.algorithm, JPEG)
    assert (ef.size, ef.content_type) == (len(JPEG), "image/jpeg")
    assert ef.storage_name == f"{ef.digest[:2]}/{ef.digest[2:4]}/{ef.digest}"
    assert (evidence_storage / ef.storage_name).read_bytes() == JPEG
    assert evidence.custodian == cw.officer.user
    # and nothing stays in the staging folder; one journal entry, intact, in the case's chain
    assert not list(storage.incoming_dir().iterdir())
    entry = JournalEntry.objects.get(event_type="evidence.collected")
    assert entry.chain == f"agency:{cw.case.agency_id}"
    assert f'"digest":"{ef.digest}"' in entry.payload
    assert verify(subject=("evidence.evidence", str(evidence.pk))).ok


def test_the_stored_file_is_placed_only_after_commit(
    cw, upload, evidence_storage, django_capture_on_commit_callbacks
):
    # given an upload whose transaction has not committed yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evidence = upload(PNG, "a.png", "image/png")
        # then the file is still only in the staging folder
        assert not (evidence_storage / evidence.file.storage_name).exists()
        assert len(list(storage.incoming_dir().iterdir())) == 1
    # when it commits, the staging file is moved into place
    for callback in callbacks:
        callback()
    assert (evidence_storage / evidence.file.storage_name).exists()
    assert not list(storage.incoming_dir().iterdir())


def test_same_file_in_two_cases_is_stored_once(
    cw, upload, evidence_storage, django_capture_on_commit_callbacks
):
    from zhifa.cases import services as cases

    other = cases.create_lead(
        actor=cw.officer.user,
        agency=cw.world.hangzhou,
        source="report",
        facts="另一线索",
        received_on=timezone.localdate(),
        officers=[cw.officer, cw.colleague],
    )
    # when the same bytes are registered in two cases under different names
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(PDF, "询问笔录.pdf", "application/pdf", kind="party_statement")
        second = upload(PDF, "copy.pdf", "application/pdf", kind="party_statement", case=other)
    # then there is one file row and one stored file, referenced twice
    assert first.file_id == second.file_id
    assert EvidenceFile.objects.count() == 1
    assert len(stored_files(evidence_storage)) == 1
    assert second.file_name == "copy.pdf" and first.file.original_name == "询问笔录.pdf"
    assert not list(storage.incoming_dir().iterdir())


def test_same_file_twice_in_one_case_is_refused(cw, upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(JPEG)
    with pytest.raises(DomainError) as exc:
        upload(JPEG, "again.jpg")
    assert exc.value.code == "evidence_duplicate"
    assert Evidence.objects.count() == 1
    assert not list(storage.incoming_dir().iterdir())


def test_over_the_size_limit_is_refused_and_nothing_is_kept(cw, upload, settings, evidence_storage):
    # given a limit of 1 KiB
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    # when a 2 KiB video is uploaded
    with pytest.raises(DomainError) as exc:
        upload(video() + b"\x00" * 2048, "big.mp4", "video/mp4")
    # then it is refused with 413, and no row, no file, no journal entry remain
    assert (exc.value.code, exc.value.status) == ("evidence_too_large", 413)
    assert "1 KiB" in exc.value.message
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()
    assert stored_files(evidence_storage) == []
    assert journal_count("evidence.collected") == 0


def test_at_the_size_limit_is_accepted(cw, upload, settings):
    data = video()
    settings.EVIDENCE_MAX_UPLOAD_SIZE = len(data)
    assert upload(data, "v.mp4", "video/mp4").file.size == len(data)


@pytest.mark.parametrize(
    ("data", "name", "declared", "code"),
    [
        (JPEG, "photo.jpg", "application/pdf", "evidence_type_mismatch"),  # declared type lies
        (PDF, "photo.jpg", "image/jpeg", "evidence_type_mismatch"),  # extension and type lie
        (PDF, "report.mp4", "", "evidence_type_mismatch"),  # extension lies
        (b"MZ\x90\x00 executable", "tool.exe", "", "evidence_type_unsupported"),
        (
            b"<html><script>alert(1)</script></html>",
            "page.jpg",
            "image/jpeg",
            "evidence_type_unsupported",
        ),
        (b"", "empty.jpg", "image/jpeg", "evidence_file_empty"),
    ],
)
def test_type_must_match_content(cw, upload, evidence_storage, data, name, declared, code):
    with pytest.raises(DomainError) as exc:
        upload(data, name, declared)
    assert exc.value.code == code
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()
    assert stored_files(evidence_storage) == []


class BrokenStream(io.RawIOBase):
    """A client that disconnects after some bytes: reading fails midway."""

    name = "interrupted.mp4"

    def __init__(self):
        self.sent = 0

    def readable(self):
        return True

    def read(self, size=-1):
        if self.sent >= 3:
            raise OSError("connection reset by peer")
        self.sent += 1
        return video(self.sent)


def test_interrupted_upload_leaves_no_file_and_no_row(cw, upload, evidence_storage):
    with pytest.raises(OSError):
        upload(file=BrokenStream())
    assert stored_files(evidence_storage) == []
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()
    assert journal_count("evidence.collected") == 0


def test_refusal_after_the_row_is_written_leaves_nothing(cw, upload, evidence_storage, monkeypatch):
    # given the journal fails after the rows were created in the transaction
    from zhifa.records import journal

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(journal, "append", fail)
    with pytest.raises(RuntimeError):
        upload(JPEG)
    # then the rows rolled back and the staging file is gone
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()
    assert stored_files(evidence_storage) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"kind": "rumour"}, "evidence_kind_invalid"),
        ({"method": "telepathy"}, "evidence_method_invalid"),
        ({"act": "teleport"}, "evidence_act_invalid"),
        ({"place": "  "}, "evidence_place_required"),
        ({"device_id": ""}, "evidence_device_id_required"),
        ({"collected_at": timezone.now() + timedelta(days=1)}, "evidence_collected_at_future"),
        ({"collected_by": None}, "evidence_collected_by_required"),
    ],
)
def test_bad_fields_are_refused(cw, upload, evidence_storage, change, code):
    with pytest.raises(DomainError) as exc:
        upload(**change)
    assert exc.value.code == code
    assert stored_files(evidence_storage) == [] and not Evidence.objects.exists()


def test_collector_must_be_on_the_case(cw, upload):
    with pytest.raises(DomainError) as exc:
        upload(collected_by=cw.outsider)
    assert exc.value.code == "evidence_collector_not_on_case"


def test_collector_must_hold_a_valid_certificate_on_the_day(cw, upload):
    # given the collector's certificate ran out before the day of collection (TEPP Arts. 46–47)
    cw.officer.certificates.update(valid_until=timezone.localdate() - timedelta(days=10))
    with pytest.raises(DomainError) as exc:
        upload(actor=cw.colleague.user, collected_at=timezone.now() - timedelta(days=1))
    assert exc.value.code == "evidence_collector_not_eligible"


@pytest.mark.parametrize("who", ["outsider", "ningbo_user", "province_user"])
def test_only_case_officers_or_the_head_register_evidence(cw, upload, who):
    actor = getattr(cw, who)
    actor = getattr(actor, "user", actor)
    with pytest.raises(DomainError) as exc:
        upload(actor=actor)
    assert exc.value.code in ("evidence_action_not_allowed",)


def test_agency_head_may_register(cw, upload):
    assert upload(actor=cw.head).uploaded_by == cw.head


def test_numbers_run_per_case(cw, upload):
    numbers = [upload(video(n), f"v{n}.mp4", "video/mp4").number for n in range(3)]
    assert numbers == [1, 2, 3]


# --- custody ---------------------------------------------------------------------------------------


def test_hand_over_moves_custody_and_is_journaled(cw, upload):
    evidence = upload()
    # when the custodian hands the item to the superior's legal reviewer
    services.hand_over(
        evidence, to_user=cw.province_user, reason="送法制审核", actor=cw.officer.user
    )
    # then custody moved, and the history shows collection then hand-over
    evidence.refresh_from_db()
    assert evidence.custodian == cw.province_user
    history = selectors.custody_history(evidence)
    assert [h.event_type for h in history] == ["evidence.collected", "evidence.handed_over"]
    assert history[1].payload["reason"] == "送法制审核"
    assert history[1].payload["from_name"] == "王执法"


@pytest.mark.parametrize(
    ("actor", "to", "reason", "code"),
    [
        ("colleague", "head", "移交", "evidence_action_not_allowed"),  # not the custodian
        ("officer", "ningbo_user", "移交", "handover_recipient_out_of_scope"),
        ("officer", "officer_user", "移交", "handover_same_custodian"),
        ("officer", "head", "  ", "handover_reason_required"),
    ],
)
def test_hand_over_refusals(cw, upload, actor, to, reason, code):
    evidence = upload()
    people = {
        "colleague": cw.colleague.user,
        "officer": cw.officer.user,
        "officer_user": cw.officer.user,
        "head": cw.head,
        "ningbo_user": cw.ningbo_user,
    }
    with pytest.raises(DomainError) as exc:
        services.hand_over(evidence, to_user=people[to], reason=reason, actor=people[actor])
    assert exc.value.code == code
    evidence.refresh_from_db()
    assert evidence.custodian == cw.officer.user
    assert journal_count("evidence.handed_over") == 0


def test_head_may_reassign_custody(cw, upload):
    evidence = upload()
    services.hand_over(evidence, to_user=cw.colleague.user, reason="人员调整", actor=cw.head)
    evidence.refresh_from_db()
    assert evidence.custodian == cw.colleague.user


# --- mandatory recording (legal.md §B.4) ---------------------------------------------------------


def test_seizure_cannot_be_completed_without_a_video(cw, upload):
    # given only a sound recording and a photo of the seizure
    upload(MP3, "audio.mp3", "audio/mpeg", act="on_site_seizure", kind="audio_visual")
    upload(JPEG, "photo.jpg", "image/jpeg", act="on_site_seizure")
    # then the mandatory recording is missing, and require_recording refuses
    check = selectors.check_recording(cw.case, "on_site_seizure")
    assert check.required and not check.satisfied
    with pytest.raises(DomainError) as exc:
        selectors.require_recording(cw.case, "on_site_seizure")
    assert exc.value.code == "recording_required"
    assert "《交通运输行政执法程序规定》第五十四条" in exc.value.message  # T1 Art. 54, in Chinese
    # when the body-camera video is attached
    evidence = upload(
        video(), "seizure.mp4", "video/mp4", act="on_site_seizure", kind="audio_visual"
    )
    # then the act may be completed
    assert selectors.require_recording(cw.case, "on_site_seizure").evidence_ids == (evidence.pk,)


def test_recording_for_one_measure_does_not_cover_another(cw, upload):
    upload(
        video(),
        "m1.mp4",
        "video/mp4",
        act="on_site_seizure",
        act_ref=("measures.compulsorymeasure", 1),
    )
    assert selectors.check_recording(
        cw.case, "on_site_seizure", ref=("measures.compulsorymeasure", 1)
    ).satisfied
    with pytest.raises(DomainError):
        selectors.require_recording(
            cw.case, "on_site_seizure", ref=("measures.compulsorymeasure", 2)
        )


def test_recording_in_another_case_does_not_count(cw, upload):
    from zhifa.cases import services as cases

    other = cases.create_lead(
        actor=cw.officer.user,
        agency=cw.world.hangzhou,
        source="report",
        facts="另一线索",
        received_on=timezone.localdate(),
        officers=[cw.officer, cw.colleague],
    )
    upload(video(), "m.mp4", "video/mp4", act="premises_questioning", case=other)
    assert not selectors.check_recording(cw.case, "premises_questioning").satisfied


def test_public_notice_posting_is_satisfied_by_a_photo(cw, upload):
    upload(JPEG, "posting.jpg", "image/jpeg", act="public_notice_posting", kind="documentary")
    assert selectors.require_recording(cw.case, "public_notice_posting").satisfied


def test_recommended_acts_only_advise(cw):
    check = selectors.require_recording(cw.case, "interview")
    assert not check.required and not check.satisfied
    assert selectors.recording_advice("interview") == "建议录音录像"
    assert selectors.recording_advice("on_site_seizure") == "必须全程录音录像"
    assert selectors.recording_advice("other") == ""
