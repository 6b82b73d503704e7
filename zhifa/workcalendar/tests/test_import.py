"""Importing a year's State Council notice from CSV: all or nothing, every bad row named."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from zhifa import testing
from zhifa.core.errors import PermissionDenied
from zhifa.records.models import JournalEntry
from zhifa.workcalendar import selectors, services
from zhifa.workcalendar.errors import CalendarFileInvalid, CalendarYearExists
from zhifa.workcalendar.models import CalendarYear, WorkCalendar
from zhifa.workcalendar.seed import package_years

pytestmark = pytest.mark.django_db

SOURCE = "国务院办公厅关于2027年部分节假日安排的通知（测试数据）"
GOOD = """date,kind,name
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,休,春节
2027-02-08,放假,春节
2027-02-14,workday,春节
2027-09-26,班,国庆节
"""


def imported_journal(year):
    return JournalEntry.objects.filter(event_type="calendar.year_imported", subject_id=str(year))


def test_migration_seeded_every_package_year():
    # given a migrated database
    # then every year of the chinesecalendar package is there, day for day
    package = package_years()
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= set(package)
    assert WorkCalendar.objects.filter(year_id__in=package).count() == sum(
        len(days) for days in package.values()
    )
    spring = WorkCalendar.objects.get(date=date(2025, 1, 28))
    assert (spring.is_workday, spring.name) == (False, "春节")
    assert WorkCalendar.objects.get(date=date(2025, 2, 8)).is_workday is True


def test_good_file_is_imported_and_journaled(sysadmin):
    # given a good notice file for 2027
    # when the system administrator imports it
    row = services.import_calendar_csv(
        content=GOOD.encode(), year=2027, source=SOURCE, actor=sysadmin
    )
    # then the days are stored, the calendar uses them and one journal entry records it
    assert row.source == SOURCE and row.imported_by == sysadmin
    assert row.days.filter(is_workday=False).count() == 4
    assert row.days.filter(is_workday=True).count() == 2
    assert selectors.national_calendar().is_working_day(date(2027, 2, 14)) == (True, False)
    assert selectors.national_calendar().is_working_day(date(2027, 2, 8)) == (False, False)
    [entry] = imported_journal(2027)
    assert entry.actor == sysadmin
    assert '"2027-02-14"' in entry.payload and "file_sha256" in entry.payload


def test_deadline_stops_being_provisional_once_the_year_is_imported(sysadmin):
    # given a 5-working-day period ending in 2027
    before = selectors.compute_deadline(date(2026, 12, 28), 5, "working_days")
    assert before.provisional
    # when 2027 is imported
    services.import_calendar_csv(content=GOOD, year=2027, source=SOURCE, actor=sysadmin)
    # then the same deadline is final
    after = selectors.compute_deadline(date(2026, 12, 28), 5, "working_days")
    assert (after.due, after.provisional) == (date(2027, 1, 5), False)


def test_gbk_file_from_excel_with_slashed_dates(sysadmin):
    content = "日期,类型,名称\r\n2027/1/1,休,元旦\r\n2027/2/14,班,春节\r\n".encode("gb18030")
    row = services.import_calendar_csv(content=content, year=2027, source=SOURCE, actor=sysadmin)
    assert row.days.count() == 2


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("2027-13-01,holiday,坏日期", "无法识别"),
        ("20270101,holiday,坏日期", "无法识别"),
        ("2026-12-31,holiday,上一年", "不在 2027 年内"),
        ("2027-03-01,vacation,未知类型", "类型“vacation”无法识别"),
        ("2027-01-01,holiday,重复", "与第 2 行重复"),
        ("2027-03-03,workday,周三", "星期三，本就是工作日"),
        ("2027-03-03,holiday,太长" + "长" * 70, "名称过长"),
        ("2027-03-03", "应有 3 列"),
        ("2027-03-03,holiday,a,b", "应有 3 列"),
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(sysadmin, line, reason):
    # given a file whose third line is bad (line 2 is good)
    content = f"date,kind,name\n2027-01-01,holiday,元旦\n{line}\n"
    # when it is imported
    with pytest.raises(CalendarFileInvalid) as err:
        services.import_calendar_csv(content=content, year=2027, source=SOURCE, actor=sysadmin)
    # then the bad line is named with its reason, and nothing at all was written
    [error] = err.value.details["errors"]
    assert error["line"] == 3
    assert reason in error["reason"]
    assert err.value.code == "calendar_file_invalid"
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not imported_journal(2027).exists()


def test_a_holiday_on_a_weekend_is_fine(sysadmin):
    content = "date,kind,name\n2027-01-02,holiday,元旦\n"
    assert (
        services.import_calendar_csv(
            content=content, year=2027, source=SOURCE, actor=sysadmin
        ).days.count()
        == 1
    )


def test_every_bad_row_is_reported_at_once(sysadmin):
    content = "date,kind,name\nxx,holiday,a\n2027-01-04,workday,b\n2027-01-05,??,c\n"
    with pytest.raises(CalendarFileInvalid) as err:
        services.import_calendar_csv(content=content, year=2027, source=SOURCE, actor=sysadmin)
    assert [e["line"] for e in err.value.details["errors"]] == [2, 3, 4]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "没有任何日期"),
        ("# only a comment\n", "没有任何日期"),
        ("2027-01-01,holiday,元旦\n", "表头"),
        (b"x" * (64 * 1024 + 1), "文件过大"),
    ],
)
def test_bad_files(sysadmin, content, reason):
    with pytest.raises(CalendarFileInvalid) as err:
        services.import_calendar_csv(content=content, year=2027, source=SOURCE, actor=sysadmin)
    assert reason in str(err.value.details["errors"])


def test_replacing_a_year_needs_replace(sysadmin):
    # given 2027 imported once
    services.import_calendar_csv(content=GOOD, year=2027, source=SOURCE, actor=sysadmin)
    # when it is imported again without replace, it is refused
    smaller = "date,kind,name\n2027-01-01,holiday,元旦\n"
    with pytest.raises(CalendarYearExists):
        services.import_calendar_csv(content=smaller, year=2027, source="第二版", actor=sysadmin)
    assert WorkCalendar.objects.filter(year_id=2027).count() == 6
    # and with replace, the old days are gone and the journal says what was replaced
    services.import_calendar_csv(
        content=smaller, year=2027, source="第二版", actor=sysadmin, replace=True
    )
    assert list(WorkCalendar.objects.filter(year_id=2027).values_list("date", flat=True)) == [
        date(2027, 1, 1)
    ]
    assert CalendarYear.objects.get(year=2027).source == "第二版"
    latest = imported_journal(2027).order_by("seq").last()
    assert '"replaced":{' in latest.payload and SOURCE in latest.payload
    assert imported_journal(2027).count() == 2


def test_replace_of_a_seeded_year_fixes_a_day(sysadmin):
    # given 2026 seeded from the package; an agency learns of a correction
    content = "date,kind,name\n2026-10-01,holiday,国庆节\n"
    services.import_calendar_csv(
        content=content, year=2026, source="更正", actor=sysadmin, replace=True
    )
    assert WorkCalendar.objects.filter(year_id=2026).count() == 1


@pytest.mark.parametrize("role", [None, "security", "audit"])
def test_only_the_system_administrator_imports(world, role):
    actor = (
        testing.make_user(world.hangzhou, roles=("agency_head",))
        if role is None
        else testing.make_user(world.ministry, admin_role=role)
    )
    with pytest.raises(PermissionDenied):
        services.import_calendar_csv(content=GOOD, year=2027, source=SOURCE, actor=actor)
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"source": "  "}, "calendar_source_required"),
        ({"source": "x" * 256}, "calendar_source_too_long"),
        ({"year": 1800}, "calendar_bad_year"),
    ],
)
def test_bad_parameters(sysadmin, kwargs, code):
    params = {"content": GOOD, "year": 2027, "source": SOURCE, "actor": sysadmin, **kwargs}
    with pytest.raises(Exception) as err:
        services.import_calendar_csv(**params)
    assert err.value.code == code


# --- commands ----------------------------------------------------------------------------------


def test_import_command(tmp_path, capsys):
    path = tmp_path / "notice.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_calendar", str(path), "--year", "2027", "--source", SOURCE)
    assert "放假 4 天，调休上班 2 天" in capsys.readouterr().out
    assert imported_journal(2027).get().actor is None
    with pytest.raises(CommandError, match="--replace"):
        call_command("import_calendar", str(path), "--year", "2027", "--source", SOURCE)
    call_command("import_calendar", str(path), "--year", "2027", "--source", SOURCE, "--replace")


def test_import_command_lists_bad_lines(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,kind,name\n2027-01-04,workday,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        call_command("import_calendar", str(path), "--year", "2027", "--source", SOURCE)
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command(
            "import_calendar", str(tmp_path / "missing.csv"), "--year", "2027", "--source", SOURCE
        )


def test_the_shipped_example_file_imports():
    from pathlib import Path

    example = Path(services.__file__).parent / "data" / "example-2027.csv"
    assert "不是官方数据" in example.read_text(encoding="utf-8")
    row = services.import_calendar_csv(content=example.read_bytes(), year=2027, source="示例")
    assert row.days.count() == 21


def test_seed_calendar_is_idempotent_and_journals_what_it_adds(capsys):
    # given the seeded database with one year removed
    WorkCalendar.objects.filter(year_id=2015).delete()
    CalendarYear.objects.filter(year=2015).delete()
    # when seeding runs twice
    call_command("seed_calendar")
    call_command("seed_calendar")
    # then 2015 is back once, journaled once
    out = capsys.readouterr().out
    assert "已载入 1 个年度：2015" in out and "无需载入" in out
    assert WorkCalendar.objects.filter(year_id=2015).count() == len(package_years()[2015])
    assert imported_journal(2015).count() == 1
