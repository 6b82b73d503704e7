"""The to-do lists of each role, derived from the cases, approvals and deadlines; the home page;
the header count; the query bound."""

from datetime import date, timedelta

from axes.models import AccessAttempt
from django.urls import reverse

from zhifa import testing
from zhifa.cases import services
from zhifa.cases.models import Case
from zhifa.deadlines.choices import DeadlineFlag
from zhifa.deadlines.models import Deadline
from zhifa.officers import services as officers
from zhifa.workbench import selectors
from zhifa.workbench.tests.conftest import D, new_lead, recuse_o2, to_report


def group(bench, key):
    return next((g for g in bench.groups if g.key == key), None)


def urls(bench, key):
    g = group(bench, key)
    return [i.url for i in g.items] if g else []


def test_head_sees_a_lead_to_file_and_it_leaves_once_filed(world, squad):
    case = new_lead(world, squad)
    file_url = f"/cases/{case.pk}/actions/file_case/"
    # the head of the lead's agency is asked to decide on filing; Ningbo's head is not
    assert urls(selectors.workbench_for(squad.head), "filing") == [file_url]
    assert selectors.workbench_for(squad.nb_head).total == 0
    # the assigned officers see the lead; the third officer does not
    assert urls(selectors.workbench_for(squad.o1.user), "leads") == [f"/cases/{case.pk}/"]
    assert selectors.workbench_for(squad.o3.user).total == 0
    # when filed, it leaves the head's list and the officers' next step appears
    services.file_case(case, actor=squad.head, as_of=D(2026, 6, 2))
    assert group(selectors.workbench_for(squad.head), "filing").count == 0
    steps = urls(selectors.workbench_for(squad.o1.user), "steps")
    assert steps == [f"/cases/{case.pk}/actions/start_investigation/"]


def test_report_goes_to_the_head_for_review_then_approval(world, squad):
    case = to_report(new_lead(world, squad), squad)
    assert urls(selectors.workbench_for(squad.head), "reports") == [
        f"/cases/{case.pk}/actions/review_report/"
    ]
    services.review_report(case, actor=squad.head, as_of=D(2026, 6, 2))
    assert urls(selectors.workbench_for(squad.head), "reports") == [
        f"/cases/{case.pk}/actions/approve_report/"
    ]
    # the officers wait: nothing of theirs is due on this case
    assert urls(selectors.workbench_for(squad.o1.user), "steps") == []


def test_returned_report_is_a_returned_item_for_the_officers(world, squad):
    case = to_report(new_lead(world, squad), squad)
    services.return_report(case, actor=squad.head, as_of=D(2026, 6, 3), reason="证据不足")
    bench = selectors.workbench_for(squad.o1.user)
    returned = group(bench, "returned")
    assert returned.count == 1 and returned.items[0].title == "调查报告被退回补充调查"
    assert returned.items[0].url == f"/cases/{case.pk}/#actions"
    # shown once: not again among the ordinary steps
    assert urls(bench, "steps") == []


def test_recusal_and_deadline_extension_wait_on_the_head(world, squad):
    case = new_lead(world, squad)
    services.file_case(case, actor=squad.head, as_of=D(2026, 6, 2))
    recusal = recuse_o2(case, squad)
    bench = selectors.workbench_for(squad.head)
    assert urls(bench, "recusals") == [f"/cases/{case.pk}/#recusal-{recusal.pk}"]
    assert group(bench, "recusals").items[0].title == "回避申请：李执法"


def test_my_deadlines_due_soon_and_overdue_most_urgent_first(world, squad):
    case = new_lead(world, squad)
    services.file_case(case, actor=squad.head, as_of=D(2026, 6, 2))
    Deadline.objects.filter(subject_id=str(case.pk)).update(flag=DeadlineFlag.OVERDUE)
    other = new_lead(world, squad, officers=[squad.o2, squad.o3])
    services.file_case(other, actor=squad.head, as_of=D(2026, 6, 2))
    Deadline.objects.filter(subject_id=str(other.pk)).update(flag=DeadlineFlag.OVERDUE)
    bench = selectors.workbench_for(squad.o1.user)
    items = group(bench, "deadlines").items
    # only the deadlines of o1's own case, linked to its deadlines card
    assert [i.url for i in items] == [f"/cases/{case.pk}/#deadlines"]
    assert items[0].urgency_label == "已逾期"
    # the group with an overdue item comes first on the page
    assert bench.groups[0].key == "deadlines"


