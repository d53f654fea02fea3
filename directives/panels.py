"""The admin home panels: a unit's tasks and where it stands; the department's overview."""

from django.utils import timezone

from wagtail.admin.ui.components import Component

from directives import roles
from directives.compliance import Status
from directives.models import Unit
from directives.selectors import positions, status_counts, task_rows


class UnitTasksPanel(Component):
    template_name = "directives/admin/unit_tasks_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        rows = task_rows(unit_ids=roles.member_unit_ids(self.user), today=today)
        return {"rows": rows, "today": today, "csrf_token": parent_context.get("csrf_token")}


class DepartmentOverviewPanel(Component):
    template_name = "directives/admin/department_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        counts = status_counts(positions(unit_ids=None, today=today))
        table = [
            (unit, [counts[unit.pk][status] for status in Status.values])
            for unit in Unit.objects.filter(pk__in=counts)
        ]
        totals = [sum(c[i] for _u, c in table) for i in range(len(Status.values))]
        return {"statuses": Status.choices, "table": table, "totals": totals, "today": today}
