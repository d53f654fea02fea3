"""Việc cần làm: what waits for each person, and how many, from the same positions
every other reader uses. Editor: tasks due within 7 days, overdue, returned reports.
Leader: reports awaiting approval. Reviewer: reports awaiting review."""

from datetime import date

from directives.compliance.positions import TaskRow, task_rows
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
    """The unit rows waiting on this person, soonest deadline first."""
    members = roles.member_unit_ids(user)
    if not members:
        return []
    leading = roles.approver_unit_ids(user)
    return [
        row
        for row in task_rows(unit_ids=members, today=today)
        if waits_on(row, leader=row.unit.pk in leading)
    ]


def awaiting_review_count() -> int:
    return SubmissionPage.objects.live().filter(review_state=ReviewState.AWAITING).count()


def todo_count(user, *, today: date) -> int:
    """The number on the menu's and the site header's "Việc cần làm"."""
    count = len(todo_rows(user, today=today))
    if roles.is_department(user):
        count += awaiting_review_count()
    return count
