"""Table tests of the pure rules (zhifa/measures/rules.py), one row per legal case with its article.

The calendar is the official one (State Council notices via `chinesecalendar`), as the app seeds
it. 2026: Mid-Autumn 25–27 Sept, National Day 1–7 Oct, make-up working days Sun 20 Sept and
Sat 10 Oct; Qingming 4–6 Apr; Labour Day 1–5 May.
"""

from datetime import date, datetime, timedelta, timezone

import pytest
from chinese_calendar import constants

from zhifa.core.calendar import WorkingDayCalendar
from zhifa.measures import rules
from zhifa.measures.rules import Custody, Disposal, Pause

CAL = WorkingDayCalendar.build(constants.holidays, constants.workdays, range(2004, 2027))
D = date.fromisoformat
CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("start", "due", "why"),
    [
        ("2026-09-29", "2026-10-14", "across National Day: 9/30, 10/8, 10/9, Sat 10/10, 10/12–14"),
        ("2026-09-24", "2026-10-12", "across Mid-Autumn and National Day (make-up Sat 10/10)"),
        ("2026-03-02", "2026-03-11", "an ordinary fortnight: weekends skipped"),
        ("2026-06-05", "2026-06-16", "Dragon Boat holiday 6/19 not reached"),
        ("2026-09-20", "2026-09-30", "start on a make-up Sunday: the start day is not counted"),
    ],
)
def test_preservation_decision_is_due_after_seven_working_days(start, due, why):
    # APL Art. 56, Art. 85 (working days); TEPP Arts. 17, 45
    # given / when
    result = rules.preservation_due(CAL, D(start))
    # then
    assert result.due == D(due), why
    assert result.unit == "working_days" and result.amount == 7
    assert "TEPP Art. 45" in result.basis


def test_preservation_over_national_day_is_not_seven_natural_days():
    # given a preservation begun the Tuesday before National Day 2026
    start = D("2026-09-29")
    # when
    due = rules.preservation_due(CAL, start).due
    # then seven natural days would end on 6 Oct, in the holiday; the law counts working days
    assert due != start + timedelta(days=7)
    assert due == D("2026-10-14")


@pytest.mark.parametrize(
    ("as_of", "lapsed", "why"),
    [
        ("2026-10-13", False, "before the due day"),
        ("2026-10-14", False, "the due day itself is still on time (TEPP Art. 17)"),
        ("2026-10-15", True, "the day after: lapsed by itself (TEPP Art. 45)"),
    ],
)
def test_preservation_lapses_the_day_after_its_due_day(as_of, lapsed, why):
    assert rules.preservation_lapsed(D("2026-10-14"), D(as_of)) is lapsed, why


@pytest.mark.parametrize(
    ("start", "pauses", "extension", "due", "excluded", "why"),
    [
        ("2026-03-02", [], 0, "2026-04-01", 0, "30 natural days (ACL Art. 25)"),
        ("2026-09-10", [], 0, "2026-10-10", 0, "ends on the make-up Saturday, a working day"),
        ("2026-09-05", [], 0, "2026-10-08", 0, "ends on 5 Oct (holiday): rolls to 8 Oct (Art. 17)"),
        ("2026-03-02", [], 30, "2026-05-06", 0, "extended once by 30: 1 May rolls to 6 May"),
        ("2026-03-02", [], 10, "2026-04-13", 0, "extended by 10 days (at most 30)"),
        (
            "2026-03-02",
            [("2026-03-10", "2026-03-14")],
            0,
            "2026-04-07",
            5,
            "5 appraisal days excluded; 6 Apr (Qingming) rolls to 7 Apr",
        ),
        (
            "2026-03-02",
            [("2026-03-10", "2026-03-14"), ("2026-03-12", "2026-03-16")],
            0,
            "2026-04-08",
            7,
            "overlapping notices exclude each day once",
        ),
        (
            "2026-03-02",
            [("2026-03-02", "2026-03-04")],
            0,
            "2026-04-03",
            2,
            "the day of seizure is never counted, so a pause on it excludes nothing more",
        ),
        (
            "2026-03-02",
            [("2026-03-10", "2026-03-14")],
            30,
            "2026-05-06",
            5,
            "extension and appraisal together: 65 days",
        ),
    ],
)
def test_seizure_term(start, pauses, extension, due, excluded, why):
    # ACL Art. 25; TEPP Arts. 17, 56
    # given
    windows = [Pause(D(a), D(b)) for a, b in pauses]
    # when
    term = rules.measure_term(CAL, D(start), pauses=windows, extension_days=extension)
    # then
    assert term.due.due == D(due), why
    assert term.excluded_days == excluded
    assert term.total_days == 30 + extension + excluded
    assert "ACL Art. 25" in term.due.basis


