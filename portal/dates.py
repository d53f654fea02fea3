"""Dates people type as dd/mm/yyyy: an impossible day is named, never rolled over.

Python refuses 31/02/2026 with "day is out of range for month", which Django turns
into a bare "Nhập ngày hợp lệ."; Wagtail's date picker goes further and, when the
field loses focus, rewrites 31/02/2026 as 03/03/2026 (and anything it cannot read
as today), so the wrong date is saved without a word. Here the picker leaves what
was typed alone and the server says what is wrong with it. `register_admin_fields`
puts both on every date field of the admin's model forms (pages, snippets);
`directives.admin_shell.day_param` reads query-string dates with `parse_day`.
"""

import calendar
import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

# Day and month as people write them (1 or 2 digits), a four-digit year, and
# optionally a time after the date.
DAY_SHAPE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s|$)")


def impossible_day(raw: str) -> str | None:
    """Why a dd/mm/yyyy value names no day of the calendar ("31/02/2026": February
    2026 has 28 days), or None when it is a real day or not written that way."""
    shape = DAY_SHAPE.match(raw or "")
    if not shape:
        return None
    day, month, year = (int(part) for part in shape.groups())
    shown = shape.group(0).strip()
    if not 1 <= month <= 12:
        return _(
            "Ngày “%(value)s” không có: tháng phải từ 1 đến 12 (ghi theo dạng dd/mm/yyyy)."
        ) % {"value": shown}
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return _("Ngày “%(value)s” không có: tháng %(month)s chỉ có %(last)s ngày.") % {
            "value": shown,
            "month": f"{month:02d}/{year}",
            "last": last,
        }
    return None


def parse_day(raw: str) -> date:
    """A dd/mm/yyyy day; ValueError with a Vietnamese reason otherwise."""
    if reason := impossible_day(raw):
        raise ValueError(reason)
    try:
        return datetime.strptime(raw.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(
            _("Ngày “%(value)s” không hợp lệ (ghi theo dạng dd/mm/yyyy).") % {"value": raw[:20]}
        ) from None


class NamedDayMixin:
    """A form field that names an impossible day instead of "Nhập ngày hợp lệ."."""

    def to_python(self, value):
        if isinstance(value, str) and (reason := impossible_day(value)):
            raise ValidationError(reason, code="invalid")
        return super().to_python(value)


class DayField(NamedDayMixin, forms.DateField):
    pass


class DayTimeField(NamedDayMixin, forms.DateTimeField):
    pass


class KeepTypedMixin:
    """Wagtail's picker without its rewrite on blur (31/02 → 03/03, unreadable → today):
    picking a day still fills the field, typing is left to the server to judge."""

    def get_config(self):
        return super().get_config() | {"validateOnBlur": False}


class DayInput(KeepTypedMixin, AdminDateInput):
    pass


class DayTimeInput(KeepTypedMixin, AdminDateTimeInput):
    pass


def register_admin_fields() -> None:
    """Every date and date-time field of the admin's model forms gets these."""
    # Imported here: the module registers Wagtail's own overrides, which ours replace.
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.DateField, override={"form_class": DayField, "widget": DayInput}
    )
    register_form_field_override(
        models.DateTimeField, override={"form_class": DayTimeField, "widget": DayTimeInput}
    )
