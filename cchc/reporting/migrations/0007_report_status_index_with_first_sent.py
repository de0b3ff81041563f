from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgunits', '0004_delete_loginfailure'),
        ('reporting', '0006_report_narrative_chars'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='report',
            name='reporting_r_period__7eaaa9_idx',
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['period', 'status', 'first_submitted_at', 'unit'], name='report_period_status_sent'),
        ),
    ]
