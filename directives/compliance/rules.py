"""Where a unit stands on a task: pure functions, judged on `submitted_at`.

`outcome_of` gives the four states of Vietnamese government task tracking;
`status_of` refines it for the dashboard (due soon, returned for revision);
`stage_of` says where the unit's report is in the loop (editor -> leader ->
department) and `timing_of` whether that is on time or late. Every reader
(dashboard, unit section, the department's panels) shows these two.
"""

from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models.reviews import ReviewState

DUE_SOON_DAYS = 7


class Outcome(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    PENDING = "pending", _("Chưa hoàn thành, trong hạn")
    OVERDUE = "overdue", _("Chưa hoàn thành, quá hạn")


class Status(models.TextChoices):
    NOT_DUE = "not_due", _("Chưa đến hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn, chưa gửi")
    ON_TIME = "on_time", _("Đã gửi đúng hạn")
    LATE = "late", _("Đã gửi quá hạn")
    RETURNED = "returned", _("Bị trả lại, cần chỉnh sửa")


class Stage(models.TextChoices):
    """Where the unit's report for a (task, unit[, period]) is in the loop."""

    NOT_STARTED = "not_started", _("Chưa soạn")
    DRAFTING = "drafting", _("Đang soạn")
    AWAITING_LEADER = "awaiting_leader", _("Chờ lãnh đạo duyệt")
    LEADER_RETURNED = "leader_returned", _("Lãnh đạo trả lại")
    AWAITING_REVIEW = "awaiting_review", _("Chờ thẩm định")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class Timing(models.TextChoices):
    """On time or late beside the stage: judged on `submitted_at` once sent, on today before."""

    ON_TIME = "on_time", _("đúng hạn")
    LATE = "late", _("trễ hạn")
    IN_TIME = "in_time", _("còn trong hạn")
    DUE_SOON = "due_soon", _("sắp đến hạn")
    OVERDUE = "overdue", _("quá hạn")


# What the department counts as late beside a stage: sent after the deadline, or
# not sent and past it.
LATE_TIMINGS = (Timing.LATE, Timing.OVERDUE)

# The stages that wait on the unit's editor, and those that wait on someone else.
EDITOR_STAGES = (Stage.NOT_STARTED, Stage.DRAFTING, Stage.LEADER_RETURNED, Stage.RETURNED)
WORKFLOW_IN_PROGRESS = "in_progress"
WORKFLOW_NEEDS_CHANGES = "needs_changes"


def stage_of(*, workflow: str, sent: bool, review_state: str, drafted: bool) -> Stage:
    """The stage of the report that answers a (task, unit[, period]).

    `workflow` is the status of the report's open approval workflow (Wagtail's
    "in_progress" or "needs_changes", or ""): a report being approved or sent back
    by the leader is at that step even when an earlier version was already sent
    (a returned report revised and resubmitted waits on the leader again).
    """
    if workflow == WORKFLOW_IN_PROGRESS:
        return Stage.AWAITING_LEADER
    if workflow == WORKFLOW_NEEDS_CHANGES:
        return Stage.LEADER_RETURNED
    if sent:
        if review_state == ReviewState.RETURNED:
            return Stage.RETURNED
        if review_state == ReviewState.ACCEPTED:
            return Stage.ACCEPTED
        return Stage.AWAITING_REVIEW
    return Stage.DRAFTING if drafted else Stage.NOT_STARTED


def timing_of(*, due: date | None, submitted_at: datetime | None, today: date) -> Timing:
    """On time or late: a sent report by its first `submitted_at`, anything else by today."""
    outcome = outcome_of(due=due, submitted_at=submitted_at, as_of=today)
    if outcome == Outcome.DONE_ON_TIME:
        return Timing.ON_TIME
    if outcome == Outcome.DONE_LATE:
        return Timing.LATE
    if outcome == Outcome.OVERDUE:
        return Timing.OVERDUE
    if due is not None and (due - today).days <= DUE_SOON_DAYS:
        return Timing.DUE_SOON
    return Timing.IN_TIME


def outcome_of(*, due: date | None, submitted_at: datetime | None, as_of: date) -> Outcome:
    """A (task, unit[, period]) as it stood at the end of `as_of` (Vietnam time).

    A submission made after `as_of` does not count yet; one made on or before
    the due date is on time; with no due date nothing is ever overdue.
    """
    sent_on = timezone.localdate(submitted_at) if submitted_at is not None else None
    if sent_on is not None and sent_on <= as_of:
        return Outcome.DONE_ON_TIME if due is None or sent_on <= due else Outcome.DONE_LATE
    if due is not None and as_of > due:
        return Outcome.OVERDUE
    return Outcome.PENDING


def status_of(
    *, due: date | None, submitted_at: datetime | None, review_state: str, today: date
) -> Status:
    """The dashboard's view: the outcome, with "due soon" and "returned" brought out."""
    outcome = outcome_of(due=due, submitted_at=submitted_at, as_of=today)
    if outcome in (Outcome.DONE_ON_TIME, Outcome.DONE_LATE):
        if review_state == ReviewState.RETURNED:
            return Status.RETURNED
        return Status.ON_TIME if outcome == Outcome.DONE_ON_TIME else Status.LATE
    if outcome == Outcome.OVERDUE:
        return Status.OVERDUE
    if due is not None and (due - today).days <= DUE_SOON_DAYS:
        return Status.DUE_SOON
    return Status.NOT_DUE
