"""Extensions: requested, approved only by the role the law names, only as often as it allows."""

import json
from datetime import date

import pytest

from zhifa import testing
from zhifa.core.errors import NotFound
from zhifa.deadlines import services
from zhifa.deadlines.errors import (
    DeadlineExpired,
    DeadlineNotExtendable,
    DeadlineNotOpen,
    ExtensionAlreadyDecided,
    ExtensionApproverRequired,
    ExtensionLimitReached,
    ExtensionNotAllowed,
    ExtensionPending,
    InvalidExtension,
)
from zhifa.notifications.models import Notification
from zhifa.records.models import JournalEntry

FILED = date(2026, 3, 2)  # A13: 90 days → 31 May 2026, a Sunday → due Monday 1 June 2026
BEFORE_DUE = date(2026, 5, 20)


@pytest.fixture
def a13(world, subject, officer):
    return services.open_deadline(
        subject=subject,
        agency=world.hangzhou,
        code="A13_decision",
        start=FILED,
        responsible=[officer],
    )


def _request(deadline, actor, days=30):
    return services.request_extension(
        deadline, days=days, reason="案情复杂，需要技术鉴定", actor=actor, as_of=BEFORE_DUE
    )


def test_a13_period_extends_once_by_30_days_with_the_heads_approval(a13, officer, head):
    # given (TEPP Art. 78)
    assert a13.due == date(2026, 6, 1)
    request = _request(a13, officer)
    # when
    decided = services.decide_extension(
        request, approve=True, actor=head, note="同意", as_of=BEFORE_DUE
    )
    # then the due moves 30 natural days from the old due; the original stays
    a13.refresh_from_db()
    assert decided.decision == "approved" and decided.new_due == date(2026, 7, 1)
    assert (decided.old_due, a13.due, a13.original_due) == (
        date(2026, 6, 1),
        date(2026, 7, 1),
        date(2026, 6, 1),
    )
    assert a13.extended and a13.flag == "none"
    entry = JournalEntry.objects.get(event_type="deadline.extension_decided")
    assert json.loads(entry.payload)["new_due"] == "2026-07-01" and entry.actor_id == head.pk
    assert JournalEntry.objects.filter(event_type="deadline.extension_requested").count() == 1
    # the head was told of the request, the officer of the decision
    assert Notification.objects.filter(user=head, kind="deadline.extension_requested").exists()
    assert Notification.objects.filter(user=officer, kind="deadline.extension_decided").exists()
    # and a second extension is refused: once only
    with pytest.raises(ExtensionLimitReached):
        _request(a13, officer, days=10)


def test_a_shorter_extension_still_uses_up_the_single_extension(a13, officer, head):
    # given
    services.decide_extension(
        _request(a13, officer, days=10), approve=True, actor=head, as_of=BEFORE_DUE
    )
    # when / then
    with pytest.raises(ExtensionLimitReached):
        _request(a13, officer, days=20)


def test_a_rejection_leaves_the_due_and_allows_a_new_request(a13, officer, head):
    # given
    first = _request(a13, officer)
    # when
    services.decide_extension(first, approve=False, actor=head, note="理由不足", as_of=BEFORE_DUE)
    # then
    a13.refresh_from_db()
    assert a13.due == date(2026, 6, 1) and not a13.extended
    second = _request(a13, officer)
    assert second.decision == "pending"


@pytest.mark.parametrize("role", ["officer", "legal_reviewer", "supervisor"])
def test_only_the_agency_head_approves(world, a13, officer, role):
    # given
    request = _request(a13, officer)
    approver = testing.make_user(world.hangzhou, roles=(role,))
    # when / then
    with pytest.raises(ExtensionApproverRequired) as exc:
        services.decide_extension(request, approve=True, actor=approver, as_of=BEFORE_DUE)
    assert exc.value.status == 403
    a13.refresh_from_db()
    assert a13.due == date(2026, 6, 1)
    assert not JournalEntry.objects.filter(event_type="deadline.extension_decided").exists()


def test_a_superior_agencys_head_is_not_the_department_head(world, a13, officer):
    # given: the provincial department sees the case but does not head the handling agency
    request = _request(a13, officer)
    provincial_head = testing.make_user(world.zhejiang, roles=("agency_head",))
    # when / then
    with pytest.raises(ExtensionApproverRequired):
        services.decide_extension(request, approve=True, actor=provincial_head, as_of=BEFORE_DUE)


def test_a_head_out_of_scope_sees_nothing(world, a13, officer):
    # given
    request = _request(a13, officer)
    other_head = testing.make_user(world.ningbo, roles=("agency_head",))
    # when / then
    with pytest.raises(NotFound):
        services.decide_extension(request, approve=True, actor=other_head, as_of=BEFORE_DUE)
    with pytest.raises(NotFound):
        services.request_extension(a13, days=5, reason="x", actor=other_head, as_of=BEFORE_DUE)


def test_a_decision_is_taken_once(a13, officer, head):
    # given
    request = _request(a13, officer)
    services.decide_extension(request, approve=False, actor=head, as_of=BEFORE_DUE)
    # when / then
    with pytest.raises(ExtensionAlreadyDecided):
        services.decide_extension(request, approve=True, actor=head, as_of=BEFORE_DUE)


