from django.db import migrations, models


def fill(apps, schema_editor):
    from cchc.orgunits.models import search_text

    OrgUnit = apps.get_model("orgunits", "OrgUnit")
    units = list(OrgUnit.objects.only("pk", "code", "name"))
    for unit in units:
        unit.search = search_text(unit.code, unit.name)
    OrgUnit.objects.bulk_update(units, ["search"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0002_loginfailure"),
    ]

    operations = [
        migrations.AddField(
            model_name="orgunit",
            name="search",
            field=models.CharField(blank=True, default="", editable=False, max_length=300),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="orgunit",
            index=models.Index(fields=["position", "code"], name="unit_order"),
        ),
    ]