def test_reviewer_sees_reviews_of_their_agency_only(world, squad, law):
    from zhifa.workbench.tests.conftest import to_legal_review

    case = to_legal_review(new_lead(world, squad, provision="hl-76-1"), squad)
    assert urls(selectors.workbench_for(squad.reviewer), "reviews") == [
        f"/cases/{case.pk}/#actions"
    ]
    assert selectors.workbench_for(squad.nb_reviewer).total == 0
    # the notified 4,000 yuan lies outside a recommendation of 1,000–3,000: the head must approve
    Case.objects.filter(pk=case.pk).update(
        recommendation={"recommended_range": {"low": "1000", "high": "3000"}}
    )
    deviations = group(selectors.workbench_for(squad.head), "deviations")
    assert [i.url for i in deviations.items] == [f"/cases/{case.pk}/deviation/"]
    assert deviations.items[0].note == "拟罚款4000元，裁量建议1000–3000元"
    case.refresh_from_db()
    services.approve_deviation(
        case, actor=squad.head, as_of=D(2026, 6, 3), amount="4000", reason="情节较重"
    )
    assert group(selectors.workbench_for(squad.head), "deviations").count == 0
    # a failed review comes back to the officers as a returned item
    services.record_legal_review(
        case,
        actor=squad.reviewer,
        as_of=D(2026, 6, 3),
        outcome="problems",
        checklist=[],
        opinion="证据不足",
        send_back_to="investigation",
    )
    assert selectors.workbench_for(squad.reviewer).total == 0
    returned = group(selectors.workbench_for(squad.o2.user), "returned")
    assert [i.title for i in returned.items] == ["法制审核未通过，退回补充调查"]


def test_suspended_officer_sees_why_on_the_home_page(world, squad, login):
    officers.suspend_officer(
        squad.o1, reason="涉嫌违纪，暂停执法", starts_on=date.today() - timedelta(days=3)
    )
    page = login(squad.o1.user).get("/").content.decode()
    assert 'id="blocked"' in page
    assert "涉嫌违纪，暂停执法" in page
    assert (date.today() - timedelta(days=3)).isoformat() in page
    assert "办案操作均被阻止" in page
    # a fit officer sees no such notice
    assert 'id="blocked"' not in login(squad.o2.user).get("/").content.decode()


def test_expired_certificate_is_shown_as_the_reason(world, login):
    expired = testing.make_officer(
        world.hangzhou, valid_until=date.today() - timedelta(days=1), full_name="过期执法"
    )
    page = login(expired.user).get("/").content.decode()
    assert 'id="blocked"' in page and "证" in page


def test_home_page_lists_the_items_with_links_and_the_header_counts(world, squad, login):
    case = new_lead(world, squad)
    page = login(squad.head).get("/").content.decode()
    assert "我的待办" in page and "待审批立案" in page and "立案审批" in page
    assert f'href="/cases/{case.pk}/actions/file_case/"' in page
    assert 'id="todo-count">1<' in page
    # the header count shows on other pages too
    other = login(squad.head).get(reverse("deadlines:list")).content.decode()
    assert 'id="todo-count">1<' in other
    # nothing internal in the page
    for raw in ("None", "True", "False", "Decimal(", "file_case<"):
        assert raw not in page.replace("file_case/", "")


def _cases_waiting(world, squad, first: int, n: int) -> None:
    for i in range(first, first + n):
        day = D(2026, 6, 1) + timedelta(days=i)
        case = new_lead(world, squad, received_on=day)
        if i % 2:
            to_report(case, squad, day=day)
        services.request_recusal(
            case,
            actor=squad.o2.user,
            officer=squad.o2,
            requested_by="officer",
            ground="interest_in_case",
            as_of=day,
        )


