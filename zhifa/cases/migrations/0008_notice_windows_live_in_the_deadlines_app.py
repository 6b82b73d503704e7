"""Issue 9, defect 8 (one source of truth): a rights notice's hearing-request window (APL Art.
64(1), A10) and statement window (APL Arts. 44, 62, A12) are deadlines rows tied to the notice
(`Deadline.origin_type/origin_id`); the notice's copies go.

Forwards, for each notice (oldest first) and each copied date: the case's untied row of that code
whose original due is the copy (else whose due is) becomes this notice's row; with none, the copy
becomes a row, open only for the current notice while the case waits for the party's answer and
no row of that code is open, closed ("migrated") otherwise. Backwards, the tied rows fill the
copies again (the rows stay, as in 0006)."""

from django.db import migrations
from django.utils import timezone

WINDOWS = (
    # field, deadline code, title, basis
    ("hearing_request_due", "A10_hearing_request", "听证申请期限", "APL Art. 64(1)"),
    ("statement_due", "A12_statement", "陈述申辩期限", "APL Arts. 44, 62"),
)
WAITING = {"notified"}  # the case state in which the party's windows still run
NOTICE = "cases.notice"


def copies_to_rows(apps, schema_editor):
    Notice = apps.get_model("cases", "Notice")
    Deadline = apps.get_model("deadlines", "Deadline")
    now = timezone.now()
    for notice in Notice.objects.select_related("case").order_by("id").iterator():
        case = notice.case
        for field, code, title, basis in WINDOWS:
            copy = getattr(notice, field)
            if copy is None:
                continue
            rows = Deadline.objects.filter(
                subject_type="cases.case", subject_id=str(case.pk), code=code
            )
            if rows.filter(origin_type=NOTICE, origin_id=str(notice.pk)).exists():
                continue
            untied = rows.filter(origin_type="").order_by("opened_at", "id")
            row = untied.filter(original_due=copy).first() or untied.filter(due=copy).first()
            if row is not None:
                row.origin_type, row.origin_id = NOTICE, str(notice.pk)
                row.save(update_fields=["origin_type", "origin_id"])
                continue
            running = (
                notice.current and case.state in WAITING and not rows.filter(state="open").exists()
            )
            Deadline.objects.create(
                subject_type="cases.case",
                subject_id=str(case.pk),
                origin_type=NOTICE,
                origin_id=str(notice.pk),
                agency_id=case.agency_id,
                code=code,
                title=title,
                basis=basis,
                start=notice.served_on if notice.served_on <= copy else copy,
                due=copy,
                original_due=copy,
                state="open" if running else "met",
                closed_at=None if running else now,
                close_reason="" if running else "migrated",
            )


def rows_to_copies(apps, schema_editor):
    Notice = apps.get_model("cases", "Notice")
    Deadline = apps.get_model("deadlines", "Deadline")
    for field, code, *_ in WINDOWS:
        for row in Deadline.objects.filter(origin_type=NOTICE, code=code).order_by(
            "opened_at", "id"
        ):
            Notice.objects.filter(pk=int(row.origin_id)).update(**{field: row.due})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_decision_service_due_lives_in_the_deadlines_app"),
        ("deadlines", "0002_deadline_origin"),
    ]

    operations = [
        migrations.RunPython(copies_to_rows, rows_to_copies),
        migrations.RemoveField(model_name="notice", name="hearing_request_due"),
        migrations.RemoveField(model_name="notice", name="statement_due"),
    ]
