"""Where a unit stands on a task: one pure function, judged on `submitted_at`."""

from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models.reviews import ReviewState

DUE_SOON_DAYS = 7


class Status(models.TextChoices):
    NOT_DUE = "not_due", _("Chưa đến hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn, chưa gửi")
    ON_TIME = "on_time", _("Đã gửi đúng hạn")
    LATE = "late", _("Đã gửi quá hạn")
    RETURNED = "returned", _("Bị trả lại, cần chỉnh sửa")


def status_of(
    *, due: date | None, submitted_at: datetime | None, review_state: str, today: date
) -> Status:
    """A (task, unit[, period]) at `today`.

    Submitted on or before the due date (in Vietnam's time zone) is on time;
    a submission the department returned stays "returned" until resubmitted;
    with no due date nothing is ever overdue.
    """
    if submitted_at is not None:
        if review_state == ReviewState.RETURNED:
            return Status.RETURNED
        if due is None or timezone.localdate(submitted_at) <= due:
            return Status.ON_TIME
        return Status.LATE
    if due is None:
        return Status.NOT_DUE
    if today > due:
        return Status.OVERDUE
    if (due - today).days <= DUE_SOON_DAYS:
        return Status.DUE_SOON
    return Status.NOT_DUE
