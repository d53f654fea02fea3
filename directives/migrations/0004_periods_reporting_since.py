from django.db import migrations, models
from django.db.models import Min

import django.utils.timezone


def from_first_report(apps, schema_editor):
    """A schedule that already reported is owed every period since its first report
    (so a month beat missed before this migration is caught up); others from now."""
    ReportSchedule = apps.get_model("directives", "ReportSchedule")
    for schedule in ReportSchedule.objects.annotate(first=Min("reports__compiled_at")):
        if schedule.first is not None:
            ReportSchedule.objects.filter(pk=schedule.pk).update(reporting_since=schedule.first)


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0004_docx_word_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportschedule",
            name="reporting_since",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="báo cáo từ"
            ),
        ),
        migrations.RunPython(from_first_report, migrations.RunPython.noop),
    ]
