"""The editor's footer for a unit's report: the step that moves the report on is the
visible main button, labelled for what it does; the leader's decision says what it did."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.action_menu import (
    PublishMenuItem,
    SaveDraftMenuItem,
    SubmitForModerationMenuItem,
    WorkflowMenuItem,
)

from directives.models import SubmissionPage, UnitApprovalTask, UnitSectionPage


class SubmitToLeaderMenuItem(SubmitForModerationMenuItem):
    """Wagtail's "Submit to Đơn vị gửi văn bản", said as what it does."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        context["label"] = (
            _("Trình lãnh đạo duyệt lại")
            if state is not None and state.status == state.STATUS_NEEDS_CHANGES
            else _("Trình lãnh đạo duyệt")
        )
        return context


class PublishReportMenuItem(PublishMenuItem):
    """A unit leader's own publish is the approval that sends the report to the department."""

    label = gettext_lazy("Duyệt và gửi Ban Tuyên giáo")


def _is_report(context) -> bool:
    page = context.get("page")
    if page is not None and page.pk:
        return isinstance(page.specific_deferred, SubmissionPage)
    parent = context.get("parent_page")
    return parent is not None and isinstance(parent.specific_deferred, UnitSectionPage)


def _replace(item):
    if type(item) is SubmitForModerationMenuItem:
        return SubmitToLeaderMenuItem(order=item.order)
    if type(item) is PublishMenuItem:
        return PublishReportMenuItem(order=item.order)
    return item


def _rank(item) -> int:
    # The leader's decision first (approve, approve with a comment, return), then
    # publish or submit, then saving a draft, then the rest in Wagtail's order.
    if isinstance(item, WorkflowMenuItem):
        return {"approve": 0, "reject": 2}.get(item.name, 3) + (1 if item.launch_modal else 0)
    if isinstance(item, PublishMenuItem | SubmitForModerationMenuItem):
        return 4
    if isinstance(item, SaveDraftMenuItem):
        return 5
    return 6


def arrange_report_menu(menu_items: list, request, context) -> None:
    """Reorder and relabel the footer of a unit report's editor (in place: Wagtail's hook)."""
    if not _is_report(context):
        return
    page = context.get("page")
    task = page.current_workflow_task if page is not None and page.pk else None
    if isinstance(task, UnitApprovalTask):
        # Wagtail appends "and Publish" to the final approval; our labels already say it.
        labels = {(n, modal): label for n, label, modal in task.get_actions(page, request.user)}
        for item in menu_items:
            if isinstance(item, WorkflowMenuItem):
                item.label = labels.get((item.name, item.launch_modal), item.label)
    menu_items[:] = sorted((_replace(item) for item in menu_items), key=_rank)


def decision_message(page: SubmissionPage) -> str | None:
    """What the leader's decision did, in words, from the report's state afterwards."""
    page = SubmissionPage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        return _("Đã trả lại “%(title)s” cho biên tập viên sửa, kèm ý kiến của lãnh đạo.") % {
            "title": page.title
        }
    if state is None and page.live:
        return _("Đã phê duyệt và gửi “%(title)s” tới Ban Tuyên giáo thẩm định (đã đăng).") % {
            "title": page.title
        }
    return None


def announce_decision(request, page) -> None:
    """After a leader's workflow action: one Vietnamese message saying what happened,
    instead of Wagtail's "Page '…' has been updated." (read and dropped here)."""
    if not isinstance(page.specific_deferred, SubmissionPage):
        return
    text = decision_message(page)
    if text is None:
        return
    # Reading the queued messages consumes them; the non-success ones are put back.
    kept = [m for m in messages.get_messages(request) if m.level != messages.SUCCESS]
    for message in kept:
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    messages.success(request, text)
