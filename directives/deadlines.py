"""Deadlines and reporting periods as Vietnamese documents word them.

Pure functions: "Hoàn thành trong tháng 9 năm 2022" -> 30/09/2022,
"trước ngày 31/10/2022" -> 31/10/2022, "quý III năm 2022" -> 30/09/2022.
A deadline phrased as a period means the last day of that period; "trước
ngày X" is read as "by X" (the office's own reading: reports dated X count).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.vietnamese import fold, squash_spaces


class Recurrence(models.TextChoices):
    """How often a task is owed: the one list of recurrence names (tasks, periods, schedules)."""

    ONCE = "once", gettext_lazy("Một lần")
    PERIODIC = "periodic", gettext_lazy("Định kỳ (chưa ấn định tần suất)")
    MONTHLY = "monthly", gettext_lazy("Hằng tháng")
    QUARTERLY = "quarterly", gettext_lazy("Hằng quý")
    YEARLY = "yearly", gettext_lazy("Hằng năm")


# Reports are owed once per such period (a plain "periodic" task names no period).
FIXED_PERIODS = frozenset({Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.YEARLY})
MONTHLY, QUARTERLY, YEARLY = Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.YEARLY

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_LABEL = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Patterns run on folded, lower-cased text so that "thang 9 nam 2022" typed
# without accents reads the same as "tháng 9 năm 2022".
_YEAR = r"(?:nam\s*|/\s*|-\s*)(\d{4})"
_DAY_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_DAY_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+" + _YEAR)
_MONTH = re.compile(r"thang\s+(\d{1,2})\s*" + _YEAR)
_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\b\s*" + _YEAR)
_HALF = re.compile(r"6\s+thang\s+(dau|cuoi)\s+nam\s+(\d{4})")
_YEAR_ONLY = re.compile(r"(?:trong\s+)?nam\s+(\d{4})")
_RECURRENCE = (
    (re.compile(r"(?:hang|moi|dinh\s+ky)\s+thang"), MONTHLY),
    (re.compile(r"(?:hang|moi|dinh\s+ky)\s+quy"), QUARTERLY),
    (re.compile(r"(?:hang|moi|dinh\s+ky)\s+nam"), YEARLY),
)


class DeadlineError(ValueError):
    """The wording names a date that does not exist (e.g. 31/02/2022)."""


def _month_end(year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise DeadlineError(f"Tháng {month} không tồn tại.")
    return date(year, month, calendar.monthrange(year, month)[1])


def _exact(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DeadlineError(f"Ngày {day:02d}/{month:02d}/{year} không tồn tại.") from None


def parse_deadline(wording: str) -> date | None:
    """The date a deadline's wording means, or None when it names no date.

    Raises DeadlineError for a date that cannot exist.
    """
    text = fold(squash_spaces(wording)).lower()
    if match := _DAY_NUMERIC.search(text):
        day, month, year = (int(g) for g in match.groups())
        return _exact(year, month, day)
    if match := _DAY_WORDS.search(text):
        day, month, year = (int(g) for g in match.groups())
        return _exact(year, month, day)
    if match := _MONTH.search(text):
        month, year = int(match.group(1)), int(match.group(2))
        return _month_end(year, month)
    if match := _QUARTER.search(text):
        quarter = match.group(1)
        number = _ROMAN[quarter] if quarter in _ROMAN else int(quarter)
        return _month_end(int(match.group(2)), number * 3)
    if match := _HALF.search(text):
        year = int(match.group(2))
        return _month_end(year, 6 if match.group(1) == "dau" else 12)
    if match := _YEAR_ONLY.search(text):
        return date(int(match.group(1)), 12, 31)
    return None


def parse_recurrence(wording: str) -> str | None:
    """'Định kỳ hằng quý báo cáo…' -> 'quarterly'; None for a one-off wording."""
    text = fold(squash_spaces(wording)).lower()
    for pattern, recurrence in _RECURRENCE:
        if pattern.search(text):
            return recurrence
    return None


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period of a periodic task, both ends inclusive."""

    start: date
    end: date
    recurrence: str

    @property
    def label(self) -> str:
        if self.recurrence == MONTHLY:
            return _("Tháng %(month)s/%(year)s") % {
                "month": f"{self.start.month:02d}",
                "year": self.start.year,
            }
        if self.recurrence == QUARTERLY:
            return _("Quý %(roman)s/%(year)s") % {
                "roman": _ROMAN_LABEL[(self.start.month - 1) // 3 + 1],
                "year": self.start.year,
            }
        return _("Năm %(year)s") % {"year": self.start.year}


def period_containing(recurrence: str, day: date) -> Period:
    if recurrence == MONTHLY:
        start = day.replace(day=1)
        return Period(start, _month_end(day.year, day.month), recurrence)
    if recurrence == QUARTERLY:
        first_month = (day.month - 1) // 3 * 3 + 1
        return Period(
            date(day.year, first_month, 1), _month_end(day.year, first_month + 2), recurrence
        )
    if recurrence == YEARLY:
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), recurrence)
    raise ValueError(f"Unknown recurrence {recurrence!r}")


def periods_between(recurrence: str, first_day: date, last_day: date) -> list[Period]:
    """Every period that overlaps [first_day, last_day], in order."""
    periods = []
    current = period_containing(recurrence, first_day)
    while current.start <= last_day:
        periods.append(current)
        following = date.fromordinal(current.end.toordinal() + 1)
        current = period_containing(recurrence, following)
    return periods