def test_one_pending_request_at_a_time(a13, officer):
    # given
    _request(a13, officer)
    # when / then
    with pytest.raises(ExtensionPending):
        _request(a13, officer, days=5)


@pytest.mark.parametrize("days", [0, 31, -1])
def test_days_beyond_what_the_law_allows_are_refused(a13, officer, days):
    # when / then (TEPP Art. 78: not more than 30 days)
    with pytest.raises(InvalidExtension):
        _request(a13, officer, days=days)


def test_a_reason_is_required(a13, officer):
    with pytest.raises(InvalidExtension):
        services.request_extension(a13, days=10, reason="  ", actor=officer, as_of=BEFORE_DUE)


def test_no_extension_after_the_period_has_run(a13, officer, head):
    # given a request made in time
    request = _request(a13, officer)
    # when the head decides after the due day / then
    with pytest.raises(DeadlineExpired):
        services.decide_extension(request, approve=True, actor=head, as_of=date(2026, 6, 2))
    with pytest.raises(DeadlineExpired):
        services.request_extension(
            a13, days=10, reason="迟到的申请", actor=officer, as_of=date(2026, 6, 2)
        )


def test_the_due_day_itself_is_still_in_time(a13, officer, head):
    request = services.request_extension(
        a13, days=30, reason="案情复杂", actor=officer, as_of=date(2026, 6, 1)
    )
    decided = services.decide_extension(request, approve=True, actor=head, as_of=date(2026, 6, 1))
    assert decided.new_due == date(2026, 7, 1)


def test_a_closed_deadline_cannot_be_extended(a13, subject, officer):
    # given
    services.close_deadline(subject=subject, code="A13_decision")
    a13.refresh_from_db()
    # when / then
    with pytest.raises(DeadlineNotOpen):
        _request(a13, officer)


def test_closing_a_deadline_voids_its_pending_request(a13, subject, officer, head):
    # given
    request = _request(a13, officer)
    # when
    services.close_deadline(subject=subject, code="A13_decision")
    # then
    request.refresh_from_db()
    assert request.decision == "rejected"
    with pytest.raises(ExtensionAlreadyDecided):
        services.decide_extension(request, approve=True, actor=head, as_of=BEFORE_DUE)


def test_an_extension_granted_through_the_procedure_counts(world, a13, subject, officer):
    # given the case fired extend_decision_period, opening A13_decision_extension
    services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A13_decision_extension", start=a13.due
    )
    # when / then
    with pytest.raises(ExtensionLimitReached):
        _request(a13, officer)


@pytest.mark.parametrize(
    ("code", "start", "article"),
    [
        ("A10_hearing_request", date(2026, 5, 18), "APL Art. 64: the party's window"),
        ("A3_preservation_decision", date(2026, 5, 18), "APL Art. 56: lapses, no extension"),
        ("A14_decision_service", date(2026, 5, 18), "APL Art. 61"),
        ("A16_fine_payment", date(2026, 5, 18), "APL Art. 67: deferral is a plan, not this"),
    ],
)
def test_deadlines_the_law_does_not_extend(world, subject, officer, code, start, article):
    # given
    d = services.open_deadline(subject=subject, agency=world.hangzhou, code=code, start=start)
    # when / then
    with pytest.raises(DeadlineNotExtendable):
        services.request_extension(d, days=1, reason="x", actor=officer, as_of=start)


def test_seizure_extends_once_by_up_to_30_days(world, subject, officer, head):
    # given (ACL Art. 25; TEPP Art. 56): seized 2026-09-01, 30 days → 1 October, a holiday → 8 Oct
    d = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A4_seizure", start=date(2026, 9, 1)
    )
    assert d.due == date(2026, 10, 8)
    request = services.request_extension(
        d, days=30, reason="需检测", actor=officer, as_of=date(2026, 9, 20)
    )
    # when
    decided = services.decide_extension(request, approve=True, actor=head, as_of=date(2026, 9, 21))
    # then
    assert decided.new_due == date(2026, 11, 9)  # 7 November is a Saturday → Monday 9 November
    with pytest.raises(ExtensionLimitReached):
        services.request_extension(d, days=1, reason="再延", actor=officer, as_of=date(2026, 9, 22))


def test_disclosure_reply_extends_in_working_days(world, subject, officer, head):
    # given (政府信息公开条例 Art. 33: +20 working days)
    d = services.open_deadline(
        subject=subject, agency=world.hangzhou, code="A31_disclosure_reply", start=date(2026, 9, 1)
    )
    request = services.request_extension(
        d, days=20, reason="需征求第三方意见", actor=officer, as_of=date(2026, 9, 10)
    )
    # when
    decided = services.decide_extension(request, approve=True, actor=head, as_of=date(2026, 9, 10))
    # then
    assert request.unit == "working_days"
    assert decided.new_due > decided.old_due


def test_who_may_request(world, a13):
    # given a legal reviewer of the agency, neither officer, head nor responsible
    reviewer = testing.make_user(world.hangzhou, roles=("legal_reviewer",))
    # when / then
    with pytest.raises(ExtensionNotAllowed):
        _request(a13, reviewer)