@pytest.mark.parametrize(
    ("already", "days", "as_of", "reason", "codes", "why"),
    [
        (False, 30, "2026-03-30", "案情复杂", [], "first extension of 30 days before the end"),
        (False, 1, "2026-04-01", "案情复杂", [], "on the last day of the period"),
        (True, 10, "2026-03-30", "案情复杂", ["extension_limit_reached"], "a second extension"),
        (False, 31, "2026-03-30", "案情复杂", ["extension_days_invalid"], "more than 30 days"),
        (False, 0, "2026-03-30", "案情复杂", ["extension_days_invalid"], "zero days"),
        (False, 30, "2026-04-02", "案情复杂", ["measure_period_expired"], "after the period"),
        (False, 30, "2026-03-30", "  ", ["extension_reason_required"], "no reason given"),
    ],
)
def test_extension_refusals(already, days, as_of, reason, codes, why):
    # ACL Art. 25 para 1–2; TEPP Art. 56
    refusals = rules.extension_refusals(
        start=D("2026-03-02"),
        as_of=D(as_of),
        current_due=D("2026-04-01"),
        already_extended=already,
        days=days,
        reason=reason,
    )
    assert [r.code for r in refusals] == codes, why


@pytest.mark.parametrize(
    ("pause", "notice", "codes", "why"),
    [
        (("2026-03-10", "2026-03-14"), "2026-03-10", [], "fixed, inside the period, notified"),
        (("2026-03-10", "2026-03-14"), None, ["pause_notice_required"], "not notified in writing"),
        (("2026-03-14", "2026-03-10"), "2026-03-10", ["pause_dates_invalid"], "ends before start"),
        (("2026-04-02", "2026-04-05"), "2026-04-02", ["pause_outside_period"], "after the end"),
        (("2026-03-01", "2026-03-05"), "2026-03-01", ["pause_outside_period"], "before seizure"),
    ],
)
def test_pause_refusals(pause, notice, codes, why):
    # ACL Art. 25 para 3
    refusals = rules.pause_refusals(
        start=D("2026-03-02"),
        current_due=D("2026-04-01"),
        pause=Pause(D(pause[0]), D(pause[1])),
        notice_served_on=D(notice) if notice else None,
    )
    assert [r.code for r in refusals] == codes, why


@pytest.mark.parametrize(
    ("taken_at", "due_at", "why"),
    [
        (
            datetime(2026, 9, 30, 20, 0, tzinfo=CST),
            datetime(2026, 10, 1, 20, 0, tzinfo=CST),
            "24 clock hours into a holiday: no roll-forward (ACL Art. 19)",
        ),
        (
            datetime(2026, 3, 6, 23, 30, tzinfo=CST),
            datetime(2026, 3, 7, 23, 30, tzinfo=CST),
            "Friday night to Saturday night",
        ),
    ],
)
def test_emergency_report_due_in_24_hours(taken_at, due_at, why):
    # ACL Art. 19; TEPP Art. 55
    due = rules.emergency_report_due(CAL, taken_at)
    assert due.due == due_at, why
    assert rules.on_time(due.due, due_at)
    assert not rules.on_time(due.due, due_at + timedelta(seconds=1))


def test_property_handover_due_in_24_hours():
    # TEPP Art. 127
    taken = datetime(2026, 10, 1, 9, 30, tzinfo=CST)
    assert rules.handover_due(CAL, taken).due == datetime(2026, 10, 2, 9, 30, tzinfo=CST)


