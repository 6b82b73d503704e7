"""Issue 10 item 7: the audit administrator's journal pages, the journaled export, downloads in
the journal, and retention (purge_journal refuses)."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from zhifa import testing
from zhifa.records import journal
from zhifa.records.models import JournalEntry


@pytest.fixture
def people(world):
    return {
        "auditor": testing.make_user(world.zhejiang, admin_role="audit", username="zj_auditor"),
        "mot_auditor": testing.make_user(world.ministry, admin_role="audit", username="mot_aud"),
        "security": testing.make_user(world.zhejiang, admin_role="security", username="zj_sec"),
        "officer": testing.make_officer(world.hangzhou, username="hz_officer").user,
        "sc_officer": testing.make_officer(world.chengdu, username="cd_officer").user,
    }


def test_only_the_audit_administrator_reads_the_audit_pages(client, people):
    for name in ("officer", "security"):
        client.force_login(people[name])
        assert client.get("/records/audit/").status_code == 403
        assert client.get("/records/audit/export.xlsx").status_code == 403
    client.logout()
    assert client.get("/records/audit/").status_code == 302  # to the sign-in page
    client.force_login(people["auditor"])
    assert client.get("/records/audit/").status_code == 200


def test_auditor_sees_their_subtree_only(client, people):
    client.force_login(people["auditor"])
    rows = client.get("/records/audit/").context["rows"]
    agencies = {e.agency_id for e in rows}
    assert people["sc_officer"].agency_id not in agencies
    assert people["officer"].agency_id in agencies  # hz officer's creation is in Hangzhou's chain


def test_filters_by_kind_actor_agency_and_dates(client, people, world):
    journal.append("user.login", actor=people["officer"], subject=people["officer"], payload={})
    client.force_login(people["auditor"])
    by_kind = client.get("/records/audit/", {"event_type": "user.login"}).context["rows"]
    assert by_kind and {e.event_type for e in by_kind} == {"user.login"}
    by_actor = client.get("/records/audit/", {"actor": "hz_officer"}).context["rows"]
    assert by_actor and {e.actor_id for e in by_actor} == {people["officer"].pk}
    by_agency = client.get("/records/audit/", {"agency": "杭州"}).context["rows"]
    assert by_agency and {e.agency_id for e in by_agency} == {world.hangzhou.pk}
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert not client.get("/records/audit/", {"date_from": tomorrow}).context["rows"]
    assert client.get("/records/audit/", {"date_to": today.isoformat()}).context["rows"]
    # bad input is a form error, not a 500 and not a silently narrowed list
    bad = client.get("/records/audit/", {"date_from": "2026-13-45"})
    assert bad.status_code == 200 and bad.context["form"].errors
    # a NUL is refused before any view (the hostile-input middleware), in Chinese
    assert client.get("/records/audit/", {"actor": "a\x00b"}).status_code == 422


def test_export_is_an_excel_file_and_is_journaled(client, people):
    client.force_login(people["auditor"])
    response = client.get("/records/audit/export.xlsx", {"event_type": "user.created"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "发生时间"
    assert len(rows) > 1 and {r[2] for r in rows[1:]} == {"user.created"}
    exported = JournalEntry.objects.filter(event_type="journal.exported")
    assert exported.count() == 1 and '"rows":' in exported.get().payload
    # the export journals itself once; the download middleware adds no second entry
    assert not JournalEntry.objects.filter(event_type="file.downloaded").exists()


def test_other_downloads_are_journaled(client, people):
    client.force_login(people["officer"])
    response = client.get("/law/benchmarks/export.xlsx")
    assert response.status_code == 200
    entry = JournalEntry.objects.get(event_type="file.downloaded")
    assert entry.actor_id == people["officer"].pk
    assert "/law/benchmarks/export.xlsx" in entry.payload and ".xlsx" in entry.payload


def test_permission_changes_and_sign_ins_reach_the_auditor(client, people):
    from zhifa.accounts import services

    services.set_roles(people["officer"], roles=["officer", "supervisor"], actor=people["security"])
    client.post("/login/", {"username": "hz_officer", "password": "Wrong-Passw0rd-1"})
    client.force_login(people["auditor"])
    kinds = {e.event_type for e in client.get("/records/audit/").context["rows"]}
    assert {"user.roles_changed", "user.login_failed", "user.login"} <= kinds


def test_purge_refuses_anything_younger_than_180_days():
    recent = (timezone.localdate() - timedelta(days=100)).isoformat()
    with pytest.raises(CommandError, match="至少保存 180 天"):
        call_command("purge_journal", before=recent)


@pytest.mark.django_db
def test_purge_refuses_older_entries_too_the_journal_is_append_only(people):
    before = JournalEntry.objects.count()
    old = (timezone.localdate() - timedelta(days=400)).isoformat()
    with pytest.raises(CommandError, match="保存期限不限"):
        call_command("purge_journal", before=old)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("purge_journal", before="soon")
    assert JournalEntry.objects.count() == before


def test_retention_setting_cannot_go_below_180_days(monkeypatch):
    import importlib

    import zhifa.settings.base as base

    monkeypatch.setenv("ZHIFA_JOURNAL_RETENTION_DAYS", "30")
    try:
        assert importlib.reload(base).ZHIFA_JOURNAL_RETENTION_DAYS == 180
    finally:
        monkeypatch.delenv("ZHIFA_JOURNAL_RETENTION_DAYS")
        importlib.reload(base)
