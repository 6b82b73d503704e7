"""Per-province 12328 clocks set on a page by the province's own supervisors (the ministry's for
the national channels), and the public form saying which provinces' channels are not open
(complaints-12328.md §5: no national default)."""

import pytest

from zhifa import testing
from zhifa.complaints import services
from zhifa.complaints.errors import TimeLimitsRefused
from zhifa.complaints.models import ProvinceTimeLimit
from zhifa.records.models import JournalEntry

from .conftest import configure

CLOCKS = ("transfer", "accept", "close", "visit")


def _form(category="complaint", amounts=(1, 1, 15, 3), unit="working_days"):
    data = {}
    for clock, amount in zip(CLOCKS, amounts, strict=True):
        key = f"{category}__{clock}"
        data[f"amount__{key}"] = str(amount)
        data[f"unit__{key}"] = unit
        data[f"basis__{key}"] = "四川省12328热线管理办法第十条"
    return data


def test_a_province_supervisor_opens_the_channel_on_the_page(client, world):
    supervisor = testing.make_user(world.sichuan, roles=("supervisor",))
    client.force_login(supervisor)
    assert "尚无" in client.get("/complaints/time-limits/").content.decode()
    # when the four clocks of complaints are saved
    r = client.post("/complaints/time-limits/", _form())
    assert r.status_code == 302
    # then they are the province's, journaled, and the complaint channel is open
    rows = ProvinceTimeLimit.objects.filter(province=world.sichuan, category="complaint")
    assert sorted((r.clock, r.amount) for r in rows) == [
        ("accept", 1),
        ("close", 15),
        ("transfer", 1),
        ("visit", 3),
    ]
    assert JournalEntry.objects.filter(event_type="complaint.time_limit_set").count() == 4
    assert services.open_categories(world.sichuan) == ["complaint"]
    assert "（已开通）" in client.get("/complaints/time-limits/").content.decode()


def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, world):
    client.force_login(testing.make_user(world.sichuan, roles=("supervisor",)))
    data = _form(amounts=(1, 1, 0, 3))
    r = client.post("/complaints/time-limits/", data)
    assert r.status_code == 422 and "1 至 366" in r.content.decode()
    assert not ProvinceTimeLimit.objects.filter(province=world.sichuan).exists()
    assert 'value="四川省12328热线管理办法第十条"' in r.content.decode()
    r = client.post("/complaints/time-limits/", {**_form(), "unit__complaint__visit": "weeks"})
    assert r.status_code == 422 and not ProvinceTimeLimit.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("prefecture supervisor", 403),  # not the province
        ("province head", 403),  # not a supervisor
        ("province officer", 403),
    ],
)
def test_only_the_provinces_supervisors(client, world, who, status):
    user = {
        "prefecture supervisor": lambda: testing.make_user(world.chengdu, roles=("supervisor",)),
        "province head": lambda: testing.make_user(world.sichuan, roles=("agency_head",)),
        "province officer": lambda: testing.make_officer(world.sichuan).user,
    }[who]()
    client.force_login(user)
    assert client.get("/complaints/time-limits/").status_code == status
    assert client.post("/complaints/time-limits/", _form()).status_code == status
    assert not ProvinceTimeLimit.objects.exists()


def test_the_service_refuses_another_provinces_supervisor(world):
    zhejiang_supervisor = testing.make_user(world.zhejiang, roles=("supervisor",))
    with pytest.raises(TimeLimitsRefused):
        services.set_time_limit(
            province=world.sichuan,
            category="complaint",
            clock="close",
            amount=10,
            unit="working_days",
            basis="x",
            actor=zhejiang_supervisor,
        )


def test_the_ministry_sets_the_national_channels(client, world):
    client.force_login(testing.make_user(world.ministry, roles=("supervisor",)))
    assert client.post("/complaints/time-limits/", _form()).status_code == 302
    assert services.open_categories(world.ministry) == ["complaint"]
    c = services.receive(
        agency=world.ministry,
        channel="hotline_12328",
        category="complaint",
        content="全国渠道受理的一件投诉。",
        phone="13912345678",
    )
    assert c.close_due is None and c.intake_agency == world.ministry


def test_the_public_form_says_which_channels_are_not_open(client, world):
    configure(world.zhejiang)
    html = client.get("/gongshi/complaints/").content.decode()
    assert "尚未开通" in html and "四川省交通运输厅" in html.split('id="closed-channels"')[1]
    assert "浙江省交通运输厅" not in html.split('id="closed-channels"')[1].split("</p>")[0]
    assert f'<option value="{world.chengdu.pk}" disabled' in html
    assert f'<option value="{world.hangzhou.pk}" disabled' not in html
