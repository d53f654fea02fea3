"""Which figures count, and their sums per unit, per category of unit and for the province.

The one rule (`counted_report`): a unit's figures for a (task, period) are those of the
report `positions` holds as its sent one, unless that report is returned for revision;
a returned report's figures come back once it is resubmitted. Reports awaiting the
department's review count, and are shown as such.

Everything here works on a built matrix in two queries, whatever the number of units,
tasks and indicators.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from directives.compliance.positions import Position
from directives.indicators.definitions import Indicator, Kind, format_figure, indicators_of
from directives.models import (
    DirectiveTask,
    IndicatorValue,
    Progress,
    ResultsReportPage,
    ReviewState,
)

# Shown wherever totals are: which reports the figures come from.
COUNTING_RULE = _(
    "Số liệu lấy từ báo cáo kết quả mới nhất của mỗi đơn vị cho từng nhiệm vụ và kỳ: "
    "đã được chấp nhận hoặc đang chờ thẩm định (đánh dấu *). Báo cáo bị trả lại không "
    "được tính cho đến khi đơn vị gửi lại."
)


def counted_report(position: Position) -> int | None:
    """The report whose figures count for this (unit, task, period), if any."""
    return None if position.returned else position.submission_id


def aggregate(kind: str, values: list[Decimal]) -> Decimal | None:
    """Counts and amounts add up; percentages average over the units that reported;
    yes/no counts the units that answered "có"."""
    if not values:
        return None
    if kind == Kind.PERCENT:
        return (sum(values) / len(values)).quantize(Decimal("0.01"))
    return sum(values, Decimal(0))


def aggregate_label(kind: str) -> str:
    return {
        Kind.PERCENT: _("bình quân"),
        Kind.YES_NO: _("số đơn vị có"),
    }.get(kind, _("tổng"))


@dataclass
class IndicatorTotal:
    """One indicator of one matrix column (a task, or one period of a periodic task)."""

    column: object  # compliance.matrix.Column
    indicator: Indicator
    units_expected: int
    values: dict[int, Decimal] = field(default_factory=dict)  # unit id -> figure
    awaiting: set[int] = field(default_factory=set)  # units whose report awaits review
    bound: set[int] = field(default_factory=set)  # units the column asks

    @property
    def units_reported(self) -> int:
        return len(self.values)

    @property
    def total(self) -> Decimal | None:
        return aggregate(self.indicator.kind, list(self.values.values()))

    @property
    def total_display(self) -> str:
        return self.display(self.total)

    @property
    def total_kind(self) -> str:
        # A count of units answering "có" is a whole number, not a yes/no.
        return Kind.WHOLE if self.indicator.kind == Kind.YES_NO else self.indicator.kind

    @property
    def aggregate_label(self) -> str:
        return aggregate_label(self.indicator.kind)

    @property
    def target_display(self) -> str:
        return format_figure(self.indicator.kind, self.indicator.target)

    def display(self, value: Decimal | None) -> str:
        return format_figure(self.total_kind, value)

    @property
    def met(self) -> int | None:
        """Units whose figure reaches the target each unit was given."""
        target = self.indicator.target
        if target is None:
            return None
        return sum(1 for value in self.values.values() if value >= target)

    def value_display(self, unit_id: int) -> str:
        value = self.values.get(unit_id)
        text = format_figure(self.indicator.kind, value)
        return f"{text}*" if value is not None and unit_id in self.awaiting else text

    def group(self, unit_ids) -> "GroupTotal | None":
        """The total over some units (a category): None when the column asks none of them."""
        asked = [pk for pk in unit_ids if pk in self.bound]
        if not asked:
            return None
        found = [self.values[pk] for pk in asked if pk in self.values]
        value = aggregate(self.indicator.kind, found)
        return GroupTotal(value, self.display(value), len(found), len(asked))

    def as_json(self, slugs: dict[int, str]) -> dict:
        total = self.total
        return {
            "task": self.column.task.number,
            "period": self.column.period.label if self.column.period else None,
            "code": self.indicator.code,
            "name": self.indicator.name,
            "unit_of_measure": self.indicator.unit_of_measure,
            "kind": self.indicator.kind,
            "aggregate": str(aggregate_label(self.indicator.kind)),
            "target_per_unit": _number(self.indicator.target),
            "total": _number(total),
            "units_reported": self.units_reported,
            "units_expected": self.units_expected,
            "units_met_target": self.met,
            "values": [
                {
                    "unit": slugs[unit_id],
                    "value": _number(value),
                    "awaiting_review": unit_id in self.awaiting,
                }
                for unit_id, value in self.values.items()
            ],
        }


@dataclass(frozen=True)
class GroupTotal:
    value: Decimal | None
    total: str
    units_reported: int
    units_expected: int


@dataclass(frozen=True)
class TotalsTable:
    """The indicator totals as every output lays them out: one row per indicator, the
    province's total, then one cell per category of unit (None where none is asked)."""

    categories: list[str]
    rows: list[tuple[IndicatorTotal, list[GroupTotal | None]]]
    # UnitCategory values, in the order of `categories` (their names).
    category_codes: list[str] = field(default_factory=list)
    counting_rule: ClassVar[str] = COUNTING_RULE

    @property
    def by_category(self) -> list[tuple[IndicatorTotal, str, GroupTotal]]:
        """(indicator, category, total) for each category the indicator's task asks."""
        return [
            (total, category, group)
            for total, groups in self.rows
            for category, group in zip(self.categories, groups, strict=True)
            if group is not None
        ]

    def as_json(self) -> list[list[dict]]:
        """Per indicator (in the order of `rows`), its total for each category it asks."""
        return [
            [
                {
                    "category": code,
                    "category_name": name,
                    "total": _number(group.value),
                    "units_reported": group.units_reported,
                    "units_expected": group.units_expected,
                }
                for code, name, group in zip(
                    self.category_codes, self.categories, groups, strict=True
                )
                if group is not None
            ]
            for _total, groups in self.rows
        ]

    @classmethod
    def of(cls, totals: list[IndicatorTotal], units) -> "TotalsTable":
        grouped: dict[tuple[str, str], list[int]] = {}
        for unit in units:  # registry order: categories in their order
            grouped.setdefault((unit.category, unit.get_category_display()), []).append(unit.pk)
        return cls(
            categories=[name for _code, name in grouped],
            category_codes=[code for code, _name in grouped],
            rows=[(total, [total.group(ids) for ids in grouped.values()]) for total in totals],
        )


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class UnitNote:
    """What a unit's counted results report says besides its figures."""

    unit_id: int
    unit_name: str
    title: str
    submitted_at: datetime | None
    progress: str
    highlights: str
    difficulties: str
    proposals: str
    awaiting: bool

    @property
    def progress_label(self) -> str:
        return str(Progress(self.progress).label) if self.progress else ""

    def as_json(self, slugs: dict[int, str]) -> dict:
        return {
            "unit": slugs[self.unit_id],
            "report": self.title,
            "progress": self.progress or None,
            "highlights": self.highlights,
            "difficulties": self.difficulties,
            "proposals": self.proposals,
            "awaiting_review": self.awaiting,
        }


