"""The unit's reporting loop: one report per (unit, task, period), revised in place when
returned; the leader's decisions publish in one step and stand in the report's history;
the dashboard says where each report is and what to do next."""

from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from directives.compliance.positions import task_rows
from directives.compliance.rules import Stage
from directives.compliance.todo import todo_count
from directives.models import (
    ResultsReportPage,
    ReviewEvent,
    ReviewState,
    SubmissionPage,
)
from directives.submissions import services

pytestmark = pytest.mark.django_db


def submit(page, user):
    page = page.specific
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def position_of(task, unit):
    return next(
        r.position
        for r in task_rows(unit_ids=[unit.pk], today=timezone.localdate())
        if r.task.pk == task.pk
    )


def test_the_stage_follows_the_report_from_draft_to_acceptance(workspace, fresh_task):
    p, unit = workspace.people, workspace.a.unit
    assert position_of(fresh_task, unit).stage == Stage.NOT_STARTED
    report = services.report_start(
        task=fresh_task, unit=unit, user=p.a_editor, today=timezone.localdate()
    )
    assert position_of(fresh_task, unit).stage == Stage.DRAFTING
    submit(report, p.a_editor)
    assert position_of(fresh_task, unit).stage == Stage.AWAITING_LEADER
    state = report.current_workflow_task_state
    state.task.specific.on_action(state.specific, p.a_approver, "reject", comment="Sửa số liệu")
    assert position_of(fresh_task, unit).stage == Stage.LEADER_RETURNED
    report.refresh_from_db()
    report.current_workflow_state.resume(p.a_editor)
    state = SubmissionPage.objects.get(pk=report.pk).current_workflow_task_state
    state.task.specific.on_action(state.specific, p.a_approver, "approve", comment="")
    found = position_of(fresh_task, unit)
    assert found.stage == Stage.AWAITING_REVIEW and found.submission_id == report.pk
    report = SubmissionPage.objects.get(pk=report.pk).specific
    services.submission_review(
        page=report, user=p.reviewer, event=ReviewEvent.RETURNED, reason="Thiếu phụ lục"
    )
    assert position_of(fresh_task, unit).stage == Stage.RETURNED
    submit(report, p.a_editor)
    assert position_of(fresh_task, unit).stage == Stage.AWAITING_LEADER
    state = SubmissionPage.objects.get(pk=report.pk).current_workflow_task_state
    state.task.specific.on_action(state.specific, p.a_approver, "approve", comment="")
    assert position_of(fresh_task, unit).stage == Stage.AWAITING_REVIEW
    services.submission_review(
        page=SubmissionPage.objects.get(pk=report.pk), user=p.reviewer, event=ReviewEvent.ACCEPTED
    )
    assert position_of(fresh_task, unit).stage == Stage.ACCEPTED
    # One report all along.
    assert SubmissionPage.objects.filter(tasks=fresh_task).count() == 1


def test_the_leaders_decisions_stand_in_the_history_before_the_departments(workspace):
    p = workspace.people
    page = workspace.a.draft
    submit(page, p.a_editor)
    state = page.current_workflow_task_state
    state.task.specific.on_action(state.specific, p.a_approver, "reject", comment="Ghi rõ số")
    page.refresh_from_db()
    page.current_workflow_state.resume(p.a_editor)
    state = SubmissionPage.objects.get(pk=page.pk).current_workflow_task_state
    state.task.specific.on_action(state.specific, p.a_approver, "approve", comment="Đồng ý gửi")
    steps = list(SubmissionPage.objects.get(pk=page.pk).reviews.all())
    assert [(s.event, s.reason, s.user) for s in steps] == [
        (ReviewEvent.LEADER_RETURNED, "Ghi rõ số", p.a_approver),
        (ReviewEvent.LEADER_APPROVED, "Đồng ý gửi", p.a_approver),
        (ReviewEvent.SUBMITTED, "", None),
    ]


