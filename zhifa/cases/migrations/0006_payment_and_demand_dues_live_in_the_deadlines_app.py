"""Issue 9, defect 8 (one source of truth): the payment due (APL Art. 67) and the demand's wait
(ACL Art. 54) are the deadlines app's A16 and A21 rows; the case's copies go.

Every case made through the services already has those rows. For a case whose copy has no row
(data entered before the deadlines app held them), the copy becomes a row first, open while the
case still waits for it and closed otherwise, so no date is lost. Backwards, the rows fill the
copies again."""

from django.db import migrations, models
from django.utils import timezone

DUES = (
    # field, deadline code, title, basis, the case state in which the deadline still runs
    ("payment_due", "A16_fine_payment", "缴纳罚款期限", "APL Art. 67", "awaiting_performance"),
    ("demand_wait_ends", "A21_demand_wait", "催告履行期限", "ACL Arts. 35, 54", "demand_issued"),
)


def copies_to_rows(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("deadlines", "Deadline")
    now = timezone.now()
    for field, code, title, basis, running_in in DUES:
        for case in Case.objects.exclude(**{f"{field}__isnull": True}).iterator():
            rows = Deadline.objects.filter(
                subject_type="cases.case", subject_id=str(case.pk), code=code
            )
            if rows.exists():
                continue  # the row is the truth; the copy only repeated it
            due = getattr(case, field)
            running = case.state == running_in
            Deadline.objects.create(
                subject_type="cases.case",
                subject_id=str(case.pk),
                agency_id=case.agency_id,
                code=code,
                title=title,
                basis=basis,
                start=due,
                due=due,
                original_due=due,
                state="open" if running else "met",
                closed_at=None if running else now,
                close_reason="" if running else "migrated",
            )


def rows_to_copies(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("deadlines", "Deadline")
    for field, code, *_ in DUES:
        for row in Deadline.objects.filter(subject_type="cases.case", code=code).order_by(
            "opened_at", "id"
        ):
            Case.objects.filter(pk=int(row.subject_id)).update(**{field: row.due})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_deadlines_live_in_the_deadlines_app"),
        ("deadlines", "0001_deadline_tables"),
    ]

    operations = [
        migrations.RunPython(copies_to_rows, rows_to_copies),
        migrations.RemoveField(model_name="case", name="payment_due"),
        migrations.RemoveField(model_name="case", name="demand_wait_ends"),
    ]
