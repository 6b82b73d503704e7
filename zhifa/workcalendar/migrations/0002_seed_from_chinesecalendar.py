"""Seed the national calendar with every State Council holiday notice the `chinesecalendar`
package records (2004 onward), so every database, test databases included, starts with it.

Later package releases with new years are loaded with `manage.py seed_calendar` (journaled).
Rows are written through the historical models; the journal does not exist yet at this point of
the migration graph, so these seeded years carry no journal entry (`imported_by` is empty and
`source` names the package).
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from zhifa.workcalendar.seed import package_years, source_for

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    WorkCalendar = apps.get_model("workcalendar", "WorkCalendar")
    now = timezone.now()
    present = set(CalendarYear.objects.values_list("year", flat=True))
    for year, days in package_years().items():
        if year in present:
            continue
        row = CalendarYear.objects.create(year=year, source=source_for(year), imported_at=now)
        WorkCalendar.objects.bulk_create(
            WorkCalendar(date=day, is_workday=is_workday, name=name, year=row)
            for day, is_workday, name in days
        )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    WorkCalendar = apps.get_model("workcalendar", "WorkCalendar")
    seeded = CalendarYear.objects.filter(imported_by__isnull=True, source__contains="chinesecalendar")
    WorkCalendar.objects.filter(year__in=seeded).delete()
    seeded.delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_calendar_tables")]

    operations = [migrations.RunPython(seed, unseed)]
