"""The general rules of the Administrative Penalty Law (APL) as the engine applies them (table tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.core.discretion import (
    EngineSettings,
    HearingThresholds,
    Outcome,
    RecommendationRequest,
    load_from_dir,
    recommend,
)
from zhifa.core.discretion.errors import DiscretionError

M, E, P = Outcome.MUST_NOT_PENALISE, Outcome.MAY_EXEMPT, Outcome.PENALISE
V, D = date(2025, 3, 1), date(2025, 6, 1)


def req(
    pid="rtr2023-64", province="北京", v=V, d=D, party="natural_person", discovered_on=None, **facts
):
    return RecommendationRequest(pid, province, v, d, party, facts, discovered_on=discovered_on)


# (case, request, outcome, factor/ground code expected, article) — rtr2023-64: 200–2,000 yuan
RULES = [
    ("under 14: no penalty", req(age=13), M, "under_14", "第三十条"),
    ("exactly 14: lenient, not exempt", req(age=14), P, "minor_14_18", "第三十条"),
    ("17: lenient", req(age=17), P, "minor_14_18", "第三十条"),
    ("18: adult", req(age=18), P, None, ""),
    ("no capacity", req(mental_capacity="none"), M, "no_capacity", "第三十一条"),
    (
        "partial capacity: may be lenient",
        req(mental_capacity="partial"),
        P,
        "partial_capacity",
        "第三十一条",
    ),
    ("no fault", req(no_fault=True), M, "no_fault", "第三十三条第二款"),
    (
        "minor, corrected, no harm",
        req(violation_minor=True, corrected=True, consequence="none"),
        M,
        "minor_corrected",
        "第三十三条第一款",
    ),
    (
        "minor, corrected, but minor harm: not 'shall not'",
        req(violation_minor=True, corrected=True, consequence="minor"),
        P,
        None,
        "",
    ),
    (
        "first violation, minor harm, corrected: may",
        req(first_violation=True, consequence="minor", corrected=True),
        E,
        "first_violation",
        "第三十三条第一款",
    ),
    (
        "first violation, not corrected",
        req(first_violation=True, consequence="minor", corrected=False),
        P,
        None,
        "",
    ),
    (
        "first violation, serious harm",
        req(first_violation=True, consequence="serious", corrected=True),
        P,
        None,
        "",
    ),
    (
        "removed the harm: lenient",
        req(removed_harm=True),
        P,
        "removed_harm",
        "第三十二条第（一）项",
    ),
    ("coerced: lenient", req(coerced=True), P, "coerced", "第三十二条第（二）项"),
    ("confessed: lenient", req(confessed=True), P, "confessed", "第三十二条第（三）项"),
    ("meritorious: lenient", req(meritorious=True), P, "meritorious", "第三十二条第（四）项"),
    ("emergency: severe", req(emergency_period=True), P, "emergency", "第四十九条"),
    # limitation (Art. 36): 2 years from the act; 5 with harm to life/health/financial security
    (
        "discovered exactly 2 years later: still punishable",
        req(v=date(2022, 5, 1), d=date(2025, 5, 1), discovered_on=date(2024, 5, 1)),
        P,
        None,
        "",
    ),
    (
        "discovered 2 years and a day later: time-barred",
        req(v=date(2022, 5, 1), d=date(2025, 5, 1), discovered_on=date(2024, 5, 2)),
        M,
        "limitation",
        "第三十六条",
    ),
    (
        "harm to life or health: 5 years",
        req(
            v=date(2022, 5, 1),
            d=date(2026, 5, 1),
            discovered_on=date(2025, 5, 2),
            life_health_or_financial_harm=True,
        ),
        P,
        None,
        "",
    ),
    (
        "29 February + 2 years ends on 28 February",
        req(v=date(2024, 2, 29), d=date(2026, 6, 1), discovered_on=date(2026, 3, 1)),
        M,
        "limitation",
        "第三十六条",
    ),
    # correct-first articles: no fine before a refusal to correct
    ("correct-first, not refused", req("rtr2023-65-4"), M, "correct_first", "第六十五条"),
    ("correct-first, refused", req("rtr2023-65-4", refused_to_correct=True), P, None, ""),
]


@pytest.mark.parametrize(
    ("case", "request_", "outcome", "code", "article"), RULES, ids=[r[0] for r in RULES]
)
def test_rule(cat, case, request_, outcome, code, article) -> None:
    # when
    rec = recommend(cat, request_)
    # then
    assert rec.outcome is outcome
    if code is not None:
        f = next(f for f in rec.factors if f.code == code)
        assert article in f.article
    if outcome is P and rec.statutory_range is not None and rec.suggested_amount is not None:
        assert rec.suggested_amount in rec.statutory_range


def test_lenient_takes_the_lower_half_and_severe_the_upper(cat) -> None:
    plain = recommend(cat, req())
    lenient = recommend(cat, req(age=16))
    severe = recommend(cat, req(emergency_period=True))
    assert (plain.suggested_amount, lenient.suggested_amount, severe.suggested_amount) == (
        Decimal(1100),
        Decimal(200),
        Decimal(2000),
    )
    assert lenient.recommended_range == (Decimal(200), Decimal(1100))
    assert lenient.mitigation_permitted and not plain.mitigation_permitted


# APL Art. 37: the law at the time of the act unless the new one is lighter
VERSIONS = [
    # freight without licence, act before the 2023 revision, decided after: new 3,000–10,000 is lighter
    (
        "freight: new law lighter",
        req("rtr2023-63-1", v=date(2023, 3, 1), d=date(2024, 1, 5), illegal_gain=0),
        "rtr2019-63",
        "rtr2023-63-1",
        (3000, 10000),
    ),
    # passenger: old 30,000–100,000 vs new 10,000–100,000: lighter minimum, new applies
    (
        "passenger: new minimum lower",
        req("rtr2023-63-2", v=date(2023, 3, 1), d=date(2024, 1, 5), illegal_gain=0),
        "rtr2019-63",
        "rtr2023-63-2",
        (10000, 100000),
    ),
    # dangerous goods: same fallback range, old law stays
    (
        "dangerous goods: same range, old law",
        req("rtr2023-63-3", v=date(2023, 3, 1), d=date(2024, 1, 5), illegal_gain=0),
        "rtr2019-63",
        "rtr2019-63",
        (30000, 100000),
    ),
    # gain branch: old 2–10x of any gain, new (freight) 1–5x above 10,000
    (
        "freight gains 50,000",
        req("rtr2023-63-1", v=date(2023, 3, 1), d=date(2024, 1, 5), illegal_gain=50000),
        "rtr2019-63",
        "rtr2023-63-1",
        (50000, 250000),
    ),
    # both within the 2023 text
    (
        "act after the revision",
        req("rtr2023-63-1", illegal_gain=0),
        "rtr2023-63-1",
        "rtr2023-63-1",
        (3000, 10000),
    ),
]


@pytest.mark.parametrize(
    ("case", "request_", "act", "applied", "rng"), VERSIONS, ids=[r[0] for r in VERSIONS]
)
def test_versions(cat, case, request_, act, applied, rng) -> None:
    rec = recommend(cat, request_)
    assert rec.act_version_id == act
    assert rec.provision.id == applied
    assert rec.statutory_range == (Decimal(rng[0]), Decimal(rng[1]))
    assert any(r.article.endswith("第三十七条") for r in rec.reasons) == (
        act != rec.decision_version_id
    )


def test_gain_threshold_wording(cat) -> None:
    # 超过1万元 (2023 freight): exactly 10,000 stays in the fixed branch; 不足2万元 (old): 20,000 goes to gains
    at = recommend(cat, req("rtr2023-63-1", illegal_gain=10000))
    over = recommend(cat, req("rtr2023-63-1", illegal_gain="10000.01"))
    old = recommend(
        cat, req("rtr2019-63", v=date(2022, 1, 1), d=date(2022, 6, 1), illegal_gain=20000)
    )
    assert at.statutory_range == (3000, 10000)
    assert over.statutory_range == (Decimal("10000.01"), Decimal("50000.05"))
    assert old.statutory_range == (40000, 200000)


def test_serious_fallback(cat) -> None:
    rec = recommend(cat, req("rtr2023-63-1", illegal_gain=0, serious=True))
    assert rec.statutory_range == (10000, 50000)


def test_repealed_penalty_is_no_longer_punished(cat) -> None:
    # 不按规定携带车辆营运证: penalty deleted by the 2023 revision (APL Art. 37)
    rec = recommend(cat, req("rtr2019-68", v=date(2023, 5, 1), d=date(2023, 8, 1)))
    assert rec.outcome is M and rec.provision is None
    assert rec.factors[0].code == "repealed" and "第三十七条" in rec.factors[0].article
    assert "不予行政处罚" in rec.reasoning


ERRORS = [
    ("unknown provision", req("no-such"), "discretion.unknown_provision"),
    ("unknown fact", req(colour="red"), "discretion.unknown_fact"),
    ("fact not declared for this provision", req(area_m2=3), "discretion.undeclared_fact"),
    ("negative amount", req("rtr2023-63-1", illegal_gain=-1), "discretion.negative_amount"),
    ("negative integer", req(repeat_count=-2), "discretion.negative_amount"),
    ("wrong type", req(corrected="yes"), "discretion.invalid_fact_value"),
    ("unknown enum code", req(consequence="huge"), "discretion.invalid_fact_value"),
    ("gain-based without gain", req("rtr2023-63-1"), "discretion.missing_fact"),
    ("decision before act", req(v=D, d=V), "discretion.invalid_dates"),
    (
        "act before the law existed",
        req("upt-45-1", v=date(2024, 6, 1), d=date(2024, 12, 20), illegal_gain=0),
        "discretion.no_law_in_force",
    ),
    (
        "text version not recorded",
        req("rtr2023-69-1", v=date(2021, 1, 1), d=date(2022, 6, 1)),
        "discretion.version_missing",
    ),
    (
        "split provision: choose one",
        req("rtr2019-63", v=date(2022, 1, 1), d=date(2024, 1, 5), illegal_gain=0),
        "discretion.ambiguous_provision",
    ),
    (
        "over 2 years without discovery date",
        req(v=date(2022, 6, 1), d=date(2024, 7, 1)),
        "discretion.discovery_date_required",
    ),
    ("age of an organisation", req(party="legal_person", age=30), "discretion.invalid_fact_value"),
    ("bad party kind", req(party="robot"), "discretion.invalid_party_kind"),
    ("empty province", req(province=" "), "discretion.province_required"),
    (
        "dimension facts contradict the tier",
        req("ovl-43-1a", height_m="4.6"),
        "discretion.facts_contradict_provision",
    ),
    ("penalty see other provisions", req("ovl-bulk"), "discretion.ambiguous_provision"),
    (
        "dates as text",
        RecommendationRequest("rtr2023-64", "北京", "2025-03-01", D, "natural_person", {}),
        "discretion.invalid_date",
    ),  # type: ignore[arg-type]
    (
        "facts not a mapping",
        RecommendationRequest("rtr2023-64", "北京", V, D, "natural_person", ["age"]),
        "discretion.invalid_fact_value",
    ),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("case", "request_", "code"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_input(cat, case, request_, code) -> None:
    with pytest.raises(DiscretionError) as exc:
        recommend(cat, request_)
    assert exc.value.code == code
    assert exc.value.message  # Chinese message for people


HEARING = [
    # (case, provision, party, facts, maritime, expected)
    (
        "natural person at 10,000: triggered (以上 includes)",
        "hl-76-1",
        "natural_person",
        {"emergency_period": True},
        None,
        True,
    ),
    (
        "organisation at 30,000 under the 100,000 default",
        "hl-76-1",
        "legal_person",
        {"emergency_period": True},
        None,
        False,
    ),
    (
        "maritime organisation: 300,000 max",
        "msl-95",
        "legal_person",
        {"emergency_period": True},
        None,
        True,
    ),
    (
        "maritime natural person 1,000–10,000 midpoint 5,500",
        "inl-81",
        "natural_person",
        {},
        None,
        False,
    ),
    ("revocation on 情节严重", "rtr2023-68-1", "legal_person", {"serious": True}, None, True),
    ("revocation conditional, not serious", "rtr2023-68-1", "legal_person", {}, None, False),
]


@pytest.mark.parametrize(
    ("case", "pid", "party", "facts", "maritime", "expected"), HEARING, ids=[h[0] for h in HEARING]
)
def test_hearing(cat, case, pid, party, facts, maritime, expected) -> None:
    rec = recommend(cat, RecommendationRequest(pid, "北京", V, D, party, facts, maritime=maritime))
    assert rec.hearing_triggered is expected
    if expected:
        assert any("第六十三条" in r.article for r in rec.reasons)


def test_hearing_threshold_is_configured_per_province() -> None:
    # given a province that set 5,000 for natural persons
    settings = EngineSettings(
        hearing={"浙江": HearingThresholds(Decimal(5000), Decimal(50000), "浙江省规定（示例）")}
    )
    cat = load_from_dir(settings=settings)
    # when a 5,500 fine is proposed in a city of that province and elsewhere
    zj = recommend(
        cat,
        RecommendationRequest(
            "inl-81", "浙江（临海市）", V, D, "natural_person", {}, maritime=False
        ),
    )
    bj = recommend(
        cat, RecommendationRequest("inl-81", "北京", V, D, "natural_person", {}, maritime=False)
    )
    # then only the configured province triggers the hearing
    assert zj.suggested_amount == 5500 and zj.hearing_triggered and not bj.hearing_triggered


def test_overlimit_in_a_recommendation_records_the_rounding(cat) -> None:
    rec = recommend(
        cat,
        req(
            "ovl-43-2",
            party="legal_person",
            gross_mass_kg=52500,
            vehicle_class="6plus_axle_combination",
        ),
    )
    assert rec.formula and rec.statutory_range == (1500, 1500) and rec.suggested_amount == 1500
    assert dict(rec.settings_used) == {"overlimit_rounding": "floor"}
    warn = recommend(cat, req("ovl-43-2", party="legal_person", excess_kg=1000))
    assert (
        warn.statutory_range is None
        and warn.warning
        and any(r.code == "warning_only" for r in warn.reasons)
    )


def test_reasoning_is_plain_chinese_with_the_articles(cat) -> None:
    rec = recommend(
        cat, RecommendationRequest("hl-76-1", "浙江", V, D, "legal_person", {"area_m2": 4})
    )
    text = rec.reasoning
    assert text.startswith("当事人于2025年3月1日实施")
    assert "《中华人民共和国公路法》第七十六条第（一）项" in text
    assert "“一般”" in text and "拟处罚款4,000元" in text


def test_measures_carry_the_article(cat) -> None:
    rec = recommend(cat, req("rtr2023-66", party="legal_person", illegal_gain=500))
    kinds = {m.kind for m in rec.measures}
    assert {"confiscation", "order_to_correct"} <= kinds
    assert all(m.article for m in rec.measures)


SUMMARY = [
    (
        "citizen, 200 yuan fine (以下 includes 200)",
        "ct-driver",
        "natural_person",
        {"repeat_count": 1},
        350,
        False,
    ),
    ("organisation, 1,100 fine", "rtr2023-64", "legal_person", {}, 1100, True),
    ("citizen, 1,100 fine", "rtr2023-64", "natural_person", {}, 1100, False),
    (
        "citizen at 200: lenient minimum of ct-driver",
        "ct-driver",
        "natural_person",
        {"age": 16},
        200,
        True,
    ),
]


@pytest.mark.parametrize(
    ("case", "pid", "party", "facts", "amount", "ok"), SUMMARY, ids=[s[0] for s in SUMMARY]
)
def test_summary_procedure_amount(cat, case, pid, party, facts, amount, ok) -> None:
    # APL Art. 51: warning, or ≤ 200 yuan (citizen) / ≤ 3,000 yuan (organisation)
    rec = recommend(cat, RecommendationRequest(pid, "北京", V, D, party, facts))
    assert rec.suggested_amount == amount
    assert rec.summary_procedure_amount_ok is ok


def test_no_penalty_keeps_orders_but_drops_penalties(cat) -> None:
    # 情节严重的，吊销道路运输经营许可证 is a penalty (APL Art. 9): gone when no penalty is imposed
    rec = recommend(cat, req("rtr2023-68-1", party="legal_person", age=None, no_fault=True))
    assert rec.outcome is M
    assert {m.kind for m in rec.measures} == {"order_to_correct", "education"}
    stop = recommend(cat, req("hl-76-1", party="legal_person", no_fault=True))
    assert any(m.text_zh == "责令停止违法行为" for m in stop.measures)


GAINS = [
    # (provision, gain, expected statutory range) — written from the article text
    ("hl-74", 0, (0, 20000)),  # 没有违法所得的，可以处二万元以下
    ("hl-74", 100, (0, 300)),  # 违法所得三倍以下
    ("port-49", 99999, (50000, 200000)),  # 不足十万元: 5万–20万
    ("port-49", 100000, (200000, 500000)),  # 十万元以上 (以上 includes): 2–5倍
    ("rtr2023-72", 2999, (5000, 20000)),  # 不足3000元
    ("rtr2023-72", 3000, (6000, 30000)),  # 2–10倍
]


@pytest.mark.parametrize(("pid", "gain", "rng"), GAINS)
def test_gain_branches(cat, pid, gain, rng) -> None:
    rec = recommend(cat, req(pid, party="legal_person", illegal_gain=gain))
    assert rec.statutory_range == (Decimal(rng[0]), Decimal(rng[1]))
