"""Seal and seizure (查封、扣押): legal basis, prior approval or the emergency route with its
24-hour report, the filmed act, 30 days with one extension, appraisal excluded, release."""

from datetime import date

import pytest

from zhifa.core.errors import DomainError
from zhifa.deadlines.models import Deadline
from zhifa.measures import selectors, services
from zhifa.measures.choices import Custody, DisposalState, MeasureState
from zhifa.measures.models import CompulsoryMeasure, MeasureExtension
from zhifa.records.models import JournalEntry

from .conftest import ITEMS, at, attach_video

pytestmark = pytest.mark.django_db

BASIS = {"basis_law": "《公路安全保护条例》", "basis_article": "第七十二条"}


def requested(case, people, *, kind="seize", when="2026-09-05 08:00"):
    return services.request_measure(
        case,
        actor=people.o1.user,
        kind=kind,
        reason="车辆超限运输，拒不接受处理",
        items_summary="车辆一辆",
        at=at(when),
        **BASIS,
    )


def active(case, people, *, kind="seize", when="2026-09-05 10:00", film=True):
    m = requested(case, people, kind=kind, when=when[:10] + " 08:00")
    m = services.decide_measure_approval(
        m, actor=people.head, approve=True, at=at(when[:10] + " 09:00")
    )
    if film:
        attach_video(case, people.o1, ref=m, when=at(when))
    return services.execute_measure(
        m, actor=people.o1.user, items=ITEMS, party_signed=True, executed_at=at(when)
    )


def open_term(m):
    return Deadline.objects.get(
        subject_id=str(m.pk),
        subject_type="measures.compulsorymeasure",
        state="open",
        code__in=["A4_seizure", "A4_seizure_extension"],
    )


@pytest.mark.parametrize(("law", "article"), [("", "第七十二条"), ("《公路安全保护条例》", " ")])
def test_seizure_without_a_legal_basis_is_refused(case, people, law, article):
    # ACL Arts. 10, 17, 22
    with pytest.raises(DomainError) as err:
        services.request_measure(
            case,
            actor=people.o1.user,
            kind="seize",
            basis_law=law,
            basis_article=article,
            reason="x",
            items_summary="y",
        )
    assert err.value.code == "legal_basis_required"
    assert not CompulsoryMeasure.objects.exists()


def test_emergency_seizure_without_a_basis_is_refused(case, people):
    attach_video(case, people.o1)
    with pytest.raises(DomainError) as err:
        services.take_emergency_measure(
            case,
            actor=people.o1.user,
            kind="seize",
            basis_law="",
            basis_article="",
            reason="x",
            emergency_reason="车辆欲驶离",
            items=ITEMS,
            party_signed=True,
            taken_at=at("2026-09-29 10:00"),
        )
    assert err.value.code == "legal_basis_required"


def test_a_planned_measure_needs_prior_approval(case, people):
    m = requested(case, people)
    attach_video(case, people.o1, ref=m)
    with pytest.raises(DomainError) as err:
        services.execute_measure(
            m,
            actor=people.o1.user,
            items=ITEMS,
            party_signed=True,
            executed_at=at("2026-09-05 10:00"),
        )
    assert err.value.code == "approval_required"


def test_the_seizure_cannot_be_completed_without_its_video(case, people):
    # T1 Art. 54 last para: on-site seizure recorded in full audio-video
    m = requested(case, people)
    m = services.decide_measure_approval(
        m, actor=people.head, approve=True, at=at("2026-09-05 09:00")
    )
    with pytest.raises(DomainError) as err:
        services.execute_measure(
            m,
            actor=people.o1.user,
            items=ITEMS,
            party_signed=True,
            executed_at=at("2026-09-05 10:00"),
        )
    assert err.value.code == "recording_required"
    assert CompulsoryMeasure.objects.get(pk=m.pk).state == MeasureState.APPROVED


def test_a_planned_seizure_runs_thirty_days_rolled_past_national_day(case, people):
    # given a seizure on 5 September 2026: 30 days end on 5 October, a holiday
    m = active(case, people)
    # then the period ends on 8 October, the first working day after (ACL Art. 25; TEPP Art. 17)
    assert m.state == MeasureState.ACTIVE
    assert m.due == date(2026, 10, 8)
    assert open_term(m).due == date(2026, 10, 8)
    assert m.decision_number.startswith("浙杭交执强措〔2026〕")
    items = list(m.items.order_by("id"))
    assert [i.custody for i in items] == [Custody.HELD_BY_OFFICER] * 2
    assert selectors.active_measure_count(case) == 1


def test_a_seal_leaves_the_things_on_site_without_a_handover(case, people):
    m = active(case, people, kind="seal")
    assert {i.custody for i in m.items.all()} == {Custody.ON_SITE}
    assert not Deadline.objects.filter(code="A6_property_handover").exists()


