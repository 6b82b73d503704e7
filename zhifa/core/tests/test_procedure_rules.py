"""The procedure's legal rules on their own: one row per legal case with its article."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.procedure import (
    MARITIME_LARGE_AMOUNTS,
    CaseTriggers,
    LargeAmounts,
    PartyKind,
    Penalty,
    PenaltyKind,
    deliberation_triggers,
    hearing_triggers,
    heavier_than,
    legal_review_triggers,
    summary_eligibility,
)
from zhifa.core.procedure.rules import (
    MissingParameter,
    limitation_ends,
    onspot_collection_refusals,
    statute_refusals,
)

from .procedure_cases import BASE, PROVINCE, fine, upd

K = PenaltyKind
PERSON, ORG = PartyKind.PERSON, PartyKind.ORGANISATION
OK = CaseTriggers(facts_conclusive=True, has_legal_basis=True)


def kinds(*ks: PenaltyKind, amount=0, confiscation=0) -> Penalty:
    return Penalty(
        frozenset(ks),
        Decimal(amount),
        Decimal(confiscation),
        statutory_min=Decimal(0),
        statutory_max=Decimal(10**7),
    )


# --- summary procedure: APL Art. 51; TEPP Arts. 60, 130 --------------------------------------------

SUMMARY_ROWS = [
    (kinds(K.WARNING), PERSON, (), "warning"),
    (kinds(K.FINE, amount=200), PERSON, (), "200 for a person, included"),
    (kinds(K.FINE, amount=201), PERSON, ("summary_fine_too_high",), "201 for a person"),
    (kinds(K.FINE, amount=3000), ORG, (), "3,000 for an organisation, included"),
    (kinds(K.FINE, amount="3000.01"), ORG, ("summary_fine_too_high",), "one fen above"),
    (kinds(K.FINE, K.WARNING, amount=100), PERSON, (), "warning plus small fine"),
    (kinds(K.PUBLIC_CRITICISM), PERSON, ("summary_penalty_kind",), "public criticism: not listed"),
    (kinds(K.LICENCE_SUSPENSION), ORG, ("summary_penalty_kind",), "licence suspension"),
]


@pytest.mark.parametrize(("penalty", "party", "codes", "why"), SUMMARY_ROWS)
def test_summary_eligibility_table(penalty, party, codes, why):
    assert tuple(r.code for r in summary_eligibility(penalty, party, OK)) == codes, why


def test_summary_needs_conclusive_facts_and_a_basis():
    codes = {r.code for r in summary_eligibility(kinds(K.WARNING), PERSON, CaseTriggers())}
    assert codes == {"summary_facts_not_conclusive", "summary_no_legal_basis"}
    assert summary_eligibility(None, PERSON, OK)[0].code == "summary_no_penalty"


COLLECTION_ROWS = [
    (fine(100, low=1), "fine_100_or_less", True, (), "100 yuan, APL Art. 68(1)"),
    (fine(101, low=1), "fine_100_or_less", True, ("collect_over_100",), "101 yuan"),
    (fine(180, low=1), "hard_to_collect_later", True, (), "APL Art. 68(2)"),
    (fine(180, low=1), "remote_area_party_request", True, (), "APL Art. 69"),
    (fine(50, low=1), "fine_100_or_less", False, ("collect_no_receipt",), "APL Art. 70"),
    (kinds(K.WARNING), "fine_100_or_less", True, ("collect_no_fine",), "nothing to collect"),
]


@pytest.mark.parametrize(("penalty", "ground", "receipt", "codes", "why"), COLLECTION_ROWS)
def test_onspot_collection_table(penalty, ground, receipt, codes, why):
    assert tuple(r.code for r in onspot_collection_refusals(penalty, ground, receipt)) == codes, why


# --- hearing right: APL Art. 63; TEPP Art. 80 -----------------------------------------------------

HEARING_ROWS = [
    (kinds(K.SUSPEND_BUSINESS), ORG, {}, {"hearing_suspend_business"}, "APL Art. 63(1)"),
    (kinds(K.CLOSURE), ORG, {}, {"hearing_closure"}, "APL Art. 63(1)"),
    (kinds(K.PRACTICE_RESTRICTION), PERSON, {}, {"hearing_practice_restriction"}, "63(1)"),
    (kinds(K.QUALIFICATION_DOWNGRADE), ORG, {}, {"hearing_qualification_downgrade"}, "63(2)"),
    (kinds(K.LICENCE_REVOCATION), ORG, {}, {"hearing_licence_revocation"}, "APL Art. 63(2)"),
    (kinds(K.FINE, amount=10000), PERSON, {}, {"hearing_large_fine"}, "≥ 10,000: included"),
    (kinds(K.FINE, amount=9999), PERSON, {}, set(), "below the person threshold"),
    (kinds(K.FINE, amount=49999), ORG, {}, set(), "below the organisation threshold"),
    (kinds(K.FINE, amount=50000), ORG, {}, {"hearing_large_fine"}, "organisation threshold"),
    (
        kinds(K.CONFISCATE_GAINS, confiscation=10**6),
        ORG,
        {"large_confiscation": True},
        {"hearing_large_confiscation"},
        "APL Art. 63(4), officers' flag",
    ),
    (
        kinds(K.CONFISCATE_PROPERTY, confiscation=10**6),
        ORG,
        {},
        set(),
        "no confiscation threshold configured and no flag",
    ),
    (
        kinds(K.LICENCE_SUSPENSION),
        ORG,
        {},
        set(),
        "licence suspension is not listed (APL Art. 63(5) only if flagged)",
    ),
    (
        kinds(K.LICENCE_SUSPENSION),
        ORG,
        {"other_heavier_penalty": True},
        {"hearing_other_heavier"},
        "APL Art. 63(5)",
    ),
    (
        kinds(K.WARNING),
        PERSON,
        {"hearing_required_by_law": True},
        {"hearing_by_law"},
        "APL Art. 63(6)",
    ),
]


@pytest.mark.parametrize(("penalty", "party", "flags", "codes", "why"), HEARING_ROWS)
def test_hearing_triggers_table(penalty, party, flags, codes, why):
    found = hearing_triggers(penalty, party, PROVINCE, CaseTriggers(**flags))
    assert {t.code for t in found} == codes, why
    assert all(t.article.startswith(("APL", "TEPP")) for t in found)


def test_maritime_thresholds():
    # TEPP Art. 80 para 2: maritime 10,000 (person) and 100,000 (organisation)
    assert hearing_triggers(kinds(K.FINE, amount=99999), ORG, MARITIME_LARGE_AMOUNTS, OK) == ()
    assert hearing_triggers(kinds(K.FINE, amount=100000), ORG, MARITIME_LARGE_AMOUNTS, OK)


def test_configured_confiscation_threshold():
    amounts = LargeAmounts(Decimal(10000), Decimal(50000), "x", Decimal(5000), Decimal(20000))
    found = hearing_triggers(kinds(K.CONFISCATE_GAINS, confiscation=5000), PERSON, amounts, OK)
    assert {t.code for t in found} == {"hearing_large_confiscation"}


def test_missing_province_parameter_is_not_guessed():
    with pytest.raises(MissingParameter):
        hearing_triggers(kinds(K.FINE, amount=1), PERSON, None, OK)
    # without a fine the parameter is not needed
    assert hearing_triggers(kinds(K.LICENCE_REVOCATION), ORG, None, OK)


# --- legal review: APL Art. 58; T4 §四(十二) -----------------------------------------------------------

REVIEW_ROWS = [
    ({"major_public_interest": True}, None, {"review_public_interest"}, "APL Art. 58(1)"),
    ({"major_rights": True}, date(2024, 2, 1), {"review_major_rights_hearing"}, "APL Art. 58(2)"),
    ({"major_rights": True}, None, set(), "major rights without a hearing: not (2)"),
    ({"complex_case": True}, None, {"review_complex"}, "APL Art. 58(3)"),
    ({"multiple_legal_relationships": True}, None, {"review_complex"}, "APL Art. 58(3)"),
    ({"review_required_by_law": True}, None, {"review_by_law"}, "APL Art. 58(4)"),
    ({"major_social_risk": True}, None, {"review_social_risk"}, "T4 §四(十二)"),
    ({"in_review_catalogue": True}, None, {"review_catalogue"}, "T4 §四(十二)"),
    ({}, None, set(), "ordinary case"),
]


@pytest.mark.parametrize(("flags", "held_on", "codes", "why"), REVIEW_ROWS)
def test_legal_review_triggers_table(flags, held_on, codes, why):
    facts = upd(BASE, triggers=CaseTriggers(**flags), hearing={"held_on": held_on})
    assert {t.code for t in legal_review_triggers(facts)} == codes, why


# --- collective discussion: TEPP Art. 76; APL Art. 57 para 2 -----------------------------------------

DELIBERATION_ROWS = [
    (kinds(K.LICENCE_REVOCATION), {}, {"deliberation_licence_revocation"}, "TEPP Art. 76(1)"),
    (kinds(K.SUSPEND_BUSINESS), {}, {"deliberation_suspend_business"}, "TEPP Art. 76(1)"),
    (kinds(K.FINE, amount=50000), {}, {"deliberation_large_fine"}, "TEPP Art. 76(1)"),
    (
        kinds(K.FINE, amount=5000),
        {},
        set(),
        "5,000: the 2010 guidance (T7) is not applied, TEPP controls (legal.md §I 11)",
    ),
    (
        kinds(K.FINE, amount=100),
        {"facts_disputed": True},
        {"deliberation_facts_disputed"},
        "TEPP Art. 76(2)",
    ),
    (kinds(K.FINE, amount=100), {"law_contested": True}, {"deliberation_law_contested"}, "76(2)"),
    (kinds(K.FINE, amount=100), {"egregious": True}, {"deliberation_egregious"}, "76(2)"),
    (
        kinds(K.FINE, amount=100),
        {"jurisdiction_disputed": True},
        {"deliberation_jurisdiction"},
        "76(2)",
    ),
    (
        kinds(K.FINE, amount=100),
        {"complex_major_heavier": True},
        {"deliberation_complex_major"},
        "TEPP Art. 76(3)",
    ),
    (
        None,
        {"jurisdiction_disputed": True},
        {"deliberation_jurisdiction"},
        "during investigation, no penalty proposed yet",
    ),
]


@pytest.mark.parametrize(("penalty", "flags", "codes", "why"), DELIBERATION_ROWS)
def test_deliberation_triggers_table(penalty, flags, codes, why):
    found = deliberation_triggers(penalty, ORG, PROVINCE, CaseTriggers(**flags))
    assert {t.code for t in found} == codes, why


# --- comparisons: APL Arts. 4, 32, 38, 44–45 ---------------------------------------------------------

HEAVIER_ROWS = [
    (fine(500), fine(500), 0, "same"),
    (fine(400), fine(500), 0, "lighter"),
    (fine(600), fine(500), 1, "higher fine"),
    (kinds(K.FINE, K.WARNING, amount=500), fine(500), 1, "added warning"),
    (
        kinds(K.FINE, K.CONFISCATE_GAINS, amount=500, confiscation=100),
        kinds(K.FINE, K.CONFISCATE_GAINS, amount=500, confiscation=50),
        1,
        "more confiscated",
    ),
    (kinds(K.WARNING), fine(500), 1, "swapped kind: strict reading, re-notify"),
]


@pytest.mark.parametrize(("decided", "notified", "count", "why"), HEAVIER_ROWS)
def test_heavier_than_table(decided, notified, count, why):
    assert len(heavier_than(decided, notified)) == count, why


STATUTE_ROWS = [
    (fine(200, low=200, high=2000), (), "minimum, included"),
    (fine(2000, low=200, high=2000), (), "maximum, included"),
    (fine("2000.01", low=200, high=2000), ("fine_above_statute",), "one fen above"),
    (fine(199, low=200, high=2000), ("fine_below_statute",), "below the minimum"),
    (fine(100, low=200, high=2000, mitigated=True), (), "mitigated (APL Art. 32)"),
    (Penalty(frozenset({K.FINE}), Decimal(100)), ("fine_no_statutory_range",), "no range"),
    (kinds(K.WARNING), (), "no fine"),
]


@pytest.mark.parametrize(("penalty", "codes", "why"), STATUTE_ROWS)
def test_statute_table(penalty, codes, why):
    assert tuple(r.code for r in statute_refusals(penalty)) == codes, why


LIMITATION_ROWS = [
    (date(2022, 3, 1), 2, date(2024, 3, 1), "2 years to the same day (APL Art. 36)"),
    (date(2020, 2, 29), 2, date(2022, 2, 28), "29 February → 28 February"),
    (date(2019, 3, 1), 5, date(2024, 3, 1), "5 years (life, health, financial safety)"),
]


@pytest.mark.parametrize(("ended", "years", "last", "why"), LIMITATION_ROWS)
def test_limitation_table(ended, years, last, why):
    assert limitation_ends(ended, years) == last, why


def test_penalty_rejects_inconsistent_input():
    from zhifa.core.errors import InvalidInput

    for bad in (
        lambda: Penalty(frozenset(), Decimal(0)),
        lambda: Penalty(frozenset({K.FINE}), Decimal(0)),
        lambda: Penalty(frozenset({K.WARNING}), Decimal(5)),
        lambda: Penalty(frozenset({K.FINE}), Decimal("1.005")),
        lambda: Penalty(frozenset({K.FINE}), Decimal(-1)),
    ):
        with pytest.raises(InvalidInput):
            bad()


@given(st.integers(0, 100000), st.integers(0, 100000))
def test_heavier_is_never_symmetric(a, b):
    pa, pb = fine(a or 1, low=0, high=10**6), fine(b or 1, low=0, high=10**6)
    assert not (heavier_than(pa, pb) and heavier_than(pb, pa))


def test_reason_labels_for_documents():
    from zhifa.core.procedure.rules import NO_PENALTY_GROUNDS, SERVICE_METHODS, reason_label

    assert reason_label(NO_PENALTY_GROUNDS, "first_violation").startswith("初次违法")
    assert reason_label(SERVICE_METHODS, "electronic") == "电子送达"
    assert reason_label(SERVICE_METHODS, None) is None
