"""Social supervisors (社会监督员, issue 12 item 4): appointed per agency by its head for a term,
each with a personal link shown once; their reports become work orders on their own channel."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.complaints import selectors, services
from zhifa.complaints.errors import InvalidComplaint, SupervisorRefused
from zhifa.complaints.models import Complaint, PublicSupervisor
from zhifa.records.models import JournalEntry

TODAY = timezone.localdate


def _appoint(zj, world, **kw):
    values = {
        "agency": world.hangzhou,
        "name": "钱监督",
        "phone": "13912345678",
        "term_starts_on": TODAY() - timedelta(days=30),
        "term_ends_on": TODAY() + timedelta(days=700),
        "actor": zj["unit_head"],
    }
    values.update(kw)
    return services.appoint_public_supervisor(**values)


def test_the_head_appoints_and_the_link_files_a_work_order(client, world, zj):
    # given a supervisor appointed by Hangzhou's head: only a digest of the code is kept
    s, code = _appoint(zj, world)
    assert code not in s.code_digest and len(code) >= 20
    assert JournalEntry.objects.filter(event_type="public_supervisor.appointed").count() == 1
    # when they report through their link
    url = f"/gongshi/complaints/supervisor/{code}/"
    page = client.get(url).content.decode()
    assert "钱监督" in page and "13912345678" not in page
    r = client.post(
        url, {"category": "complaint", "content": "某路段执法人员查车时未出示执法证件。"}
    )
    # then it is a work order of Hangzhou on the supervisor's channel, linked to them
    assert r.status_code == 200
    c = Complaint.objects.get(public_supervisor=s)
    assert c.channel == "public_supervisor" and c.agency == world.hangzhou
    assert c.complainant_name == "钱监督" and c.phone == "13912345678"
    assert c.tracking_code in r.content.decode()
    client.force_login(zj["unit_head"])
    html = client.get(f"/complaints/{c.pk}/").content.decode()
    assert "社会监督员 钱监督" in html


def test_a_wrong_or_ended_link_files_nothing(client, world, zj):
    s, code = _appoint(zj, world)
    assert client.get("/gongshi/complaints/supervisor/not-a-real-code-at-all/").status_code == 404
    services.end_public_supervisor(s, reason="本人申请辞去", actor=zj["unit_head"])
    r = client.post(
        f"/gongshi/complaints/supervisor/{code}/",
        {"category": "complaint", "content": "任期终止后提交的内容。"},
    )
    assert r.status_code == 404 and not Complaint.objects.exists()
    # a term that has not begun does not serve either
    later, later_code = _appoint(
        zj, world, phone="13912345679", term_starts_on=TODAY() + timedelta(days=10)
    )
    assert selectors.public_supervisor_by_code(later_code, TODAY()) is None
    assert selectors.public_supervisor_by_code(later_code, TODAY() + timedelta(days=10)) == later


@pytest.mark.parametrize(
    "who, why",
    [
        ("unit_officer", "an officer"),
        ("supervisor", "a supervisor"),
        ("centre_head", "another agency's head"),
    ],
)
def test_only_the_agencys_head_appoints(world, zj, who, why):
    with pytest.raises(SupervisorRefused):
        _appoint(zj, world, actor=zj[who])
    assert not PublicSupervisor.objects.exists(), why


@pytest.mark.parametrize(
    "change, why",
    [
        ({"name": ""}, "no name"),
        ({"phone": "12345"}, "not a phone"),
        ({"term_ends_on": date(2020, 1, 1)}, "ends before it starts"),
        ({"term_ends_on": TODAY() + timedelta(days=6 * 366)}, "longer than five years"),
    ],
)
def test_bad_appointments_are_refused(world, zj, change, why):
    with pytest.raises(InvalidComplaint):
        _appoint(zj, world, **change)
    assert not PublicSupervisor.objects.exists(), why


def test_nobody_else_files_on_the_supervisors_channel(world, zj):
    with pytest.raises(InvalidComplaint):
        services.receive(
            agency=world.hangzhou,
            channel="public_supervisor",
            category="complaint",
            content="冒充社会监督员渠道提交。",
            phone="13912345678",
        )


def test_pages_and_api_show_the_phone_masked_and_the_link_once(client, world, zj):
    client.force_login(zj["unit_head"])
    r = client.post(
        "/complaints/supervisors/",
        {
            "name": "孙监督",
            "phone": "13912345678",
            "term_starts_on": TODAY().isoformat(),
            "term_ends_on": (TODAY() + timedelta(days=365)).isoformat(),
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and "/gongshi/complaints/supervisor/" in html
    assert "139****5678" in html and "13912345678" not in html.split('id="new-link"')[0]
    listing = client.get("/complaints/supervisors/").content.decode()
    assert "孙监督" in listing and "/gongshi/complaints/supervisor/" not in listing
    api = client.get("/api/v1/complaints/public-supervisors").json()
    assert [(s["name"], s["phone"], s["serving"]) for s in api] == [("孙监督", "139****5678", True)]
    made = client.post(
        "/api/v1/complaints/public-supervisors",
        {
            "name": "周监督",
            "phone": "13912345670",
            "term_starts_on": TODAY().isoformat(),
            "term_ends_on": (TODAY() + timedelta(days=365)).isoformat(),
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and "/gongshi/complaints/supervisor/" in made.json()["link"]
    # another prefecture's head sees none of them; an officer is refused
    client.force_login(testing.make_user(world.ningbo, roles=("agency_head",)))
    assert client.get("/api/v1/complaints/public-supervisors").json() == []
    client.force_login(zj["unit_officer"])
    assert client.get("/api/v1/complaints/public-supervisors").status_code == 403
