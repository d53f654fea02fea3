"""The board's figures, all read from `positions`, the one compliance engine.

Per directive: the same numbers as `compile_report --format json` for it (its
implementing documents included, as `directives_for` groups them). Per unit: a
traffic light, its on-time rate and its latest report. The ranking and the
12-month trend are plain functions over the same positions, so tests call them
directly.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.compliance.matrix import Tally
from directives.compliance.positions import Position, current_window, positions
from directives.compliance.rules import DUE_SOON_DAYS, Outcome, Stage
from directives.deadlines import FIXED_PERIODS
from directives.locales import in_source_locale
from directives.models import (
    DirectivePage,
    DirectiveTask,
    ReviewEvent,
    SubmissionPage,
    SubmissionReview,
    Unit,
    UnitCategory,
)
from directives.receipts import receipt_gaps

# The change shown beside each directive: its figures as they stood this many days ago.
PREVIOUS_PERIOD_DAYS = 30
TREND_MONTHS = 12
# The morning digest lists at most this many decisions of the department.
DIGEST_DECISIONS = 30
# A directive's card names at most this many units per list (the slowest first); the
# matrix, one click away, has them all.
NAMED_UNITS = 8


class Light:
    """A unit's traffic light (values are CSS modifiers and test hooks)."""

    LATE = "late"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"
    LABELS = {
        LATE: _("Chậm: có nhiệm vụ quá hạn"),
        AT_RISK: _("Cần chú ý: sắp đến hạn hoặc bị trả lại"),
        ON_TRACK: _("Đúng tiến độ"),
    }


def light_of(found: list[Position], *, today: date) -> str:
    """Late with any overdue work; at risk with unsent work due within DUE_SOON_DAYS or a
    report sent back; on track otherwise."""
    if any(p.outcome == Outcome.OVERDUE for p in found):
        return Light.LATE
    soon = today + timedelta(days=DUE_SOON_DAYS)
    if any(
        (p.outcome == Outcome.PENDING and p.due is not None and p.due <= soon)
        or p.stage in (Stage.RETURNED, Stage.LEADER_RETURNED)
        for p in found
    ):
        return Light.AT_RISK
    return Light.ON_TRACK


def days_late(position: Position, *, today: date) -> int:
    """Days past the deadline: until it was sent, or until today while still owed."""
    if position.due is None:
        return 0
    if position.outcome == Outcome.OVERDUE:
        return (today - position.due).days
    if position.outcome == Outcome.DONE_LATE:
        return (timezone.localdate(position.submitted_at) - position.due).days
    return 0


@dataclass
class DirectiveFigures:
    directive: DirectivePage
    tally: Tally
    previous: Tally
    # (unit, [(task number, days overdue)]), most days first
    overdue_units: list[tuple[Unit, list[tuple[str, int]]]]
    due_this_week: list[tuple[DirectiveTask, Unit, date]]
    awaiting_review: int
    receipts: list["ReceiptGap"] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.tally.counts[Outcome.DONE_ON_TIME] + self.tally.counts[Outcome.DONE_LATE]

    @property
    def pending(self) -> int:
        return self.tally.counts[Outcome.PENDING]

    @property
    def overdue(self) -> int:
        return self.tally.counts[Outcome.OVERDUE]

    @property
    def rate_change(self) -> float | None:
        """Change of the on-time rate, in percentage points, against PREVIOUS_PERIOD_DAYS ago."""
        now, before = self.tally.on_time_rate, self.previous.on_time_rate
        if now is None or before is None:
            return None
        return round((now - before) * 100, 1)

    @property
    def overdue_named(self):
        return self.overdue_units[:NAMED_UNITS]

    @property
    def overdue_unnamed(self) -> int:
        return max(len(self.overdue_units) - NAMED_UNITS, 0)

    @property
    def week_named(self):
        return self.due_this_week[:NAMED_UNITS]

    @property
    def week_unnamed(self) -> int:
        return max(len(self.due_this_week) - NAMED_UNITS, 0)

    @property
    def overdue_change(self) -> int:
        return self.overdue - self.previous.counts[Outcome.OVERDUE]


