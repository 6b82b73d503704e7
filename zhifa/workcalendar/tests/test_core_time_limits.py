"""The registry of statutory time limits (legal.md §A) and its §0.1 checks."""

import copy
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from chinese_calendar import constants

from zhifa.core.calendar import HOURS, NATURAL_DAYS, WORKING_DAYS, WorkingDayCalendar
from zhifa.core.errors import InvalidInput
from zhifa.core.time_limits import DATA_FILE, compute_rule, parse_registry, registry

OFFICIAL = WorkingDayCalendar.build(constants.holidays, constants.workdays, range(2004, 2027))
D = date.fromisoformat
RAW = json.loads(DATA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("code", "amount", "unit", "article"),
    [
        ("A3_preservation_decision", 7, WORKING_DAYS, "APL Art. 56, 85"),
        ("A4_seizure", 30, NATURAL_DAYS, "ACL Art. 25"),
        ("A5_emergency_measure_report", 24, HOURS, "ACL Art. 19"),
        ("A7_freeze_decision_delivery", 3, WORKING_DAYS, "ACL Art. 31, 69"),
        ("A9_onsite_decision_filing", 5, NATURAL_DAYS, "TEPP Art. 61(8)"),
        ("A10_hearing_request", 5, WORKING_DAYS, "APL Art. 64(1), 85; TEPP Art. 82"),
        ("A11_hearing_notice", 7, WORKING_DAYS, "APL Art. 64(2), 85"),
        ("A13_decision", 90, NATURAL_DAYS, "APL Art. 60"),
        ("A14_decision_service", 7, WORKING_DAYS, "APL Art. 61, 85"),
        ("A16_fine_payment", 15, NATURAL_DAYS, "APL Art. 67"),
        ("A17_cash_handover", 2, WORKING_DAYS, "APL Art. 71, 85"),
        ("A21_demand_wait", 10, WORKING_DAYS, "ACL Art. 54, 69"),
        ("A22_court_enforcement_application", 3, "months", "ACL Art. 53"),
        ("A25_suspended_execution", 3, "years", "ACL Art. 39"),
        ("A35_reconsideration_reply", 10, WORKING_DAYS, "ARL Art. 48, 88"),
        ("A37_litigation_answer", 15, NATURAL_DAYS, "ALL Art. 67"),
    ],
)
def test_registry_holds_the_spec_periods(code, amount, unit, article):
    # given the shipped registry
    rule = registry().get(code)
    # then each §A row has the spec's number, unit (per §0.1) and article
    assert (rule.current.amount, rule.current.unit) == (amount, unit)
    assert article in rule.reference


@pytest.mark.parametrize(
    ("code", "start", "due", "provisional"),
    [
        # A10: notice received Monday 2025-09-29, 5 WD across National Day.
        ("A10_hearing_request", "2025-09-29", "2025-10-13", False),
        # A16: decision received 2025-09-16, day 15 is 10/1: roll to 10/9.
        ("A16_fine_payment", "2025-09-16", "2025-10-09", False),
        # A9: on-the-spot decision 2026-02-10, day 5 is 春节: roll to 2/24.
        ("A9_onsite_decision_filing", "2026-02-10", "2026-02-24", False),
        # A11: hearing on 2025-10-14, serve the notice on 9/28 at the latest.
        ("A11_hearing_notice", "2025-10-14", "2025-09-28", False),
        # A3: preservation from 2025-01-24, 7 WD across Spring Festival 2025.
        ("A3_preservation_decision", "2025-01-24", "2025-02-10", False),
        # A10 reaching 2027: flagged.
        ("A10_hearing_request", "2026-12-28", "2027-01-05", True),
    ],
)
def test_compute_rule(code, start, due, provisional):
    # given a rule and the day its period starts
    # when its due day is computed
    result = compute_rule(OFFICIAL, registry().get(code), D(start))
    # then the day is right and the basis names the rule's article
    assert (result.due, result.provisional) == (D(due), provisional)
    assert registry().get(code).reference in result.basis


def test_hour_rule_with_a_time():
    tz = timezone(timedelta(hours=8))
    start = datetime(2026, 2, 17, 22, 0, tzinfo=tz)
    result = compute_rule(OFFICIAL, registry().get("A6_property_handover"), start)
    assert result.due == datetime(2026, 2, 18, 22, 0, tzinfo=tz)


def test_every_rule_computes_on_its_effective_date():
    # given every rule in the registry
    for rule in registry().rules:
        start = max(rule.current.effective_from, date(2024, 1, 1))
        if rule.current.unit == HOURS:
            start = datetime.combine(start, datetime.min.time())
        # when computed from a day it is in force
        result = compute_rule(OFFICIAL, rule, start)
        # then it answers with its own amount and unit
        assert (result.amount, result.unit) == (rule.current.amount, rule.current.unit), rule.code


def test_rule_not_yet_in_force():
    with pytest.raises(InvalidInput) as err:
        compute_rule(OFFICIAL, registry().get("A35_reconsideration_reply"), D("2023-12-31"))
    assert err.value.code == "calendar_rule_not_in_force"


def test_unknown_rule():
    with pytest.raises(InvalidInput) as err:
        registry().get("A99_nothing")
    assert err.value.code == "calendar_unknown_rule"


def test_non_numeric_rows_are_listed_with_a_reason():
    rows = {x.row for x in registry().not_expressible}
    assert {"A1", "A12", "A40"} <= rows


def _with(target, **changes):
    data = copy.deepcopy(RAW)
    for rule in data["rules"]:
        if rule["code"] == target:
            version = changes.pop("version", None)
            rule.update(changes)
            if version:
                rule["versions"][0].update(version)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # APL Art. 85: a 5-day APL period must be working days.
        (_with("A10_hearing_request", version={"unit": "natural_days"}), "legal.md §0.1"),
        # ACL Art. 69: 10 days or less are working days.
        (_with("A21_demand_wait", version={"unit": "natural_days"}), "legal.md §0.1"),
        # ARL Art. 88: 10 days are working days.
        (_with("A35_reconsideration_reply", version={"unit": "natural_days"}), "legal.md §0.1"),
        # APL 15 days are natural days.
        (_with("A16_fine_payment", version={"unit": "working_days"}), "legal.md §0.1"),
        (_with("A16_fine_payment", version={"unit": "weeks"}), "unknown unit"),
        (_with("A16_fine_payment", version={"amount": 0}), "at least 1"),
        (_with("A16_fine_payment", version={"amount": "15"}), "integer"),
        (_with("A16_fine_payment", reference=""), "reference is required"),
        (_with("A16_fine_payment", code="A10_hearing_request"), "twice"),
        (_with("A16_fine_payment", code="fine"), "must look like"),
        (_with("A16_fine_payment", row="A15"), "must start with its row"),
        (_with("A16_fine_payment", direction="sideways"), "direction"),
        (_with("A16_fine_payment", direction="before"), "working days only"),
        (_with("A16_fine_payment", versions=[]), "at least one version"),
    ],
)
def test_bad_data_fails_at_load(data, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_registry(data)


def test_versions_pick_the_one_in_force():
    # given a rule whose period changed (a made-up later version, for the mechanism only)
    data = _with("A16_fine_payment")
    for rule in data["rules"]:
        if rule["code"] == "A16_fine_payment":
            later = {"effective_from": "2030-01-01", "amount": 20, "unit": "natural_days"}
            rule["versions"].append(later)
    rule = parse_registry(data).get("A16_fine_payment")
    # then each start day uses the version in force that day
    assert rule.version_on(D("2029-12-31")).amount == 15
    assert rule.version_on(D("2030-01-01")).amount == 20
