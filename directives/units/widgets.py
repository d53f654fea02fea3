"""Choosing the units a task is given to: grouped by category, filtered as typed.

Wagtail's default for a many-to-many field is a Ctrl-click list of every unit;
issuing a directive to "mọi huyện ủy, thành ủy" meant 12 careful clicks. The picker
groups the units by category with "Chọn cả nhóm" per group, and a filter that
folds Vietnamese as search does ("da lat" finds "Đà Lạt"). Without JavaScript it
is a plain list of checkboxes.
"""

from django import forms

from directives.models.units import UnitCategory
from portal.vietnamese import fold


class UnitPicker(forms.CheckboxSelectMultiple):
    template_name = "directives/widgets/unit_picker.html"

    class Media:
        js = ["directives/unit-picker.js"]

    def optgroups(self, name, value, attrs=None):
        # One group per category, in the registry's order of categories. The field's
        # own choices carry their units (ModelChoiceIteratorValue.instance): no query
        # of its own per task form.
        groups: dict[str, list] = {category: [] for category in UnitCategory.values}
        selected = {str(v) for v in value}
        for index, (option_value, option_label) in enumerate(self.choices):
            unit = getattr(option_value, "instance", None)
            if unit is None:  # the empty choice of a blank field
                continue
            option = self.create_option(
                name, option_value, option_label, str(option_value) in selected, index, attrs=attrs
            )
            option["folded"] = fold(unit.name).lower()
            groups.setdefault(unit.category, []).append(option)
        return [
            (UnitCategory(category).label, options, position)
            for position, (category, options) in enumerate(groups.items())
            if options
        ]
