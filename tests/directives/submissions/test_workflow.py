"""Submitting goes through the unit leader's approval; one task serves every unit."""

from django.core import mail

from wagtail.models import TaskState

import pytest

from directives.models import ReviewEvent, ReviewState, SubmissionPage, UnitApprovalTask

pytestmark = pytest.mark.django_db


def submit(page, user):
    workflow = page.get_workflow()
    assert workflow is not None, "unit sections must inherit the unit approval workflow"
    page.save_revision(user=user)
    return workflow.start(page, user)


def act(page, user, action, comment=""):
    state = page.current_workflow_task_state
    task = state.task.specific
    task.on_action(state.specific, user, action, comment=comment)
    page.refresh_from_db()


def test_one_workflow_task_resolves_the_approvers_from_the_pages_own_unit(workspace):
    p = workspace.people
    page = workspace.a.draft
    submit(page, p.a_editor)
    task = page.current_workflow_task.specific
    assert isinstance(task, UnitApprovalTask)
    assert UnitApprovalTask.objects.count() == 1
    assert [a[0] for a in task.get_actions(page, p.a_approver)] == ["reject", "approve", "approve"]
    for outsider in (p.a_editor, p.b_approver, p.b_editor, p.reviewer):
        assert task.get_actions(page, outsider) == []
    assert task.locked_for_user(page, p.a_editor)
    assert not task.locked_for_user(page, p.a_approver)
    assert list(task.get_task_states_user_can_moderate(p.a_approver)) == [
        page.current_workflow_task_state
    ]
    assert not task.get_task_states_user_can_moderate(p.b_approver).exists()


def test_approval_publishes_stamps_and_queues_for_review(workspace, committed):
    p = workspace.people
    page = workspace.a.draft
    mail.outbox.clear()
    with committed():
        submit(page, p.a_editor)
    request_mail = [m for m in mail.outbox if "[Chờ phê duyệt]" in m.subject]
    assert len(request_mail) == 1
    assert "a-approver@tinhuy.test" in request_mail[0].bcc
    assert "b-approver@tinhuy.test" not in request_mail[0].bcc
    assert f"/admin/pages/{page.pk}/edit/" in request_mail[0].body
    assert page.submitted_at is None

    mail.outbox.clear()
    with committed():
        act(page, p.a_approver, "approve")
    page = SubmissionPage.objects.get(pk=page.pk)
    assert page.live and page.submitted_at is not None
    assert page.review_state == ReviewState.AWAITING
    assert list(page.reviews.values_list("event", flat=True)) == [
        ReviewEvent.LEADER_APPROVED,
        ReviewEvent.SUBMITTED,
    ]
    # Exactly our notice (Wagtail's own approval mail does not go out beside it).
    assert [m.subject for m in mail.outbox] == [f"[Đã phê duyệt] {page.title}"]
    assert "a-editor@tinhuy.test" in mail.outbox[0].bcc
    assert "reviewer@tinhuy.test" in mail.outbox[0].bcc


def test_rejection_sends_the_comment_back_and_publishes_nothing(workspace, committed):
    p = workspace.people
    page = workspace.a.draft
    submit(page, p.a_editor)
    mail.outbox.clear()
    with committed():
        act(page, p.a_approver, "reject", comment="Bổ sung số liệu quý III")
    assert not page.live and page.submitted_at is None
    assert page.current_workflow_state.status == "needs_changes"
    assert len(mail.outbox) == 1
    assert "Bổ sung số liệu quý III" in mail.outbox[0].body
    assert "Việc cần làm: sửa theo ý kiến rồi trình lãnh đạo duyệt lại" in mail.outbox[0].body
    assert "a-editor@tinhuy.test" in mail.outbox[0].bcc
    assert TaskState.objects.filter(status=TaskState.STATUS_REJECTED).count() == 1


def test_a_later_revision_never_moves_the_stamp(workspace):
    p = workspace.people
    page = workspace.a.live
    first = page.submitted_at
    page.title = "Kế hoạch đã gửi A (bổ sung)"
    submit(page, p.a_editor)
    act(page, p.a_approver, "approve")
    page = SubmissionPage.objects.get(pk=page.pk)
    assert page.title.endswith("(bổ sung)")
    assert page.submitted_at == first
    # Republishing an older revision keeps it too.
    page.revisions.order_by("created_at").first().publish()
    assert SubmissionPage.objects.get(pk=page.pk).submitted_at == first


def test_a_dead_mail_server_loses_no_approval(workspace, settings, committed):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    p = workspace.people
    page = workspace.a.draft
    with committed():
        submit(page, p.a_editor)
        act(page, p.a_approver, "approve")
    assert SubmissionPage.objects.get(pk=page.pk).live
