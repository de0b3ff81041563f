from django.db import migrations, models


def fill_narrative_chars(apps, schema_editor):
    from cchc.reporting.models import Report as Current

    Report = apps.get_model("reporting", "Report")
    # Only reports with text have anything to count (has_narrative, kept since 0004).
    # Counted first, written after: SQLite gives no isolation between a cursor being read and
    # writes on the same connection.
    counts = [
        (pk, Current.narrative_length(narrative))
        for pk, narrative in Report.objects.filter(has_narrative=True)
        .values_list("pk", "narrative")
        .iterator(chunk_size=2000)
    ]
    for start in range(0, len(counts), 1000):
        Report.objects.bulk_update(
            [Report(pk=pk, narrative_chars=n) for pk, n in counts[start : start + 1000]], ["narrative_chars"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_report_digital_signature"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="narrative_chars",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(fill_narrative_chars, migrations.RunPython.noop),
    ]
