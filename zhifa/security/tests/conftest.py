"""One small world for the security tests: a case in Hangzhou with a party, property and an open
deadline; business users in and out of scope; and the three administrators at the ministry."""

from dataclasses import dataclass
from datetime import date

import pytest

from zhifa import testing

ORG = {"kind": "organisation", "name": "某运输有限公司", "id_number": "91330100716105852F"}


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = str(tmp_path / "evidence")


@dataclass
class Sec:
    world: object
    case: object
    officer: object  # Officer on the case (Hangzhou)
    colleague: object  # Officer on the case
    users: dict  # label -> User


@pytest.fixture
def sec(world) -> Sec:
    from zhifa.cases import services as cases
    from zhifa.workcalendar.selectors import invalidate_calendar_cache

    invalidate_calendar_cache()
    hz = world.hangzhou
    officer = testing.make_officer(hz, full_name="张执法", username="hz_officer")
    colleague = testing.make_officer(hz, full_name="李执法", username="hz_officer2")
    case = cases.create_lead(
        actor=officer.user,
        agency=hz,
        source="inspection",
        facts="车辆超限运输",
        received_on=date.today(),
        party=ORG,
        officers=[officer, colleague],
    )
    ministry = world.ministry
    users = {
        "officer": officer.user,
        "head": testing.make_user(hz, roles=("agency_head",), username="hz_head"),
        "reviewer": testing.make_user(hz, roles=("legal_reviewer",), username="hz_reviewer"),
        "province_supervisor": testing.make_user(
            world.zhejiang, roles=("supervisor",), username="zj_supervisor"
        ),
        "ministry_supervisor": testing.make_user(
            ministry, roles=("supervisor",), username="mot_supervisor"
        ),
        "other_prefecture": testing.make_officer(world.ningbo, username="nb_officer").user,
        "other_prefecture_head": testing.make_user(
            world.ningbo, roles=("agency_head",), username="nb_head"
        ),
        "other_province": testing.make_officer(world.chengdu, username="cd_officer").user,
        "other_province_supervisor": testing.make_user(
            world.sichuan, roles=("supervisor",), username="sc_supervisor"
        ),
        "sysadmin": testing.make_user(ministry, admin_role="system", username="sysadmin"),
        "secadmin": testing.make_user(ministry, admin_role="security", username="secadmin"),
        "auditor": testing.make_user(ministry, admin_role="audit", username="auditor"),
    }
    yield Sec(world=world, case=case, officer=officer, colleague=colleague, users=users)
    invalidate_calendar_cache()
