"""May an officer act on a date? One row per legal case (T2 Arts. 2, 24–34; APL Art. 42)."""

from dataclasses import replace
from datetime import date

import pytest

from zhifa.core.officers import ActContext, CertificateFacts, SuspensionFacts, may_act

ON = date(2026, 6, 1)
VALID = CertificateFacts(
    "T001", "valid", date(2027, 1, 1), date(2024, 1, 1), last_reviewed_on=date(2026, 1, 10)
)


@pytest.mark.parametrize(
    ("certificates", "suspensions", "allowed", "codes", "article"),
    [
        ([VALID], [], True, [], "T2 Art. 2"),
        ([], [], False, ["no_certificate"], "T2 Art. 2; APL Art. 42"),
        (
            [CertificateFacts("T002", "valid", date(2026, 5, 31))],
            [],
            False,
            ["certificate_expired"],
            "T2 Art. 30",
        ),
        # 以下/以内 include the day itself (TEPP Art. 130): valid on its last day.
        ([CertificateFacts("T003", "valid", ON)], [], True, [], "TEPP Art. 130"),
        (
            [CertificateFacts("T004", "suspended", date(2027, 1, 1))],
            [],
            False,
            ["certificate_suspended"],
            "T2 Art. 31",
        ),
        (
            [CertificateFacts("T005", "revoked", date(2027, 1, 1))],
            [],
            False,
            ["certificate_revoked"],
            "T2 Art. 33",
        ),
        (
            [CertificateFacts("T006", "lost", date(2027, 1, 1))],
            [],
            False,
            ["certificate_lost"],
            "T2 Art. 24",
        ),
        (
            [CertificateFacts("T007", "valid", date(2028, 1, 1), date(2026, 7, 1))],
            [],
            False,
            ["certificate_not_yet_valid"],
            "T2 Art. 2",
        ),
        (
            [VALID],
            [SuspensionFacts(date(2026, 5, 1), None, None, "考核不合格")],
            False,
            ["officer_suspended"],
            "T2 Arts. 31–32",
        ),
        ([VALID], [SuspensionFacts(date(2026, 5, 1), date(2026, 5, 31))], True, [], "ended"),
        ([VALID], [SuspensionFacts(date(2026, 5, 1), None, date(2026, 6, 1))], True, [], "lifted"),
        ([VALID], [SuspensionFacts(date(2026, 6, 2))], True, [], "starts later"),
        # Both reasons are given, so the officer knows everything that stands in the way.
        (
            [CertificateFacts("T008", "valid", date(2026, 1, 1))],
            [SuspensionFacts(date(2026, 5, 1))],
            False,
            ["officer_suspended", "certificate_expired"],
            "T2 Arts. 30–32",
        ),
        # An expired old certificate does not hide a valid renewed one.
        ([CertificateFacts("T009", "valid", date(2025, 1, 1)), VALID], [], True, [], "renewal"),
    ],
)
def test_may_act(certificates, suspensions, allowed, codes, article):
    # when
    result = may_act(certificates, suspensions, ON)
    # then
    assert result.allowed is allowed, article
    assert [r.code for r in result.reasons] == codes
    assert (result.certificate is not None) is allowed


def test_refusal_message_is_chinese_and_names_the_certificate():
    result = may_act([CertificateFacts("T002", "valid", date(2026, 5, 31))], [], ON)
    assert result.message == "执法证件（证号 T002）已于2026-05-31过期"
    assert result.as_dict()["reasons"][0]["article"] == "T2 Art. 30"


def test_core_imports_no_django():
    """The domain core must stay pure (architecture.md): no module under zhifa/core imports Django."""
    import pathlib

    core = pathlib.Path(__file__).resolve().parents[1]
    offenders = [
        str(p.relative_to(core))
        for p in core.rglob("*.py")
        if any(
            line.lstrip().startswith(("import django", "from django"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


# --- T2 Arts. 22–23 (category, territory) and Art. 30 (annual review) ---------------------------

ROAD = ActContext(
    sector="road_transport", sector_label="道路运输", regions=frozenset({"33", "3301"})
)
CERT = CertificateFacts(
    "T100",
    "valid",
    date(2030, 1, 1),
    date(2024, 1, 1),
    last_reviewed_on=date(2026, 1, 10),
    sectors=frozenset({"road_transport", "highway_administration"}),
    territory="33",
    territory_name="浙江省",
)


@pytest.mark.parametrize(
    ("certificate", "context", "codes"),
    [
        (CERT, ROAD, []),
        # T2 Arts. 22–23: a port case is outside 道路运输、公路路政.
        (
            CERT,
            ActContext(sector="port", sector_label="港口", regions=ROAD.regions),
            ["certificate_outside_category"],
        ),
        # T2 Arts. 22–23: a case of a Sichuan agency is outside a Zhejiang certificate.
        (
            CERT,
            ActContext(sector="road_transport", regions=frozenset({"51", "5101"})),
            ["certificate_outside_territory"],
        ),
        # No categories recorded: no act in a known sector is covered.
        (replace(CERT, sectors=frozenset()), ROAD, ["certificate_outside_category"]),
        # The issuing system's whole jurisdiction (T2 Art. 21): no territorial limit recorded.
        (replace(CERT, territory=None), ROAD, []),
        # T2 Art. 30: last reviewed 2025-05-31, so current through 2026-05-31 only.
        (replace(CERT, last_reviewed_on=date(2025, 5, 31)), None, ["certificate_review_lapsed"]),
        # Reviewed on the anniversary: still current on ON.
        (replace(CERT, last_reviewed_on=date(2025, 6, 1)), None, []),
        # Never reviewed, issued more than a year ago: lapsed.
        (replace(CERT, last_reviewed_on=None), None, ["certificate_review_lapsed"]),
        # Never reviewed but issued within the year: no review due yet.
        (replace(CERT, last_reviewed_on=None, issued_on=date(2025, 9, 1)), None, []),
    ],
)
def test_category_territory_and_annual_review(certificate, context, codes):
    result = may_act([certificate], [], ON, context)
    assert [r.code for r in result.reasons] == codes
    assert result.allowed is (not codes)


def test_review_lapse_message_names_the_day():
    lapsed = replace(CERT, last_reviewed_on=date(2025, 2, 28))
    result = may_act([lapsed], [], ON)
    assert result.message == "执法证件（证号 T100）未按期年度审验，已于2026-02-28后失效"
    assert result.reasons[0].article == "T2 Art. 30"


def test_a_second_certificate_for_the_category_lets_the_officer_act():
    port = replace(CERT, number="T101", sectors=frozenset({"port"}))
    context = ActContext(sector="port", regions=ROAD.regions)
    assert may_act([CERT, port], [], ON, context).certificate == "T101"
