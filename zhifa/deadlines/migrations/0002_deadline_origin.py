"""Issue 9, defect 8: a deadline row names the record whose act started it (a re-issued rights
notice's windows are told apart from the old notice's)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_deadline_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="origin_type",
            field=models.CharField(
                blank=True, default="", max_length=100, verbose_name="起算文书类型"
            ),
        ),
        migrations.AddField(
            model_name="deadline",
            name="origin_id",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="起算文书标识"
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(fields=["origin_type", "origin_id"], name="deadline_origin"),
        ),
    ]
