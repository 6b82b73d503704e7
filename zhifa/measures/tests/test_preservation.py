"""Evidence preservation (先行登记保存): prior approval, the signed list, the decision within 7
working days on the holiday calendar, the automatic lapse, and the release."""

from datetime import date

import pytest

from zhifa.core.errors import DomainError
from zhifa.deadlines.models import Deadline
from zhifa.measures import selectors, services
from zhifa.measures.choices import Custody, DisposalState, PreservationState
from zhifa.measures.models import CaseProperty, EvidencePreservation
from zhifa.records.models import JournalEntry

from .conftest import ITEMS, at

pytestmark = pytest.mark.django_db


def approved(case, people, *, when="2026-09-29 09:00"):
    p = services.request_preservation(
        case,
        actor=people.o1.user,
        reason="货物可能被转移",
        items_summary="车辆及所载钢材",
        at=at(when),
    )
    return services.decide_preservation_approval(p, actor=people.head, approve=True, at=at(when))


def started(case, people, *, when="2026-09-29 10:00"):
    p = approved(case, people, when=when[:10] + " 09:00")
    return services.start_preservation(
        p,
        actor=people.o1.user,
        items=ITEMS,
        party_signed=True,
        started_at=at(when),
    )


def journal_of(subject, event=None):
    qs = JournalEntry.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    )
    return qs.filter(event_type=event) if event else qs


def test_preservation_before_national_day_is_due_after_seven_working_days(case, people):
    # given a preservation begun on Tuesday 29 September 2026
    # when
    p = started(case, people)
    # then the decision is due on 14 October, not 6 October (APL Arts. 56, 85; TEPP Art. 45)
    assert p.state == PreservationState.ACTIVE
    assert p.due == date(2026, 10, 14)
    deadline = Deadline.objects.get(subject_id=str(p.pk), code="A3_preservation_decision")
    assert deadline.due == date(2026, 10, 14) and deadline.unit == "working_days"
    assert p.list_number.startswith("浙杭交执登存〔2026〕")
    assert journal_of(p, "preservation.started").count() == 1


def test_no_preservation_without_the_heads_prior_approval(case, people):
    # given a request the head has not approved
    p = services.request_preservation(
        case,
        actor=people.o1.user,
        reason="可能灭失",
        items_summary="货物",
        at=at("2026-09-29 09:00"),
    )
    # when the officers try to carry it out
    with pytest.raises(DomainError) as err:
        services.start_preservation(
            p,
            actor=people.o1.user,
            items=ITEMS,
            party_signed=True,
            started_at=at("2026-09-29 10:00"),
        )
    # then it is refused and nothing is on the ledger
    assert err.value.code == "approval_required"
    assert not CaseProperty.objects.exists()


def test_a_refused_request_cannot_be_carried_out(case, people):
    p = services.request_preservation(
        case,
        actor=people.o1.user,
        reason="可能灭失",
        items_summary="货物",
        at=at("2026-09-29 09:00"),
    )
    p = services.decide_preservation_approval(p, actor=people.head, approve=False, note="不必要")
    with pytest.raises(DomainError) as err:
        services.start_preservation(p, actor=people.o1.user, items=ITEMS, party_signed=True)
    assert err.value.code == "approval_required"
    assert p.state == PreservationState.REFUSED


@pytest.mark.parametrize(
    ("user", "code"),
    [("o3", "officer_on_case_required"), ("head", "officer_on_case_required")],
)
def test_only_officers_on_the_case_request(case, people, user, code):
    actor = getattr(people, user)
    actor = getattr(actor, "user", actor)
    with pytest.raises(DomainError) as err:
        services.request_preservation(case, actor=actor, reason="x", items_summary="y")
    assert err.value.code == code


def test_only_the_case_agencys_head_approves(case, people):
    p = services.request_preservation(case, actor=people.o1.user, reason="x", items_summary="y")
    for actor in (people.o1.user, people.other_head):
        with pytest.raises(DomainError) as err:
            services.decide_preservation_approval(p, actor=actor, approve=True)
        assert err.value.code in ("agency_head_required", "case_not_found")


