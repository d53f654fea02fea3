from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from directives.compliance.rules import (
    Outcome,
    Stage,
    Status,
    Timing,
    outcome_of,
    stage_of,
    status_of,
    timing_of,
)
from directives.models import ReviewState

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = date(2022, 9, 30)


def at(day: int, month: int = 9, hour: int = 10) -> datetime:
    return datetime(2022, month, day, hour, tzinfo=VN)


@pytest.mark.parametrize(
    ("today", "submitted_at", "review_state", "expected"),
    [
        (date(2022, 9, 1), None, "", Status.NOT_DUE),
        (date(2022, 9, 22), None, "", Status.NOT_DUE),
        (date(2022, 9, 23), None, "", Status.DUE_SOON),  # 7 days before
        (DUE, None, "", Status.DUE_SOON),  # the due day itself is still in time
        (date(2022, 10, 1), None, "", Status.OVERDUE),
        (date(2022, 10, 1), at(29), ReviewState.AWAITING, Status.ON_TIME),
        (date(2022, 10, 1), at(30, hour=23), ReviewState.ACCEPTED, Status.ON_TIME),
        (date(2022, 10, 5), at(1, month=10, hour=0), ReviewState.ACCEPTED, Status.LATE),
        (date(2022, 10, 5), at(29), ReviewState.RETURNED, Status.RETURNED),
        (date(2022, 10, 5), at(2, month=10), ReviewState.RETURNED, Status.RETURNED),
    ],
)
def test_status_at_a_date(today, submitted_at, review_state, expected):
    assert (
        status_of(due=DUE, submitted_at=submitted_at, review_state=review_state, today=today)
        == expected
    )


def test_on_time_is_judged_in_vietnam_time_not_utc():
    # 30/09 23:30 in Hà Nội is 30/09 16:30 UTC; 01/10 06:00 in Hà Nội is 30/09 23:00 UTC.
    utc = ZoneInfo("UTC")
    in_time = datetime(2022, 9, 30, 16, 30, tzinfo=utc)
    late = datetime(2022, 9, 30, 23, 0, tzinfo=utc)
    after = date(2022, 10, 1)
    assert status_of(due=DUE, submitted_at=in_time, review_state="", today=after) == Status.ON_TIME
    assert status_of(due=DUE, submitted_at=late, review_state="", today=after) == Status.LATE


def test_without_a_due_date_nothing_is_overdue():
    assert (
        status_of(due=None, submitted_at=None, review_state="", today=date(2030, 1, 1))
        == Status.NOT_DUE
    )
    assert (
        status_of(due=None, submitted_at=at(1), review_state="", today=date(2030, 1, 1))
        == Status.ON_TIME
    )


@pytest.mark.parametrize(
    ("as_of", "submitted_at", "expected"),
    [
        (date(2022, 9, 1), None, Outcome.PENDING),
        (DUE, None, Outcome.PENDING),
        (date(2022, 10, 1), None, Outcome.OVERDUE),
        (date(2022, 10, 1), at(30), Outcome.DONE_ON_TIME),
        (date(2022, 10, 9), at(8, month=10), Outcome.DONE_LATE),
        # Judged at a past date, a later submission does not count yet.
        (date(2022, 9, 20), at(25), Outcome.PENDING),
        (date(2022, 10, 5), at(8, month=10), Outcome.OVERDUE),
    ],
)
def test_the_four_outcomes_at_a_date(as_of, submitted_at, expected):
    assert outcome_of(due=DUE, submitted_at=submitted_at, as_of=as_of) == expected


def test_outcome_without_a_due_date():
    assert outcome_of(due=None, submitted_at=None, as_of=date(2030, 1, 1)) == Outcome.PENDING
    assert outcome_of(due=None, submitted_at=at(1), as_of=date(2030, 1, 1)) == Outcome.DONE_ON_TIME


@pytest.mark.parametrize(
    ("workflow", "sent", "review_state", "drafted", "expected"),
    [
        ("", False, "", False, Stage.NOT_STARTED),
        ("", False, "", True, Stage.DRAFTING),
        ("in_progress", False, "", True, Stage.AWAITING_LEADER),
        ("needs_changes", False, "", True, Stage.LEADER_RETURNED),
        ("", True, ReviewState.AWAITING, False, Stage.AWAITING_REVIEW),
        ("", True, ReviewState.RETURNED, False, Stage.RETURNED),
        ("", True, ReviewState.ACCEPTED, False, Stage.ACCEPTED),
        # A returned report revised and resubmitted waits on the leader again.
        ("in_progress", True, ReviewState.RETURNED, False, Stage.AWAITING_LEADER),
        ("needs_changes", True, ReviewState.RETURNED, False, Stage.LEADER_RETURNED),
    ],
)
def test_the_stage_follows_the_report_through_the_loop(
    workflow, sent, review_state, drafted, expected
):
    assert stage_of(workflow=workflow, sent=sent, review_state=review_state, drafted=drafted) == (
        expected
    )


@pytest.mark.parametrize(
    ("today", "submitted_at", "expected"),
    [
        (date(2022, 9, 1), None, Timing.IN_TIME),
        (date(2022, 9, 23), None, Timing.DUE_SOON),
        (DUE, None, Timing.DUE_SOON),
        (date(2022, 10, 1), None, Timing.OVERDUE),
        (date(2022, 10, 5), at(30, hour=23), Timing.ON_TIME),
        (date(2022, 10, 5), at(1, month=10, hour=0), Timing.LATE),
        # Judged on submitted_at as of today: a stamp after today does not count yet.
        (date(2022, 9, 29), at(30), Timing.DUE_SOON),
    ],
)
def test_on_time_or_late_beside_the_stage(today, submitted_at, expected):
    assert timing_of(due=DUE, submitted_at=submitted_at, today=today) == expected
