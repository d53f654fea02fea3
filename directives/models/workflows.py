"""The leader's approval: one workflow task whose approvers come from the page's own unit."""

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from wagtail.models import Task, TaskState


class UnitApprovalTask(Task):
    """Approval by the leader of the unit that owns the page.

    One task serves every unit: the approvers are resolved from the page's own
    unit (its "phê duyệt" group) instead of forty copies of a group task.
    """

    def _approves(self, obj, user) -> bool:
        # Who may do what: directives.units.roles, the door to every permission rule.
        from directives.units.roles import approver_unit_ids

        if user.is_superuser:
            return True
        return getattr(obj.specific_deferred, "unit_id", None) in approver_unit_ids(user)

    def user_can_access_editor(self, obj, user):
        return self._approves(obj, user)

    def locked_for_user(self, obj, user):
        # While awaiting approval only the leader changes the text.
        return not self._approves(obj, user)

    def user_can_lock(self, obj, user):
        return self._approves(obj, user)

    def get_actions(self, obj, user):
        if not self._approves(obj, user):
            return []
        return [
            ("reject", _("Trả lại để sửa"), True),
            ("approve", _("Phê duyệt và gửi"), False),
            ("approve", _("Phê duyệt kèm ý kiến"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        super().on_action(task_state, user, action_name, **kwargs)
        # From the dashboard, Wagtail redirects to what this returns: a page that says in
        # Vietnamese what the decision did (the editor view says it in after_edit_page).
        from django.urls import reverse

        return reverse("directives_submissions:decided", args=[task_state.workflow_state.object_id])

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        from directives.models.submissions import SubmissionPage
        from directives.units.roles import approver_unit_ids

        own_pages = SubmissionPage.objects.filter(unit_id__in=approver_unit_ids(user)).values(
            pk_text=Cast("pk", CharField())
        )
        return states.filter(workflow_state__object_id__in=own_pages)

    @classmethod
    def get_description(cls):
        return _("Lãnh đạo (nhóm phê duyệt) của chính đơn vị sở hữu trang phê duyệt")

    class Meta:
        verbose_name = _("phê duyệt của lãnh đạo đơn vị")
        verbose_name_plural = _("phê duyệt của lãnh đạo đơn vị")
