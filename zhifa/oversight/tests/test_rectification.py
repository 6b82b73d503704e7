"""Item 6: checks, rectification with its deadline, the agency's response, 回头看, referrals."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.deadlines.models import Deadline
from zhifa.notifications.models import Notification
from zhifa.oversight import selectors, services
from zhifa.oversight.choices import CheckKind, RectificationState, SourceKind
from zhifa.records.models import JournalEntry
from zhifa.workbench.selectors import workbench_for


def _days(n):
    return timezone.localdate() + timedelta(days=n)


def _open(world, people, **kw):
    args = dict(
        agency=world.hangzhou,
        title="执法记录仪使用不规范",
        source_kind=SourceKind.CHECK_FINDING,
        source_ref="2026年第4季度明察暗访",
        owner=None,
        due=_days(20),
        actor=people.zj_supervisor,
    )
    args.update(kw)
    return services.open_rectification(**args)


def _deadline(r):
    return Deadline.objects.filter(subject_type="oversight.rectification", subject_id=str(r.pk))


def test_a_check_records_its_findings_and_a_finding_becomes_a_rectification(world, people):
    check = services.record_check(
        agency=world.hangzhou,
        kind=CheckKind.UNANNOUNCED,
        title="明察暗访：路面执法",
        checked_on=timezone.localdate(),
        summary="暗访两个路段",
        findings=["未出示执法证件", "", "执法记录仪未全程开启"],
        actor=people.zj_supervisor,
    )
    assert [f.text for f in check.findings.all()] == ["未出示执法证件", "执法记录仪未全程开启"]
    finding = check.findings.first()
    r = _open(world, people, finding=finding, title=finding.text)
    assert r.finding == finding and r.owner == people.hz_head
    assert JournalEntry.objects.filter(event_type="supervisory_check.recorded").count() == 1


def test_rectification_closes_after_follow_up(world, people):
    r = _open(world, people)
    d = _deadline(r).get()
    assert (d.state, d.due, d.unit, d.code) == (
        "open",
        _days(20),
        "natural_days",
        "OV_rectification",
    )
    assert set(d.responsible.all()) == {people.hz_head, people.zj_supervisor}
    # the head is told and finds it on the to-do list
    assert Notification.objects.filter(user=people.hz_head, kind=services.NOTIFY_KIND).exists()
    keys = [g.key for g in workbench_for(people.hz_head).groups]
    assert "rectify" in keys

    # nobody may follow up before a response or the deadline
    with pytest.raises(DomainError) as exc:
        services.follow_up(r, actor=people.zj_supervisor, passed=True, summary="看过")
    assert exc.value.code == "rectification_wrong_state"

    services.respond(r, actor=people.hz_head, text="已组织培训，逐人检查记录仪")
    r.refresh_from_db()
    assert r.state == RectificationState.RESPONDED
    assert _deadline(r).get().state == "met"
    assert Notification.objects.filter(
        user=people.zj_supervisor, kind=services.NOTIFY_KIND
    ).exists()
    assert "follow_up" in [g.key for g in workbench_for(people.zj_supervisor).groups]

    check = services.follow_up(r, actor=people.zj_supervisor, passed=True, summary="抽查十起均合格")
    r.refresh_from_db()
    assert r.state == RectificationState.CLOSED and r.closed_at is not None
    assert check.kind == CheckKind.FOLLOW_UP and check.passed is True and check.rectification == r
    assert "follow_up" not in [g.key for g in workbench_for(people.zj_supervisor).groups]
    events = list(
        JournalEntry.objects.filter(subject_type="oversight.rectification", subject_id=str(r.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    )
    assert events == [
        "deadline.opened",  # inside open_rectification, before its own entry
        "rectification.opened",
        "deadline.closed",  # met by the response
        "rectification.responded",
        "rectification.followed_up",  # no deadline left open to close
    ]


def test_follow_up_not_done_reopens_with_a_new_deadline(world, people):
    r = _open(world, people)
    services.respond(r, actor=people.hz_head, text="已整改")
    with pytest.raises(DomainError):  # a reopening needs a new deadline
        services.follow_up(r, actor=people.zj_supervisor, passed=False, summary="仍有问题")
    services.follow_up(
        r, actor=people.zj_supervisor, passed=False, summary="仍有两起未开启", new_due=_days(10)
    )
    r.refresh_from_db()
    assert (r.state, r.rounds, r.response) == (RectificationState.OPEN, 2, "")
    rows = list(_deadline(r).order_by("id").values_list("state", "due"))
    assert rows == [("met", _days(20)), ("open", _days(10))]
    services.respond(r, actor=people.hz_head, text="全部整改")
    services.follow_up(r, actor=people.zj_supervisor, passed=True, summary="到位")
    r.refresh_from_db()
    assert r.state == RectificationState.CLOSED


def test_follow_up_is_due_when_the_deadline_passes_without_a_response(world, people):
    r = _open(world, people)
    Deadline.objects.filter(pk=_deadline(r).get().pk).update(
        due=_days(-1), original_due=_days(-1), start=_days(-30)
    )
    assert services.follow_up_due(r)
    assert "follow_up" in [g.key for g in workbench_for(people.zj_supervisor).groups]
    services.follow_up(
        r, actor=people.zj_supervisor, passed=False, summary="逾期未报送", new_due=_days(5)
    )
    r.refresh_from_db()
    assert r.rounds == 2


@pytest.mark.parametrize(
    "who, agency_name",
    [
        ("hz_head", "hangzhou"),  # nobody checks their own unit
        ("nb_head", "hangzhou"),  # a sibling is not a superior
        ("sc_supervisor", "hangzhou"),  # another province
        ("hz_officer", "hangzhou"),
    ],
)
def test_only_a_superior_orders_rectification(world, people, who, agency_name):
    with pytest.raises(DomainError) as exc:
        _open(world, people, actor=getattr(people, who), agency=getattr(world, agency_name))
    assert exc.value.code == "oversight_not_superior"


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("due", "2020-01-01", "invalid_oversight_input"),
        ("due", "明天", "invalid_oversight_input"),
        ("source_kind", "gossip", "invalid_oversight_input"),
        ("title", "", "invalid_oversight_input"),
        ("title", "<script>x</script>", "invalid_oversight_input"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_kept(world, people, field, value, code):
    with pytest.raises(DomainError) as exc:
        _open(world, people, **{field: value})
    assert exc.value.code == code
    assert not selectors.visible_rectifications(people.zj_supervisor).exists()


def test_only_the_unit_responds(world, people):
    r = _open(world, people)
    for who in (people.hz_officer, people.nb_head, people.zj_supervisor):
        with pytest.raises(DomainError) as exc:
            services.respond(r, actor=who, text="x")
        assert exc.value.code == "rectification_not_yours"


def test_referral_and_its_outcome(world, people):
    r = _open(world, people)
    ref = services.refer_accountability(
        agency=world.hangzhou,
        person="某执法人员",
        body="杭州市纪委监委驻市交通运输局纪检监察组",
        reason="屡查屡犯",
        referred_on=timezone.localdate(),
        rectification=r,
        actor=people.zj_supervisor,
    )
    services.record_referral_outcome(
        ref, outcome="诫勉谈话", outcome_on=timezone.localdate(), actor=people.zj_supervisor
    )
    ref.refresh_from_db()
    assert (ref.state, ref.outcome) == ("concluded", "诫勉谈话")
    with pytest.raises(DomainError):
        services.record_referral_outcome(
            ref, outcome="再次", outcome_on=timezone.localdate(), actor=people.zj_supervisor
        )


def test_scope_of_reads(world, people):
    r = _open(world, people)
    assert list(selectors.visible_rectifications(people.hz_head)) == [r]
    assert list(selectors.visible_rectifications(people.mot_supervisor)) == [r]
    assert not selectors.visible_rectifications(people.nb_head).exists()
    assert not selectors.visible_rectifications(people.sc_supervisor).exists()


def test_the_sweep_tells_owner_and_checker_when_the_deadline_passes(world, people):
    from zhifa.deadlines.services import sweep

    r = _open(world, people)
    Deadline.objects.filter(pk=_deadline(r).get().pk).update(
        due=_days(-1), original_due=_days(-1), start=_days(-30)
    )
    sweep()
    told = set(
        Notification.objects.filter(kind="deadline.overdue").values_list("user_id", flat=True)
    )
    assert told == {people.hz_head.pk, people.zj_supervisor.pk}
    d = _deadline(r).get()
    assert d.flag == "overdue" and d.title == "整改期限"


def test_the_workbench_group_costs_two_queries_when_nothing_waits(
    world, people, django_assert_num_queries
):
    from django.utils import timezone as tz

    with django_assert_num_queries(2):
        assert selectors.workbench_group(people.hz_officer, tz.localdate()) == []
    _open(world, people)
    # with work waiting: the two counts, the rows of the waiting group, their deadlines
    with django_assert_num_queries(4):
        [group] = selectors.workbench_group(people.hz_head, tz.localdate())
    assert (group.key, group.count, group.items[0].due) == ("rectify", 1, _days(20))