def consolidate(*, columns, units, cells) -> tuple[list[IndicatorTotal], list[UnitNote]]:
    """The indicator totals of a matrix's columns, and its units' notes (two queries)."""
    counted: dict[tuple[int, int, object], int] = {}
    bound: dict[tuple[int, object], set[int]] = defaultdict(set)
    for (unit_id, task_id, period_start), position in cells.items():
        bound[(task_id, period_start)].add(unit_id)
        if (report_id := counted_report(position)) is not None:
            counted[(unit_id, task_id, period_start)] = report_id
    totals: list[IndicatorTotal] = []
    by_key: dict[tuple[int, object, str], IndicatorTotal] = {}
    for column in columns:
        for indicator in indicators_of(column.task):
            total = IndicatorTotal(
                column=column,
                indicator=indicator,
                units_expected=len(bound[column.key]),
                bound=bound[column.key],
            )
            totals.append(total)
            by_key[(*column.key, indicator.code)] = total
    report_ids = set(counted.values())
    # (report, task) -> the (unit, period) it counts for: a report answers one period.
    counts_for = {
        (report_id, task_id): (unit_id, period_start)
        for (unit_id, task_id, period_start), report_id in counted.items()
    }
    if by_key and report_ids:
        for page_id, task_id, code, value, review_state in IndicatorValue.objects.filter(
            page_id__in=report_ids
        ).values_list("page_id", "task_id", "code", "value", "page__review_state"):
            found = counts_for.get((page_id, task_id))
            total = found and by_key.get((task_id, found[1], code))
            if total is None:
                continue
            total.values[found[0]] = value
            if review_state == ReviewState.AWAITING:
                total.awaiting.add(found[0])
    return totals, _notes(report_ids, units)


def _notes(report_ids: set[int], units) -> list[UnitNote]:
    if not report_ids:
        return []
    names = {unit.pk: unit.name for unit in units}
    order = {unit.pk: n for n, unit in enumerate(units)}
    found = (
        ResultsReportPage.objects.filter(pk__in=report_ids)
        .exclude(progress="", highlights="", difficulties="", proposals="")
        .order_by("submitted_at", "pk")
        .values_list(
            "unit_id",
            "title",
            "submitted_at",
            "progress",
            "highlights",
            "difficulties",
            "proposals",
            "review_state",
        )
    )
    notes = [
        UnitNote(
            unit_id=unit_id,
            unit_name=names.get(unit_id, ""),
            title=title,
            submitted_at=submitted_at,
            progress=progress,
            highlights=highlights.strip(),
            difficulties=difficulties.strip(),
            proposals=proposals.strip(),
            awaiting=review_state == ReviewState.AWAITING,
        )
        for unit_id, title, submitted_at, progress, highlights, difficulties, proposals, review_state in found
    ]
    # Registry order of units; a unit's reports in the order sent (sorted is stable).
    return sorted(notes, key=lambda note: order.get(note.unit_id, len(order)))


def result_texts(report) -> list[tuple[str, str]]:
    """(label, text) of a results report's three fields that say something, in the
    order every Vietnamese results report has them (a page, a revision or a UnitNote)."""
    fields = (
        (_("Kết quả nổi bật"), report.highlights),
        (_("Khó khăn, vướng mắc"), report.difficulties),
        (_("Kiến nghị, đề xuất"), report.proposals),
    )
    return [(str(label), text.strip()) for label, text in fields if text and text.strip()]


@dataclass(frozen=True)
class ReportFigure:
    """One figure of one report, beside its indicator's definition."""

    task: object  # DirectiveTask
    indicator: Indicator
    text: str

    @property
    def target(self) -> str:
        return format_figure(self.indicator.kind, self.indicator.target)


def report_figures(page) -> list[ReportFigure]:
    """A report's figures in the order its tasks and their indicators are set (the page
    or a revision of it: its figures travel with the revision)."""
    values = {(v.task_id, v.code): v.value for v in page.indicator_values.all()}
    if not values:
        return []
    tasks = DirectiveTask.objects.in_bulk({task_id for task_id, _code in values})
    figures = []
    for task in sorted(tasks.values(), key=lambda t: (t.sort_order, t.pk)):
        for indicator in indicators_of(task):
            if (value := values.get((task.pk, indicator.code))) is not None:
                figures.append(ReportFigure(task, indicator, format_figure(indicator.kind, value)))
    return figures
