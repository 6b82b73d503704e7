"""The evidence pages: list with upload form, detail with custody, journaled download, hand-over."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from zhifa.evidence.models import Evidence
from zhifa.records.models import JournalEntry

from .conftest import JPEG, PDF, video


def page_form(cw, **overrides):
    data = {
        "kind": "physical",
        "title": "车辆照片",
        "collected_by": str(cw.officer.pk),
        "collected_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "G104国道检测站",
        "method": "recording",
        "device_kind": "phone",
        "device_id": "SJ-7",
        "act": "on_site_inspection",
    }
    data.update(overrides)
    return data


@pytest.fixture
def item(cw, upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return upload(
            video(), "seizure.mp4", "video/mp4", act="on_site_seizure", kind="audio_visual"
        )


def test_case_page_lists_evidence_and_shows_the_form(cw, item, login):
    response = login(cw.colleague.user).get(f"/evidence/cases/{cw.case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "证据清单" in html and "seizure.mp4" in html
    assert "登记证据" in html and 'enctype="multipart/form-data"' in html
    assert "记录完整" in html
    assert "现场查封、扣押" in html and "已附音像记录" in html
    assert 'data-advice="建议录音录像"' in html


def test_upload_through_the_page(cw, login, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cw.officer.user)
    client.get(f"/evidence/cases/{cw.case.pk}/")
    token = client.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/evidence/cases/{cw.case.pk}/",
            {
                "csrfmiddlewaretoken": token,
                **page_form(cw),
                "file": SimpleUploadedFile("car.jpg", JPEG, "image/jpeg"),
            },
        )
    evidence = Evidence.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evidence/{evidence.pk}/"
    assert evidence.device_kind == "phone" and evidence.title == "车辆照片"


def test_page_upload_without_csrf_token_is_refused(cw, evidence_storage):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cw.officer.user)
    response = client.post(
        f"/evidence/cases/{cw.case.pk}/",
        {**page_form(cw), "file": SimpleUploadedFile("car.jpg", JPEG, "image/jpeg")},
    )
    assert response.status_code == 403
    assert not Evidence.objects.exists()
    assert not [p for p in evidence_storage.rglob("*") if p.is_file()]


def test_page_shows_the_refusal_beside_the_file(cw, login, evidence_storage):
    response = login(cw.officer.user).post(
        f"/evidence/cases/{cw.case.pk}/",
        {**page_form(cw), "file": SimpleUploadedFile("car.jpg", PDF, "image/jpeg")},
    )
    assert response.status_code == 200
    assert "与文件内容不符" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not [p for p in evidence_storage.rglob("*") if p.is_file()]


def test_page_upload_over_the_limit(cw, login, settings, evidence_storage):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 100
    response = login(cw.officer.user).post(
        f"/evidence/cases/{cw.case.pk}/",
        {**page_form(cw), "file": SimpleUploadedFile("v.mp4", video() * 3, "video/mp4")},
    )
    assert response.status_code == 413
    assert "超过大小上限" in response.content.decode()
    assert not [p for p in evidence_storage.rglob("*") if p.is_file()]


def test_detail_shows_custody_and_download_is_journaled(cw, item, login):
    client = login(cw.colleague.user)
    response = client.get(f"/evidence/{item.pk}/file?inline=1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == video()
    assert "inline" in response["Content-Disposition"]
    html = client.get(f"/evidence/{item.pk}/").content.decode()
    assert "保管与调阅记录" in html and "页面调阅" in html and "李执法" in html
    assert item.file.digest in html
    assert JournalEntry.objects.filter(event_type="evidence.viewed").count() == 1


@pytest.mark.parametrize(
    "path", ["/evidence/{id}/", "/evidence/{id}/file", "/evidence/cases/{case}/"]
)
def test_pages_out_of_scope_are_404(cw, item, login, path):
    response = login(cw.ningbo_user).get(path.format(id=item.pk, case=cw.case.pk))
    assert response.status_code == 404
    assert not JournalEntry.objects.filter(event_type="evidence.viewed").exists()


def test_hand_over_through_the_page(cw, item, login):
    client = login(cw.officer.user)
    response = client.post(
        f"/evidence/{item.pk}/hand-over/", {"to_user": cw.head.pk, "reason": "移交保管"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.custodian == cw.head
    response = client.post(
        f"/evidence/{item.pk}/hand-over/", {"to_user": cw.colleague.user.pk, "reason": "再交"}
    )
    assert response.status_code == 200
    assert "只有证据的当前保管人" in response.content.decode()


# --- inline on the case page (issue 8 point 4: "upload right there") -------------------------------


def test_case_page_offers_the_upload_inline(cw, login):
    html = login(cw.officer.user).get(f"/cases/{cw.case.pk}/").content.decode()
    section = html[html.index('id="evidence"') :]
    assert f'hx-get="/evidence/cases/{cw.case.pk}/?inline=1"' in section
    assert 'hx-trigger="evidence-uploaded from:body"' in section  # the list reloads after upload
    card = login(cw.officer.user).get(f"/evidence/cases/{cw.case.pk}/?inline=1")
    card_html = card.content.decode()
    assert card.status_code == 200 and "<html" not in card_html  # the card alone, for the section
    assert 'enctype="multipart/form-data"' in card_html
    assert f'hx-post="/evidence/cases/{cw.case.pk}/?inline=1"' in card_html


def test_inline_upload_answers_with_the_digest_and_stays_on_the_case(
    cw, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cw.officer.user).post(
            f"/evidence/cases/{cw.case.pk}/?inline=1",
            {**page_form(cw), "file": SimpleUploadedFile("car.jpg", JPEG, "image/jpeg")},
            HTTP_HX_REQUEST="true",
        )
    evidence = Evidence.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert response["HX-Trigger"] == "evidence-uploaded"
    assert evidence.file.digest in html and "已登记证据" in html
    assert 'name="file"' in html  # a fresh form for the next item
    # and the case page's list now holds it
    case_html = login(cw.officer.user).get(f"/cases/{cw.case.pk}/").content.decode()
    assert "车辆照片" in case_html[case_html.index('id="evidence-list"') :]


def test_inline_upload_refused_in_chinese_and_keeps_what_was_typed(cw, login, evidence_storage):
    response = login(cw.officer.user).post(
        f"/evidence/cases/{cw.case.pk}/?inline=1",
        {**page_form(cw, place=""), "file": SimpleUploadedFile("car.jpg", PDF, "image/jpeg")},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "与文件内容不符" in html or "这个字段是必填项" in html
    assert 'value="车辆照片"' in html
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("field, value", [("title", "车辆\u202e照片"), ("place", "杭州\x00市")])
def test_page_upload_refuses_hidden_characters_and_stores_nothing(
    cw, login, evidence_storage, field, value
):
    # this page parses its own body (out of the middleware's reach): the form applies the rule
    data = {**page_form(cw), field: value, "file": SimpleUploadedFile("a.jpg", JPEG, "image/jpeg")}
    response = login(cw.officer.user).post(f"/evidence/cases/{cw.case.pk}/", data)
    assert response.status_code == 200 and 'class="errorlist"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_override_character_in_the_file_name_is_never_stored(cw, login, evidence_storage):
    name = "car\u202egpj.jpg"  # shows as car.jpg…: the name is cleaned, the file kept
    data = {**page_form(cw), "file": SimpleUploadedFile(name, JPEG, "image/jpeg")}
    login(cw.officer.user).post(f"/evidence/cases/{cw.case.pk}/", data)
    stored = Evidence.objects.get().file
    assert "\u202e" not in stored.storage_name + stored.original_name
