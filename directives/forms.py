from wagtail.admin.forms import WagtailAdminPageForm


class SubmissionPageForm(WagtailAdminPageForm):
    """Knows the unit before the page is saved: it is the section's being written in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.unit_id is None and self.parent_page is not None:
            self.instance.unit_id = getattr(self.parent_page.specific, "unit_id", None)
