"""The evidence API: streamed upload with its refusals, scoped and journaled download, hand-over."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhifa.evidence import storage
from zhifa.evidence.models import Evidence, EvidenceFile
from zhifa.records.models import JournalEntry

from .conftest import JPEG, PDF, video


def form(cw, **overrides):
    data = {
        "kind": "audio_visual",
        "title": "执法记录仪视频",
        "collected_by": str(cw.officer.pk),
        "collected_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "place": "杭州市萧山区G104国道检测站",
        "method": "recording",
        "device_kind": "body_camera",
        "device_id": "ZFJLY-0001",
        "act": "on_site_seizure",
    }
    data.update(overrides)
    return data


def url(cw):
    return f"/api/v1/evidence/cases/{cw.case.pk}"


def nothing_left(evidence_storage):
    return (
        not Evidence.objects.exists()
        and not EvidenceFile.objects.exists()
        and not [p for p in evidence_storage.rglob("*") if p.is_file()]
    )


@pytest.fixture
def posted(cw, login, django_capture_on_commit_callbacks):
    """An item uploaded through the API by the lead officer (committed, file in place)."""
    client = login(cw.officer.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(cw), {**form(cw), "file": SimpleUploadedFile("seizure.mp4", video(), "video/mp4")}
        )
    assert response.status_code == 201, response.content
    return response.json()


def test_upload_through_the_api(cw, posted):
    # then the item is described with its digest and never a storage URL
    assert posted["number"] == 1
    assert posted["kind_label"] == "视听资料"
    assert posted["file"]["content_type"] == "video/mp4"
    assert posted["download_url"] == f"/api/v1/evidence/{posted['id']}/file"
    assert JournalEntry.objects.filter(event_type="evidence.collected").count() == 1
    assert not list(storage.incoming_dir().iterdir())


def test_upload_needs_login(cw, client, evidence_storage):
    response = client.post(
        url(cw), {**form(cw), "file": SimpleUploadedFile("a.jpg", JPEG, "image/jpeg")}
    )
    assert response.status_code == 401
    assert nothing_left(evidence_storage)


def test_upload_checks_csrf_after_streaming(cw, evidence_storage):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cw.officer.user)
    response = client.post(
        url(cw), {**form(cw), "file": SimpleUploadedFile("a.mp4", video(), "video/mp4")}
    )
    assert response.status_code == 403
    assert nothing_left(evidence_storage)


def test_upload_over_the_limit_is_413_and_leaves_nothing(cw, login, settings, evidence_storage):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    big = video() + b"\x00" * 4096
    response = login(cw.officer.user).post(
        url(cw), {**form(cw), "file": SimpleUploadedFile("big.mp4", big, "video/mp4")}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "evidence_too_large"
    assert nothing_left(evidence_storage)
    assert not JournalEntry.objects.filter(event_type="evidence.collected").exists()


def test_declared_length_over_the_limit_is_refused_unread(cw, login, settings, evidence_storage):
    # given a body that claims to be far over the limit
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 1024
    client = login(cw.officer.user)
    response = client.generic(
        "POST",
        url(cw),
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert nothing_left(evidence_storage)


def test_type_mismatch_is_415(cw, login, evidence_storage):
    response = login(cw.officer.user).post(
        url(cw), {**form(cw), "file": SimpleUploadedFile("seizure.mp4", PDF, "video/mp4")}
    )
    assert response.status_code == 415
    body = response.json()
    assert body["code"] == "evidence_type_mismatch"
    assert body["details"]["detected"] == "application/pdf"
    assert nothing_left(evidence_storage)


def test_interrupted_multipart_upload_leaves_nothing(cw, login, evidence_storage):
    # given a multipart body cut off in the middle of the file (the client went away)
    boundary = "zhifaBOUNDARY"
    parts = []
    for key, value in form(cw).items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n".encode()
        + video() * 50
    )
    body = b"".join(parts)  # no closing boundary
    response = login(cw.officer.user).generic(
        "POST", url(cw), data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    # then it is refused, and no staging file, stored file or row remains
    assert response.status_code in (400, 422)
    assert nothing_left(evidence_storage)


def test_bad_form_fields_are_refused_and_leave_nothing(cw, login, evidence_storage):
    response = login(cw.officer.user).post(
        url(cw),
        {
            **form(cw, collected_at="yesterday"),
            "file": SimpleUploadedFile("a.mp4", video(), "video/mp4"),
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "evidence_collected_at_invalid"
    assert nothing_left(evidence_storage)


def test_upload_to_a_case_out_of_scope_is_404(cw, login, evidence_storage):
    response = login(cw.ningbo_user).post(
        url(cw), {**form(cw), "file": SimpleUploadedFile("a.mp4", video(), "video/mp4")}
    )
    assert response.status_code == 404
    assert nothing_left(evidence_storage)


# --- download -----------------------------------------------------------------------------------


def views():
    return JournalEntry.objects.filter(event_type="evidence.viewed")


@pytest.mark.parametrize("who", ["officer", "head", "province_user"])
def test_download_in_scope_streams_the_file_and_journals_it(cw, posted, login, who):
    user = getattr(cw, who)
    user = getattr(user, "user", user)
    client = login(user)
    # when the file is downloaded twice
    for _ in range(2):
        response = client.get(posted["download_url"])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == video()
    # then both accesses are journaled with who and how
    assert views().count() == 2
    entry = views().last()
    assert entry.actor == user
    assert json.loads(entry.payload)["via"] == "api"
    assert response["Content-Type"] == "video/mp4"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_download_out_of_scope_is_404_and_not_journaled(cw, posted, login):
    # given an officer of a sibling agency
    client = login(cw.ningbo_user)
    # when they try the item, its file and its case
    for path in (posted["download_url"], f"/api/v1/evidence/{posted['id']}", url(cw)):
        response = client.get(path)
        # then it looks missing
        assert response.status_code == 404, path
    assert not views().exists()


def test_download_needs_login(cw, posted):
    assert Client().get(posted["download_url"]).status_code == 401
    assert not views().exists()


def test_list_and_detail_with_custody(cw, posted, login):
    client = login(cw.colleague.user)
    listed = client.get(url(cw)).json()
    assert [e["id"] for e in listed] == [posted["id"]]
    client.get(posted["download_url"])
    detail = client.get(f"/api/v1/evidence/{posted['id']}").json()
    assert [c["event_type"] for c in detail["custody"]] == ["evidence.collected", "evidence.viewed"]
    assert detail["recording_advice"] == "必须全程录音录像"


def test_hand_over_through_the_api(cw, posted, login):
    response = login(cw.officer.user).post(
        f"/api/v1/evidence/{posted['id']}/hand-over",
        {"to_user": cw.head.pk, "reason": "送负责人审查"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["custodian_id"] == cw.head.pk
    assert JournalEntry.objects.filter(event_type="evidence.handed_over").count() == 1


def test_hand_over_by_someone_else_is_refused(cw, posted, login):
    response = login(cw.colleague.user).post(
        f"/api/v1/evidence/{posted['id']}/hand-over",
        {"to_user": cw.colleague.user.pk, "reason": "拿走"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "evidence_action_not_allowed"


def test_recording_rules_and_record_status(cw, posted, login):
    client = login(cw.officer.user)
    rules = {r["act"]: r for r in client.get("/api/v1/evidence/recording-rules").json()}
    assert rules["on_site_seizure"]["requirement"] == "mandatory"
    status = client.get(f"{url(cw)}/record-status").json()
    assert status["ok"] and status["summary"] == "记录完整"
