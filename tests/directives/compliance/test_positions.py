"""The admin home: a unit's tasks and their status, one click to start a report."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from directives.compliance.positions import positions, stage_counts, task_rows
from directives.compliance.rules import Stage, Status
from directives.models import ResultsReportPage, ReviewEvent, SubmissionPage
from directives.submissions import services
from tests import factories
from tests.conftest import vietnam_time

pytestmark = pytest.mark.django_db


def test_rows_follow_deadline_submission_and_review(workspace):
    a, b = workspace.a, workspace.b
    # The fixture's live submissions were sent today, after the 30/09/2022 deadline.
    today = timezone.localdate()
    found = {(p.task_id, p.unit_id): p for p in positions(unit_ids=None, today=today)}
    assert set(found) == {(a.task.pk, a.unit.pk), (b.task.pk, b.unit.pk)}
    assert found[(a.task.pk, a.unit.pk)].status == Status.LATE
    assert found[(a.task.pk, a.unit.pk)].submission_id == a.live.pk
    assert found[(a.task.pk, a.unit.pk)].draft_id == a.draft.pk
    # Judged at a date before it was sent, the same task was simply overdue.
    earlier = positions(unit_ids=[a.unit.pk], today=date(2022, 10, 5))
    assert [p.status for p in earlier] == [Status.OVERDUE]
    services.submission_review(
        page=b.live, user=workspace.people.reviewer, event=ReviewEvent.RETURNED, reason="Thiếu"
    )
    rows = {(r.task.pk, r.unit.pk): r for r in task_rows(unit_ids=[b.unit.pk], today=today)}
    assert list(rows) == [(b.task.pk, b.unit.pk)]
    assert rows[(b.task.pk, b.unit.pk)].position.status == Status.RETURNED
    # A returned report is revised in place: the row opens it instead of starting another.
    assert rows[(b.task.pk, b.unit.pk)].position.stage == Stage.RETURNED
    assert rows[(b.task.pk, b.unit.pk)].position.report_id == b.live.pk
    assert not rows[(b.task.pk, b.unit.pk)].can_start_report


def test_unsubmitted_tasks_move_from_not_due_to_due_soon_to_overdue(workspace):
    _home, index, _units = factories.site_tree()
    unit = factories.unit("Huyện ủy Bảo Lâm")
    factories.directive(
        index,
        title="Công văn 12-CV/BTG",
        number_symbol="12-CV/BTG",
        issuer=workspace.department,
        tasks=[{"units": [unit], "due_date": date(2026, 12, 31)}],
    )

    def status(today):
        return task_rows(unit_ids=[unit.pk], today=today)[0].position.status

    assert status(date(2026, 12, 1)) == Status.NOT_DUE
    assert status(date(2026, 12, 24)) == Status.DUE_SOON
    assert status(date(2027, 1, 1)) == Status.OVERDUE


def test_periodic_tasks_are_judged_on_the_current_period(workspace):
    _home, index, _units = factories.site_tree()
    unit = factories.unit("Báo Lâm Đồng")
    plan = factories.directive(
        index,
        title="Hướng dẫn 3-HD/BTG",
        number_symbol="3-HD/BTG",
        issuer=workspace.department,
        tasks=[{"units": [unit], "recurrence": "quarterly", "deadline_text": "hằng quý"}],
    )
    task = plan.tasks.get()
    today = timezone.localdate()
    last_quarter_day = today - timedelta(days=95)
    factories.submission(
        unit, plan, title="Báo cáo quý trước", tasks=[task], period_start=last_quarter_day
    )
    row = task_rows(unit_ids=[unit.pk], today=today)[0].position
    assert row.period.start <= today <= row.period.end
    assert row.due == row.period.end
    assert row.status in (Status.NOT_DUE, Status.DUE_SOON)
    factories.submission(unit, plan, title="Báo cáo quý này", tasks=[task], period_start=today)
    assert task_rows(unit_ids=[unit.pk], today=today)[0].position.status == Status.ON_TIME


def test_rows_take_a_fixed_number_of_queries(workspace, django_assert_max_num_queries):
    _home, index, _units = factories.site_tree()
    units = [factories.unit(f"Đảng ủy xã {n}") for n in range(12)]
    for n in range(6):
        plan = factories.directive(
            index,
            title=f"Kế hoạch {n}-KH/BTG",
            number_symbol=f"{n}-KH/BTG",
            issuer=workspace.department,
            tasks=[{"units": units[n : n + 6]} for _ in range(4)],
        )
        for unit in units[n : n + 3]:
            factories.submission(
                unit, plan, title=f"Báo cáo {n} {unit.name}", tasks=list(plan.tasks.all())
            )
    # Tasks, their units, the answers, and the answers' open approval workflows.
    with django_assert_max_num_queries(4):
        found = positions(unit_ids=None, today=date(2026, 11, 26))
    assert len(found) > 100
    counts = stage_counts(found)
    assert sum(counts[units[0].pk].values()) == 4
    with django_assert_max_num_queries(6):
        rows = task_rows(unit_ids=[units[5].pk], today=date(2026, 11, 26))
    assert len(rows) == 4 * 6


def test_unit_dashboard_lists_its_tasks_and_starts_a_prefilled_report(
    client, workspace, django_capture_on_commit_callbacks
):
    p = workspace.people
    client.force_login(p.b_editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Nhiệm vụ của đơn vị" in home
    assert workspace.b.task.description in home
    assert "Tình hình thực hiện của các đơn vị" not in home

    # A new task with nothing written yet offers the one-click report.
    _home, index, _units = factories.site_tree()
    # Committed as the department's publication is: the dashboard's cached panel is
    # forgotten then (directives/caching.py), as it is after a real request.
    with django_capture_on_commit_callbacks(execute=True):
        plan = factories.directive(
            index,
            title="Kế hoạch 60-KH/TU",
            number_symbol="60-KH/TU",
            issuer=workspace.department,
            tasks=[{"units": [workspace.b.unit], "description": "Tổ chức hội nghị báo cáo viên"}],
        )
    task = plan.tasks.get()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    start = reverse("directives_submissions:start_report", args=[task.pk, workspace.b.unit.pk])
    assert start in home
    assert client.get(start).status_code == 405  # never created by a mere link visit

    response = client.post(start)
    page = ResultsReportPage.objects.get(tasks=task)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.unit == workspace.b.unit and page.directive_id == plan.pk
    assert not page.live and page.owner == p.b_editor
    assert page.title == "Báo cáo kết quả thực hiện nhiệm vụ 1 - 60-KH/TU"
    assert page.get_parent().pk == workspace.b.unit.section.pk
    # A second click reopens the same draft.
    assert client.post(start).url == response.url
    assert SubmissionPage.objects.filter(tasks=task).count() == 1
    assert client.get(response.url).status_code == 200


def test_department_dashboard_counts_every_unit(client, workspace):
    client.force_login(workspace.people.reviewer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tình hình thực hiện của các đơn vị" in home
    assert f'data-unit="{workspace.a.unit.slug}"' in home
    assert f'data-unit="{workspace.b.unit.slug}"' in home
    assert reverse("directives_review:index") in home


@pytest.fixture
def november_20(time_machine):
    """Requested before `workspace`, so that its reports are sent on this day too."""
    time_machine.move_to(vietnam_time(date(2026, 11, 20)))


def test_department_dashboard_says_how_many_are_late_beside_the_stages(
    november_20, client, workspace
):
    _home, index, _units = factories.site_tree()
    a, b = workspace.a.unit, workspace.b.unit
    plan = factories.directive(
        index,
        title="Kế hoạch 61-KH/TU",
        number_symbol="61-KH/TU",
        issuer=workspace.department,
        tasks=[
            {"units": [a, b], "due_date": date(2026, 11, 10)},
            {"units": [a, b], "due_date": date(2026, 12, 10)},
        ],
    )
    late_task, later_task = plan.tasks.order_by("sort_order")
    # A sends the first task ten days late and the second early; B sends nothing.
    factories.submission(a, plan, title="Báo cáo muộn", tasks=[late_task])
    factories.submission(a, plan, title="Báo cáo sớm", tasks=[later_task])
    client.force_login(workspace.people.reviewer)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    header = re.search(r"department-overview.*?<thead>(.*?)</thead>", home, re.S).group(1)
    labels = re.findall(r"<th>([^<]*)</th>", header)
    assert labels[1:] == [*(str(label) for _v, label in Stage.choices), "Trễ, quá hạn"]

    def row(unit):
        cells = re.search(rf'<tr data-unit="{unit.slug}">(.*?)</tr>', home, re.S).group(1)
        return dict(zip(labels[1:], re.findall(r"<td>(\d+)</td>", cells), strict=True))

    assert row(a)["Chờ thẩm định"] == "2" and row(a)["Trễ, quá hạn"] == "1"
    assert row(b)["Chưa soạn"] == "2" and row(b)["Trễ, quá hạn"] == "1"
