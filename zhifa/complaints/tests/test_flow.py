"""A work order's whole flow (issue 12 item 3): intake, transfer down the tree, acceptance, reply,
return for redo, closure review, return visit with satisfaction, rectification, archive — with
deadlines on the deadlines app, hand-offs (notification + workbench) and the journal."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from zhifa import testing
from zhifa.complaints import selectors, services
from zhifa.complaints.errors import (
    InvalidComplaint,
    NotYourOrder,
    StepNotAllowed,
    TimeLimitsMissing,
)
from zhifa.deadlines.models import Deadline
from zhifa.deadlines.services import sweep
from zhifa.notifications.models import Notification
from zhifa.records.models import JournalEntry
from zhifa.workbench.selectors import workbench_for

TEXT = "出租车司机在杭州东站拒载，车牌浙A12345，态度恶劣。"


def receive(agency, **kw):
    values = {
        "agency": agency,
        "channel": "hotline_12328",
        "category": "complaint",
        "content": TEXT,
        "phone": "13912345678",
    }
    values.update(kw)
    return services.receive(**values)


def test_a_province_without_its_clocks_cannot_open_the_channel(world, zj):
    with pytest.raises(TimeLimitsMissing) as exc:
        receive(world.chengdu)
    assert "四川省交通运输厅尚未配置12328工单" in exc.value.message
    assert exc.value.details["missing"] == ["transfer", "accept", "close", "visit"]


def test_the_whole_flow(world, zj):
    op, centre_head = zj["centre_operator"], zj["centre_head"]
    unit_officer, unit_head = zj["unit_officer"], zj["unit_head"]
    c = receive(world.zhejiang, actor=op)
    assert c.state == "received" and len(c.tracking_code) == 10
    assert Deadline.objects.get(subject_id=str(c.pk), code="C12328_transfer").state == "open"
    # the centre's head is told (not the operator who took it in)
    assert Notification.objects.filter(user=centre_head, kind="complaint.todo").exists()
    assert not Notification.objects.filter(user=op).exists()

    # the unit cannot act before the order reaches it; transfer only down the tree
    with pytest.raises(InvalidComplaint):
        services.step(c, "transfer", actor=op, target=world.chengdu)
    c = services.step(c, "transfer", actor=op, target=world.hangzhou)
    assert c.agency == world.hangzhou and c.close_due is not None
    assert Notification.objects.filter(user=unit_officer, title__contains=c.tracking_code).exists()
    assert any(g.key == "complaints" for g in workbench_for(unit_officer).groups)
    with pytest.raises(NotYourOrder):
        services.step(c, "accept", actor=op)

    c = services.step(c, "accept", actor=unit_officer)
    c = services.step(c, "handle", actor=unit_officer)
    c = services.step(c, "reply", actor=unit_officer, text="已约谈驾驶员并依法处理。")
    assert Notification.objects.filter(user=centre_head, title__contains="待审核").exists()
    # the centre sends a thin reply back; the close clock runs again for the unit
    c = services.step(c, "send_back", actor=centre_head, text="未说明处理依据。")
    assert c.state == "returned" and c.redo_count == 1
    assert Deadline.objects.get(subject_id=str(c.pk), code="C12328_close", state="open")
    c = services.step(c, "handle", actor=unit_head)
    c = services.step(
        c, "reply", actor=unit_head, text="依据《巡游出租汽车经营服务管理规定》处理。"
    )
    c = services.step(c, "close", actor=centre_head, text="办结。")
    assert c.rechecked_at is not None  # closure review of a complaint order is its re-check
    c = services.step(c, "visit", actor=op, rating="dissatisfied", text="认为处理偏轻")
    assert Notification.objects.filter(user=unit_head, title__contains="整改").exists()
    with pytest.raises(StepNotAllowed):
        services.step(c, "reply", actor=unit_head, text="x" * 10)
    c = services.step(c, "rectify", actor=unit_head, text="复查后加强培训。")
    assert "rectify" not in [a.code for a in services.allowed_actions(unit_head, c)]
    c = services.step(c, "archive", actor=op)
    assert c.state == "archived"
    assert not Deadline.objects.filter(subject_id=str(c.pk), state="open").exists()
    steps = JournalEntry.objects.filter(subject_type="complaints.complaint", subject_id=str(c.pk))
    types = list(steps.values_list("event_type", flat=True))
    assert types.count("complaint.stepped") == 11 and "complaint.received" in types


def test_reroute_down_the_tree_moves_the_clocks(world, zj):
    c = receive(world.zhejiang)
    c = services.step(c, "transfer", actor=zj["centre_operator"], target=world.hangzhou)
    due = c.close_due
    c = services.step(c, "reroute", actor=zj["unit_head"], target=zj["county"])
    assert c.agency == zj["county"]
    d = Deadline.objects.get(subject_id=str(c.pk), code="C12328_close", state="open")
    assert d.agency == zj["county"] and d.due == due
    with pytest.raises(InvalidComplaint):  # not sideways
        services.step(c, "reroute", actor=zj["county_head"], target=world.ningbo)


def test_overdue_orders_are_flagged_by_the_deadline_sweep(world, zj):
    c = receive(world.zhejiang)
    result = sweep(now=timezone.now() + timedelta(days=30))
    d = Deadline.objects.get(subject_id=str(c.pk), code="C12328_transfer")
    assert d.flag == "overdue"
    assert Notification.objects.filter(user=zj["centre_head"], kind="deadline.overdue").exists()
    assert result is not None


def test_duplicates_same_phone_agency_and_like_text(world, zj):
    first = receive(world.zhejiang)
    again = receive(world.zhejiang, content=TEXT + "！！")
    other_phone = receive(world.zhejiang, phone="13812345678")
    other_text = receive(world.zhejiang, content="建议在杭州东站增加出租车候客区指引标志。")
    assert again.duplicate_of == first
    assert other_phone.duplicate_of is None and other_text.duplicate_of is None


def test_a_complaint_about_an_officer_links_to_them_and_stays_with_heads(world, zj):
    officer = testing.make_officer(world.hangzhou)
    number = officer.certificates.first().number
    c = receive(
        world.hangzhou, certificate_number=number, content="执法人员检查时态度粗暴，辱骂司机。"
    )
    assert c.officer == officer and c.subject_type == "conduct"
    assert selectors.visible_complaints(zj["unit_head"]).filter(pk=c.pk).exists()
    assert not selectors.visible_complaints(officer.user).filter(pk=c.pk).exists()
    assert not selectors.visible_complaints(zj["unit_officer"]).filter(pk=c.pk).exists()
    assert not Notification.objects.filter(user=officer.user).exists()


def _at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=10)))


def test_indicators_match_a_hand_count(world, zj):
    """Fixture month March 2026 at Hangzhou: the hand count is written next to each order."""
    op, centre_head = zj["centre_operator"], zj["centre_head"]
    unit = zj["unit_head"]
    march = [_at(date(2026, 3, d)) for d in range(2, 12)]

    def transferred(category, n):
        c = receive(
            world.zhejiang,
            category=category,
            content=f"{category} 第{n}件诉求内容，互不相同{n}。",
            phone=f"1391234{n:04d}",
            now=march[n],
        )
        c = services.step(c, "transfer", actor=op, target=world.hangzhou, now=march[n])
        c = services.step(c, "accept", actor=unit, now=march[n])
        return services.step(c, "handle", actor=unit, now=march[n])

    def finish(c, when, rating=""):
        c = services.step(c, "reply", actor=unit, text="已办理。", now=when)
        c = services.step(c, "close", actor=centre_head, now=when)
        if rating:
            c = services.step(c, "visit", actor=op, rating=rating, now=when)
        return c

    # complaints: one on time and visited satisfied, one late (after its close_due), one open
    a = transferred("complaint", 1)
    finish(a, march[2], rating="satisfied")
    b = transferred("complaint", 2)
    finish(b, _at(b.close_due + timedelta(days=3)))
    transferred("complaint", 3)
    # a suggestion on time, visited dissatisfied and not rectified
    s = transferred("suggestion", 4)
    finish(s, march[5], rating="dissatisfied")
    # two enquiries answered at once by Hangzhou's own desk (one rated), one transferred open
    for n in (5, 6):
        e = receive(
            world.hangzhou,
            category="enquiry",
            content=f"咨询第{n}件：网约车证办理需要什么材料{n}？",
            phone=f"1381234{n:04d}",
            now=march[n],
        )
        e = services.step(e, "answer", actor=unit, text="见办事指南。", now=march[n])
        if n == 5:
            services.step(e, "visit", actor=unit, rating="basically_satisfied", now=march[n])
    transferred("enquiry", 7)
    # an April order does not count for March
    receive(
        world.hangzhou,
        category="enquiry",
        content="四月的咨询不计入三月",
        now=_at(date(2026, 4, 2)),
    )

    row = selectors.indicators_for(world.hangzhou, date(2026, 3, 1))
    got = {key: (r.numerator, r.denominator) for key, _, r in row.rates}
    assert row.count == 7
    assert got == {
        "immediate_answer": (2, 3),  # enquiries 5, 6 answered at once; 7 transferred
        "non_complaint_on_time": (1, 2),  # suggestion 4 on time; enquiry 7 open
        "immediate_satisfaction": (1, 1),  # enquiry 5 basically satisfied
        "transfer_visit": (2, 3),  # closed transferred: a (visited), b, s (visited)
        "bad_rating_rectified": (0, 1),  # suggestion 4
        "complaint_on_time": (1, 3),  # a on time; b late; the third open
        "complaint_recheck": (2, 3),  # a and b reviewed at closure
        "complaint_visit_satisfaction": (1, 1),  # a satisfied
    }
    sup_rows = selectors.indicator_table(zj["supervisor"], date(2026, 3, 1))
    assert [r.agency for r in sup_rows] == [world.hangzhou]
