"""The figures part of a results report's editor: one typed input per indicator of the
tasks the report may answer, grouped by task.

One form field ("figures") holds them all, so that Wagtail's panels render it once
(fields a panel does not declare are rendered again, raw, below the form). Its widget
renders one input per (task, indicator); what was typed comes back as typed, with the
message beside the input it concerns (`FiguresWidget.errors`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.indicators.definitions import Kind, format_figure, indicators_of

YES_NO_CHOICES = [("", "—"), ("có", _("Có")), ("không", _("Không"))]


def input_name(name: str, task_id: int, code: str) -> str:
    return f"{name}-{task_id}-{code}"


class FiguresWidget(forms.Widget):
    template_name = "directives/widgets/indicator_figures.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.groups: list = []  # [(task, [Indicator, ...]), ...], set by the form
        self.errors: dict[tuple[int, str], str] = {}

    def value_from_datadict(self, data, files, name):
        return {
            (task.pk, indicator.code): data.get(input_name(name, task.pk, indicator.code), "")
            for task, indicators in self.groups
            for indicator in indicators
        }

    def value_omitted_from_data(self, data, files, name):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = value if isinstance(value, dict) else {}
        context["widget"]["groups"] = [
            {
                "task": task,
                "rows": [
                    {
                        "indicator": indicator,
                        "name": input_name(name, task.pk, indicator.code),
                        "id": f"id_{input_name(name, task.pk, indicator.code)}",
                        "value": value.get((task.pk, indicator.code), ""),
                        "error": self.errors.get((task.pk, indicator.code)),
                        "choices": YES_NO_CHOICES if indicator.kind == Kind.YES_NO else None,
                        "target": format_figure(indicator.kind, indicator.target)
                        if indicator.target is not None
                        else "",
                    }
                    for indicator in indicators
                ],
            }
            for task, indicators in self.groups
        ]
        return context


class FiguresField(forms.Field):
    """The typed texts by (task id, code); the form reads them (`parse_figure`), because
    which are wrong depends on the tasks the report answers."""

    widget = FiguresWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Số liệu chỉ tiêu"))
        super().__init__(**kwargs)

    def set_groups(self, tasks) -> None:
        self.widget.groups = [(task, found) for task in tasks if (found := indicators_of(task))]

    def clean(self, value):
        return value if isinstance(value, dict) else {}


def initial_figures(values, tasks) -> dict[tuple[int, str], str]:
    """The report's figures as the inputs show them ("1.234,5", "có")."""
    kinds = {
        (task.pk, indicator.code): indicator.kind
        for task in tasks
        for indicator in indicators_of(task)
    }
    return {
        (value.task_id, value.code): format_figure(kind, value.value).rstrip("%")
        for value in values
        if (kind := kinds.get((value.task_id, value.code)))
    }
