from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_report_narrative_chars"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="report",
            name="reporting_r_period__7eaaa9_idx",
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["period", "status", "first_submitted_at", "unit"], name="report_period_status_sent"
            ),
        ),
    ]
