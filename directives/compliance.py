"""Where a unit stands on a task: pure functions, judged on `submitted_at`.

`outcome_of` gives the four states of Vietnamese government task tracking;
`status_of` refines it for the dashboard (due soon, returned for revision).
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
