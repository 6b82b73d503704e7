"""The journal in the admin: read-only, for the security auditor alone, within their subtree."""

import pytest
from django.urls import reverse

from zhifa import testing
from zhifa.records import journal
from zhifa.records.models import JournalEntry

CHANGELIST = reverse("admin:records_journalentry_changelist")


@pytest.fixture
def recorded(world):
    hangzhou = journal.append(
        "journal.verified", agency=world.hangzhou, subject=("cases.case", 1001), payload={"x": 1}
    )
    chengdu = journal.append(
        "suspension.lifted", agency=world.chengdu, subject=("cases.case", 2002), payload={"x": 2}
    )
    system = journal.append("journal.verified", payload={"x": 3})
    return {"hangzhou": hangzhou, "chengdu": chengdu, "system": system}


def shown(response):
    return {entry.pk for entry in response.context["cl"].result_list}


@pytest.mark.parametrize("admin_role", ["system", "security"])
def test_other_administrators_cannot_open_the_journal(world, client, recorded, admin_role):
    # given an administrator who is not the auditor
    client.force_login(testing.make_user(world.ministry, admin_role=admin_role))
    # then neither the list nor an entry opens
    assert client.get(CHANGELIST).status_code == 403
    change = reverse("admin:records_journalentry_change", args=[recorded["system"].pk])
    assert client.get(change).status_code == 403


def test_the_ministry_auditor_reads_every_chain(world, client, recorded):
    client.force_login(testing.make_user(world.ministry, admin_role="audit"))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert {e.pk for e in recorded.values()} <= shown(response)


def test_a_provincial_auditor_reads_only_their_subtree(world, client, recorded):
    # given the Zhejiang department's auditor
    client.force_login(testing.make_user(world.zhejiang, admin_role="audit"))
    # then Hangzhou's entries show, Chengdu's and the system chain's do not, even by id
    response = client.get(CHANGELIST)
    assert recorded["hangzhou"].pk in shown(response)
    assert not {recorded["chengdu"].pk, recorded["system"].pk} & shown(response)
    other = reverse("admin:records_journalentry_change", args=[recorded["chengdu"].pk])
    assert client.get(other).status_code == 302  # the admin's "does not exist" redirect


def test_the_auditor_cannot_add_change_or_delete(world, client, recorded):
    # given
    client.force_login(testing.make_user(world.ministry, admin_role="audit"))
    entry = recorded["hangzhou"]
    change = reverse("admin:records_journalentry_change", args=[entry.pk])
    # when / then: the entry opens read-only with its own check, and every write is refused
    page = client.get(change)
    assert page.status_code == 200 and "本条完整" in page.content.decode()
    assert client.get(reverse("admin:records_journalentry_add")).status_code == 403
    assert client.post(change, {"actor_name": "李四"}).status_code == 403
    delete = reverse("admin:records_journalentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert JournalEntry.objects.count() >= 3 and entry.actor_name == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "cases.case:1001"}, "hangzhou"),
        ({"q": "2002"}, "chengdu"),
        ({"event_type": "suspension.lifted"}, "chengdu"),
    ],
)
def test_search_by_subject_and_filter_by_event_type(world, client, recorded, query, expected):
    client.force_login(testing.make_user(world.ministry, admin_role="audit"))
    response = client.get(CHANGELIST, query)
    assert shown(response) == {recorded[expected].pk}
