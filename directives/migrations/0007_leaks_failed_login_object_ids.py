"""Failed sign-ins logged with object id "-" broke Reports → Site history: give them
the id audit.login_failed now writes for an unknown username (what was typed stays
in the entry's label and data)."""

from django.db import migrations


def unknown_user_ids(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ModelLogEntry.objects.filter(action="portal.login_failed").exclude(
        object_id__regex=r"^[0-9]+$"
    ).update(object_id="0")


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0006_scans_task_requires_signature"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(unknown_user_ids, migrations.RunPython.noop)]