@pytest.mark.parametrize(
    ("signed", "refused", "witness", "code"),
    [
        (False, False, "", "party_signature_required"),
        (False, True, "", "witness_required"),
    ],
)
def test_the_list_is_signed_by_both_sides(case, people, signed, refused, witness, code):
    # TEPP Art. 44; ACL Art. 18(8)–(9)
    p = approved(case, people)
    with pytest.raises(DomainError) as err:
        services.start_preservation(
            p,
            actor=people.o1.user,
            items=ITEMS,
            party_signed=signed,
            party_refused=refused,
            witness=witness,
            started_at=at("2026-09-29 10:00"),
        )
    assert err.value.code == code
    assert EvidencePreservation.objects.get(pk=p.pk).state == PreservationState.APPROVED


def test_a_refusal_to_sign_with_a_witness_is_enough(case, people):
    p = approved(case, people)
    p = services.start_preservation(
        p,
        actor=people.o1.user,
        items=ITEMS,
        party_refused=True,
        witness="村委会 王某",
        started_at=at("2026-09-29 10:00"),
    )
    assert p.state == PreservationState.ACTIVE and p.witness == "村委会 王某"


def test_one_officer_is_not_enough(case, people):
    p = approved(case, people)
    with pytest.raises(DomainError) as err:
        services.start_preservation(
            p,
            actor=people.o1.user,
            items=ITEMS,
            officers=[people.o1.pk],
            party_signed=True,
            started_at=at("2026-09-29 10:00"),
        )
    assert err.value.code == "officers_required"


def test_the_items_go_on_the_ledger_with_a_24_hour_handover(case, people):
    p = started(case, people)
    items = list(p.items.order_by("id"))
    assert [i.description for i in items] == [ITEMS[0]["description"], ITEMS[1]["description"]]
    assert all(i.custody == Custody.HELD_BY_OFFICER for i in items)
    assert items[0].handover_due_at == at("2026-09-30 10:00")
    assert items[0].number.startswith("浙杭交执财〔2026〕")
    assert Deadline.objects.filter(code="A6_property_handover", state="open").count() == 2


def test_lapse_the_day_after_the_due_day_not_before(case, people):
    # given a preservation due on 14 October 2026 with no decision
    p = started(case, people)
    # when the job runs on the due day, then on the next day
    on_due_day = services.lapse_overdue_preservations(at("2026-10-14 23:00"))
    next_day = services.lapse_overdue_preservations(at("2026-10-15 00:30"))
    again = services.lapse_overdue_preservations(at("2026-10-15 01:00"))
    # then it lapses on the 15th, once (TEPP Art. 45)
    p.refresh_from_db()
    assert on_due_day == [] and next_day == [p.pk] and again == []
    assert p.state == PreservationState.LAPSED
    assert journal_of(p, "preservation.lapsed").count() == 1
    assert Deadline.objects.get(subject_id=str(p.pk), code="A3_preservation_decision").state == (
        "lapsed"
    )
    # and the items are to be returned, approved by the law itself
    for item in p.items.all():
        disposal = item.disposals.get()
        assert disposal.kind == "return" and disposal.state == DisposalState.APPROVED
        assert "TEPP Art. 45" in disposal.approval_basis
    # and the case shows it
    summary = selectors.case_summary(people.o1.user, case.pk)
    assert summary.lapsed_preservations == [p] and summary.active == 0


def test_a_decision_after_the_due_day_is_refused(case, people):
    p = started(case, people)
    with pytest.raises(DomainError) as err:
        services.decide_preservation(
            p, actor=people.head, outcome="appraisal", as_of=date(2026, 10, 15)
        )
    assert err.value.code == "preservation_lapsed"


