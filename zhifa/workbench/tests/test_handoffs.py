"""Notifications at every hand-off: each reaches the people who must act next, and nobody else
(never the person who acted, never another agency)."""

import pytest
from django.core import mail

from zhifa.cases import services
from zhifa.core.errors import DomainError
from zhifa.core.procedure.rules import REVIEW_CHECKLIST
from zhifa.measures import services as measures
from zhifa.notifications.models import Notification
from zhifa.workbench import kinds, selectors
from zhifa.workbench.tests.conftest import D, new_lead, recuse_o2, to_legal_review, to_report


def told(kind: str) -> set:
    """Who got a notification of `kind` (user ids)."""
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def ids(*users) -> set:
    return {u.pk for u in users}


def test_new_lead_tells_the_heads_of_its_agency_only(world, squad):
    case = new_lead(world, squad)
    assert told(kinds.APPROVAL_FILING) == ids(squad.head)
    note = Notification.objects.get(kind=kinds.APPROVAL_FILING)
    assert note.title == "新线索待立案审批"
    assert note.link == f"/cases/{case.pk}/actions/file_case/"
    assert "张执法" in note.body  # who registered it


def test_a_head_registering_a_lead_is_not_told_about_it(world, squad):
    services.create_lead(
        actor=squad.head,
        agency=world.hangzhou,
        source="inspection",
        facts="擅自挖掘公路",
        received_on=D(2026, 6, 1),
    )
    assert told(kinds.APPROVAL_FILING) == set()


def test_filing_tells_the_case_officers(world, squad):
    case = new_lead(world, squad)
    services.file_case(case, actor=squad.head, as_of=D(2026, 6, 2))
    assert told(kinds.CASE_FILED) == ids(squad.o1.user, squad.o2.user)
    link = Notification.objects.filter(kind=kinds.CASE_FILED).first().link
    assert link == f"/cases/{case.pk}/actions/start_investigation/"


def test_report_goes_to_the_head_and_a_return_back_to_the_officers(world, squad):
    case = to_report(new_lead(world, squad), squad)
    assert told(kinds.REPORT_SUBMITTED) == ids(squad.head)
    services.return_report(case, actor=squad.head, as_of=D(2026, 6, 3), reason="证据不足")
    assert told(kinds.RETURNED) == ids(squad.o1.user, squad.o2.user)


def test_recusal_and_preservation_requests_go_to_the_head(world, squad):
    case = new_lead(world, squad)
    services.file_case(case, actor=squad.head, as_of=D(2026, 6, 2))
    services.start_investigation(case, actor=squad.o1.user, as_of=D(2026, 6, 2))
    recusal = recuse_o2(case, squad)
    assert told(kinds.APPROVAL_RECUSAL) == ids(squad.head)
    assert (
        Notification.objects.get(kind=kinds.APPROVAL_RECUSAL).link
        == f"/cases/{case.pk}/#recusal-{recusal.pk}"
    )
    p = measures.request_preservation(
        case, actor=squad.o1.user, reason="证据可能灭失", items_summary="挖掘机一台"
    )
    assert told(kinds.APPROVAL_MEASURE) == ids(squad.head)
    note = Notification.objects.get(kind=kinds.APPROVAL_MEASURE)
    assert note.link == f"/measures/cases/{case.pk}/#preservation-{p.pk}"


def test_review_decision_and_payment_plan_hand_offs(world, squad, law):
    case = to_legal_review(new_lead(world, squad, provision="hl-76-1"), squad)
    # sent to legal review: the reviewers of the agency (not Ningbo's)
    assert told(kinds.REVIEW_REQUESTED) == ids(squad.reviewer)
    # review done: the officers are told, and the head that a decision is needed
    services.record_legal_review(
        case,
        actor=squad.reviewer,
        as_of=D(2026, 6, 3),
        outcome="agree",
        checklist=list(REVIEW_CHECKLIST),
        reviewer_qualified=True,
        opinion="同意",
    )
    assert told(kinds.REVIEW_DONE) == ids(squad.o1.user, squad.o2.user)
    assert told(kinds.DECISION_NEEDED) == ids(squad.head)
    # decided: the officers must serve it
    services.decide(case, actor=squad.head, as_of=D(2026, 6, 4))
    assert told(kinds.DECIDED) == ids(squad.o1.user, squad.o2.user)
    services.serve(case, actor=squad.o1.user, as_of=D(2026, 6, 4), method="direct")
    services.start_performance(case, actor=squad.o1.user, as_of=D(2026, 6, 4))
    # a payment plan applied for: the head approves it
    services.apply_for_payment_plan(
        case,
        actor=squad.o1.user,
        as_of=D(2026, 6, 5),
        kind="deferral",
        dues=[D(2026, 8, 1)],
        hardship="经营困难",
    )
    assert told(kinds.APPROVAL_PLAN) == ids(squad.head)
    assert (
        Notification.objects.get(kind=kinds.APPROVAL_PLAN).link
        == f"/cases/{case.pk}/actions/approve_deferral/"
    )
    # and it waits on the head's list until approved
    plans = selectors.workbench_for(squad.head, D(2026, 6, 5))
    plan_group = next(g for g in plans.groups if g.key == "plans")
    assert [i.url for i in plan_group.items] == [f"/cases/{case.pk}/actions/approve_deferral/"]
    # nobody outside Hangzhou heard anything
    assert not Notification.objects.filter(user__in=[squad.nb_head, squad.nb_reviewer]).exists()


def test_hand_off_is_e_mailed_after_commit_where_configured(
    world, squad, settings, django_capture_on_commit_callbacks
):
    settings.ZHIFA_NOTIFY_BY_EMAIL = True
    settings.ZHIFA_SITE_URL = "https://zhifa.example.gov.cn"
    squad.head.email = "head@example.gov.cn"
    squad.head.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        case = new_lead(world, squad)
    assert [m.to for m in mail.outbox] == [["head@example.gov.cn"]]
    assert f"https://zhifa.example.gov.cn/cases/{case.pk}/actions/file_case/" in mail.outbox[0].body


def test_a_refused_step_tells_nobody(world, squad):
    case = new_lead(world, squad)
    before = Notification.objects.count()
    with pytest.raises(DomainError):  # a lead has no report to submit
        services.submit_report(case, actor=squad.o1.user, as_of=D(2026, 6, 2))
    assert Notification.objects.count() == before