@dataclass
class ReceiptGap:
    """A document's bound units that have not opened it, or not confirmed it."""

    document: DirectivePage
    not_opened: list[Unit]
    not_confirmed: list[Unit]

    @property
    def named(self) -> list[tuple[Unit, bool]]:
        """(unit, has not opened it) for the first NAMED_UNITS not confirmed."""
        unopened = {u.pk for u in self.not_opened}
        return [(u, u.pk in unopened) for u in self.not_confirmed[:NAMED_UNITS]]

    @property
    def unnamed(self) -> int:
        return max(len(self.not_confirmed) - NAMED_UNITS, 0)


@dataclass
class UnitFigures:
    unit: Unit
    tally: Tally = field(default_factory=Tally)
    days_late: int = 0
    light: str = Light.ON_TRACK
    latest_report: SubmissionPage | None = None
    overdue_tasks: int = 0

    @property
    def light_label(self):
        return Light.LABELS[self.light]


@dataclass
class RankedUnit:
    rank: int
    figures: UnitFigures


@dataclass
class TrendPoint:
    month: date
    due: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class Change:
    """A (task, unit) that fell overdue or was sent since the start of yesterday."""

    task: DirectiveTask
    unit: Unit
    position: Position


@dataclass
class Digest:
    """The morning digest: what happened since the start of yesterday. Reports sent and
    work fallen overdue compare positions now with the end of the day before yesterday;
    the department's decisions are its review steps."""

    since: date
    sent: list[Change] = field(default_factory=list)
    fell_overdue: list[Change] = field(default_factory=list)
    decisions: list[SubmissionReview] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.sent or self.fell_overdue or self.decisions)


def digest_of(
    now: list[Position], before: list[Position], tasks: dict, units: dict, *, since: date
) -> Digest:
    """`before`: the positions at the end of the day before `since`."""
    earlier = {(p.task_id, p.unit_id, p.period): p for p in before}
    digest = Digest(since=since)
    for p in now:
        old = earlier.get((p.task_id, p.unit_id, p.period))
        change = Change(task=tasks[p.task_id], unit=units[p.unit_id], position=p)
        if p.sent and (old is None or not old.sent):
            digest.sent.append(change)
        if p.outcome == Outcome.OVERDUE and old is not None and old.outcome != Outcome.OVERDUE:
            digest.fell_overdue.append(change)
    return digest


def decisions_since(since: date, unit_ids=None) -> list[SubmissionReview]:
    """The department's accept / return decisions from the start of `since`."""
    start = datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())
    steps = SubmissionReview.objects.filter(
        created_at__gte=start, event__in=[ReviewEvent.ACCEPTED, ReviewEvent.RETURNED]
    ).select_related("page__unit")
    if unit_ids is not None:
        steps = steps.filter(page__unit_id__in=unit_ids)
    return list(steps.order_by("-created_at", "-pk")[:DIGEST_DECISIONS])


@dataclass
class Board:
    as_of: date
    directives: list[DirectiveFigures]
    units: list[UnitFigures]
    overall: Tally
    digest: Digest
    # category label -> 12 points, oldest first
    trend: dict[str, list[TrendPoint]]


def active_directive_groups(today: date) -> list[list[DirectivePage]]:
    """The directives with work now (a task due in the "now" window, periodic or with
    no date), each with the live documents implementing it, as `directives_for` groups
    them: [plan, guidance, …]. Newest first."""
    first, last = current_window(today)
    active = DirectiveTask.objects.filter(
        Q(due_date__range=(first, last)) | Q(due_date=None) | Q(recurrence__in=FIXED_PERIODS),
        in_source_locale("directive__"),
        directive__live=True,
    ).values_list("directive_id", "directive__implements_id")
    live = DirectivePage.objects.live().filter(in_source_locale())
    tops = {implements or own for own, implements in active}
    # A document implementing a page that is not live stands on its own.
    tops = set(live.filter(pk__in=tops).values_list("pk", flat=True)) | {
        own for own, implements in active if implements and implements not in tops
    }
    pages = list(live.filter(Q(pk__in=tops) | Q(implements__in=tops)).order_by("issued_on", "pk"))
    groups: dict[int, list[DirectivePage]] = {}
    for page in pages:
        if page.pk in tops:
            groups.setdefault(page.pk, []).insert(0, page)
    for page in pages:
        if page.pk not in tops and page.implements_id in groups:
            groups[page.implements_id].append(page)
    return sorted(
        groups.values(), key=lambda g: (g[0].issued_on or date.min, g[0].pk), reverse=True
    )


