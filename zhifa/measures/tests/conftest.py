"""Fixtures of the measures tests: the Hangzhou squad (two certified officers on a case, a third
officer, the agency head, a property custodian) and Ningbo's head (right role, wrong agency)."""

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from zhifa import testing
from zhifa.cases import services as case_services
from zhifa.workcalendar.selectors import invalidate_calendar_cache

CST = timezone(timedelta(hours=8))
ORG = {"kind": "organisation", "name": "某运输有限公司", "id_number": "91330100716105852F"}
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def at(text: str) -> datetime:
    """A Beijing-time instant: at("2026-09-29 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=CST)


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test's database is rolled back; the per-process calendar must not outlive it."""
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")


@dataclass
class People:
    o1: object  # Officer on the case
    o2: object  # Officer on the case
    o3: object  # Officer not on the case
    head: object  # User: agency head of Hangzhou
    custodian: object  # User: property custodian of Hangzhou
    other_head: object  # User: Ningbo's head


@pytest.fixture
def people(world) -> People:
    hz = world.hangzhou
    return People(
        o1=testing.make_officer(hz, full_name="张执法", username="zhang"),
        o2=testing.make_officer(hz, full_name="李执法", username="li"),
        o3=testing.make_officer(hz, full_name="王执法", username="wang"),
        head=testing.make_user(hz, roles=("agency_head",), full_name="赵负责人", username="zhao"),
        custodian=testing.make_user(hz, full_name="钱保管", username="qian"),
        other_head=testing.make_user(
            world.ningbo, roles=("agency_head",), full_name="宁波负责人", username="nbhead"
        ),
    )


def make_case(people, *, received_on=date(2026, 8, 3)):
    return case_services.create_lead(
        actor=people.o1.user,
        agency=people.o1.user.agency,
        source="inspection",
        facts="车辆超限运输，货物可能被转移",
        received_on=received_on,
        party=ORG,
        officers=[people.o1, people.o2],
    )


@pytest.fixture
def case(people):
    return make_case(people)


def attach_video(case, officer, *, ref=None, when=None, name="seizure.mp4", extra=b""):
    """Upload a filmed on-site seizure for `case` (for the measure `ref` when given)."""
    from zhifa.evidence.services import upload_evidence

    data = io.BytesIO(MP4 + extra)
    data.name = name
    return upload_evidence(
        case,
        actor=officer.user,
        file=data,
        kind="audio_visual",
        collected_by=officer,
        collected_at=when or at("2026-09-29 09:00"),
        place="G60 杭州收费站",
        method="recording",
        title="现场扣押录像",
        device_kind="body_camera",
        device_id="DSJ-0001",
        act="on_site_seizure",
        act_ref=ref,
        declared_type="video/mp4",
    )


ITEMS = [
    {"description": "重型半挂牵引车 浙A12345", "quantity": "1", "unit": "辆"},
    {"description": "车载货物（钢材）", "quantity": "31.5", "unit": "吨", "location": "停车场"},
]