def test_home_page_queries_do_not_grow_with_the_items(world, squad, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(user) -> int:
        client = login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    _cases_waiting(world, squad, 0, 2)
    few = {u.pk: queries(u) for u in (squad.head, squad.o1.user)}
    _cases_waiting(world, squad, 2, 6)
    many = {u.pk: queries(u) for u in (squad.head, squad.o1.user)}
    assert few == many
    assert len(selectors.workbench_for(squad.head).groups[0].items) > 2


def test_home_page_query_bound(world, squad, login, django_assert_max_num_queries):
    _cases_waiting(world, squad, 0, 5)
    for user in (squad.head, squad.o1.user, squad.reviewer):
        client = login(user)
        # 26: the head's remedies group (reconsiderations and suits waiting, issue 13) is one query
        with django_assert_max_num_queries(26):
            assert client.get("/").status_code == 200


def test_supervisor_counts_by_subordinate_agency_with_drill_down(world, squad, login):
    case = new_lead(world, squad)
    services.file_case(case, actor=squad.head, as_of=D(2026, 6, 2))
    Deadline.objects.filter(subject_id=str(case.pk)).update(flag=DeadlineFlag.OVERDUE)
    province = testing.make_user(world.zhejiang, roles=("supervisor",))
    sichuan = testing.make_user(world.sichuan, roles=("supervisor",))
    bench = selectors.workbench_for(province)
    rows = {r.agency.name: r for r in bench.supervision}
    assert rows["杭州市交通运输综合行政执法支队"].overdue == 1
    assert rows["宁波市交通运输综合行政执法支队"].overdue == 0
    assert group(bench, "supervision").count == 1
    # the drill-down shows Hangzhou's own flagged deadlines, linked to the case
    client = login(province)
    page = client.get(reverse("workbench:supervision", args=[world.hangzhou.pk]))
    assert page.status_code == 200 and f"/cases/{case.pk}/" in page.content.decode()
    # Sichuan's supervisor sees nothing of Zhejiang, and cannot drill into it
    assert all(r.overdue == 0 for r in selectors.workbench_for(sichuan).supervision)
    denied = login(sichuan).get(reverse("workbench:supervision", args=[world.hangzhou.pk]))
    assert denied.status_code == 404


def test_administrators_see_their_duties_never_case_data(world, squad, login):
    case = new_lead(world, squad)
    services.file_case(case, actor=squad.head, as_of=D(2026, 6, 2))
    case.refresh_from_db()
    testing.make_user(world.hangzhou, full_name="无角色")  # an account with no role
    system = testing.make_user(world.ministry, admin_role="system")
    audit = testing.make_user(world.ministry, admin_role="audit")
    security = testing.make_user(world.ministry, admin_role="security")
    system_bench = selectors.workbench_for(system)
    assert [g.key for g in system_bench.groups] == ["accounts"]
    assert system_bench.groups[0].items[0].title == "未分配角色的账户"
    audit_bench = selectors.workbench_for(audit)
    assert [g.key for g in audit_bench.groups] == ["anchors"]
    assert audit_bench.groups[0].items[0].title == "记录每日锚定缺失"
    assert [g.key for g in selectors.workbench_for(security).groups] == ["locked"]
    assert selectors.workbench_for(security).total == 0
    AccessAttempt.objects.create(
        username="zhang",
        user_agent="x",
        ip_address="10.0.0.1",
        http_accept="*/*",
        path_info="/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    locked = selectors.workbench_for(security).groups[0].items
    assert [(i.title, i.subject) for i in locked] == [("账户已锁定", "zhang")]
    for admin in (system, audit, security):
        page = login(admin).get("/").content.decode()
        assert case.case_number not in page and "杭州市建设" not in page
        assert "杭州某建设工程有限公司" not in page
