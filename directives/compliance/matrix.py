"""The compliance matrix: units × tasks at a date, with counts and on-time rates."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Q

from directives.compliance.positions import Position, positions
from directives.compliance.rules import Outcome
from directives.deadlines import Period
from directives.indicators.figures import TotalsTable, consolidate
from directives.locales import in_source_locale
from directives.models import DirectivePage, DirectiveTask, Unit, UnitCategory


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Outcome.values, 0))
    returned: int = 0

    @classmethod
    def of(cls, found) -> "Tally":
        tally = cls()
        for position in found:
            tally.add(position)
        return tally

    def add(self, position: Position) -> None:
        self.counts[position.outcome] += 1
        self.returned += position.returned

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time_rate(self) -> float | None:
        """Share done on time among what is done or overdue (pending work is not judged)."""
        judged = (
            self.counts[Outcome.DONE_ON_TIME]
            + self.counts[Outcome.DONE_LATE]
            + self.counts[Outcome.OVERDUE]
        )
        return self.counts[Outcome.DONE_ON_TIME] / judged if judged else None

    def as_dict(self) -> dict:
        rate = self.on_time_rate
        return {**self.counts, "returned": self.returned, "on_time_rate": rate}


@dataclass(frozen=True)
class Column:
    """A task, or for a periodic task one of its periods."""

    task: DirectiveTask
    period: Period | None

    @property
    def key(self) -> tuple[int, date | None]:
        return self.task.pk, self.period.start if self.period else None

    @property
    def label(self) -> str:
        return f"{self.task.number} ({self.period.label})" if self.period else self.task.number


@dataclass
class Matrix:
    directives: list[DirectivePage]
    as_of: date
    columns: list[Column]
    units: list[Unit]
    cells: dict[tuple[int, int, date | None], Position]
    by_unit: dict[int, Tally]
    by_category: dict[str, Tally]
    overall: Tally
    # Filled by build_matrix from the counted reports (indicators.figures.consolidate),
    # before anything reads the tables built from them (cached on first reading).
    indicators: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def tasks(self) -> list[DirectiveTask]:
        return list({column.task.pk: column.task for column in self.columns}.values())

    @cached_property
    def indicator_table(self) -> TotalsTable:
        return TotalsTable.of(self.indicators, self.units)

    @cached_property
    def figure_rows(self) -> list[tuple[Unit, list[str]]]:
        """Each unit's counted figure for each indicator, as shown."""
        return [
            (unit, [total.value_display(unit.pk) for total in self.indicators])
            for unit in self.units
        ]

    def rows(self):
        """(unit, [position or None per column], tally), units in registry order."""
        for unit in self.units:
            cells = [self.cells.get((unit.pk, *column.key)) for column in self.columns]
            yield unit, cells, self.by_unit[unit.pk]

    def overdue(self) -> list[tuple[Unit, list[Column]]]:
        result = []
        for unit, cells, _tally in self.rows():
            late = [
                column
                for column, cell in zip(self.columns, cells, strict=True)
                if cell and cell.outcome == Outcome.OVERDUE
            ]
            if late:
                result.append((unit, late))
        return result

    def as_json(self) -> dict:
        """The matrix as plain data (compile_report --format json, report snapshots)."""
        numbers = [d.number_symbol or d.title for d in self.directives]
        slugs = {unit.pk: unit.slug for unit in self.units}
        return {
            "directive": numbers[0],
            "documents": numbers,
            "as_of": self.as_of.isoformat(),
            "rows": [
                {
                    "unit": unit.slug,
                    "task": column.task.number,
                    "period": column.period.label if column.period else None,
                    "due": p.due.isoformat() if p.due else None,
                    "status": str(p.outcome),
                    "returned": p.returned,
                    "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None,
                }
                for unit in self.units
                for column in self.columns
                if (p := self.cells.get((unit.pk, *column.key)))
            ],
            "totals": self.overall.as_dict(),
            "indicators": [
                {**total.as_json(slugs), "by_category": by_category}
                for total, by_category in zip(
                    self.indicators, self.indicator_table.as_json(), strict=True
                )
            ],
            "notes": [note.as_json(slugs) for note in self.notes],
        }


def directives_for(number_or_pk) -> list[DirectivePage]:
    """A directive (by number and symbol, or id) with the live documents implementing it."""
    lookup = Q(number_symbol=number_or_pk)
    if str(number_or_pk).isdigit():
        lookup |= Q(pk=int(number_or_pk))
    found = DirectivePage.objects.live().filter(lookup, in_source_locale()).first()
    if found is None:
        return []
    return [
        found,
        *DirectivePage.objects.live()
        .filter(in_source_locale(), implements=found)
        .order_by("issued_on", "pk"),
    ]


def build_matrix(
    *, directives: list[DirectivePage], as_of: date, since: date | None = None
) -> Matrix:
    """A bounded number of queries whatever the number of units and tasks.

    Periodic tasks get one column per period: the period containing `as_of`,
    or every period from the one containing `since`.
    """
    found = positions(
        unit_ids=None, today=as_of, directive_ids=[d.pk for d in directives], since=since
    )
    order = {d.pk: n for n, d in enumerate(directives)}
    tasks = DirectiveTask.objects.in_bulk({p.task_id for p in found})
    periods = {(p.task_id, p.period) for p in found}
    columns = sorted(
        (Column(task=tasks[task_id], period=period) for task_id, period in periods),
        key=lambda c: (
            order[c.task.directive_id],
            c.task.sort_order,
            c.task.pk,
            c.period.start if c.period else date.min,
        ),
    )
    units = list(Unit.objects.filter(pk__in={p.unit_id for p in found}))
    category_order = {value: n for n, value in enumerate(UnitCategory.values)}
    units.sort(key=lambda u: (category_order.get(u.category, 99), u.sort_order, u.name))
    by_unit: dict[int, Tally] = defaultdict(Tally)
    by_category: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    category_of = {u.pk: u.get_category_display() for u in units}
    for position in found:
        by_unit[position.unit_id].add(position)
        by_category[category_of[position.unit_id]].add(position)
        overall.add(position)
    matrix = Matrix(
        directives=directives,
        as_of=as_of,
        columns=columns,
        units=units,
        cells={(p.unit_id, p.task_id, p.period.start if p.period else None): p for p in found},
        by_unit=dict(by_unit),
        by_category=dict(by_category),
        overall=overall,
    )
    matrix.indicators, matrix.notes = consolidate(
        columns=matrix.columns, units=matrix.units, cells=matrix.cells
    )
    return matrix
