"""The admin home panels: a unit's tasks, where each report stands and what to do next;
the department's overview by stage."""

from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.caching import CSRF_PLACEHOLDER, CachedPanel, ids_part
from directives.compliance.positions import (
    TaskRow,
    current_window,
    older_owed_count,
    positions,
    stage_counts,
    task_rows,
)
from directives.compliance.rules import LATE_TIMINGS, Stage
from directives.models import SubmissionReview, Unit, UnitSectionPage
from directives.models.reviews import RETURNING_EVENTS
from directives.selectors import all_tasks_url
from directives.units import roles


@dataclass(frozen=True)
class RowAction:
    """The one thing to do on a task row: a link, or a POST form when it creates a report."""

    label: str
    url: str
    post: bool = False
    primary: bool = True


def row_action(row: TaskRow, *, leader: bool) -> RowAction | None:
    """What the row's button does for this person: write, continue, revise, approve or read.

    The action always opens the one existing report of the (task, unit, period); only a
    task without any report offers to write one.
    """
    position = row.position
    report = position.report_id
    if report is None:
        if not row.task.report_required:
            return None
        return RowAction(
            _("Viết báo cáo cho nhiệm vụ này"),
            reverse("directives_submissions:start_report", args=[row.task.pk, row.unit.pk]),
            post=True,
        )
    edit = reverse("wagtailadmin_pages:edit", args=[report])
    read = reverse("directives_review:detail", args=[report])
    stage = position.stage
    if stage == Stage.AWAITING_LEADER:
        if leader:
            return RowAction(_("Xem và phê duyệt"), edit)
        return RowAction(_("Xem báo cáo (chờ lãnh đạo duyệt)"), read, primary=False)
    if stage == Stage.RETURNED:
        return RowAction(_("Sửa báo cáo bị trả lại"), edit)
    if stage == Stage.LEADER_RETURNED:
        return RowAction(_("Sửa theo ý kiến lãnh đạo"), edit)
    if stage == Stage.DRAFTING:
        return RowAction(_("Mở bản nháp") if leader else _("Tiếp tục soạn"), edit)
    return RowAction(_("Xem báo cáo và kết quả thẩm định"), read, primary=False)


def return_reasons(rows: list[TaskRow]) -> dict[int, SubmissionReview]:
    """Report id -> the step that sent it back (who, when, what to fix), for returned rows."""
    returned = {
        row.position.report_id
        for row in rows
        if row.position.stage in (Stage.RETURNED, Stage.LEADER_RETURNED)
    }
    reasons: dict[int, SubmissionReview] = {}
    if not returned:
        return reasons
    steps = SubmissionReview.objects.filter(
        page_id__in=returned, event__in=RETURNING_EVENTS
    ).select_related("user")
    for step in steps.order_by("created_at", "pk"):
        reasons[step.page_id] = step
    return reasons


def rows_with_actions(rows: list[TaskRow], user) -> list[tuple]:
    """(row, its action for this person, the reason it was returned) for display."""
    leading = roles.approver_unit_ids(user)
    reasons = return_reasons(rows)
    return [
        (row, row_action(row, leader=row.unit.pk in leading), reasons.get(row.position.report_id))
        for row in rows
    ]


def history_links(unit_ids) -> list[tuple]:
    """(unit, its section's paged list of every task) for the units' "now" pages."""
    sections = UnitSectionPage.objects.filter(unit_id__in=unit_ids).select_related("unit")
    return [(s.unit, all_tasks_url(s)) for s in sections.order_by("title")]


# A unit bound by a directive a day has a hundred tasks in the "now" window: the
# dashboard lists this many, Việc cần làm and the unit's section list them all.
DASHBOARD_ROWS = 40


class UnitTasksPanel(CachedPanel):
    template_name = "directives/admin/unit_tasks_panel.html"
    order = 50
    cache_name = "unit-tasks-panel"

    def __init__(self, user):
        self.user = user

    def cache_parts(self, parent_context) -> tuple:
        # The rows are the units'; only the leader's actions differ (rows_with_actions).
        return (
            ids_part(roles.member_unit_ids(self.user)),
            ids_part(roles.approver_unit_ids(self.user)),
        )

    def get_context_data(self, parent_context):
        from directives.compliance.todo import waits_on

        today = timezone.localdate()
        unit_ids = roles.member_unit_ids(self.user)
        leading = roles.approver_unit_ids(self.user)
        # What is due now; the whole history is paged on each unit's section.
        rows = task_rows(unit_ids=unit_ids, today=today, due_between=current_window(today))
        # What waits on the reader first (the sort keeps each part's deadline order).
        rows.sort(key=lambda row: not waits_on(row, leader=row.unit.pk in leading))
        shown = rows[:DASHBOARD_ROWS]
        return {
            "older_owed": older_owed_count(today, unit_ids),
            "rows": rows_with_actions(shown, self.user),
            "more_rows": len(rows) - len(shown),
            "today": today,
            "history_links": history_links(unit_ids),
            "csrf_token": CSRF_PLACEHOLDER,
        }


# The overview's last column: how many of a unit's tasks are late, whatever their stage.
LATE_COLUMN = "late"


class DepartmentOverviewPanel(CachedPanel):
    template_name = "directives/admin/department_panel.html"
    order = 60
    cache_name = "department-panel"  # the same for every department reader

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        window = current_window(today)
        # Where each unit stands now: the tasks due in the window, answered in it or
        # still owed from before (as on each unit's own dashboard), not every task of
        # every year: that grew with the portal's history (bench/http.py: 0.8 s at
        # one year, 2.4 s at three).
        units = list(Unit.objects.filter(is_active=True))
        found = positions(unit_ids=[u.pk for u in units], today=today, due_between=window)
        # An older task comes along when any unit still owes it: count it only for
        # the units that do (the others' sent reports are history, or in the queue).
        now = [p for p in found if p.due is None or p.due >= window[0] or not p.sent]
        counts = stage_counts(now)
        # Beside the stages, how many of them are late: sent late or still owed past due.
        late = Counter(p.unit_id for p in now if p.timing in LATE_TIMINGS)
        # Every unit, with nothing now as zeros: a unit missing from the table would
        # read as one the department forgot.
        none = dict.fromkeys(Stage.values, 0)
        table = [
            (unit, [*(counts.get(unit.pk, none)[stage] for stage in Stage.values), late[unit.pk]])
            for unit in units
        ]
        columns = [*Stage.choices, (LATE_COLUMN, _("Trễ, quá hạn"))]
        totals = [sum(c[i] for _u, c in table) for i in range(len(columns))]
        return {
            "columns": columns,
            "table": table,
            "totals": totals,
            "today": today,
            "window": window,
        }
