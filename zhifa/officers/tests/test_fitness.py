"""Training, assessments and conduct (issue 14 items 1–3): services, API, pages, bad input."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from zhifa import testing
from zhifa.core.errors import InvalidInput, PermissionDenied
from zhifa.notifications.models import Notification
from zhifa.officers import selectors, services
from zhifa.officers.models import (
    Assessment,
    Certificate,
    ConductItem,
    ConductRecord,
    Suspension,
    TrainingRecord,
)
from zhifa.records.models import JournalEntry

API = "/api/v1/officers"


@pytest.fixture
def head(world):
    return testing.make_user(world.hangzhou, roles=("agency_head",), full_name="赵负责人")


@pytest.fixture
def officer(world):
    return testing.make_officer(world.hangzhou, full_name="李执法")


def post(client, url, data):
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


def snapshot():
    return (
        TrainingRecord.objects.count(),
        Assessment.objects.count(),
        Suspension.objects.count(),
        ConductRecord.objects.count(),
        JournalEntry.objects.count(),
    )


# --- 1. training ----------------------------------------------------------------------------


def test_training_recorded_and_counted_against_the_year(world, head, officer, login):
    client = login(head)
    r = post(
        client,
        f"{API}/{officer.pk}/training",
        {
            "title": "新《行政处罚法》专题",
            "kind": "legal",
            "provider": "浙江省交通运输厅",
            "hours": "16",
            "starts_on": date(2026, 3, 2),
            "ends_on": date(2026, 3, 3),
            "certificate_number": "ZJ-2026-001",
        },
    )
    assert r.status_code == 201, r.content
    body = client.get(f"{API}/{officer.pk}/training", {"year": 2026}).json()
    assert body["hours"] == {
        "year": 2026,
        "done": "16.0",
        "required": "60",
        "short": "44.0",
        "met": False,
    }
    assert body["items"][0]["certificate_number"] == "ZJ-2026-001"
    assert JournalEntry.objects.filter(event_type="training.recorded").count() == 1
    # the officer sees their own record
    assert login(officer.user).get(f"{API}/{officer.pk}/training").status_code == 200


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"starts_on": "FUTURE"}, "training_in_future"),
        ({"hours": "25"}, "training_hours_over_24_a_day"),
        ({"hours": "49", "ends_on": date(2026, 3, 3)}, "training_hours_over_24_a_day"),
        ({"hours": "0.04"}, "training_hours_invalid"),  # rounds to nothing as stored
        ({"hours": "10000", "starts_on": date(2024, 1, 1)}, "training_hours_invalid"),
        ({"kind": "nap"}, "invalid_training"),
        ({"title": ""}, "invalid_training"),
    ],
)
def test_bad_training_changes_nothing(world, head, officer, login, change, code):
    data = {
        "title": "执法记录仪使用",
        "kind": "equipment",
        "provider": "支队",
        "hours": "8",
        "starts_on": date(2026, 3, 2),
    }
    data.update(change)
    if data["starts_on"] == "FUTURE":
        data["starts_on"] = timezone.localdate() + timedelta(days=1)
    client = login(head)
    before = snapshot()
    r = post(client, f"{API}/{officer.pk}/training", data)
    assert r.status_code == 422, r.content
    assert r.json()["code"] == code
    assert r.json()["message"] and not r.json()["message"].isascii()
    assert snapshot() == before


def test_the_figure_is_configurable_per_province(world, officer):
    from zhifa.orgs.models import Region

    zj = Region.objects.create(name="浙江省", level="province")
    world.zhejiang.region = zj
    world.zhejiang.save(update_fields=["region"])
    officer.user.agency.refresh_from_db()
    assert selectors.training_hours(officer, 2026).required == Decimal(60)
    with override_settings(ZHIFA_TRAINING_HOURS_BY_PROVINCE={"浙江省": 72}):
        assert selectors.training_hours(officer, 2026).required == Decimal(72)
    with override_settings(ZHIFA_TRAINING_HOURS_BY_PROVINCE={"四川省": 72}):
        assert selectors.training_hours(officer, 2026).required == Decimal(60)


def test_last_quarter_reminders_reach_the_officer_and_the_head_once(world, head, officer):
    done = testing.make_officer(world.hangzhou, full_name="王执法")
    services.record_training(
        done,
        title="全年培训",
        kind="professional",
        provider="支队",
        hours=24,
        starts_on=date(2026, 1, 5),
        ends_on=date(2026, 1, 7),
        actor=head,
    )
    services.record_training(
        done,
        title="全年培训二",
        kind="legal",
        provider="支队",
        hours=40,
        starts_on=date(2026, 2, 5),
        ends_on=date(2026, 2, 7),
        actor=head,
    )
    assert services.send_training_reminders(date(2026, 9, 30)) == 0  # not yet the last quarter
    assert services.send_training_reminders(date(2026, 10, 8)) == 1
    to_officer = Notification.objects.get(user=officer.user, kind="training.short")
    assert "尚差60" in to_officer.title
    assert Notification.objects.filter(user=head, kind="training.short").count() == 1
    assert not Notification.objects.filter(user=done.user, kind="training.short").exists()
    assert services.send_training_reminders(date(2026, 11, 8)) == 0  # once a year


def test_yearly_plan_with_attendance(world, head, officer, login):
    client = login(head)
    plan = post(client, f"{API}/training-plans", {"year": 2026, "title": "2026年度执法培训计划"})
    assert plan.status_code == 201, plan.content
    again = post(client, f"{API}/training-plans", {"year": 2026, "title": "重复"})
    assert again.json()["code"] == "training_plan_exists"
    course = post(
        client,
        f"{API}/training-plans/{plan.json()['id']}/courses",
        {
            "title": "执法记录仪规范使用",
            "kind": "equipment",
            "provider": "支队",
            "hours": "4",
            "planned_on": date(2026, 5, 6),
        },
    )
    assert course.status_code == 201, course.content
    r = post(
        client,
        f"{API}/{officer.pk}/training",
        {"course_id": course.json()["id"], "starts_on": date(2026, 5, 6)},
    )
    assert r.status_code == 201, r.content
    assert r.json()["title"] == "执法记录仪规范使用" and r.json()["hours"] == "4.0"
    plans = client.get(f"{API}/training-plans", {"year": 2026}).json()
    assert plans[0]["courses"][0]["attended_by"] == [officer.pk]
    # another prefecture's head sees no plan of Hangzhou
    other = testing.make_user(world.ningbo, roles=("agency_head",))
    assert login(other).get(f"{API}/training-plans").json() == []


# --- 2. assessments -------------------------------------------------------------------------


def test_a_failed_assessment_suspends_until_a_pass(world, head, officer, login):
    client = login(head)
    failed = post(
        client,
        f"{API}/{officer.pk}/assessments",
        {
            "kind": "body_camera",
            "title": "执法记录仪使用考核",
            "held_on": date(2026, 9, 1),
            "score": "55",
        },
    )
    assert failed.status_code == 201, failed.content
    assert failed.json()["passed"] is False and failed.json()["retraining"] is True
    officer.refresh_from_db()
    e = selectors.eligibility(officer, date(2026, 9, 2))
    assert not e.allowed and "离岗培训" in e.message
    # a pass of another kind does not end it
    services.record_assessment(
        officer,
        kind="law_exam",
        title="法律知识考试",
        held_on=date(2026, 9, 2),
        score=90,
        actor=head,
    )
    assert not selectors.eligibility(officer, date(2026, 9, 2)).allowed
    services.record_assessment(
        officer,
        kind="body_camera",
        title="执法记录仪补考",
        held_on=date(2026, 9, 3),
        score=80,
        actor=head,
    )
    assert selectors.eligibility(officer, date(2026, 9, 3)).allowed
    assert Suspension.objects.get().lifted_on == date(2026, 9, 3)
    assert Notification.objects.filter(user=officer.user, kind="assessment.recorded").count() == 3


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"score": "101"}, "assessment_score_out_of_scale"),
        ({"score": "-1"}, "assessment_score_out_of_scale"),
        ({"score": "6", "scale": "5", "pass_mark": "3"}, "assessment_score_out_of_scale"),
        ({"pass_mark": "120"}, "assessment_pass_mark_invalid"),
        ({"held_on": "FUTURE"}, "assessment_in_future"),
        ({"kind": "x"}, "invalid_assessment"),
    ],
)
def test_bad_assessment_changes_nothing(world, head, officer, login, change, code):
    data = {"kind": "law_exam", "title": "考试", "held_on": date(2026, 9, 1), "score": "30"}
    data.update(change)
    if data["held_on"] == "FUTURE":
        data["held_on"] = timezone.localdate() + timedelta(days=1)
    client = login(head)
    before = snapshot()
    r = post(client, f"{API}/{officer.pk}/assessments", data)
    assert r.status_code == 422, r.content
    assert r.json()["code"] == code and not r.json()["message"].isascii()
    assert snapshot() == before


def test_only_a_manager_records_an_assessment(world, officer, login):
    peer = testing.make_officer(world.hangzhou)
    r = post(
        login(peer.user),
        f"{API}/{officer.pk}/assessments",
        {"kind": "law_exam", "title": "考试", "held_on": date(2026, 9, 1), "score": "30"},
    )
    assert r.status_code == 403
    assert not Suspension.objects.exists()


# --- 3. conduct -----------------------------------------------------------------------------


def test_conduct_items_preloaded_from_the_spec(db):
    dress = ConductItem.objects.filter(code_set="conduct_code")
    assert dress.count() == 8 and all(i.confirmed for i in dress)
    prohibitions = ConductItem.objects.filter(code_set="prohibition")
    assert prohibitions.exists() and not any(i.confirmed for i in prohibitions)
    assert all(i.serious for i in prohibitions)
    assert ConductItem.objects.filter(code_set="statutory", confirmed=True).exists()


@pytest.fixture
def supervisor(world):
    return testing.make_user(world.zhejiang, roles=("supervisor",), full_name="省监督")


def test_breach_recorded_answered_and_retraining(world, head, officer, login):
    item = ConductItem.objects.get(code_set="conduct_code", number="1.8")
    record = services.record_conduct_breach(
        officer,
        item=item,
        occurred_on=date(2026, 8, 1),
        facts="着制式服装进入KTV",
        source="complaint",
        consequence="retraining",
        actor=head,
        today=date(2026, 8, 3),
    )
    assert not selectors.eligibility(officer, date(2026, 8, 3)).allowed
    assert Notification.objects.filter(user=officer.user, kind="conduct.recorded").exists()
    # the officer sees and answers it, once
    client = login(officer.user)
    listed = client.get(f"{API}/{officer.pk}/conduct").json()
    assert listed[0]["item"]["number"] == "1.8"
    r = post(client, f"{API}/conduct/{record.pk}/answer", {"text": "当时为执行公务"})
    assert r.status_code == 200 and r.json()["answer"] == "当时为执行公务"
    again = post(client, f"{API}/conduct/{record.pk}/answer", {"text": "再说一次"})
    assert again.json()["code"] == "conduct_already_answered"
    # a pass ends the retraining
    services.record_assessment(
        officer,
        kind="law_exam",
        title="离岗培训考试",
        held_on=date(2026, 8, 20),
        score=85,
        actor=head,
    )
    assert selectors.eligibility(officer, date(2026, 8, 20)).allowed
    assert JournalEntry.objects.filter(event_type="conduct_record.answered").count() == 1


def test_a_peer_neither_records_nor_answers(world, head, officer, login):
    peer = testing.make_officer(world.hangzhou)
    item = ConductItem.objects.filter(code_set="conduct_code").first()
    with pytest.raises(PermissionDenied):
        services.record_conduct_breach(
            officer,
            item=item,
            occurred_on=date(2026, 8, 1),
            facts="x",
            source="superior",
            consequence="talk",
            actor=peer.user,
        )
    record = services.record_conduct_breach(
        officer,
        item=item,
        occurred_on=date(2026, 8, 1),
        facts="x",
        source="superior",
        consequence="talk",
        actor=head,
    )
    r = post(login(peer.user), f"{API}/conduct/{record.pk}/answer", {"text": "不是我"})
    assert r.status_code == 403
    record.refresh_from_db()
    assert record.answer == ""


def test_revocation_for_a_serious_prohibition_needs_the_heads_approval(
    world, head, officer, supervisor, login
):
    dress = ConductItem.objects.filter(code_set="conduct_code").first()
    with pytest.raises(InvalidInput) as exc:
        services.record_conduct_breach(
            officer,
            item=dress,
            occurred_on=date(2026, 8, 1),
            facts="x",
            source="superior",
            consequence="revocation",
            actor=supervisor,
        )
    assert exc.value.code == "revocation_not_allowed"
    prohibition = ConductItem.objects.get(code_set="prohibition", number="P4")
    record = services.record_conduct_breach(
        officer,
        item=prohibition,
        occurred_on=date(2026, 8, 1),
        facts="殴打当事人",
        source="supervisory_check",
        consequence="revocation",
        actor=supervisor,
    )
    assert record.status == "pending_approval"
    assert Certificate.objects.get(officer=officer).status == "valid"
    assert Notification.objects.filter(user=head, kind="conduct.revocation_pending").exists()
    # the hand-off reaches the head's to-do list, and the officer's (to answer)
    from zhifa.workbench.selectors import workbench_for

    head_groups = {g.key: g for g in workbench_for(head, with_blocked=False).groups}
    assert head_groups["revocations"].count == 1
    mine = {g.key: g for g in workbench_for(officer.user, with_blocked=False).groups}
    assert mine["conduct"].count == 1
    # the supervisor who recorded it cannot approve; the head can
    r = post(
        login(supervisor), f"{API}/conduct/{record.pk}/decision", {"approve": True, "reason": "x"}
    )
    assert r.status_code == 403
    r = post(
        login(head), f"{API}/conduct/{record.pk}/decision", {"approve": True, "reason": "情节严重"}
    )
    assert r.status_code == 200, r.content
    assert Certificate.objects.get(officer=officer).status == "revoked"
    assert not selectors.eligibility(officer).allowed
    assert JournalEntry.objects.filter(event_type="certificate.status_changed").count() == 1


# --- pages ----------------------------------------------------------------------------------


def test_the_officers_own_page_and_the_heads_pages(world, head, officer, login):
    services.record_assessment(
        officer,
        kind="body_camera",
        title="执法记录仪使用考核",
        held_on=date(2026, 9, 1),
        score=50,
        actor=head,
    )
    page = login(officer.user).get("/officers/me/")
    text = page.content.decode()
    assert page.status_code == 200 and "离岗培训中" in text and "学时" in text
    assert "登记考核成绩" not in text  # the officer records nothing about themselves
    client = login(head)
    page = client.get(f"/officers/{officer.pk}/").content.decode()
    assert "登记考核成绩" in page and "登记违反执法规范记录" in page
    assert "李执法" in client.get("/officers/agency/").content.decode()
    # bad input from the page: a message, nothing changed
    before = snapshot()
    r = client.post(
        f"/officers/{officer.pk}/training/",
        {
            "title": "超时培训",
            "kind": "legal",
            "provider": "支队",
            "hours": "30",
            "starts_on": "2026-03-02",
        },
        follow=True,
    )
    assert "培训学时超过每天24小时" in r.content.decode()
    assert snapshot() == before
    r = client.post(f"/officers/{officer.pk}/training/", {"hours": "abc"}, follow=True)
    assert r.status_code == 200 and snapshot() == before


def test_only_unconfirmed_items_are_edited_by_the_system_administrator(world, head, login):
    sysadmin = testing.make_user(world.ministry, admin_role="system")
    unconfirmed = ConductItem.objects.get(code_set="prohibition", number="P1")
    confirmed = ConductItem.objects.get(code_set="conduct_code", number="1.1")
    url = f"{API}/conduct-items"
    r = login(head).patch(
        f"{url}/{unconfirmed.pk}", json.dumps({"text": "改"}), content_type="application/json"
    )
    assert r.status_code == 403
    client = login(sysadmin)
    r = client.patch(
        f"{url}/{unconfirmed.pk}",
        json.dumps({"text": "严禁违法扣押车辆（省厅核定）"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["text"] == "严禁违法扣押车辆（省厅核定）"
    r = client.patch(
        f"{url}/{confirmed.pk}", json.dumps({"text": "改"}), content_type="application/json"
    )
    assert r.json()["code"] == "conduct_item_confirmed"
    assert JournalEntry.objects.filter(event_type="conduct_item.edited").count() == 1


def test_two_records_on_one_day_stay_within_24_hours(world, head, officer):
    kw = dict(kind="legal", provider="支队", starts_on=date(2026, 4, 1), actor=head)
    services.record_training(officer, title="上午", hours=16, **kw)
    before = snapshot()
    with pytest.raises(InvalidInput) as exc:
        services.record_training(officer, title="晚上", hours=9, **kw)
    assert exc.value.code == "training_hours_over_24_a_day"
    assert snapshot() == before
    services.record_training(officer, title="晚上", hours=8, **kw)


def test_the_heads_plan_page_records_attendance(world, head, officer, login):
    client = login(head)
    client.post("/officers/plans/", {"year": "2026", "title": "2026年度培训计划"})
    from zhifa.officers.models import TrainingCourse, TrainingPlan

    plan = TrainingPlan.objects.get(agency=world.hangzhou, year=2026)
    client.post(
        f"/officers/plans/{plan.pk}/courses/",
        {
            "title": "行政处罚法",
            "kind": "legal",
            "provider": "省厅",
            "hours": "6",
            "planned_on": "2026-04-08",
        },
    )
    course = TrainingCourse.objects.get(plan=plan)
    client.post(
        f"/officers/courses/{course.pk}/attendance/",
        {"officer_id": str(officer.pk), "attended_on": "2026-04-08"},
    )
    page = client.get("/officers/agency/", {"year": 2026}).content.decode()
    assert "行政处罚法" in page and "李执法" in page
    assert selectors.training_hours(officer, 2026).done == Decimal(6)
    # another prefecture's head cannot use Hangzhou's course
    other = testing.make_user(world.ningbo, roles=("agency_head",))
    r = login(other).post(f"/officers/courses/{course.pk}/attendance/", {"officer_id": "1"})
    assert r.status_code == 404
