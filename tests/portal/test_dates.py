"""A typed dd/mm/yyyy date that names no day is refused with the reason, never rolled
over (31/02 → 03/03) and never replaced (portal/dates.py)."""

from datetime import date

from django.utils import translation

import pytest

from directives.models import DirectivePage, ReportSchedule
from portal import dates


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2026", "Ngày “31/02/2026” không có: tháng 02/2026 chỉ có 28 ngày."),
        ("29/02/2025", "Ngày “29/02/2025” không có: tháng 02/2025 chỉ có 28 ngày."),
        ("31/4/2026", "Ngày “31/4/2026” không có: tháng 04/2026 chỉ có 30 ngày."),
        ("0/1/2026", "Ngày “0/1/2026” không có: tháng 01/2026 chỉ có 31 ngày."),
        ("12/13/2026", "Ngày “12/13/2026” không có: tháng phải từ 1 đến 12"),
        ("31/02/2026 08:00", "Ngày “31/02/2026” không có: tháng 02/2026 chỉ có 28 ngày."),
    ],
)
def test_an_impossible_day_is_named_with_its_reason(typed, reason):
    assert dates.impossible_day(typed).startswith(reason)
    with pytest.raises(ValueError, match=reason.split(":")[0]):
        dates.parse_day(typed.split()[0])


@pytest.mark.parametrize("typed", ["29/02/2024", "31/12/2026", "1/1/2026", "", "2026-02-31", "abc"])
def test_real_days_and_other_writings_are_not_called_impossible(typed):
    assert dates.impossible_day(typed) is None


def test_parse_day_reads_real_days_and_names_unreadable_ones():
    assert dates.parse_day(" 29/02/2024 ") == date(2024, 2, 29)
    with pytest.raises(ValueError, match="không hợp lệ \\(ghi theo dạng dd/mm/yyyy\\)"):
        dates.parse_day("hôm qua")


@pytest.mark.parametrize(
    ("model", "name", "typed"),
    [
        (DirectivePage, "issued_on", "31/02/2026"),
        (ReportSchedule, "reporting_since", "31/02/2026 07:00"),
    ],
)
def test_every_admin_date_field_refuses_an_impossible_day_and_keeps_its_picker_quiet(
    model, name, typed
):
    from django.core.exceptions import ValidationError

    from wagtail.admin.forms.models import formfield_for_dbfield

    field = formfield_for_dbfield(model._meta.get_field(name))
    assert isinstance(field, dates.DayField | dates.DayTimeField)
    # Wagtail's picker rewrites the typed text on blur unless told not to.
    assert field.widget.get_config()["validateOnBlur"] is False
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == ["Ngày “31/02/2026” không có: tháng 02/2026 chỉ có 28 ngày."]
    # A real day still reads as before.
    assert field.clean(typed.replace("31/02", "28/02"))
