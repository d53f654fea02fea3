"""The editor's form for a unit document: it offers only what the unit may answer."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directives.indicators.definitions import parse_figure
from directives.indicators.forms import FiguresField, initial_figures
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


class ResultsReportPageForm(SubmissionPageForm):
    """A results report also carries the figures of its tasks' indicators.

    Inputs are offered for the indicators of every task of the report's directive the
    unit may answer, so that ticking a task and typing its figures is one save; which
    ones count is then checked against the tasks ticked (`_read_figures`).
    """

    figures = FiguresField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["figures"]
        field.set_groups(self._figure_tasks())
        field.initial = initial_figures(
            self.instance.indicator_values.all(), [task for task, _i in field.widget.groups]
        )
        self.figure_values: list[tuple[int, str, Decimal]] = []

    def _figure_tasks(self):
        if "tasks" not in self.fields:
            return []
        directive_id = self.data.get("directive") if self.is_bound else None
        directive_id = directive_id or self.instance.directive_id
        if not str(directive_id or "").isdigit():
            return []
        return list(
            self.fields["tasks"]
            .queryset.filter(directive_id=int(directive_id))
            .order_by("sort_order", "pk")
        )

    def clean(self):
        cleaned_data = super().clean()
        self._read_figures(cleaned_data)
        return cleaned_data

    def _read_figures(self, cleaned_data):
        field = self.fields["figures"]
        typed = cleaned_data.get("figures") or {}
        answered = {task.pk for task in cleaned_data.get("tasks") or ()}
        errors: dict[tuple[int, str], str] = {}
        values = []
        for task, indicators in field.widget.groups:
            for indicator in indicators:
                key = (task.pk, indicator.code)
                try:
                    value = parse_figure(indicator.kind, typed.get(key, ""))
                except ValidationError as error:
                    errors[key] = error.messages[0]
                    continue
                if value is not None and task.pk not in answered:
                    errors[key] = _(
                        "Báo cáo chưa trả lời nhiệm vụ %(number)s: chọn nhiệm vụ đó ở "
                        "“Nhiệm vụ được trả lời” hoặc xóa số liệu này."
                    ) % {"number": task.number or task.pk}
                elif value is None and indicator.required and task.pk in answered:
                    # Not on "Lưu nháp" (Wagtail defers required fields on drafts): a
                    # unit saves what it has and completes it before sending.
                    if not self.is_deferred_validation:
                        errors[key] = _("Chỉ tiêu bắt buộc: hãy nhập số liệu.")
                elif value is not None:
                    values.append((task.pk, indicator.code, value))
        field.widget.errors = errors
        if errors:
            self.add_error(
                "figures",
                ngettext(
                    "%(count)s số liệu chưa đúng: xem thông báo bên cạnh ô đó.",
                    "%(count)s số liệu chưa đúng: xem thông báo bên cạnh từng ô.",
                    len(errors),
                )
                % {"count": len(errors)},
            )
        self.figure_values = values

    def save(self, commit=True):
        from directives.models import IndicatorValue

        # Children of the page: saved in its revision, live once published.
        self.instance.indicator_values = [
            IndicatorValue(task_id=task_id, code=code, value=value)
            for task_id, code, value in self.figure_values
        ]
        return super().save(commit=commit)
