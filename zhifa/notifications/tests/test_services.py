"""notify and mark_read: one row per person, own notifications only, e-mail after commit."""

import pytest
from django.core import mail
from django.test import override_settings

from zhifa import testing
from zhifa.core.errors import NotFound
from zhifa.notifications import selectors, services
from zhifa.notifications.errors import InvalidNotification
from zhifa.notifications.models import Notification


@pytest.fixture
def people(world):
    a = testing.make_user(world.hangzhou, roles=("officer",))
    b = testing.make_user(world.hangzhou, roles=("officer",))
    return a, b


def test_notify_writes_one_row_per_distinct_person(people):
    a, b = people
    # when
    rows = services.notify(
        [a, b, a, None],
        kind="case.assigned",
        title="分派案件",
        body="请处理",
        link="/cases/1/",
        subject=a,
    )
    # then
    assert len(rows) == 2
    note = selectors.unread_for(a).get()
    assert (note.kind, note.title, note.link) == ("case.assigned", "分派案件", "/cases/1/")
    assert (note.subject_type, note.subject_id) == ("accounts.user", str(a.pk))


def test_inactive_users_are_skipped(people):
    a, b = people
    b.is_active = False
    b.save(update_fields=["is_active"])
    assert len(services.notify([a, b], kind="x.y", title="t")) == 1


@pytest.mark.parametrize(("kind", "title"), [("", "t"), ("k", "  "), ("k" * 65, "t")])
def test_bad_notifications_are_refused(people, kind, title):
    with pytest.raises(InvalidNotification):
        services.notify(people, kind=kind, title=title)
    assert not Notification.objects.exists()


def test_mark_read_one_and_all(people):
    a, b = people
    services.notify([a], kind="k", title="一")
    services.notify([a], kind="k", title="二")
    services.notify([b], kind="k", title="三")
    first = selectors.notifications_for(a).last()
    # when
    assert services.mark_read(a, first.pk) == 1
    assert services.mark_read(a, first.pk) == 0  # again: nothing changes
    # then
    assert selectors.unread_count(a) == 1
    assert services.mark_read(a) == 1
    assert selectors.unread_count(a) == 0 and selectors.unread_count(b) == 1


def test_nobody_reads_anothers_notification(people):
    a, b = people
    services.notify([b], kind="k", title="他人的通知")
    theirs = selectors.notifications_for(b).get()
    with pytest.raises(NotFound):
        services.mark_read(a, theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None


@override_settings(EMAIL_HOST="smtp.example.org", ZHIFA_SITE_URL="https://zhifa.example.org")
def test_email_after_commit_with_the_link(people, django_capture_on_commit_callbacks):
    a, b = people
    a.email = "a@example.org"
    a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify([a, b], kind="k", title="标题", body="正文", link="/deadlines/")
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "https://zhifa.example.org/deadlines/" in mail.outbox[0].body


@override_settings(EMAIL_HOST="smtp.example.org")
def test_no_email_for_a_rolled_back_act(people, django_capture_on_commit_callbacks):
    from django.db import transaction

    a, _b = people
    a.email = "a@example.org"
    a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.notify([a], kind="k", title="回滚")
                raise RuntimeError("the act failed")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


@override_settings(EMAIL_HOST="smtp.example.org", EMAIL_BACKEND="no.such.Backend")
def test_a_broken_mail_setup_does_not_break_the_act(people, django_capture_on_commit_callbacks):
    a, _b = people
    a.email = "a@example.org"
    a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify([a], kind="k", title="仍然记录")
    assert len(rows) == 1


@override_settings(ZHIFA_NOTIFY_BY_EMAIL=False, EMAIL_HOST="smtp.example.org")
def test_email_can_be_switched_off(people, django_capture_on_commit_callbacks):
    a, _b = people
    a.email = "a@example.org"
    a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([a], kind="k", title="t")
    assert mail.outbox == []
