"""The Hangzhou squad (three officers, the head, a reviewer) and a Ningbo head and officer, and
helpers that carry a case through the services to the state a test needs."""

from dataclasses import dataclass
from datetime import date

import pytest

from zhifa import testing
from zhifa.cases import services
from zhifa.cases.tests.conftest import law  # noqa: F401 -- the shared law data, as a fixture
from zhifa.workcalendar.selectors import invalidate_calendar_cache

D = date
JUNE_1, JUNE_2 = date(2026, 6, 1), date(2026, 6, 2)
ORG = {"kind": "organisation", "name": "杭州某建设工程有限公司", "id_number": "91330100716105852F"}


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()


@dataclass
class Squad:
    o1: object  # Officer
    o2: object
    o3: object
    head: object  # User
    reviewer: object
    nb_head: object
    nb_reviewer: object


@pytest.fixture
def squad(world) -> Squad:
    hz, nb = world.hangzhou, world.ningbo
    squad = Squad(
        o1=testing.make_officer(hz, full_name="张执法", username="zhang"),
        o2=testing.make_officer(hz, full_name="李执法", username="li"),
        o3=testing.make_officer(hz, full_name="王执法", username="wang"),
        head=testing.make_user(hz, roles=("agency_head",), full_name="赵负责人", username="zhao"),
        reviewer=testing.make_user(hz, roles=("legal_reviewer",), full_name="钱审核"),
        nb_head=testing.make_user(nb, roles=("agency_head",), full_name="宁波负责人"),
        nb_reviewer=testing.make_user(nb, roles=("legal_reviewer",), full_name="宁波审核"),
    )
    for reviewer in (squad.reviewer, squad.nb_reviewer):  # APL Art. 58 para 2: on record once
        testing.record_qualification(reviewer)
    return squad


def new_lead(world, squad, *, received_on=JUNE_1, officers=None, provision=None):
    return services.create_lead(
        actor=squad.o1.user,
        agency=world.hangzhou,
        source="inspection",
        facts="擅自挖掘公路",
        received_on=received_on,
        violation_date=received_on,
        party=dict(ORG),
        officers=officers if officers is not None else [squad.o1, squad.o2],
        provision=provision,
    )


def recuse_o2(case, squad, day=JUNE_2):
    """李执法 asks to step aside for an interest in the case (APL Art. 43; TEPP Art. 12)."""
    return services.request_recusal(
        case,
        actor=squad.o2.user,
        officer=squad.o2,
        requested_by="officer",
        ground="interest_in_case",
        as_of=day,
    )


def to_report(case, squad, day=JUNE_2):
    """Filed, investigated (one on-site record), report submitted."""
    services.file_case(case, actor=squad.head, as_of=day)
    services.start_investigation(case, actor=squad.o1.user, as_of=day)
    services.record_investigation_record(case, actor=squad.o1.user, as_of=day, kind="onsite_record")
    services.submit_report(case, actor=squad.o1.user, as_of=day, summary="调查终结")
    case.refresh_from_db()
    return case


def to_legal_review(case, squad, day=JUNE_2):
    """Needs a provision on the case (the `law` fixture and `provision="hl-76-1"`)."""
    to_report(case, squad, day)
    services.review_report(case, actor=squad.head, as_of=day)
    services.approve_report(case, actor=squad.head, as_of=day)
    services.serve_rights_notice(
        case, actor=squad.o1.user, as_of=day, penalty={"kinds": ["fine"], "fine": "4000"}
    )
    services.record_statement(case, actor=squad.o1.user, as_of=day, text="无异议")
    services.submit_legal_review(case, actor=squad.o1.user, as_of=day)
    case.refresh_from_db()
    return case
