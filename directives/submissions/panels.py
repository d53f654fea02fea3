"""Editor panels of a unit's submission: why it was sent back, at the top of the form."""

from wagtail.admin.panels import HelpPanel

from directives.models.reviews import RETURNING_EVENTS


class ReturnNoticePanel(HelpPanel):
    """The latest return (by the department or the unit leader): who, when, what to fix.

    Shown while that return is the report's latest step, so the editor revising it and
    the leader approving the revision both read what was asked.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "directives/admin/return_notice_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.step = self._latest_return()

        def _latest_return(self):
            from directives.models import SubmissionReview

            if not getattr(self.instance, "pk", None):
                return None
            latest = (
                SubmissionReview.objects.filter(page_id=self.instance.pk)
                .select_related("user")
                .order_by("-created_at", "-pk")
                .first()
            )
            return latest if latest is not None and latest.event in RETURNING_EVENTS else None

        def is_shown(self):
            return self.step is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["step"] = self.step
            return context
