"""Equipment (issue 14 item 4): issue and return, a device issued twice refused, evidence names
the device, which must be the collecting officer's on that day."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhifa import testing
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.equipment import services
from zhifa.equipment.models import DeviceIssue
from zhifa.records.models import JournalEntry

JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 200
    + b"\xff\xd9"
)


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")


@pytest.fixture
def eq(world):
    head = testing.make_user(world.hangzhou, roles=("agency_head",))
    a = testing.make_officer(world.hangzhou, full_name="甲执法")
    b = testing.make_officer(world.hangzhou, full_name="乙执法")
    device = services.register_device(
        world.hangzhou,
        kind="body_camera",
        serial_number="ZFJLY-0001",
        registered_on=date(2026, 1, 1),
        actor=head,
    )
    return head, a, b, device


def test_issue_twice_is_refused_with_nothing_changed(eq):
    head, a, b, device = eq
    services.issue_device(device, officer=a, issued_on=date(2026, 2, 1), actor=head)
    before = (DeviceIssue.objects.count(), JournalEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.issue_device(device, officer=b, issued_on=date(2026, 2, 2), actor=head)
    assert exc.value.code == "device_already_issued" and "不能重复配发" in exc.value.message
    assert (DeviceIssue.objects.count(), JournalEntry.objects.count()) == before


def test_returned_device_may_go_to_another_not_before_its_return(eq):
    head, a, b, device = eq
    first = services.issue_device(device, officer=a, issued_on=date(2026, 2, 1), actor=head)
    services.return_device(first, returned_on=date(2026, 3, 1), actor=head)
    with pytest.raises(DomainError) as exc:
        services.issue_device(device, officer=b, issued_on=date(2026, 2, 15), actor=head)
    assert exc.value.code == "device_already_issued"
    services.issue_device(device, officer=b, issued_on=date(2026, 3, 2), actor=head)
    assert services.check_held(device, a, date(2026, 2, 20)).pk == first.pk
    with pytest.raises(DomainError) as exc:
        services.check_held(device, a, date(2026, 3, 5))
    assert exc.value.code == "device_not_issued_to_officer"


def test_only_a_head_keeps_equipment(eq, world):
    _head, a, _b, device = eq
    with pytest.raises(PermissionDenied):
        services.issue_device(device, officer=a, issued_on=date(2026, 2, 1), actor=a.user)
    other_head = testing.make_user(world.ningbo, roles=("agency_head",))
    with pytest.raises(PermissionDenied):
        services.issue_device(device, officer=a, issued_on=date(2026, 2, 1), actor=other_head)


def test_evidence_points_to_the_device_issued_to_its_collector(eq, world):
    from zhifa.cases import services as cases
    from zhifa.evidence import services as evidence

    head, a, b, device = eq
    today = timezone.localdate()
    case = cases.create_lead(
        actor=a.user,
        agency=world.hangzhou,
        source="inspection",
        facts="超限运输",
        received_on=today - timedelta(days=3),
        officers=[a, b],
    )
    services.issue_device(device, officer=a, issued_on=today - timedelta(days=10), actor=head)

    def upload(officer, n):
        return evidence.upload_evidence(
            case,
            actor=a.user,
            file=SimpleUploadedFile(f"{n}.jpg", JPEG + bytes([n]), "image/jpeg"),
            kind="physical",
            collected_by=officer,
            collected_at=timezone.now() - timedelta(hours=1),
            place="G104国道",
            method="recording",
            device_kind="body_camera",
            device_id="ZFJLY-0001",
            act="on_site_inspection",
        )

    item = upload(a, 1)
    assert item.equipment_id == device.pk
    with pytest.raises(DomainError) as exc:
        upload(b, 2)
    assert exc.value.code == "device_not_issued_to_officer"
    assert "未配发给取证人员" in exc.value.message


def test_api_register_issue_and_bad_input(eq, login):
    head, a, b, device = eq
    client = login(head)

    def post(url, data):
        return client.post(url, json.dumps(data), content_type="application/json")

    r = post(
        f"/api/v1/equipment/{device.pk}/issue", {"officer_id": a.pk, "issued_on": "2026-02-01"}
    )
    assert r.status_code == 201
    r = post(
        f"/api/v1/equipment/{device.pk}/issue", {"officer_id": b.pk, "issued_on": "2026-02-02"}
    )
    assert r.status_code == 409 and r.json()["code"] == "device_already_issued"
    r = post("/api/v1/equipment", {"kind": "x", "serial_number": "A1"})
    assert r.status_code == 422 and r.json()["code"] == "device_kind_invalid"
    body = client.get("/equipment/").content.decode()
    assert "ZFJLY-0001" in body and "甲执法" in body