def test_a_returned_report_is_reopened_never_duplicated(client, workspace, fresh_task):
    p, unit = workspace.people, workspace.a.unit
    client.force_login(p.a_editor)
    start = reverse("directives_submissions:start_report", args=[fresh_task.pk, unit.pk])
    first = client.post(start).url
    report = ResultsReportPage.objects.get(tasks=fresh_task)
    submit(report, p.a_editor)
    state = report.current_workflow_task_state
    state.task.specific.on_action(state.specific, p.a_approver, "approve", comment="")
    services.submission_review(
        page=SubmissionPage.objects.get(pk=report.pk),
        user=p.reviewer,
        event=ReviewEvent.RETURNED,
        reason="Bổ sung",
    )
    assert SubmissionPage.objects.get(pk=report.pk).review_state == ReviewState.RETURNED
    # Whatever is posted, the returned report opens again.
    for _ in range(2):
        assert client.post(start).url == first
    assert SubmissionPage.objects.filter(tasks=fresh_task).count() == 1
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sửa báo cáo bị trả lại" in home and "Bổ sung" in home
    assert reverse("wagtailadmin_pages:edit", args=[report.pk]) in home
    editor = client.get(first).content.decode()
    assert "Ban Tuyên giáo đã trả lại văn bản này" in editor and "Bổ sung" in editor


def test_the_server_refuses_a_second_open_report_for_the_same_task(client, workspace, fresh_task):
    p, unit = workspace.people, workspace.a.unit
    services.report_start(task=fresh_task, unit=unit, user=p.a_editor, today=timezone.localdate())
    client.force_login(p.a_editor)
    # The editor's own add form, posted as a second tab (or a crafted request) would.
    url = reverse(
        "wagtailadmin_pages:add", args=["directives", "resultsreportpage", unit.section.pk]
    )
    data = nested_form_data(
        {
            "title": "Báo cáo thứ hai",
            "slug": "bao-cao-thu-hai",
            "directive": fresh_task.directive.pk,
            "number_symbol": "",
            "issued_on": "",
            "period_start": "",
            "body": streamfield([]),
            "attachments": inline_formset([]),
        }
    )
    data["tasks"] = [fresh_task.pk]
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with its message: never a 500
    html = response.content.decode()
    assert "Hãy mở và sửa văn bản đó" in html
    assert "Báo cáo thứ hai" in html  # what was typed is kept
    assert SubmissionPage.objects.filter(tasks=fresh_task).count() == 1


def test_approving_from_the_dashboard_publishes_and_says_so(client, workspace):
    p = workspace.people
    page = workspace.a.draft
    submit(page, p.a_editor)
    state = page.current_workflow_task_state
    client.force_login(p.a_approver)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Xem và phê duyệt" in home
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]),
        {"comment": "Đồng ý"},
        follow=True,
    )
    page = SubmissionPage.objects.get(pk=page.pk)
    assert page.live and page.review_state == ReviewState.AWAITING
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_APPROVED
    text = response.content.decode()
    assert "Đã phê duyệt và gửi" in text and "tới Ban Tuyên giáo thẩm định" in text
    assert page.reviews.first().event == ReviewEvent.LEADER_APPROVED
    assert page.reviews.first().reason == "Đồng ý"


def test_the_todo_view_and_counter_show_what_waits_for_each_person(client, workspace, fresh_task):
    p = workspace.people
    # Unit A's editor: the fresh task (no deadline set, so not urgent) and the fixture's
    # overdue task (30/09/2022) whose report awaits review: nothing waits on the editor
    # until the department returns it.
    client.force_login(p.a_editor)
    services.submission_review(
        page=workspace.a.live, user=p.reviewer, event=ReviewEvent.RETURNED, reason="Thiếu số liệu"
    )
    page = client.get(reverse("directives_todo")).content.decode()
    assert "Thiếu số liệu" in page and "Sửa báo cáo bị trả lại" in page
    assert todo_count(p.a_editor, today=timezone.localdate()) == 1
    # The leader: a report awaiting approval.
    submit(workspace.a.draft, p.a_editor)
    client.force_login(p.a_approver)
    page = client.get(reverse("directives_todo")).content.decode()
    assert "Xem và phê duyệt" in page
    assert todo_count(p.a_approver, today=timezone.localdate()) >= 1
    # The reviewer: the reports awaiting review.
    client.force_login(p.reviewer)
    page = client.get(reverse("directives_todo")).content.decode()
    assert 'data-count="1"' in page and "Mở hàng chờ thẩm định" in page


def test_the_site_header_counts_the_todo(client, workspace):
    p = workspace.people
    services.submission_review(
        page=workspace.a.live, user=p.reviewer, event=ReviewEvent.RETURNED, reason="Thiếu số liệu"
    )
    client.force_login(p.a_editor)
    page = client.get(workspace.a.unit.section.url).content.decode()
    assert 'class="todo-link"' in page and 'data-todo-count="1"' in page
