"""Report schedules as django-celery-beat entries, and the periods their runs cover.

One rule for every schedule, preset or custom: the days on which its crontab fires
cut the calendar into periods, and the run on a firing day reports on the period
that ends the day before, i.e. from the previous firing day up to yesterday. A
run (or "compile now") on any other day reports on the last period that has
ended. Periods therefore tile the calendar: never inverted, never overlapping,
whatever the day a run happens to execute, and a crontab firing several times a
day yields one-day periods, each reported once (the unique constraint on
(schedule, period) turns the later runs of the same day into no-ops).
"""

import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from celery.schedules import crontab

from directives.models.reports import Frequency, ReportSchedule

COMPILE_TASK = "directives.tasks.compile_scheduled_report"
PRESETS = {
    # minute hour day_of_month month_of_year day_of_week
    Frequency.MONTHLY: "0 7 1 * *",
    Frequency.QUARTERLY: "0 7 1 1,4,7,10 *",
}
# How far back a firing day is looked for: a crontab naming 29 February fires every 4
# years at worst (8 covers a Feb 29 that must also be a given weekday in most years).
LOOKBACK_DAYS = 8 * 366
# The catch-up leaves a run this long to beat before doing it itself.
CATCH_UP_GRACE = timedelta(minutes=15)

Span = tuple[date, date]


def crontab_fields(expression: str) -> dict[str, str]:
    parts = expression.split()
    if len(parts) != 5:
        raise ValueError(_("Lịch crontab cần đúng 5 phần: phút giờ ngày tháng thứ."))
    fields = dict(
        zip(("minute", "hour", "day_of_month", "month_of_year", "day_of_week"), parts, strict=True)
    )
    try:
        crontab(**fields)
    except (ValueError, KeyError) as error:
        raise ValueError(_("Lịch crontab không hợp lệ: %(error)s") % {"error": error}) from error
    return fields


def schedule_expression(schedule: ReportSchedule) -> str:
    return PRESETS.get(schedule.frequency, schedule.crontab)


def schedule_sync(schedule: ReportSchedule) -> None:
    """Create, update or disable the beat entry of a report schedule.

    A new timing, or switching a schedule back on, restarts its reporting: the
    catch-up never back-fills periods of an old timing or of the time it was off.
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    cron, _created = CrontabSchedule.objects.get_or_create(
        **crontab_fields(schedule_expression(schedule)), timezone="Asia/Ho_Chi_Minh"
    )
    before = PeriodicTask.objects.filter(name=f"report-schedule-{schedule.pk}").first()
    task, _created = PeriodicTask.objects.update_or_create(
        name=f"report-schedule-{schedule.pk}",
        defaults={
            "task": COMPILE_TASK,
            "crontab": cron,
            "args": json.dumps([schedule.pk]),
            "enabled": schedule.enabled,
        },
    )
    changes = {}
    if schedule.periodic_task_id != task.pk:
        changes["periodic_task"] = task
    if before is not None and (
        before.crontab_id != cron.pk or (schedule.enabled and not before.enabled)
    ):
        changes["reporting_since"] = timezone.now()
    if changes:
        type(schedule).objects.filter(pk=schedule.pk).update(**changes)
        for name, value in changes.items():
            setattr(schedule, name, value)


def _fires_on(cron: crontab, day: date) -> bool:
    # Celery's crontab needs the day of the month AND the weekday to match (0 = Sunday).
    return (
        day.month in cron.month_of_year
        and day.day in cron.day_of_month
        and day.isoweekday() % 7 in cron.day_of_week
    )


def _firing_days_back(cron: crontab, last_day: date) -> Iterator[date]:
    """Firing days from last_day backwards, within the lookback."""
    for offset in range(LOOKBACK_DAYS):
        day = last_day - timedelta(days=offset)
        if _fires_on(cron, day):
            yield day


def complete_periods(expression: str, run_day: date, count: int = 1) -> list[Span]:
    """The last `count` periods that ended before run_day, newest first."""
    cron = crontab(**crontab_fields(expression))
    firing = _firing_days_back(cron, run_day)
    spans = []
    end_fire = next(firing, None)
    for start_fire in firing:
        if len(spans) == count:
            break
        spans.append((start_fire, end_fire - timedelta(days=1)))
        end_fire = start_fire
    return spans


def _first_run(cron: crontab, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(min(cron.hour), min(cron.minute))))


def due_periods(expression: str, since: datetime, now: datetime) -> list[Span]:
    """Every period whose run was due after `since` and before now (less the grace
    left to beat), oldest first: what a schedule should have reported by now."""
    cron = crontab(**crontab_fields(expression))
    since_day = timezone.localtime(since).date()
    days = []
    for day in _firing_days_back(cron, timezone.localtime(now).date()):
        days.append(day)
        if day < since_day:
            break  # the firing day before `since` opens the first due period
    days.reverse()
    return [
        (start, end - timedelta(days=1))
        for start, end in zip(days, days[1:], strict=False)
        if since <= _first_run(cron, end) <= now - CATCH_UP_GRACE
    ]
