"""Retire Wagtail's default "Moderators approval" workflow.

Wagtail attaches it to the root page when it is installed. Nobody is in its
"Moderators" group here (the department's editors publish directives themselves,
units go through "Đơn vị gửi văn bản"), so it only put an English "Submit to
Moderators approval" in the editors' menus and the workflow reports, and anything
submitted to it would wait for no one.
"""

from django.db import migrations

NAME = "Moderators approval"


def retire(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    workflows = Workflow.objects.filter(name=NAME)
    states = WorkflowState.objects.filter(workflow__in=workflows, status="in_progress")
    TaskState.objects.filter(workflow_state__in=states, status="in_progress").update(
        status="cancelled"
    )
    states.update(status="cancelled")
    WorkflowPage.objects.filter(workflow__in=workflows).delete()
    Task = apps.get_model("wagtailcore", "Task")
    Task.objects.filter(name=NAME).update(active=False, name="Kiểm duyệt mặc định (không dùng)")
    # Gone where nothing ever went through it; kept, inactive, as history otherwise.
    for workflow in workflows:
        if WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.active = False
            workflow.name = "Kiểm duyệt mặc định (không dùng)"
            workflow.save(update_fields=["active", "name"])
        else:
            workflow.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0014_report_header_per_guidance"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
