"""The calendar API: due dates, a year's special days, the rules; bad input gets a stable code."""

from datetime import date

import pytest

from zhifa.workcalendar import services

URL = "/api/v1/calendar/deadline"


@pytest.fixture
def api(login, officer):
    return login(officer)


@pytest.mark.parametrize(
    ("params", "due", "provisional", "rolled"),
    [
        # A10: 5 working days across National Day 2025 (APL Art. 64(1), 85).
        ({"start": "2025-09-29", "amount": 5, "unit": "working_days"}, "2025-10-13", False, False),
        ({"start": "2025-09-29", "rule": "A10_hearing_request"}, "2025-10-13", False, False),
        # A16: 15 days to pay, day 15 is 2025-10-01: rolled to 10/9 (TEPP Art. 17).
        ({"start": "2025-09-16", "rule": "A16_fine_payment"}, "2025-10-09", False, True),
        ({"start": "2025-01-31", "amount": 1, "unit": "months"}, "2025-02-28", False, False),
        # Into 2027, which has no notice: provisional but a sane date.
        ({"start": "2026-12-28", "amount": 5, "unit": "working_days"}, "2027-01-05", True, False),
        ({"start": "2026-12-28", "rule": "A10_hearing_request"}, "2027-01-05", True, False),
        # A11: hearing 2025-10-14, serve the notice by 9/28.
        ({"start": "2025-10-14", "rule": "A11_hearing_notice"}, "2025-09-28", False, False),
    ],
)
def test_deadline(api, params, due, provisional, rolled):
    # given a signed-in user
    # when a due date is asked for
    response = api.get(URL, params)
    # then it is computed on the national calendar and explains itself
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["due"], body["provisional"], body["rolled_forward"]) == (due, provisional, rolled)
    assert body["basis"]
    if "rule" in params:
        assert body["rule"] == params["rule"] and body["reference"]
    if provisional:
        assert body["provisional_years"] == [2027] and "临时" in body["basis"]


def test_hours_with_a_time(api):
    body = api.get(URL, {"start": "2025-10-01T08:30", "rule": "A5_emergency_measure_report"}).json()
    assert body["due"].startswith("2025-10-02T08:30") and body["due"].endswith("+08:00")
    assert body["provisional"] is False


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"start": "2025-13-01", "amount": 5, "unit": "working_days"}, "calendar_bad_date"),
        ({"start": "yesterday", "amount": 5, "unit": "working_days"}, "calendar_bad_date"),
        ({"start": "", "amount": 5, "unit": "working_days"}, "calendar_bad_date"),
        (
            {"start": "1800-01-01", "amount": 5, "unit": "working_days"},
            "calendar_date_out_of_range",
        ),
        (
            {"start": "2025-01-01", "amount": -1, "unit": "working_days"},
            "calendar_amount_out_of_range",
        ),
        (
            {"start": "2025-01-01", "amount": 0, "unit": "natural_days"},
            "calendar_amount_out_of_range",
        ),
        (
            {"start": "2025-01-01", "amount": 10**12, "unit": "natural_days"},
            "calendar_amount_out_of_range",
        ),
        ({"start": "2025-01-01", "amount": "five", "unit": "working_days"}, "invalid_input"),
        ({"start": "2025-01-01", "amount": 5, "unit": "weeks"}, "calendar_unknown_unit"),
        ({"start": "2025-01-01", "amount": 5}, "calendar_amount_required"),
        ({"start": "2025-01-01"}, "calendar_amount_required"),
        ({"start": "2025-01-01", "rule": "A99_nothing"}, "calendar_unknown_rule"),
        (
            {"start": "2025-01-01", "rule": "A10_hearing_request", "amount": 5},
            "calendar_rule_or_amount",
        ),
        ({"start": "2020-01-01", "rule": "A10_hearing_request"}, "calendar_rule_not_in_force"),
        (
            {"start": "2025-01-01", "rule": "A5_emergency_measure_report"},
            "calendar_start_needs_time",
        ),
        ({"amount": 5, "unit": "working_days"}, "invalid_input"),
    ],
)
def test_bad_input_gets_a_stable_code(api, params, code):
    # when
    response = api.get(URL, params)
    # then: 422, the stable code and a Chinese message, never a 500
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])


def test_days_of_a_published_year(api):
    body = api.get("/api/v1/calendar/days", {"year": 2026}).json()
    assert body["published"] is True and "2026年部分节假日安排" in body["source"]
    days = {d["date"]: (d["kind"], d["name"]) for d in body["days"]}
    assert days["2026-10-01"] == ("holiday", "国庆节")
    assert days["2026-09-20"] == ("workday", "国庆节")
    assert days["2026-02-14"] == ("workday", "春节")


def test_days_of_an_unpublished_year(api):
    body = api.get("/api/v1/calendar/days", {"year": 2027}).json()
    assert (body["published"], body["days"]) == (False, [])


def test_days_after_an_import(api, sysadmin):
    services.import_calendar_csv(
        content="date,kind,name\n2027-01-01,休,元旦\n", year=2027, source="测试", actor=sysadmin
    )
    body = api.get("/api/v1/calendar/days", {"year": 2027}).json()
    assert body["published"] is True
    assert body["days"] == [{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}]
    assert (
        api.get(URL, {"start": "2026-12-28", "amount": 5, "unit": "working_days"}).json()[
            "provisional"
        ]
        is False
    )


@pytest.mark.parametrize(("year", "code"), [(1800, "calendar_bad_year"), ("abc", "invalid_input")])
def test_days_bad_year(api, year, code):
    response = api.get("/api/v1/calendar/days", {"year": year})
    assert (response.status_code, response.json()["code"]) == (422, code)


def test_rules(api):
    body = api.get("/api/v1/calendar/rules").json()
    rules = {r["code"]: r for r in body}
    assert rules["A10_hearing_request"]["unit"] == "working_days"
    assert rules["A10_hearing_request"]["reference"] == "APL Art. 64(1), 85; TEPP Art. 82"
    assert rules["A9_onsite_decision_filing"]["interpretation"] is True
    assert rules["A11_hearing_notice"]["direction"] == "before"


@pytest.mark.parametrize(
    "path",
    [
        URL + "?start=2025-01-01&amount=1&unit=working_days",
        "/api/v1/calendar/days?year=2026",
        "/api/v1/calendar/rules",
    ],
)
def test_anonymous_is_refused(client, path):
    response = client.get(path)
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


@pytest.mark.parametrize("role", ["officer", "agency_head", "supervisor"])
def test_any_signed_in_user_may_call(world, login, role):
    from zhifa import testing

    user = testing.make_user(world.chengdu, roles=(role,))
    response = login(user).get(URL, {"start": "2025-09-29", "rule": "A10_hearing_request"})
    assert response.status_code == 200
    assert response.json()["due"] == date(2025, 10, 13).isoformat()


def test_admins_may_call_too(login, sysadmin):
    assert login(sysadmin).get("/api/v1/calendar/rules").status_code == 200


def test_deadline_basis_also_in_chinese_citations(api):
    # the machine text keeps the references; basis_zh is what a person reads (issue #8 point 5)
    body = api.get(URL, {"start": "2025-09-16", "rule": "A16_fine_payment"}).json()
    assert "APL Art. 67" in body["reference"]
    assert "《中华人民共和国行政处罚法》第六十七条" in body["basis_zh"]
    assert "Art." not in body["basis_zh"]
