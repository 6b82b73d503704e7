"""评议考核 from scheme to appeal, re-check and report (legal.md §E.6; T3 Arts. 11, 14–20)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from zhifa.core.errors import DomainError
from zhifa.deadlines.models import Deadline
from zhifa.evaluation import selectors, services
from zhifa.evaluation.choices import APPEAL_DEADLINE
from zhifa.notifications.models import Notification
from zhifa.records import journal
from zhifa.records.models import JournalEntry

from .conftest import ITEMS, make_case, make_provision, period, today


def _events(kind):
    return JournalEntry.objects.filter(event_type=kind).count()


def _open(ppl, scheme, target="unit"):
    start, end = period()
    return services.open_round(
        actor=ppl.province_supervisor,
        scheme=scheme,
        kind="annual",
        target=target,
        title="2026年度执法评议考核",
        period_start=start,
        period_end=end,
    )


def test_a_scheme_must_make_100_points(ppl):
    # given items that make 90
    items = [dict(i) for i in ITEMS]
    items[0]["weight"] = 50
    # when / then
    with pytest.raises(DomainError) as err:
        services.save_scheme(actor=ppl.province_head, name="不足百分", year=2026, items=items)
    assert err.value.code == "evaluation_invalid_scheme"
    assert "合计应为100分" in err.value.message


def test_only_a_province_sets_a_scheme(ppl):
    with pytest.raises(DomainError) as err:
        services.save_scheme(actor=ppl.hz_head, name="市级方案", year=2026, items=ITEMS)
    assert err.value.code == "evaluation_not_allowed"


def test_a_round_from_scheme_to_appeal_and_report(ppl, scheme):
    w = ppl.world
    # given a round of the province over its prefectures
    rnd = _open(ppl, scheme)
    evals = {e.agency_id: e for e in rnd.evaluations.all()}
    assert set(evals) == {w.hangzhou.pk, w.ningbo.pk}
    hz = evals[w.hangzhou.pk]
    assert selectors.waiting_on(ppl.province_supervisor)["score"].count() == 2

    # when the supervisor scores Hangzhou: 12 off penalties, a bonus of 2
    before = _events("evaluation.scored")
    hz = services.score_evaluation(
        hz,
        actor=ppl.province_supervisor,
        marks={"penalty": {"deduction": 12, "note": "两起案件未告知听证权利"}},
        bonus={"model": 2},
    )
    # then 100 - 12 + 2 = 90: excellent; one journal entry; an appeal window of 15 natural days
    assert (hz.total, hz.band) == (Decimal(90), "excellent")
    assert _events("evaluation.scored") == before + 1
    window = Deadline.objects.get(subject_id=str(hz.pk), code=APPEAL_DEADLINE)
    assert window.state == "open" and window.due >= today() + timedelta(days=15)
    assert Notification.objects.filter(user=ppl.hz_head, kind=services.NOTIFY_KIND).exists()

    # when Hangzhou's head appeals
    hz = services.appeal(hz, actor=ppl.hz_head, reason="其中一起案件已告知，附送达回证。")
    window.refresh_from_db()
    assert hz.state == "appealed" and window.state == "met"
    # then the appeal waits on the province (the appellant's superior) and it is told
    assert list(selectors.waiting_on(ppl.province_head)["appeals"]) == [hz]
    assert Notification.objects.filter(user=ppl.province_head, kind=services.NOTIFY_KIND).exists()

    # when the province changes the result on appeal
    hz = services.decide_appeal(
        hz,
        actor=ppl.province_head,
        decision="changed",
        note="核实后改为扣6分。",
        marks={"penalty": {"deduction": 6, "note": "一起案件未告知听证权利"}},
        bonus={"model": 2},
    )
    assert (hz.state, hz.total) == ("final", Decimal(96))

    # and the ministry re-checks it (T3 Art. 19) and confirms it
    hz = services.recheck(hz, actor=ppl.ministry_supervisor, note="抽查属实，维持。")
    assert hz.rechecked_by == ppl.ministry_supervisor and hz.total == Decimal(96)

    # Ningbo: scored, no appeal; reporting waits until its window has passed
    nb = services.score_evaluation(
        evals[w.ningbo.pk],
        actor=ppl.province_supervisor,
        marks={"penalty": {"deduction": 30, "note": "案卷严重缺失"}, "coercion": {"deduction": 15}},
    )
    assert nb.band == "below"
    with pytest.raises(DomainError) as err:
        services.report_round(rnd, actor=ppl.province_supervisor, as_of=today())
    assert "申诉期内" in err.value.message
    late = services.appeal_due(nb) + timedelta(days=1)
    with pytest.raises(DomainError):
        services.appeal(nb, actor=ppl.nb_head, reason="逾期申诉", as_of=late)
    rnd = services.report_round(rnd, actor=ppl.province_supervisor, as_of=late)
    # then the round is reported to the ministry and Ningbo's result is final
    assert rnd.state == "reported"
    nb.refresh_from_db()
    assert nb.state == "final"
    assert Notification.objects.filter(
        user=ppl.ministry_supervisor, kind=services.NOTIFY_KIND
    ).exists()
    assert _events("evaluation.round_reported") == 1


def test_only_the_evaluated_may_appeal_and_only_the_organiser_scores(ppl, scheme):
    rnd = _open(ppl, scheme)
    hz = rnd.evaluations.get(agency=ppl.world.hangzhou)
    with pytest.raises(DomainError):
        services.score_evaluation(hz, actor=ppl.hz_head, marks={})
    hz = services.score_evaluation(hz, actor=ppl.province_supervisor, marks={})
    with pytest.raises(DomainError):
        services.appeal(hz, actor=ppl.nb_head, reason="不是我的")
    with pytest.raises(DomainError):
        services.recheck(hz, actor=ppl.province_head, note="本机关不能复查自己")


def test_officers_are_evaluated_by_their_agency(ppl, world):
    scheme = services.save_scheme(
        actor=ppl.province_head,
        name="执法人员考核",
        year=2026,
        items=[
            {"code": "conduct", "label": "执法行为", "kind": "standard", "weight": 70},
            {
                "code": "training",
                "label": "培训学时",
                "kind": "automatic",
                "weight": 30,
                "feed": "training_share",
                "full_at": 1,
                "zero_at": 0,
            },
        ],
    )
    start, end = period()
    rnd = services.open_round(
        actor=ppl.hz_head,
        scheme=scheme,
        kind="daily",
        target="officer",
        title="执法人员日常考核",
        period_start=start,
        period_end=end,
    )
    e = rnd.evaluations.get()
    assert e.officer == ppl.hz_officer and e.figures["training_share"] == "0.000"
    e = services.score_evaluation(e, actor=ppl.hz_head, marks={})
    # no training done: the automatic item earns nothing
    assert e.total == Decimal(70) and e.band == "meets"
    # the officer sees his own result and may appeal it
    assert list(selectors.visible_evaluations(ppl.hz_officer.user)) == [e]
    services.appeal(e, actor=ppl.hz_officer.user, reason="培训记录未录入")


def test_an_edit_to_a_closed_case_file_forces_below_standard(ppl, scheme):
    # given a Hangzhou case closed, then its details changed: the journal shows both
    w = ppl.world
    case = make_case(w.hangzhou, make_provision(1), state="closed")
    journal.append(
        "case.close_case", actor=ppl.hz_head, subject=case, agency=w.hangzhou, payload={}
    )
    journal.append(
        "case.details_updated", actor=ppl.hz_head, subject=case, agency=w.hangzhou, payload={}
    )
    # and a Ningbo case edited before closing (no trigger)
    other = make_case(w.ningbo, make_provision(2), state="closed")
    journal.append(
        "case.details_updated", actor=ppl.nb_head, subject=other, agency=w.ningbo, payload={}
    )
    journal.append("case.close_case", actor=ppl.nb_head, subject=other, agency=w.ningbo, payload={})
    # when the round opens and both are scored with nothing deducted
    rnd = _open(ppl, scheme)
    hz = rnd.evaluations.get(agency=w.hangzhou)
    nb = rnd.evaluations.get(agency=w.ningbo)
    assert list(hz.found_triggers) == ["closed_file_edit"] and nb.found_triggers == {}
    hz = services.score_evaluation(hz, actor=ppl.province_supervisor, marks={})
    nb = services.score_evaluation(nb, actor=ppl.province_supervisor, marks={})
    # then Hangzhou is below standard whatever its score (T3 Art. 15(5)); Ningbo is excellent
    assert (hz.total, hz.band, hz.triggers) == (Decimal(100), "below", ["closed_file_edit"])
    assert nb.band == "excellent"
    # and the evaluator cannot clear it by hand: the trigger comes from the journal
    hz2 = services.decide_appeal(
        services.appeal(hz, actor=ppl.hz_head, reason="请求撤销"),
        actor=ppl.province_head,
        decision="changed",
        note="复核",
        triggers=[],
    )
    assert hz2.band == "below"
