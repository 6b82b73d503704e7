"""案卷评查 (T3 Arts. 7, 16): a sample drawn and scored, returned for correction, feeding the
evaluation; the reviewer reads the sampled cases through the usual case scope."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest

from zhifa.cases.selectors import access_case
from zhifa.core.errors import DomainError
from zhifa.evaluation import selectors, services
from zhifa.notifications.models import Notification
from zhifa.records.models import JournalEntry

from .conftest import make_case, make_provision, period, today


@pytest.fixture
def files(ppl):
    w = ppl.world
    p1, p2 = make_provision(1), make_provision(2)
    rows = [make_case(w.hangzhou, p1) for _ in range(6)]
    rows += [make_case(w.hangzhou, p2, state="closed") for _ in range(2)]
    rows += [make_case(w.ningbo, p1) for _ in range(4)]
    make_case(w.hangzhou, p1, state="served")  # not closed: never drawn
    make_case(w.hangzhou, p1, on=today() - timedelta(days=800))  # outside the period
    make_case(w.chengdu, p1)  # another province
    return rows


def _open(ppl, *, size=6, seed="2026-浙江-评查-1", reviewer=None, scope=None):
    start, end = period()
    return services.open_review(
        actor=ppl.province_head,
        scope=scope or ppl.world.zhejiang,
        reviewer=reviewer or ppl.province_supervisor,
        title="2026年案卷评查",
        period_start=start,
        period_end=end,
        size=size,
        seed=seed,
    )


def test_a_sample_is_drawn_stratified_and_reproducible(ppl, files):
    # when the province draws 6 of its prefectures' 12 closed files
    review = _open(ppl)
    drawn = list(review.cases.values_list("case_id", "agency_id", "provision_id"))
    # then 6, all from the 12 (never the open, old or other-province cases), by strata:
    # Hangzhou p1 6/12 → 3, Hangzhou p2 2/12 → 1, Ningbo p1 4/12 → 2
    assert review.population == 12 and len(drawn) == 6
    assert {c for c, _, _ in drawn} <= {c.pk for c in files}
    strata = Counter((a, p) for _, a, p in drawn)
    assert sorted(strata.values()) == [1, 2, 3]
    # and the seed is in the journal: the same seed over the same files draws the same sample
    entry = JournalEntry.objects.get(event_type="case_review.opened")
    assert '"seed":"2026-浙江-评查-1"' in entry.payload.replace(" ", "")
    again = _open(ppl)
    assert sorted(again.cases.values_list("case_id", flat=True)) == sorted(c for c, _, _ in drawn)
    # the reviewer has it on the to-do list and was told
    assert selectors.waiting_on(ppl.province_supervisor)["review"].count() == 12
    assert Notification.objects.filter(user=ppl.province_supervisor).exists()


def test_scored_returned_corrected_and_feeding_the_evaluation(ppl, files, scheme):
    review = _open(ppl, size=12)
    hz_files = list(review.cases.filter(agency=ppl.world.hangzhou).order_by("case_id"))
    reviewer = ppl.province_supervisor
    # the reviewer reads the sampled case (the usual scope: the province is above it)
    assert access_case(reviewer, hz_files[0].case_id).pk == hz_files[0].case_id
    # when one file has findings and the others none
    first = services.score_case_file(
        hz_files[0],
        actor=reviewer,
        findings=[
            {"code": "facts", "deduction": "10", "note": "现场笔录未载明检查时间"},
            {"code": "documents", "deduction": "2", "note": "送达回证缺签名"},
        ],
    )
    for r in hz_files[1:]:
        services.score_case_file(r, actor=reviewer, findings=[])
    # then 88, returned to Hangzhou: its head has a to-do and a notification
    assert (first.score, first.state) == (Decimal(88), "returned")
    assert list(selectors.waiting_on(ppl.hz_head)["correct"]) == [first]
    assert Notification.objects.filter(user=ppl.hz_head, kind=services.NOTIFY_KIND).exists()
    # only the appointed reviewer scores; only Hangzhou's head records the correction
    with pytest.raises(DomainError):
        services.score_case_file(hz_files[0], actor=ppl.province_head, findings=[])
    with pytest.raises(DomainError):
        services.record_correction(first, actor=ppl.nb_head, correction="不是我的案件")
    first = services.record_correction(first, actor=ppl.hz_head, correction="已补正并组织培训")
    assert first.state == "corrected"
    # and the scores feed the evaluation's case-file item: mean (88 + 100×7) / 8 = 98.5 ≥ 95
    start, end = period()
    rnd = services.open_round(
        actor=ppl.province_supervisor,
        scheme=scheme,
        kind="annual",
        target="unit",
        title="年度考核",
        period_start=start,
        period_end=end,
    )
    hz = rnd.evaluations.get(agency=ppl.world.hangzhou)
    assert hz.figures["case_review_score"] == "98.5"


def test_who_may_review(ppl, files):
    # Hangzhou's legal reviewer was not appointed by the province; a province's legal reviewer is
    with pytest.raises(DomainError):
        _open(ppl, reviewer=ppl.hz_reviewer)
    review = _open(ppl, reviewer=ppl.province_reviewer)
    assert review.reviewer == ppl.province_reviewer
    # a prefecture's head cannot review another prefecture
    with pytest.raises(DomainError):
        services.open_review(
            actor=ppl.hz_head,
            scope=ppl.world.ningbo,
            reviewer=ppl.hz_head,
            title="越权",
            period_start=period()[0],
            period_end=period()[1],
            size=1,
        )


def test_reviewed_cases_stay_in_scope(ppl, files):
    review = _open(ppl, size=12)
    # Ningbo sees only its own sampled files; Chengdu none
    nb = selectors.visible_reviewed_cases(ppl.nb_head).filter(review=review)
    assert {r.agency_id for r in nb} == {ppl.world.ningbo.pk}
    assert not selectors.visible_reviews(ppl.cd_head).exists()
