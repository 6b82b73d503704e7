"""Fixtures of the evidence tests: a case in Hangzhou with two officers, and small real files."""

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from zhifa import testing


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    """Every test stores evidence files in its own folder."""
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")
    return tmp_path / "evidence"


@dataclass
class CaseWorld:
    world: object
    case: object
    officer: object  # Officer, lead officer on the case
    colleague: object  # Officer, second officer on the case
    head: object  # User, agency head of Hangzhou
    outsider: object  # Officer of Hangzhou not on the case
    ningbo_user: object  # officer in Ningbo (a sibling agency: out of scope)
    province_user: object  # legal reviewer of Zhejiang (the superior: in scope)


@pytest.fixture
def cw(world) -> CaseWorld:
    from zhifa.cases import services as cases

    officer = testing.make_officer(world.hangzhou, full_name="王执法")
    colleague = testing.make_officer(world.hangzhou, full_name="李执法")
    outsider = testing.make_officer(world.hangzhou, full_name="赵执法")
    head = testing.make_user(world.hangzhou, roles=("agency_head",), full_name="陈负责人")
    case = cases.create_lead(
        actor=officer.user,
        agency=world.hangzhou,
        source="inspection",
        facts="货车超限运输",
        received_on=timezone.localdate() - timedelta(days=3),
        officers=[officer, colleague],
    )
    return CaseWorld(
        world=world,
        case=case,
        officer=officer,
        colleague=colleague,
        head=head,
        outsider=outsider,
        ningbo_user=testing.make_officer(world.ningbo, full_name="宁波执法").user,
        province_user=testing.make_user(
            world.zhejiang, roles=("legal_reviewer",), full_name="省审核"
        ),
    )


# --- small files whose first bytes are real ------------------------------------------------------

JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 200
    + b"\xff\xd9"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x08free" + b"\x01" * 500
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 300
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 50
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 100


def office(kind: str) -> bytes:
    folder = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}/document.xml", "<doc/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "hello")
    return buffer.getvalue()


def video(n: int = 0) -> bytes:
    """A distinct small MP4 each n (distinct digests)."""
    return MP4 + str(n).encode() * 10


@pytest.fixture
def upload(cw):
    """Register evidence through the service with sensible defaults; returns the Evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhifa.evidence import services

    def _upload(data=JPEG, name="photo.jpg", content_type="image/jpeg", **overrides):
        values = {
            "actor": cw.officer.user,
            "kind": "physical",
            "collected_by": cw.officer,
            "collected_at": timezone.now() - timedelta(hours=2),
            "place": "杭州市萧山区G104国道检测站",
            "method": "recording",
            "title": "",
            "device_kind": "body_camera",
            "device_id": "ZFJLY-0001",
            "act": "on_site_inspection",
        }
        values.update(overrides)
        case = values.pop("case", cw.case)
        file = values.pop("file", None) or SimpleUploadedFile(name, data, content_type=content_type)
        return services.upload_evidence(case, file=file, **values)

    return _upload