def test_release_on_the_last_day_with_its_document(case, people):
    # given
    p = started(case, people)
    # when the head releases it on the due day (TEPP Art. 45(1))
    p = services.release_preservation(
        p, actor=people.head, note="已拍照录像固定", as_of=date(2026, 10, 14)
    )
    # then
    assert p.state == PreservationState.RELEASED
    assert p.release_number.startswith("浙杭交执解存〔2026〕")
    assert (
        Deadline.objects.get(subject_id=str(p.pk), code="A3_preservation_decision").state == "met"
    )
    assert all(i.disposals.get().state == DisposalState.APPROVED for i in p.items.all())
    assert services.lapse_overdue_preservations(at("2026-10-20 00:00")) == []
    assert selectors.active_measure_count(case) == 0


def test_decision_to_send_for_appraisal_keeps_the_items(case, people):
    p = started(case, people)
    p = services.decide_preservation(
        p, actor=people.head, outcome="appraisal", as_of=date(2026, 10, 9)
    )
    assert p.state == PreservationState.DECIDED and p.outcome == "appraisal"
    assert not any(i.disposals.exists() for i in p.items.all())


def test_officers_cannot_decide(case, people):
    p = started(case, people)
    with pytest.raises(DomainError) as err:
        services.decide_preservation(p, actor=people.o1.user, outcome="release")
    assert err.value.code == "agency_head_required"


def test_no_preservation_once_the_case_is_decided(case, people):
    type(case).objects.filter(pk=case.pk).update(state="decided_penalty")
    with pytest.raises(DomainError) as err:
        services.request_preservation(case, actor=people.o1.user, reason="x", items_summary="y")
    assert err.value.code == "case_not_open_for_measures"


def test_active_preservations_count_for_the_case(case, people):
    started(case, people)
    assert selectors.active_measure_count(case) == 1


def test_the_case_record_includes_preservations_and_items(case, people):
    # evidence app: record_status, export and offline verification read these subjects
    from zhifa.evidence.record import case_subjects

    p = started(case, people)
    keys = case_subjects(case)
    assert ("measures.evidencepreservation", str(p.pk)) in keys
    assert all(("measures.caseproperty", str(i.pk)) in keys for i in p.items.all())


def test_preservation_decided_as_seizure_carries_its_items_once(case, people):
    # issue 9, defect 14: the preserved items pass to the seizure, no second ledger entry
    from zhifa.measures.choices import PropertySource
    from zhifa.measures.tests.conftest import attach_video
    from zhifa.measures.tests.test_measures import requested

    p = started(case, people)
    preserved = list(CaseProperty.objects.filter(case=case).order_by("id"))
    assert len(preserved) == len(ITEMS)
    m = services.decide_measure_approval(
        requested(case, people, when="2026-09-30 08:00"),
        actor=people.head,
        approve=True,
        at=at("2026-09-30 09:00"),
    )
    attach_video(case, people.o1, ref=m, when=at("2026-09-30 10:00"))
    # not before the preservation is decided as a seizure (TEPP Art. 45(5))
    with pytest.raises(DomainError) as err:
        services.execute_measure(
            m,
            actor=people.o1.user,
            preservation=p,
            party_signed=True,
            executed_at=at("2026-09-30 10:00"),
        )
    assert err.value.code == "preservation_not_decided_as_seizure"
    p = services.decide_preservation(
        p, actor=people.head, outcome="seizure", as_of=date(2026, 9, 30)
    )
    with pytest.raises(DomainError) as err:  # counting the items again is refused
        services.execute_measure(
            m,
            actor=people.o1.user,
            preservation=p,
            items=ITEMS,
            party_signed=True,
            executed_at=at("2026-09-30 10:00"),
        )
    assert err.value.code == "items_already_registered"
    services.execute_measure(
        m,
        actor=people.o1.user,
        preservation=p,
        party_signed=True,
        executed_at=at("2026-09-30 10:00"),
    )
    items = list(CaseProperty.objects.filter(case=case).order_by("id"))
    assert [i.pk for i in items] == [i.pk for i in preserved]  # one ledger entry per item
    assert {(i.source, i.measure_id, i.preservation_id) for i in items} == {
        (PropertySource.MEASURE, m.pk, p.pk)
    }
    assert [i.number for i in items] == [i.number for i in preserved]
    for item in items:
        assert journal_of(item, "property.carried_over").count() == 1
