"""Việc cần làm: what waits for each person, and how many, from the same positions
every other reader uses. Editor: tasks due within 7 days, overdue, returned reports.
Leader: reports awaiting approval. Reviewer: reports awaiting review."""

from datetime import date

from directives import caching
from directives.compliance.positions import TaskRow, current_window, older_owed_count, task_rows
from directives.compliance.rules import EDITOR_STAGES, Stage, Timing
from directives.models import ReviewState, SubmissionPage
from directives.units import roles

URGENT = (Timing.DUE_SOON, Timing.OVERDUE)
RETURNED = (Stage.RETURNED, Stage.LEADER_RETURNED)


def waits_on(row: TaskRow, *, leader: bool) -> bool:
    """Whether this row waits on the person: the leader approves, the editor writes."""
    stage, timing = row.position.stage, row.position.timing
    if leader and stage == Stage.AWAITING_LEADER:
        return True
    if stage not in EDITOR_STAGES:
        return False
    if stage == Stage.NOT_STARTED and not row.task.report_required:
        return False
    return stage in RETURNED or timing in URGENT


def todo_rows(user, *, today: date) -> list[TaskRow]:
    """The unit rows waiting on this person, soonest deadline first: what the "now"
    pages judge (`current_window`, with the most recently due older work still owed),
    not every task of every year. `older_todo_count` counts the older owed work left out."""
    members = roles.member_unit_ids(user)
    if not members:
        return []
    leading = roles.approver_unit_ids(user)
    return [
        row
        for row in task_rows(unit_ids=members, today=today, due_between=current_window(today))
        if waits_on(row, leader=row.unit.pk in leading)
    ]


def older_todo_count(user, *, today: date) -> int:
    """Older overdue tasks still owed beyond what `todo_rows` lists (the unit section's
    history shows them): they wait on the editors too."""
    members = roles.member_unit_ids(user)
    return older_owed_count(today, members) if members else 0


def awaiting_review_count() -> int:
    return SubmissionPage.objects.live().filter(review_state=ReviewState.AWAITING).count()


def todo_count(user, *, today: date) -> int:
    """The number on the menu's and the site header's "Việc cần làm", on every page a
    unit member opens: computed once per content generation for everyone with the
    same units, leadership and department role (caching.py)."""
    members = roles.member_unit_ids(user)
    leading = roles.approver_unit_ids(user) if members else ()
    department = roles.is_department(user)

    def count() -> int:
        waiting = len(todo_rows(user, today=today)) + older_todo_count(user, today=today)
        return waiting + (awaiting_review_count() if department else 0)

    return caching.cached(
        "todo-count",
        caching.ids_part(members),
        caching.ids_part(leading),
        department,
        today,
        compute=count,
    )