@pytest.mark.parametrize(
    ("officers", "signed", "refused", "witness", "codes", "why"),
    [
        (2, True, False, "", [], "two officers and the party sign"),
        (2, False, True, "村委会 王某", [], "party refuses; a witness signs (ACL Art. 18(8)–(9))"),
        (1, True, False, "", ["officers_required"], "one officer only (APL Art. 42)"),
        (2, False, False, "", ["party_signature_required"], "nobody for the party"),
        (2, False, True, " ", ["witness_required"], "refusal without a witness"),
        (2, True, True, "", ["signature_contradiction"], "signed and refused at once"),
    ],
)
def test_signature_refusals(officers, signed, refused, witness, codes, why):
    # ACL Art. 18; TEPP Arts. 35, 44, 54
    refusals = rules.signature_refusals(
        officers_signed=officers,
        party_signed=signed,
        party_refused=refused,
        witness=witness,
        document="证据登记保存清单",
        article="TEPP Art. 44",
    )
    assert [r.code for r in refusals] == codes, why


@pytest.mark.parametrize(
    ("kind", "custody", "perishable", "notice", "decided", "codes", "why"),
    [
        (Disposal.RETURN, Custody.WITH_CUSTODIAN, False, False, False, [], "return on release"),
        (
            Disposal.AUCTION,
            Custody.WITH_CUSTODIAN,
            True,
            False,
            False,
            [],
            "perishables (Art. 128)",
        ),
        (
            Disposal.AUCTION,
            Custody.WITH_CUSTODIAN,
            False,
            False,
            False,
            ["auction_not_allowed"],
            "durable goods may not be sold before a decision",
        ),
        (Disposal.AUCTION, Custody.WITH_CUSTODIAN, False, True, False, [], "unclaimed (Art. 129)"),
        (Disposal.CONFISCATE, Custody.WITH_CUSTODIAN, False, False, True, [], "under a decision"),
        (
            Disposal.CONFISCATE,
            Custody.WITH_CUSTODIAN,
            False,
            False,
            False,
            ["penalty_decision_required"],
            "no penalty decision (ACL Art. 27)",
        ),
        (Disposal.TREASURY, Custody.CONFISCATED, False, False, True, [], "confiscated goods"),
        (
            Disposal.TREASURY,
            Custody.WITH_CUSTODIAN,
            False,
            False,
            False,
            ["treasury_not_allowed"],
            "the party's goods cannot go to the treasury",
        ),
        (Disposal.TREASURY, Custody.WITH_CUSTODIAN, False, True, False, [], "unclaimed goods"),
        (Disposal.DESTROY, Custody.CONFISCATED, False, False, True, [], "law orders destruction"),
        (
            Disposal.DESTROY,
            Custody.WITH_CUSTODIAN,
            False,
            False,
            True,
            ["disposal_not_allowed_in_state"],
            "destroy only what was confiscated",
        ),
        (
            Disposal.RETURN,
            Custody.DISPOSED,
            False,
            False,
            False,
            ["disposal_not_allowed_in_state"],
            "a disposed item cannot be disposed again",
        ),
        ("burn", Custody.WITH_CUSTODIAN, False, False, False, ["disposal_kind_unknown"], "?"),
    ],
)
def test_disposal_refusals(kind, custody, perishable, notice, decided, codes, why):
    # TEPP Arts. 124–129; ACL Arts. 27–28, 49
    refusals = rules.disposal_refusals(
        kind,
        custody=custody,
        perishable=perishable,
        unclaimed_notice=notice,
        penalty_decided=decided,
    )
    assert [r.code for r in refusals] == codes, why


@pytest.mark.parametrize(
    ("state", "open_"),
    [
        ("lead", True),
        ("investigation", True),
        ("notified", True),
        ("decided_penalty", False),
        ("closed", False),
        ("not_filed", False),
    ],
)
def test_measures_only_while_the_case_is_investigated(state, open_):
    # APL Art. 56; ACL Art. 16
    assert rules.case_open_for_measures(state) is open_


def test_rules_import_no_django():
    # style.md item 4: pure rules, no Django
    import ast
    import inspect

    modules = []
    for node in ast.walk(ast.parse(inspect.getsource(rules))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules.append(node.module or "")
    assert modules
    assert not [m for m in modules if m.split(".")[0] == "django"]
