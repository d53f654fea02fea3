"""The deadlines falling in a span of days, for the units given (or all): one event per
(task, deadline) naming the units it binds. The binding is `resolve_assignees`'s rule."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from directives.compliance.positions import task_assignees
from directives.deadlines import FIXED_PERIODS, Period, periods_between
from directives.locales import in_source_locale
from directives.models import DirectiveTask, Unit


@dataclass(frozen=True)
class Deadline:
    task: DirectiveTask
    due: date
    period: Period | None
    units: tuple[Unit, ...]

    @property
    def uid(self) -> str:
        """Stable across feeds and days, so a calendar app updates instead of duplicating."""
        return f"task-{self.task.pk}-{self.due:%Y%m%d}"


def deadlines_between(*, unit_ids: set[int] | None, first: date, last: date) -> list[Deadline]:
    """Every deadline from `first` to `last` (both included), soonest first, in three
    queries: one-off tasks by their date, periodic ones at the end of each period."""
    candidates = DirectiveTask.objects.filter(
        Q(due_date__range=(first, last)) | Q(recurrence__in=list(FIXED_PERIODS)),
        in_source_locale("directive__"),
        directive__live=True,
    )
    # Who an "every assigned unit" duty binds comes from its sibling tasks.
    siblings = (
        DirectiveTask.objects.filter(directive_id__in=candidates.values("directive_id"))
        .select_related("directive")
        .prefetch_related("units")
    )
    siblings = list(siblings)
    bound = task_assignees(siblings, {t.directive_id: t.directive.issuer_id for t in siblings})
    wanted = {t.pk for t in candidates.only("pk")}
    found = []
    for task in siblings:
        if task.pk not in wanted:
            continue
        units = tuple(u for u in bound[task.pk] if unit_ids is None or u.pk in unit_ids)
        if not units:
            continue
        if task.recurrence in FIXED_PERIODS:
            dues = [
                (p.end, p)
                for p in periods_between(task.recurrence, first, last)
                if first <= p.end <= last
            ]
        else:
            dues = [(task.due_date, None)] if task.due_date else []
        found += [Deadline(task=task, due=due, period=period, units=units) for due, period in dues]
    return sorted(found, key=lambda d: (d.due, d.task.directive_id, d.task.sort_order))


def by_day(deadlines: list[Deadline]) -> dict[date, list[Deadline]]:
    days: dict[date, list[Deadline]] = defaultdict(list)
    for deadline in deadlines:
        days[deadline.due].append(deadline)
    return dict(days)
