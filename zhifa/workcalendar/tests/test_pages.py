"""The /calendar/ page, its htmx calculator, and the admin import page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa import testing
from zhifa.records.models import JournalEntry
from zhifa.workcalendar.models import CalendarYear

PAGE = "/calendar/"
PARTIAL = "/calendar/deadline/"
IMPORT = "/admin/workcalendar/calendaryear/import/"


def test_page_needs_sign_in(client, db):
    assert client.get(PAGE).status_code == 302


def test_page_lists_a_year(login, officer):
    # when an officer opens 2025
    html = login(officer).get(PAGE, {"year": 2025}).content.decode()
    # then holidays and make-up days are listed with the notice they come from
    assert "2025-01-28" in html and "2025-02-08" in html and "春节" in html
    assert "2025年部分节假日安排" in html
    assert IMPORT not in html  # no import link for a business user


def test_page_for_an_unpublished_year_says_so(login, officer):
    html = login(officer).get(PAGE, {"year": 2027}).content.decode()
    assert "尚未导入" in html and "临时结果" in html


@pytest.mark.parametrize("year", ["abc", "99999", "-5"])
def test_page_with_odd_year_does_not_fail(login, officer, year):
    assert login(officer).get(PAGE, {"year": year}).status_code == 200


def test_calculator_partial(login, officer):
    client = login(officer)
    html = client.get(PARTIAL, {"start": "2025-09-16", "rule": "A16_fine_payment"}).content.decode()
    assert (
        "2025-10-09" in html
        and "已顺延" in html
        and "《中华人民共和国行政处罚法》第六十七条" in html
    )
    assert "临时结果" not in html


def test_calculator_partial_flags_provisional(login, officer):
    html = (
        login(officer)
        .get(PARTIAL, {"start": "2026-12-28", "amount": 5, "unit": "working_days"})
        .content.decode()
    )
    assert "2027-01-05" in html and 'class="badge warn"' in html and "临时结果" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2025-02-30", "amount": 5, "unit": "working_days"}, "日期格式有误"),
        ({"start": "2025-01-01", "unit": "working_days"}, "请选择法定期限"),
        ({"start": "2025-01-01", "amount": 99999, "unit": "working_days"}, "期限数值应在"),
        ({"start": "2025-01-01", "amount": 5, "unit": "weeks"}, "weeks"),
        ({"start": "2025-01-01", "rule": "A99_x"}, "A99_x"),
        ({"start": "2025-01-01", "rule": "A5_emergency_measure_report"}, "起算时刻"),
    ],
)
def test_calculator_partial_shows_errors(login, officer, params, message):
    response = login(officer).get(PARTIAL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and message in html


def test_system_admin_sees_import_link(login, sysadmin):
    assert IMPORT in login(sysadmin).get(PAGE).content.decode()


# --- admin import ------------------------------------------------------------------------------


def _post(client, content, year=2027, **extra):
    upload = SimpleUploadedFile("notice.csv", content.encode("utf-8"), content_type="text/csv")
    return client.post(IMPORT, {"year": year, "source": "测试通知", "file": upload, **extra})


def test_admin_import_good_file(login, sysadmin):
    client = login(sysadmin)
    assert client.get(IMPORT).status_code == 200
    response = _post(client, "date,kind,name\n2027-01-01,休,元旦\n2027-02-14,班,春节\n")
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).days.count() == 2
    assert JournalEntry.objects.filter(event_type="calendar.year_imported").count() == 1
    assert "导入年度放假安排" in client.get("/admin/workcalendar/calendaryear/").content.decode()
    assert client.get("/admin/workcalendar/calendaryear/2027/change/").status_code == 200


def test_admin_import_bad_file_lists_lines(login, sysadmin):
    response = _post(login(sysadmin), "date,kind,name\n2027-01-04,workday,x\n2026-05-01,休,y\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "星期一，本就是工作日" in html and "不在 2027 年内" in html
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_admin_import_existing_year_needs_replace(login, sysadmin):
    client = login(sysadmin)
    html = _post(client, "date,kind,name\n2026-10-01,休,国庆节\n", year=2026).content.decode()
    assert "已导入" in html
    assert (
        _post(client, "date,kind,name\n2026-10-01,休,国庆节\n", year=2026, replace="on").status_code
        == 302
    )
    assert CalendarYear.objects.get(year=2026).days.count() == 1


@pytest.mark.parametrize("admin_role", ["security", "audit"])
def test_other_admins_read_but_do_not_import(world, login, admin_role):
    client = login(testing.make_user(world.ministry, admin_role=admin_role))
    assert client.get("/admin/workcalendar/calendaryear/").status_code == 200
    assert client.get(IMPORT).status_code == 403
    assert _post(client, "date,kind,name\n2027-01-01,休,元旦\n").status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_business_users_have_no_admin(login, officer):
    assert login(officer).get(IMPORT).status_code == 302  # to the admin login
