"""Report schedules as django-celery-beat entries, and the period each run covers."""

import json
from datetime import date, timedelta

from django.utils.translation import gettext as _

from celery.schedules import crontab

from directives.deadlines import period_containing

COMPILE_TASK = "directives.tasks.compile_scheduled_report"
PRESETS = {
    # minute hour day_of_month month_of_year day_of_week
    "monthly": "0 7 1 * *",
    "quarterly": "0 7 1 1,4,7,10 *",
}


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


def schedule_sync(schedule) -> None:
    """Create, update or disable the beat entry of a report schedule."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    expression = PRESETS.get(schedule.frequency, schedule.crontab)
    cron, _created = CrontabSchedule.objects.get_or_create(
        **crontab_fields(expression), timezone="Asia/Ho_Chi_Minh"
    )
    task, _created = PeriodicTask.objects.update_or_create(
        name=f"report-schedule-{schedule.pk}",
        defaults={
            "task": COMPILE_TASK,
            "crontab": cron,
            "args": json.dumps([schedule.pk]),
            "enabled": schedule.enabled,
        },
    )
    if schedule.periodic_task_id != task.pk:
        type(schedule).objects.filter(pk=schedule.pk).update(periodic_task=task)
        schedule.periodic_task = task


def report_period(frequency: str, run_day: date, previous_end: date | None = None):
    """The period a run on `run_day` reports on: the last complete month or quarter,
    or for a custom schedule everything since the previous report (at most a year)."""
    yesterday = run_day - timedelta(days=1)
    if frequency in ("monthly", "quarterly"):
        period = period_containing(frequency, yesterday)
        return period.start, period.end
    start = previous_end + timedelta(days=1) if previous_end else run_day - timedelta(days=30)
    return max(start, run_day - timedelta(days=366)), yesterday