def _by_directive(found, task_directive: dict[int, int], group_of: dict[int, int]):
    grouped = defaultdict(list)
    for position in found:
        grouped[group_of[task_directive[position.task_id]]].append(position)
    return grouped


def unit_figures(
    found: list[Position], units: dict[int, Unit], *, today: date
) -> list[UnitFigures]:
    grouped: dict[int, list[Position]] = defaultdict(list)
    for position in found:
        grouped[position.unit_id].append(position)
    return [
        UnitFigures(
            unit=units[unit_id],
            tally=Tally.of(mine),
            days_late=sum(days_late(p, today=today) for p in mine),
            light=light_of(mine, today=today),
            overdue_tasks=sum(p.outcome == Outcome.OVERDUE for p in mine),
        )
        for unit_id, mine in grouped.items()
    ]


def ranking_key(figures: UnitFigures) -> tuple:
    """The ranking's rule (stated on the board): on-time rate, highest first (units with
    nothing judged yet last); then total days late, fewest first; then reports returned,
    fewest first."""
    rate = figures.tally.on_time_rate
    return (rate is None, -(rate or 0), figures.days_late, figures.tally.returned)


def rank(figures: list[UnitFigures]) -> list[RankedUnit]:
    """Units in ranking order; equal keys share a rank ("đồng hạng") and keep the registry
    order among themselves, so the order is the same on every run."""
    category_order = {value: n for n, value in enumerate(UnitCategory.values)}
    ordered = sorted(
        figures,
        key=lambda f: (
            ranking_key(f),
            category_order.get(f.unit.category, 99),
            f.unit.sort_order,
            f.unit.name,
        ),
    )
    ranked: list[RankedUnit] = []
    for number, item in enumerate(ordered, start=1):
        tied = ranked and ranking_key(ranked[-1].figures) == ranking_key(item)
        ranked.append(RankedUnit(rank=ranked[-1].rank if tied else number, figures=item))
    return ranked


def month_starts(today: date, months: int = TREND_MONTHS) -> list[date]:
    first = today.replace(day=1)
    starts = [first]
    for _n in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def trend(found: list[Position], category_of: dict[int, str], *, today: date) -> dict:
    """Per unit category and month: of the work due that month (up to today), how much was
    sent on time. A month's figure only changes when late work is finally sent (it stays
    late) or when a deadline in it passes."""
    starts = month_starts(today)
    index = {(s.year, s.month): n for n, s in enumerate(starts)}
    points: dict[str, list[TrendPoint]] = {}
    for position in found:
        if position.due is None or position.due > today or position.due < starts[0]:
            continue
        label = category_of[position.unit_id]
        row = points.setdefault(label, [TrendPoint(month=s, due=0, on_time=0) for s in starts])
        point = row[index[(position.due.year, position.due.month)]]
        point.due += 1
        point.on_time += position.outcome == Outcome.DONE_ON_TIME
    return points


