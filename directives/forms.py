from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from directives.locales import in_source_locale, source_language


class SubmissionPageForm(WagtailAdminPageForm):
    """Knows the unit before the page is saved: it is the section's being written in.

    Units answer the Vietnamese directive, the record compliance is counted on:
    its tasks only (not an English copy's), and never an English page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.unit_id is None and self.parent_page is not None:
            self.instance.unit_id = getattr(self.parent_page.specific, "unit_id", None)
        if "tasks" in self.fields:
            self.fields["tasks"].queryset = self.fields["tasks"].queryset.filter(
                in_source_locale("directive__")
            )

    def clean_directive(self):
        directive = self.cleaned_data.get("directive")
        if directive is not None and directive.locale.language_code != source_language():
            raise ValidationError(_("Hãy chọn bản tiếng Việt của văn bản."))
        return directive
