"""The editor's form for a unit document: it offers only what the unit may answer."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directives.locales import in_source_locale, source_language
from directives.units.page_form import PortalPageForm


class SubmissionPageForm(PortalPageForm):
    """Knows the unit before the page is saved: it is the section's being written in.

    Units answer the Vietnamese directive, the record compliance is counted on:
    its tasks only (not an English copy's), and never an English page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.unit_id is None and self.parent_page is not None:
            self.instance.unit_id = getattr(self.parent_page.specific, "unit_id", None)
        if "tasks" in self.fields:
            tasks = self.fields["tasks"].queryset.filter(in_source_locale("directive__"))
            if self.instance.unit_id is not None:
                # Only the tasks given to this unit (and what the page already answers).
                # Imported here: the page models import this form, the selectors them.
                from directives.selectors import unit_tasks

                tasks = tasks.filter(
                    Q(pk__in=unit_tasks(self.instance.unit_id).values("pk"))
                    | Q(pk__in=[task.pk for task in self.instance.tasks.all()])
                )
            self.fields["tasks"].queryset = tasks

    def clean(self):
        cleaned_data = super().clean()
        from attachments.rules import check_signed_report

        check_signed_report(self)
        self._refuse_second_open_report(cleaned_data)
        return cleaned_data

    def _refuse_second_open_report(self, cleaned_data):
        # Here, not in the model's clean: the add view saves the page outside the
        # form's validation, where a ValidationError would be a 500, not a message.
        unit_id, tasks = self.instance.unit_id, cleaned_data.get("tasks")
        if not (unit_id and tasks):
            return
        found = type(self.instance).open_report_besides(
            unit_id=unit_id,
            tasks=tasks,
            period_start=cleaned_data.get("period_start"),
            exclude_pk=self.instance.pk,
        )
        if found is not None:
            task, other = found
            self.add_error(
                "tasks",
                _(
                    "Đơn vị đã có văn bản “%(title)s” cho nhiệm vụ %(number)s "
                    "(chưa được chấp nhận). Hãy mở và sửa văn bản đó thay vì tạo "
                    "văn bản mới."
                )
                % {"title": other.title, "number": task.number},
            )

    def clean_directive(self):
        directive = self.cleaned_data.get("directive")
        if directive is not None and directive.locale.language_code != source_language():
            raise ValidationError(_("Hãy chọn bản tiếng Việt của văn bản."))
        return directive