def build_board(*, today: date, category: str | None = None) -> Board:
    """Every figure on the board, in a number of queries that does not grow with the
    number of units, tasks or periods (tests/directives/board)."""
    groups = active_directive_groups(today)
    group_of = {page.pk: group[0].pk for group in groups for page in group}
    ids = list(group_of)
    unit_filter = None
    if category:
        unit_filter = list(Unit.objects.filter(category=category).values_list("pk", flat=True))
    now = positions(unit_ids=unit_filter, today=today, directive_ids=ids)
    before = positions(
        unit_ids=unit_filter, today=today - timedelta(days=PREVIOUS_PERIOD_DAYS), directive_ids=ids
    )
    since = today - timedelta(days=1)
    day_before = positions(unit_ids=unit_filter, today=since - timedelta(days=1), directive_ids=ids)
    start = month_starts(today)[0]
    due_lately = DirectiveTask.objects.filter(
        Q(due_date__range=(start, today)) | Q(recurrence__in=FIXED_PERIODS)
    ).values_list("directive_id", flat=True)
    history = positions(unit_ids=unit_filter, today=today, since=start, directive_ids=due_lately)
    tasks = DirectiveTask.objects.in_bulk(
        {p.task_id for p in (*now, *before, *day_before, *history)}
    )
    task_directive = {pk: task.directive_id for pk, task in tasks.items()}
    unit_ids = {p.unit_id for p in now} | {p.unit_id for p in history}
    units = Unit.objects.in_bulk(unit_ids)
    latest = _latest_reports(unit_ids)
    now_by = _by_directive(now, task_directive, group_of)
    before_by = _by_directive(before, task_directive, group_of)
    week_end = today + timedelta(days=6 - today.weekday())
    bound: dict[int, set[int]] = defaultdict(set)
    for p in now:
        bound[task_directive[p.task_id]].add(p.unit_id)
    gaps = receipt_gaps(bound)
    documents = {page.pk: page for group in groups for page in group}

    def names(ids):
        return sorted((units[u] for u in ids), key=lambda u: (u.sort_order, u.name))

    figures = []
    for group in groups:
        found = now_by.get(group[0].pk, [])
        if not found:
            continue
        tally = Tally.of(found)
        late: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for p in found:
            if p.outcome == Outcome.OVERDUE:
                late[p.unit_id].append((tasks[p.task_id].number, days_late(p, today=today)))
        figures.append(
            DirectiveFigures(
                directive=group[0],
                tally=tally,
                previous=Tally.of(before_by.get(group[0].pk, [])),
                overdue_units=sorted(
                    ((units[u], sorted(items)) for u, items in late.items()),
                    key=lambda item: (-max(d for _n, d in item[1]), item[0].name),
                ),
                due_this_week=sorted(
                    (
                        (tasks[p.task_id], units[p.unit_id], p.due)
                        for p in found
                        if p.outcome == Outcome.PENDING and p.due and today <= p.due <= week_end
                    ),
                    key=lambda item: (item[2], item[1].name),
                ),
                awaiting_review=sum(p.stage == Stage.AWAITING_REVIEW for p in found),
                receipts=[
                    ReceiptGap(documents[pk], names(gaps[pk][0]), names(gaps[pk][1]))
                    for pk in (page.pk for page in group)
                    if pk in gaps and gaps[pk][1]
                ],
            )
        )
    unit_rows = unit_figures(now, units, today=today)
    for row in unit_rows:
        row.latest_report = latest.get(row.unit.pk)
    category_of = {pk: unit.get_category_display() for pk, unit in units.items()}
    return Board(
        as_of=today,
        directives=figures,
        units=unit_rows,
        overall=Tally.of(now),
        trend=trend(history, category_of, today=today),
        digest=_digest(now, day_before, tasks, units, since=since, unit_ids=unit_filter),
    )


def _digest(now, before, tasks, units, *, since, unit_ids) -> Digest:
    digest = digest_of(now, before, tasks, units, since=since)
    digest.decisions = decisions_since(since, unit_ids)
    return digest


def _latest_reports(unit_ids) -> dict[int, SubmissionPage]:
    """Each unit's most recently sent report, in two queries."""
    newest = (
        SubmissionPage.objects.live()
        .filter(unit_id=OuterRef("pk"), submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    ids = Unit.objects.filter(pk__in=unit_ids).annotate(report=Subquery(newest))
    reports = SubmissionPage.objects.in_bulk(
        [pk for pk in ids.values_list("report", flat=True) if pk]
    )
    return {page.unit_id: page for page in reports.values()}
