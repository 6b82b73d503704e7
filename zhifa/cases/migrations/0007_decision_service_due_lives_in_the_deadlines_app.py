"""Issue 9, defect 8 (one source of truth): the 7 working days to serve the decision (APL Art. 61)
are the deadlines app's A14 row; the decision's copy goes. A copy without its row becomes a row
first (open while the decision is unserved, closed otherwise); backwards, the rows fill the copy."""

from django.db import migrations
from django.utils import timezone

CODE = "A14_decision_service"


def copies_to_rows(apps, schema_editor):
    Decision = apps.get_model("cases", "Decision")
    Deadline = apps.get_model("deadlines", "Deadline")
    now = timezone.now()
    for decision in (
        Decision.objects.exclude(service_due__isnull=True).select_related("case").iterator()
    ):
        subject_id = str(decision.case_id)
        if Deadline.objects.filter(
            subject_type="cases.case", subject_id=subject_id, code=CODE
        ).exists():
            continue  # the row is the truth; the copy only repeated it
        running = decision.served_on is None
        due = decision.service_due
        Deadline.objects.create(
            subject_type="cases.case",
            subject_id=subject_id,
            agency_id=decision.case.agency_id,
            code=CODE,
            title="处罚决定书送达期限",
            basis="APL Art. 61",
            start=decision.decided_on,
            due=due,
            original_due=due,
            state="open" if running else "met",
            closed_at=None if running else now,
            close_reason="" if running else "migrated",
        )


def rows_to_copies(apps, schema_editor):
    Decision = apps.get_model("cases", "Decision")
    Deadline = apps.get_model("deadlines", "Deadline")
    for row in Deadline.objects.filter(subject_type="cases.case", code=CODE).order_by(
        "opened_at", "id"
    ):
        Decision.objects.filter(case_id=int(row.subject_id)).update(service_due=row.due)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_payment_and_demand_dues_live_in_the_deadlines_app"),
        ("deadlines", "0001_deadline_tables"),
    ]

    operations = [
        migrations.RunPython(copies_to_rows, rows_to_copies),
        migrations.RemoveField(model_name="decision", name="service_due"),
    ]