def test_extension_once_with_a_written_notice(case, people):
    # given a seizure due on 8 October
    m = active(case, people)
    # when the head extends it by 30 days on 30 September, the notice served the same day
    ext = services.extend_measure(
        m,
        actor=people.head,
        days=30,
        reason="需调取外省运输记录，情况复杂",
        notice_served_on=date(2026, 9, 30),
        as_of=date(2026, 9, 30),
    )
    m.refresh_from_db()
    # then 5 Sept + 60 days = 4 Nov (ACL Art. 25)
    assert ext.new_due == m.due == date(2026, 11, 4)
    assert ext.notice_number.startswith("浙杭交执延强〔2026〕")
    term = open_term(m)
    assert term.code == "A4_seizure_extension" and term.due == date(2026, 11, 4)
    assert (
        Deadline.objects.get(
            subject_type="measures.compulsorymeasure", subject_id=str(m.pk), code="A4_seizure"
        ).state
        == "cancelled"
    )
    # and a second extension is refused
    with pytest.raises(DomainError) as err:
        services.extend_measure(
            m,
            actor=people.head,
            days=5,
            reason="仍需调查",
            notice_served_on=date(2026, 10, 20),
            as_of=date(2026, 10, 20),
        )
    assert err.value.code == "extension_limit_reached"
    assert MeasureExtension.objects.filter(measure=m).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"days": 31, "notice_served_on": date(2026, 9, 30)}, "extension_days_invalid"),
        ({"days": 10, "notice_served_on": None}, "extension_notice_required"),
        (
            {"days": 10, "notice_served_on": date(2026, 10, 9), "as_of": date(2026, 10, 9)},
            "measure_period_expired",
        ),
        (
            {"days": 10, "notice_served_on": date(2026, 9, 30), "reason": ""},
            "extension_reason_required",
        ),
    ],
)
def test_extension_refusals(case, people, kwargs, code):
    m = active(case, people)
    kwargs = {"reason": "情况复杂", "as_of": date(2026, 9, 30), **kwargs}
    with pytest.raises(DomainError) as err:
        services.extend_measure(m, actor=people.head, **kwargs)
    assert err.value.code == code


def test_officers_cannot_extend(case, people):
    m = active(case, people)
    with pytest.raises(DomainError) as err:
        services.extend_measure(
            m,
            actor=people.o1.user,
            days=10,
            reason="x",
            notice_served_on=date(2026, 9, 30),
            as_of=date(2026, 9, 30),
        )
    assert err.value.code == "agency_head_required"


def test_appraisal_time_is_excluded_and_notified(case, people):
    # given a seizure on 5 Sept 2026 (due 8 Oct)
    m = active(case, people)
    # when the goods are appraised from 10 to 14 September, notified in writing on the 10th
    services.record_pause(
        m,
        actor=people.o1.user,
        kind="appraisal",
        start=date(2026, 9, 10),
        end=date(2026, 9, 14),
        notice_served_on=date(2026, 9, 10),
        body="浙江省计量科学研究院",
        at=at("2026-09-10 16:00"),
    )
    m.refresh_from_db()
    # then 5 days do not count: 5 Sept + 35 = 10 Oct, the make-up working Saturday
    assert m.due == date(2026, 10, 10)
    assert open_term(m).due == date(2026, 10, 10)
    assert "不计入" in m.due_basis


def test_a_pause_without_written_notice_is_refused(case, people):
    m = active(case, people)
    with pytest.raises(DomainError) as err:
        services.record_pause(
            m,
            actor=people.o1.user,
            kind="testing",
            start=date(2026, 9, 10),
            end=date(2026, 9, 12),
            notice_served_on=None,
            at=at("2026-09-10 16:00"),
        )
    assert err.value.code == "pause_notice_required"


def test_pause_and_extension_together(case, people):
    m = active(case, people)
    services.record_pause(
        m,
        actor=people.o1.user,
        kind="testing",
        start=date(2026, 9, 10),
        end=date(2026, 9, 14),
        notice_served_on=date(2026, 9, 10),
        at=at("2026-09-10 16:00"),
    )
    services.extend_measure(
        m,
        actor=people.head,
        days=30,
        reason="情况复杂",
        notice_served_on=date(2026, 10, 1),
        as_of=date(2026, 10, 1),
    )
    m.refresh_from_db()
    # 5 Sept + 30 + 30 + 5 = 9 Nov 2026 (a Monday)
    assert m.due == date(2026, 11, 9)
    assert open_term(m).code == "A4_seizure_extension"


