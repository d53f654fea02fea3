"""Which period a scheduled report covers, and runs beat missed caught up once."""

from datetime import date, timedelta

from django.core import mail

import pytest

from directives.models import ConsolidatedReport, ReportSchedule
from directives.reports import reporting
from directives.reports.scheduling import (
    PRESETS,
    complete_periods,
    due_periods,
)
from directives.tasks import catch_up_reports, compile_scheduled_report
from tests.conftest import vietnam_time

MONTHLY, QUARTERLY = PRESETS["monthly"], PRESETS["quarterly"]


def report_period(expression, run_day):
    """The period a run on run_day reports on (None if there is none)."""
    return next(iter(complete_periods(expression, run_day)), None)


NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize("day", [1, 2, 15, 31])
def test_a_monthly_run_on_any_day_of_december_reports_november(day):
    assert report_period(MONTHLY, date(2026, 12, day)) == NOVEMBER


def test_the_first_of_january_reports_december_and_quarters_the_last_whole_quarter():
    assert report_period(MONTHLY, date(2027, 1, 1)) == DECEMBER
    assert report_period(QUARTERLY, date(2026, 12, 2)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert report_period(QUARTERLY, date(2027, 1, 1)) == (date(2026, 10, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    "expression",
    [MONTHLY, QUARTERLY, "0 7,19 * * *", "*/30 * * * *", "30 6 * * 1", "0 8 1,15 * *"],
)
def test_periods_are_never_inverted_and_never_overlap(expression):
    for run_day in (date(2026, 12, 2), date(2027, 3, 1), date(2028, 2, 29)):
        spans = complete_periods(expression, run_day, count=40)
        assert spans, expression
        assert all(start <= end < run_day for start, end in spans)
        # Newest first, each one starting the day after the one before it ends.
        for newer, older in zip(spans, spans[1:], strict=False):
            assert older[1] + timedelta(days=1) == newer[0]


def test_a_weekly_crontab_reports_the_last_whole_week():
    # Mondays at 06:30: a run on Wednesday 10/06/2026 reports 01/06 (Monday) to 07/06.
    assert report_period("30 6 * * 1", date(2026, 6, 10)) == (date(2026, 6, 1), date(2026, 6, 7))


def test_a_crontab_firing_twice_a_day_reports_whole_days():
    assert report_period("0 7,19 * * *", date(2026, 12, 2)) == (date(2026, 12, 1),) * 2


def test_a_crontab_that_has_not_fired_twice_in_years_has_no_period():
    # 29 February that is also a Monday: last in 2016, next in 2044.
    assert report_period("0 7 29 2 1", date(2026, 12, 2)) is None


def test_due_periods_leave_beat_its_run_then_take_what_it_missed():
    since = vietnam_time(date(2026, 10, 15))
    october = (date(2026, 10, 1), date(2026, 10, 31))
    # 07:05 on the 1st: beat's 07:00 run may still be working on November.
    assert due_periods(MONTHLY, since, vietnam_time(date(2026, 12, 1), 7, 5)) == [october]
    assert due_periods(MONTHLY, since, vietnam_time(date(2026, 12, 1), 11)) == [
        october,
        NOVEMBER,
    ]
    # A schedule created after the 07:00 run of 1 November owes nothing for October.
    later = vietnam_time(date(2026, 11, 1), 8)
    assert due_periods(MONTHLY, later, vietnam_time(date(2026, 12, 1), 11)) == [NOVEMBER]


@pytest.mark.django_db
def test_beat_running_a_day_late_compiles_november_and_january_compiles_december(
    schedule, committed, time_machine
):
    time_machine.move_to(vietnam_time(date(2026, 12, 2), 9))
    mail.outbox.clear()
    with committed():
        report_id = compile_scheduled_report.apply(args=[schedule.pk]).get()
    late = ConsolidatedReport.objects.get(pk=report_id)
    assert (late.period_start, late.period_end, late.as_of) == (*NOVEMBER, NOVEMBER[1])
    assert "30/11/2026" in late.title and "31/12/2026" not in late.title
    assert len(mail.outbox) == 1 and "30/11/2026" in mail.outbox[0].body

    time_machine.move_to(vietnam_time(date(2027, 1, 1), 7))
    with committed():
        compile_scheduled_report.apply(args=[schedule.pk]).get()
    spans = sorted(ConsolidatedReport.objects.values_list("period_start", "period_end"))
    assert spans == [NOVEMBER, DECEMBER]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_period_that_has_not_ended_is_not_compiled(schedule, time_machine):
    time_machine.move_to(vietnam_time(date(2026, 12, 2), 9))
    with pytest.raises(ValueError, match="chưa kết thúc"):
        reporting.compile_report(
            schedule=schedule, period_start=DECEMBER[0], period_end=DECEMBER[1]
        )
    with pytest.raises(ValueError, match="ngày bắt đầu sau ngày kết thúc"):
        reporting.compile_report(
            schedule=schedule, period_start=date(2026, 11, 2), period_end=date(2026, 11, 1)
        )
    assert not ConsolidatedReport.objects.exists()


@pytest.mark.django_db
def test_beat_down_across_the_first_is_caught_up_once(schedule, committed, time_machine):
    ReportSchedule.objects.filter(pk=schedule.pk).update(
        reporting_since=vietnam_time(date(2026, 11, 20))
    )
    # Beat was down at 07:00 on 1 December and came back after 09:00: the
    # DatabaseScheduler will not run the 07:00 entry any more. The hourly check does.
    mail.outbox.clear()
    time_machine.move_to(vietnam_time(date(2026, 12, 1), 11, 20))
    with committed():
        assert catch_up_reports.apply().get() == 1
    report = ConsolidatedReport.objects.get()
    assert (report.period_start, report.period_end) == NOVEMBER
    assert len(mail.outbox) == 1
    # The next checks, and a late beat run the same day, find it done.
    time_machine.move_to(vietnam_time(date(2026, 12, 1), 12, 20))
    with committed():
        assert catch_up_reports.apply().get() == 0
        compile_scheduled_report.apply(args=[schedule.pk]).get()
    assert ConsolidatedReport.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_catch_up_skips_what_beat_did_and_owes_nothing_when_switched_off(
    schedule, committed, time_machine
):
    ReportSchedule.objects.filter(pk=schedule.pk).update(
        reporting_since=vietnam_time(date(2026, 10, 2))
    )
    time_machine.move_to(vietnam_time(date(2026, 11, 1), 7))
    with committed():
        compile_scheduled_report.apply(args=[schedule.pk]).get()  # beat's own run: October
    time_machine.move_to(vietnam_time(date(2026, 12, 1), 10))
    mail.outbox.clear()
    with committed():
        assert catch_up_reports.apply().get() == 1  # November only
    assert len(mail.outbox) == 1
    assert ConsolidatedReport.objects.count() == 2

    schedule.refresh_from_db()
    schedule.enabled = False
    schedule.save()
    time_machine.move_to(vietnam_time(date(2027, 3, 1), 10))
    assert catch_up_reports.apply().get() == 0
    # Switched back on: reporting starts again from now, no back-filling of the months off.
    schedule.enabled = True
    schedule.save()
    time_machine.move_to(vietnam_time(date(2027, 3, 2), 10))
    assert catch_up_reports.apply().get() == 0
    assert ConsolidatedReport.objects.count() == 2


@pytest.mark.django_db
def test_a_custom_crontab_twice_a_day_makes_one_report_per_day(schedule, committed, time_machine):
    # Set up in the evening of the 28th, after that day's runs.
    time_machine.move_to(vietnam_time(date(2026, 11, 28), 20))
    schedule.frequency, schedule.crontab = "custom", "0 7,19 * * *"
    schedule.full_clean()
    schedule.save()
    mail.outbox.clear()
    for day in (date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 1)):
        for hour in (7, 19):
            time_machine.move_to(vietnam_time(day, hour))
            with committed():
                compile_scheduled_report.apply(args=[schedule.pk]).get()
    time_machine.move_to(vietnam_time(date(2026, 12, 1), 20))
    with committed():
        assert catch_up_reports.apply().get() == 0
    spans = list(
        ConsolidatedReport.objects.order_by("period_start").values_list(
            "period_start", "period_end"
        )
    )
    assert spans == [(date(2026, 11, d), date(2026, 11, d)) for d in (28, 29, 30)]
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_new_timing_restarts_what_is_owed(schedule, time_machine):
    changed = vietnam_time(date(2026, 12, 1), 10)
    time_machine.move_to(changed, tick=False)
    schedule.frequency, schedule.crontab = "custom", "30 6 * * 1"
    schedule.save()
    schedule.refresh_from_db()
    assert schedule.reporting_since == changed
    # Renaming the schedule changes nothing about its timing.
    time_machine.move_to(vietnam_time(date(2026, 12, 2), 10), tick=False)
    schedule.name = "Báo cáo tuần"
    schedule.save()
    schedule.refresh_from_db()
    assert schedule.reporting_since == changed


@pytest.mark.django_db
def test_an_hourly_check_with_nothing_owed_costs_one_query_per_schedule(
    schedule, time_machine, django_assert_max_num_queries
):
    time_machine.move_to(vietnam_time(date(2026, 12, 1), 6), tick=False)
    for name in ("Báo cáo quý", "Báo cáo tuần"):
        ReportSchedule(name=name, frequency="quarterly").save()
    ReportSchedule.objects.update(reporting_since=vietnam_time(date(2026, 11, 2)))
    with django_assert_max_num_queries(4):
        # November's run is at 07:00; October's was before the schedules began.
        assert reporting.catch_up() == []
