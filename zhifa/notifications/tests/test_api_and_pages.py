"""Notifications over the API and on the page: only one's own."""

import pytest

from zhifa import testing
from zhifa.notifications import services
from zhifa.notifications.models import Notification

URL = "/api/v1/notifications"


@pytest.fixture
def mine(world):
    me = testing.make_user(world.hangzhou, roles=("officer",))
    other = testing.make_user(world.hangzhou, roles=("officer",))
    services.notify([me], kind="deadline.overdue", title="期限已逾期：甲", link="/deadlines/")
    services.notify([me], kind="case.assigned", title="分派案件：乙")
    services.notify([other], kind="case.assigned", title="别人的通知")
    return me, other


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401
    assert client.post(f"{URL}/1/read").status_code == 401


def test_list_is_my_own(login, mine):
    me, _other = mine
    body = login(me).get(URL).json()
    assert body["count"] == 2 and body["unread"] == 2
    assert {n["title"] for n in body["items"]} == {"期限已逾期：甲", "分派案件：乙"}
    labels = {n["kind"]: n["kind_label"] for n in body["items"]}
    assert labels["deadline.overdue"] == "期限已逾期"


def test_mark_read_over_the_api(login, mine):
    me, other = mine
    client = login(me)
    note = Notification.objects.filter(user=me).first()
    # when
    body = client.post(f"{URL}/{note.pk}/read").json()
    # then
    assert body == {"marked": 1, "unread": 1}
    assert client.get(URL, {"unread": "true"}).json()["count"] == 1
    theirs = Notification.objects.get(user=other)
    response = client.post(f"{URL}/{theirs.pk}/read")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.post(f"{URL}/read").json() == {"marked": 1, "unread": 0}


def test_page_lists_and_marks_read(login, mine):
    me, _other = mine
    client = login(me)
    html = client.get("/notifications/").content.decode()
    assert "期限已逾期：甲" in html and "别人的通知" not in html
    note = Notification.objects.filter(user=me).first()
    response = client.post(f"/notifications/{note.pk}/read/")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()


def test_page_ignores_anothers_notification(login, mine):
    me, other = mine
    theirs = Notification.objects.get(user=other)
    response = login(me).post(f"/notifications/{theirs.pk}/read/")
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_badge_shows_the_unread_count(mine):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template
    from django.test import RequestFactory

    me, _other = mine
    template = Template("{% load notification_tags %}{% notification_badge %}")
    request = RequestFactory().get("/")
    request.user = me
    html = template.render(Context({"request": request}))
    assert ">2</span>" in html and "/notifications/" in html
    request.user = AnonymousUser()
    assert template.render(Context({"request": request})).strip() == ""