def test_emergency_measure_report_within_24_hours_and_approval_afterwards(case, people):
    # given an on-the-spot seizure at 20:00 on 30 September (ACL Art. 19)
    attach_video(case, people.o1, when=at("2026-09-30 20:00"))
    m = services.take_emergency_measure(
        case,
        actor=people.o1.user,
        kind="seize",
        reason="车辆超限运输",
        emergency_reason="驾驶人欲驾车逃离",
        items=ITEMS[:1],
        party_refused=True,
        witness="收费站站长 孙某",
        taken_at=at("2026-09-30 20:00"),
        **BASIS,
    )
    report = Deadline.objects.get(
        subject_type="measures.compulsorymeasure",
        subject_id=str(m.pk),
        code="A5_emergency_measure_report",
    )
    # then the report is due 24 clock hours later, in the holiday
    assert report.due_at == at("2026-10-01 20:00")
    # when the officers report at 19:59 on 1 October
    services.report_emergency_measure(
        m, actor=people.o2.user, note="已当场扣押，请求补办批准", reported_at=at("2026-10-01 19:59")
    )
    report.refresh_from_db()
    assert report.state == "met"
    entry = JournalEntry.objects.get(event_type="measure.reported", subject_id=str(m.pk))
    assert '"late":false' in entry.payload
    # and the head approves afterwards: the measure runs on
    m = services.decide_measure_approval(
        m, actor=people.head, approve=True, at=at("2026-10-02 09:00")
    )
    assert m.state == MeasureState.ACTIVE and m.approval == "approved"


def test_a_late_report_is_recorded_as_late(case, people):
    attach_video(case, people.o1, when=at("2026-09-30 20:00"))
    m = services.take_emergency_measure(
        case,
        actor=people.o1.user,
        kind="seize",
        reason="x",
        emergency_reason="欲逃离",
        items=ITEMS[:1],
        party_signed=True,
        taken_at=at("2026-09-30 20:00"),
        **BASIS,
    )
    services.report_emergency_measure(
        m, actor=people.o1.user, note="报告", reported_at=at("2026-10-01 20:01")
    )
    entry = JournalEntry.objects.get(event_type="measure.reported", subject_id=str(m.pk))
    assert '"late":true' in entry.payload


def test_emergency_measure_refused_afterwards_is_lifted_at_once(case, people):
    attach_video(case, people.o1, when=at("2026-09-30 20:00"))
    m = services.take_emergency_measure(
        case,
        actor=people.o1.user,
        kind="seize",
        reason="x",
        emergency_reason="欲逃离",
        items=ITEMS,
        party_signed=True,
        taken_at=at("2026-09-30 20:00"),
        **BASIS,
    )
    # when the head refuses (ACL Art. 19)
    m = services.decide_measure_approval(
        m,
        actor=people.head,
        approve=False,
        note="违法情节轻微，不应扣押",
        at=at("2026-10-01 09:00"),
    )
    # then it is released at once, the items are to be returned, its periods end
    assert m.state == MeasureState.RELEASED and m.release_ground == "approval_refused"
    assert m.release_number.startswith("浙杭交执解强〔2026〕")
    assert {i.disposals.get().state for i in m.items.all()} == {DisposalState.APPROVED}
    assert not Deadline.objects.filter(
        subject_type="measures.compulsorymeasure", subject_id=str(m.pk), state="open"
    ).exists()
    assert selectors.active_measure_count(case) == 0


def test_emergency_without_a_video_is_refused(case, people):
    with pytest.raises(DomainError) as err:
        services.take_emergency_measure(
            case,
            actor=people.o1.user,
            kind="seize",
            reason="x",
            emergency_reason="欲逃离",
            items=ITEMS,
            party_signed=True,
            taken_at=at("2026-09-30 20:00"),
            **BASIS,
        )
    assert err.value.code == "recording_required"
    assert not CompulsoryMeasure.objects.exists()


def test_release_with_reasons_returns_the_items(case, people):
    m = active(case, people)
    m = services.release_measure(
        m,
        actor=people.head,
        ground="no_violation",
        reason="经称重复核未超限",
        as_of=date(2026, 9, 20),
    )
    assert m.state == MeasureState.RELEASED and m.release_reason == "经称重复核未超限"
    assert (
        Deadline.objects.get(
            subject_type="measures.compulsorymeasure", subject_id=str(m.pk), code="A4_seizure"
        ).state
        == "met"
    )
    assert {i.disposals.get().kind for i in m.items.all()} == {"return"}
    with pytest.raises(DomainError) as err:
        services.release_measure(m, actor=people.head, ground="expired", reason="x")
    assert err.value.code == "measure_not_active"


def test_release_needs_a_known_ground_and_reasons(case, people):
    m = active(case, people)
    with pytest.raises(DomainError) as err:
        services.release_measure(m, actor=people.head, ground="whim", reason="x")
    assert err.value.code == "release_ground_unknown"
    with pytest.raises(DomainError) as err:
        services.release_measure(m, actor=people.head, ground="expired", reason="")
    assert err.value.code == "field_required"


def test_release_case_measures_for_the_cases_app(case, people):
    active(case, people)
    released = services.release_case_measures(
        case, actor=people.head, reason="终止调查", as_of=date(2026, 9, 20)
    )
    assert len(released["measures"]) == 1
    assert selectors.active_measure_count(case) == 0
