"""The deadlines page: my agency's open deadlines, overdue first, with badges and the forms."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.deadlines import services


@pytest.fixture
def rows(world, subject, officer):
    today = timezone.localdate()
    running = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A13_decision",
        start=today - timedelta(days=30),
        responsible=[officer],
    )
    late = services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A9_onsite_decision_filing",
        start=date(2026, 9, 1),
        due=date(2026, 9, 7),
    )
    provisional = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A16_fine_payment", start=date(2026, 12, 20)
    )
    services.sweep()
    return running, late, provisional


def test_anonymous_is_sent_to_login(client):
    response = client.get("/deadlines/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_list_shows_overdue_first_with_badges(login, officer, rows):
    running, late, provisional = rows
    # when
    html = login(officer).get("/deadlines/").content.decode()
    # then
    assert provisional.provisional  # 2027 has no published holiday notice
    assert html.index(late.title) < html.index(running.title)
    assert "已逾期" in html and "临时" in html
    assert "申请延期" in html  # A13 may be extended
    only_overdue = login(officer).get("/deadlines/?overdue=1").content.decode()
    assert late.title in only_overdue and running.title not in only_overdue


def test_other_agencies_see_nothing(world, login, rows):
    stranger = testing.make_user(world.ningbo, roles=("officer",))
    html = login(stranger).get("/deadlines/").content.decode()
    assert "没有进行中的期限" in html


def test_superior_sees_subordinates_when_asked(world, login, rows):
    provincial = testing.make_user(world.zhejiang, roles=("officer",))
    client = login(provincial)
    assert "没有进行中的期限" in client.get("/deadlines/").content.decode()
    below = client.get("/deadlines/?scope=below").content.decode()
    assert rows[0].title in below and world.hangzhou.name in below
    assert "申请延期" not in below  # only the handling agency's people may ask


def test_request_and_decide_through_the_page(login, officer, head, rows):
    running = rows[0]
    # when the officer asks
    response = login(officer).post(
        f"/deadlines/{running.pk}/extensions/", {"days": 30, "reason": "案情复杂"}
    )
    assert response.status_code == 302
    ext = running.extensions.get()
    # then the head sees it pending and approves it
    client = login(head)
    assert "待审批的延期申请" in client.get("/deadlines/").content.decode()
    response = client.post(
        f"/deadlines/extensions/{ext.pk}/decision/", {"approve": "1"}, follow=True
    )
    assert "已批准延期" in response.content.decode()
    running.refresh_from_db()
    assert running.extended


def test_page_errors_are_messages_in_chinese(login, officer, rows):
    late = rows[1]
    response = login(officer).post(
        f"/deadlines/{late.pk}/extensions/", {"days": 3, "reason": "x"}, follow=True
    )
    assert "法律未规定" in response.content.decode()


def test_badge_shows_my_agencys_overdue_count(login, officer, rows):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = officer
    html = Template("{% load deadline_tags %}{% overdue_badge %}").render(
        Context({"request": request})
    )
    assert "逾期 1" in html and "/deadlines/?overdue=1" in html


def test_subject_links_go_to_the_case_page():
    from zhifa.deadlines.links import subject_link

    assert subject_link("cases.case", "5") == "/cases/5/"
    assert subject_link("accounts.user", "5") == ""


def test_admin_is_read_only_for_the_administrators(world, login, rows):
    # given the audit administrator
    auditor = testing.make_user(world.ministry, admin_role="audit")
    client = login(auditor)
    url = f"/admin/deadlines/deadline/{rows[0].pk}/change/"
    # when / then: it may look, never edit in place
    assert client.get("/admin/deadlines/deadline/").status_code == 200
    assert client.get(url).status_code == 200
    assert client.post(url, {"due": "2030-01-01"}).status_code == 403
    rows[0].refresh_from_db()
    assert rows[0].due != date(2030, 1, 1)
