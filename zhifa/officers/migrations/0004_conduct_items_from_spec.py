"""Pre-load the conduct items of shared/spec/conduct-codes.md §2–3 and legal.md §G.2 (confirmed),
and the UNCONFIRMED prohibitions and ethics headings as editable items (confirmed=False)."""

from django.db import migrations


def load(apps, schema_editor):
    from zhifa.officers.conduct_items import ITEMS

    ConductItem = apps.get_model("officers", "ConductItem")
    for code_set, number, text, source, url, confirmed, serious in ITEMS:
        ConductItem.objects.update_or_create(
            code_set=code_set,
            number=number,
            defaults={
                "text": text,
                "source": source,
                "source_url": url,
                "confirmed": confirmed,
                "serious": serious,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("officers", "0003_training_assessments_conduct")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
