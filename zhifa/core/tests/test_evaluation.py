"""评议考核 and 案卷评查 rules (legal.md §E.6; T3 Arts. 7, 14–18, 20): table tests."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal as Dec

import pytest

from zhifa.core import evaluation as ev
from zhifa.core.errors import InvalidInput

SCHEME = ev.Scheme(
    items=(
        ev.Item("penalty", "行政处罚", ev.STANDARD, Dec(50)),
        ev.Item("coercion", "行政强制", ev.STANDARD, Dec(20)),
        # overdue rate: full marks at 0 %, nothing at 20 % or worse
        ev.Item("overdue", "期限遵守", ev.AUTOMATIC, Dec(20), "overdue_rate", Dec(0), Dec("0.2")),
        # file review: full at 95 points, nothing at 60 or below (higher is better)
        ev.Item("files", "案卷评查", ev.AUTOMATIC, Dec(10), "case_review_score", Dec(95), Dec(60)),
        ev.Item("model", "经验做法被上级推广", ev.BONUS, Dec(3)),
        ev.Item("events", "重大活动保障表现突出", ev.BONUS, Dec(3)),
    )
)
FULL = {"overdue_rate": 0, "case_review_score": 100}


# --- T3 Art. 14: a 100-point scale, provinces set the items ------------------------------------

PROBLEM_ROWS = [
    (SCHEME, [], "weights of scored items make 100; bonus items apart"),
    (
        ev.Scheme(items=(ev.Item("a", "甲", ev.STANDARD, Dec(90)),)),
        ["考核项目分值合计应为100分，现为90.0分"],
        "a scheme that does not make 100",
    ),
    (
        ev.Scheme(
            items=(ev.Item("a", "甲", ev.AUTOMATIC, Dec(100), "overdue_rate", Dec(0), Dec(0)),)
        ),
        ["项目“甲”应设置不同的满分值和零分值"],
        "an automatic item needs a scale",
    ),
    (
        ev.Scheme(items=(ev.Item("a", "甲", ev.STANDARD, Dec(100)),), excellent_min=Dec(50)),
        ["等次分数线应满足：0 < 达标线 < 优秀线 ≤ 100"],
        "thresholds out of order",
    ),
]


@pytest.mark.parametrize("scheme,expected,why", PROBLEM_ROWS)
def test_scheme_problems(scheme, expected, why):
    assert ev.scheme_problems(scheme) == expected, why


def test_an_unknown_feed_is_a_problem():
    problems = ev.scheme_problems(SCHEME, feeds=["overdue_rate"])
    assert problems == ["项目“案卷评查”的自动计分指标无法识别"]


# --- automatic deductions: a linear scale between full_at and zero_at --------------------------

AUTO_ROWS = [
    ("overdue", 0, Dec(20), "no overdue deadline: full weight"),
    ("overdue", "0.1", Dec(10), "halfway: half"),
    ("overdue", "0.5", Dec(0), "worse than zero_at: nothing, never negative"),
    ("files", 95, Dec(10), "higher is better: full at 95"),
    ("files", "77.5", Dec(5), "halfway"),
    ("files", 100, Dec(10), "better than full_at: capped at the weight"),
    ("files", None, None, "no figure: nothing to judge"),
]


@pytest.mark.parametrize("code,value,expected,why", AUTO_ROWS)
def test_automatic_points(code, value, expected, why):
    item = next(i for i in SCHEME.items if i.code == code)
    assert ev.automatic_points(item, value) == expected, why


# --- T3 Arts. 14, 15, 17, 18: score and band -----------------------------------------------------

SCORE_ROWS = [
    ({}, FULL, {}, (), Dec(100), ev.EXCELLENT, "nothing deducted"),
    ({"penalty": ev.Mark(Dec(8))}, FULL, {}, (), Dec(92), ev.EXCELLENT, "92 ≥ 90"),
    ({"penalty": ev.Mark(Dec(12))}, FULL, {}, (), Dec(88), ev.MEETS, "88: meets"),
    (
        {"penalty": ev.Mark(Dec(12))},
        FULL,
        {"model": 3},
        (),
        Dec(91),
        ev.EXCELLENT,
        "T3 Art. 17: a bonus lifts 88 to 91",
    ),
    (
        {"penalty": ev.Mark(Dec(12), self_corrected=True)},
        FULL,
        {},
        (),
        Dec(94),
        ev.EXCELLENT,
        "T3 Art. 18: self-corrected, half the deduction",
    ),
    (
        {"penalty": ev.Mark(Dec(30)), "coercion": ev.Mark(Dec(15))},
        FULL,
        {},
        (),
        Dec(55),
        ev.BELOW,
        "55 < 60",
    ),
    ({}, {"overdue_rate": "0.1", "case_review_score": 60}, {}, (), Dec(80), ev.MEETS, "figures"),
    ({}, FULL, {"model": 3, "events": 3}, (), Dec(100), ev.EXCELLENT, "bonus capped, total ≤ 100"),
    (
        {},
        FULL,
        {},
        ("closed_file_edit",),
        Dec(100),
        ev.BELOW,
        "T3 Art. 15(5): a closed-file edit is below standard whatever the score",
    ),
    ({}, FULL, {}, ("obstruction",), Dec(100), ev.BELOW, "T3 Art. 15(6)"),
]


@pytest.mark.parametrize("marks,figures,bonus,triggers,total,band,why", SCORE_ROWS)
def test_score(marks, figures, bonus, triggers, total, band, why):
    result = ev.score(SCHEME, marks=marks, figures=figures, bonus=bonus, triggers=triggers)
    assert (result.total, result.band) == (total, band), why


def test_bonus_cap_applies_when_bonuses_exceed_it():
    # given a scheme whose scored items leave room above the base
    result = ev.score(
        SCHEME, marks={"penalty": ev.Mark(Dec(20))}, figures=FULL, bonus={"model": 3, "events": 3}
    )
    # then 80 + min(6, cap 5) = 85
    assert result.total == Dec(85)


@pytest.mark.parametrize(
    "marks,bonus,triggers,code",
    [
        ({"penalty": ev.Mark(Dec(51))}, {}, (), "evaluation_bad_deduction"),
        ({"penalty": ev.Mark(Dec(-1))}, {}, (), "evaluation_bad_deduction"),
        ({}, {"model": 4}, (), "evaluation_bad_bonus"),
        ({}, {}, ("bad_weather",), "evaluation_bad_trigger"),
    ],
)
def test_score_refuses_bad_marks(marks, bonus, triggers, code):
    with pytest.raises(InvalidInput) as err:
        ev.score(SCHEME, marks=marks, figures=FULL, bonus=bonus, triggers=triggers)
    assert err.value.code == code


# --- T3 Art. 15(5): edits after closing, from the journal ----------------------------------------

T0 = datetime(2026, 5, 1, 9)


def _e(case, kind, minutes, entry=0):
    return ev.FileEvent(case, kind, T0 + timedelta(minutes=minutes), entry)


EDIT_ROWS = [
    ([_e(1, "document.corrected", 0), _e(1, "case.close_case", 5)], [], "corrected before closing"),
    (
        [_e(1, "case.close_case", 0), _e(1, "document.corrected", 5, 7)],
        [7],
        "a document corrected after closing",
    ),
    (
        [_e(1, "case.close_case", 0), _e(1, "evidence.viewed", 5), _e(1, "case.archive_case", 6)],
        [],
        "reading and archiving are not edits",
    ),
    (
        [_e(1, "case.close_case", 0), _e(2, "evidence.collected", 5, 9)],
        [],
        "another, open case's edit",
    ),
    (
        [_e(2, "case.details_updated", 9, 3), _e(2, "case.close_case", 1)],
        [3],
        "order of the rows does not matter, the time does",
    ),
]


@pytest.mark.parametrize("events,expected,why", EDIT_ROWS)
def test_closed_file_edits(events, expected, why):
    assert [e.entry_id for e in ev.closed_file_edits(events)] == expected, why


# --- T3 Art. 16: the case-file review sample -----------------------------------------------------


def _population():
    # agency 1: 60 cases (provision 10: 40, provision 11: 20); agency 2: 40 cases (provision 10)
    rows = [ev.Candidate(i, 1, 10) for i in range(1, 41)]
    rows += [ev.Candidate(i, 1, 11) for i in range(41, 61)]
    rows += [ev.Candidate(i, 2, 10) for i in range(61, 101)]
    return rows


def test_same_seed_same_sample_whatever_the_order():
    pop = _population()
    a = ev.draw_sample(pop, 10, "2026-评查-1")
    b = ev.draw_sample(list(reversed(pop)), 10, "2026-评查-1")
    assert [c.case_id for c in a] == [c.case_id for c in b]


def test_another_seed_another_sample():
    pop = _population()
    a = {c.case_id for c in ev.draw_sample(pop, 10, "seed-a")}
    b = {c.case_id for c in ev.draw_sample(pop, 10, "seed-b")}
    assert a != b


def test_strata_proportions():
    sample = ev.draw_sample(_population(), 10, "x")
    counts = Counter((c.agency_id, c.provision_id) for c in sample)
    assert counts == {(1, 10): 4, (1, 11): 2, (2, 10): 4}
    assert len({c.case_id for c in sample}) == 10


ALLOC_ROWS = [
    ({"a": 5, "b": 5}, 3, {"a": 2, "b": 1}, "tie broken by key, total kept"),
    ({"a": 1, "b": 99}, 10, {"a": 0, "b": 10}, "largest remainder"),
    ({"a": 2, "b": 1}, 10, {"a": 2, "b": 1}, "never more than the population"),
    ({}, 5, {}, "nothing to draw from"),
]


@pytest.mark.parametrize("sizes,n,expected,why", ALLOC_ROWS)
def test_allocate(sizes, n, expected, why):
    assert ev.allocate(sizes, n) == expected, why


# --- T3 Art. 7 and TEPP Art. 72: the checklist --------------------------------------------------


def test_checklist_is_on_a_100_point_scale():
    assert sum(i.points for i in ev.CHECKLIST) == 100


REVIEW_ROWS = [
    ([], Dec(100), "no finding"),
    ([ev.Finding("facts", Dec(5), "询问笔录未签名")], Dec(95), "one deduction"),
    (
        [ev.Finding("facts", Dec(15), "主要证据缺失"), ev.Finding("documents", Dec(2), "文书缺页")],
        Dec(83),
        "two",
    ),
    ([ev.Finding("body", Dec(0), "")], Dec(100), "a zero finding needs no note"),
]


@pytest.mark.parametrize("findings,expected,why", REVIEW_ROWS)
def test_review_score(findings, expected, why):
    assert ev.review_score(findings) == expected, why


@pytest.mark.parametrize(
    "findings,code",
    [
        ([ev.Finding("facts", Dec(16), "x")], "review_bad_deduction"),
        ([ev.Finding("facts", Dec(5), "  ")], "review_note_required"),
        ([ev.Finding("nope", Dec(1), "x")], "review_bad_item"),
        ([ev.Finding("facts", Dec(1), "x"), ev.Finding("facts", Dec(1), "y")], "review_bad_item"),
    ],
)
def test_review_score_refuses(findings, code):
    with pytest.raises(InvalidInput) as err:
        ev.review_score(findings)
    assert err.value.code == code
