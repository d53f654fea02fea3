"""Where every unit stands on every task: the one place that decides which submission counts
for a (task, unit, period) at a date. Every reader (directive page, home, unit section,
dashboard, matrix, reports, reminders) asks `positions`.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import product
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page, WorkflowState

from directives.compliance.rules import (
    WORKFLOW_IN_PROGRESS,
    WORKFLOW_NEEDS_CHANGES,
    Outcome,
    Stage,
    Status,
    Timing,
    outcome_of,
    stage_of,
    status_of,
    timing_of,
)
from directives.deadlines import (
    FIXED_PERIODS,
    Period,
    Recurrence,
    period_containing,
    periods_between,
)
from directives.locales import in_source_locale
from directives.models import (
    DirectiveTask,
    ReviewState,
    SubmissionPage,
    Unit,
)

# The pages that show "now" (home, a unit section, the unit's dashboard) judge the
# one-off tasks due from RECENT_DAYS ago to UPCOMING_DAYS ahead or answered in the
# last RECENT_DAYS; older ones are reached through the unit section's paged history.
RECENT_DAYS = 90
UPCOMING_DAYS = 30


def current_window(today: date) -> tuple[date, date]:
    """(first, last) due date of the one-off tasks a "now" page judges."""
    return today - timedelta(days=RECENT_DAYS), today + timedelta(days=UPCOMING_DAYS)


def resolve_assignees(
    direct: Mapping[int, set[int]],
    tasks: Iterable[tuple[int, int, bool]],
    issuer_ids: Mapping[int, int],
) -> dict[int, set[int]]:
    """Unit ids each task binds, with 'every assigned unit' duties resolved.

    `direct` maps task id to the ids of its own units; `tasks` gives (task id,
    directive id, applies to all assignees). A duty binds every unit assigned
    elsewhere in its directive except the issuer, who never reports to itself.
    """
    tasks = list(tasks)
    by_directive: dict[int, set[int]] = defaultdict(set)
    for task_id, directive_id, applies_to_all in tasks:
        if not applies_to_all:
            by_directive[directive_id] |= direct.get(task_id, set())
    return {
        task_id: (
            by_directive[directive_id] - {issuer_ids.get(directive_id)}
            if applies_to_all
            else set(direct.get(task_id, set()))
        )
        for task_id, directive_id, applies_to_all in tasks
    }


def task_assignees(tasks: Iterable[DirectiveTask], issuer_ids: Mapping[int, int]) -> dict:
    """Units each task binds, for tasks fetched with `units` prefetched."""
    tasks = list(tasks)
    units = {unit.pk: unit for task in tasks for unit in task.units.all()}
    ids = resolve_assignees(
        {task.pk: {unit.pk for unit in task.units.all()} for task in tasks},
        ((task.pk, task.directive_id, task.applies_to_all_assignees) for task in tasks),
        issuer_ids,
    )
    return {
        task_id: sorted((units[u] for u in unit_ids), key=lambda u: (u.sort_order, u.name))
        for task_id, unit_ids in ids.items()
    }


@dataclass(frozen=True)
class Position:
    """Where one unit stands on one task (its current period when periodic), on ids."""

    task_id: int
    unit_id: int
    due: date | None
    period: Period | None
    status: Status
    outcome: Outcome
    submitted_at: datetime | None
    returned: bool
    submission_id: int | None
    draft_id: int | None
    stage: Stage
    timing: Timing
    # The report the unit works on now: the one in its leader's hands if any, else the
    # sent one (revised in place when returned), else its draft.
    report_id: int | None

    @property
    def sent(self) -> bool:
        """The unit has sent (published) its report for this task and period, by `today`."""
        return self.outcome in (Outcome.DONE_ON_TIME, Outcome.DONE_LATE)


class Answer(NamedTuple):
    """A unit document answering a task, as `positions` reads it."""

    submission_id: int
    submitted_at: datetime | None
    review_state: str
    period_start: date | None
    live: bool


def _judge(
    *,
    task_id: int,
    unit_id: int,
    due: date | None,
    period: Period | None,
    answers: Iterable[Answer],
    today: date,
    workflows: Mapping[int, str] | None = None,
) -> Position:
    """Which answers count for one (task, unit[, period]), and what that makes it.

    A periodic task's answers count only for the period they declare. The first
    live, stamped answer decides on time or late; the latest decides the review
    state (a returned report is still "sent", but returned); an unstamped one is
    the unit's draft.
    """
    found = [
        a
        for a in answers
        if period is None
        or (a.period_start is not None and period.start <= a.period_start <= period.end)
    ]
    sent = sorted(
        (a for a in found if a.submitted_at is not None and a.live), key=lambda a: a.submitted_at
    )
    drafts = [a for a in found if a.submitted_at is None]
    first_sent = sent[0].submitted_at if sent else None
    review_state = sent[-1].review_state if sent else ""
    submission_id = sent[-1].submission_id if sent else None
    draft_id = drafts[-1].submission_id if drafts else None
    workflows = workflows or {}
    with_leader = [a.submission_id for a in found if workflows.get(a.submission_id)]
    report_id = (with_leader or [None])[-1] or submission_id or draft_id
    return Position(
        task_id=task_id,
        unit_id=unit_id,
        due=due,
        period=period,
        status=status_of(due=due, submitted_at=first_sent, review_state=review_state, today=today),
        outcome=outcome_of(due=due, submitted_at=first_sent, as_of=today),
        submitted_at=first_sent,
        returned=review_state == ReviewState.RETURNED,
        submission_id=submission_id,
        draft_id=draft_id,
        stage=stage_of(
            workflow=workflows.get(report_id, ""),
            sent=bool(sent),
            review_state=review_state,
            drafted=bool(drafts),
        ),
        timing=timing_of(due=due, submitted_at=first_sent, today=today),
        report_id=report_id,
    )


@dataclass
class TaskRow:
    """A Position with its task and unit, for display."""

    task: DirectiveTask
    unit: Unit
    position: Position

    @property
    def can_start_report(self) -> bool:
        """No report exists yet for this (task, unit[, period]): the action creates one.
        Otherwise the action opens the existing one (services.report_start)."""
        return self.position.report_id is None


def open_workflows(page_ids: Iterable[int]) -> dict[int, str]:
    """Page id -> status of its open approval workflow (in progress, or sent back by the
    leader), in one query."""
    ids = [str(pk) for pk in page_ids]
    if not ids:
        return {}
    found = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=ids,
        status__in=[WORKFLOW_IN_PROGRESS, WORKFLOW_NEEDS_CHANGES],
    ).values_list("object_id", "status")
    return {int(object_id): status for object_id, status in found}


def _periods(recurrence: str, today: date, since: date | None) -> list[Period | None]:
    if recurrence not in FIXED_PERIODS:
        return [None]
    if since is None:
        return [period_containing(recurrence, today)]
    return periods_between(recurrence, min(since, today), today)


def positions(
    *,
    unit_ids: Iterable[int] | None,
    today: date,
    directive_ids: Iterable[int] | None = None,
    since: date | None = None,
    reports_only: bool = False,
    due_between: tuple[date, date] | None = None,
) -> list[Position]:
    """Every (task of a live directive, bound unit[, period]) at the end of `today`,
    for the given units (or all) and directives (or all).

    A periodic task is judged on the period containing `today`, or, with
    `since`, on every period from the one containing `since` to today's.
    `reports_only` leaves out tasks that ask for no report. `due_between`
    (first, last day) keeps, in SQL, the one-off tasks due in that window or
    answered since its first day (recently done), every task owed per period
    (judged on today's period, due at its end), every task with no date (an
    ongoing duty) and, for given units, older one-off tasks they still owe
    (`_still_owed_before`): what a page showing "now" needs, in work that grows
    with what is still owed, not with the years of history behind it.
    Works on ids and plain values in a fixed number of queries, so that the
    department's view over every unit and task stays fast.
    """
    wanted = None if unit_ids is None else set(unit_ids)
    tasks = DirectiveTask.objects.filter(in_source_locale("directive__"), directive__live=True)
    if directive_ids is not None:
        tasks = tasks.filter(directive_id__in=list(directive_ids))
    if wanted is not None:
        # A unit is bound only within directives that assign it a task directly
        # ("every assigned unit" duties reach no further).
        tasks = tasks.filter(
            directive_id__in=DirectiveTask.objects.filter(units__in=wanted).values("directive_id")
        )
    judged_tasks, judged_ids = tasks, None
    if due_between is not None:
        recent = SubmissionPage.tasks.through.objects.filter(
            submissionpage__submitted_at__gte=datetime.combine(
                due_between[0], time.min, tzinfo=timezone.get_current_timezone()
            )
        )
        if wanted is not None:
            recent = recent.filter(submissionpage__unit_id__in=wanted)
        now = (
            Q(due_date__range=due_between)
            | Q(due_date=None)
            | Q(recurrence__in=list(FIXED_PERIODS))
            | Q(pk__in=recent.values("directivetask_id"))
        )
        if wanted is not None:
            now |= _still_owed_before(due_between[0], wanted)
        judged_tasks = tasks.filter(now)
        judged_ids = set(judged_tasks.values_list("pk", flat=True))
        # Who an "every assigned unit" duty binds comes from its sibling tasks,
        # judged or not: read the whole directives of the judged tasks.
        tasks = tasks.filter(directive_id__in=judged_tasks.values("directive_id"))
    rows = list(
        tasks.values_list(
            "pk",
            "directive_id",
            "applies_to_all_assignees",
            "directive__issuer_id",
            "due_date",
            "recurrence",
            "report_required",
        )
    )
    direct: dict[int, set[int]] = defaultdict(set)
    for task_id, unit_id in DirectiveTask.units.through.objects.filter(
        directivetask__in=tasks
    ).values_list("directivetask_id", "unit_id"):
        direct[task_id].add(unit_id)
    assigned = resolve_assignees(
        direct, ((r[0], r[1], r[2]) for r in rows), {r[1]: r[3] for r in rows}
    )
    # Only the judged periods' reports count for periodic tasks: filter them in SQL.
    current = Q(
        directivetask__recurrence__in=[r for r in Recurrence.values if r not in FIXED_PERIODS]
    )
    for recurrence in FIXED_PERIODS:
        judged = _periods(recurrence, today, since)
        current |= Q(
            directivetask__recurrence=recurrence,
            submissionpage__period_start__range=(judged[0].start, judged[-1].end),
        )
    submissions = SubmissionPage.tasks.through.objects.filter(
        current, directivetask__in=judged_tasks
    )
    if wanted is not None:
        submissions = submissions.filter(submissionpage__unit_id__in=wanted)
    by_pair: dict[tuple[int, int], list[Answer]] = defaultdict(list)
    for task_id, unit_id, *answer in submissions.values_list(
        "directivetask_id",
        "submissionpage__unit_id",
        "submissionpage_id",
        "submissionpage__submitted_at",
        "submissionpage__review_state",
        "submissionpage__period_start",
        "submissionpage__live",
    ):
        by_pair[(task_id, unit_id)].append(Answer(*answer))
    workflows = open_workflows({a.submission_id for found in by_pair.values() for a in found})
    result = []
    for task_id, _directive, _all, _issuer, due_date, recurrence, report_required in rows:
        if (reports_only and not report_required) or (
            judged_ids is not None and task_id not in judged_ids
        ):
            continue
        units = assigned[task_id] if wanted is None else assigned[task_id] & wanted
        for period, unit_id in product(_periods(recurrence, today, since), units):
            result.append(
                _judge(
                    task_id=task_id,
                    unit_id=unit_id,
                    due=period.end if period else due_date,
                    period=period,
                    answers=by_pair.get((task_id, unit_id), ()),
                    today=today,
                    workflows=workflows,
                )
            )
    return result


# A unit's "now" pages keep at most this many older tasks it still owes (the most
# recently due); the rest are counted and reached through the section's history.
STILL_OWED_SHOWN = 20


def _owed_before(first: date, unit_id: int):
    """One-off tasks due before `first` that bind the unit (`selectors.unit_tasks`, the
    rule of `resolve_assignees`) and that it still owes a report for (none sent, or the
    one sent was returned), most recently due first."""
    from directives.selectors import unit_tasks  # selectors reads positions

    answered = (
        SubmissionPage.tasks.through.objects.filter(
            submissionpage__unit_id=unit_id, submissionpage__live=True
        )
        .exclude(submissionpage__review_state=ReviewState.RETURNED)
        .values("directivetask_id")
    )
    return (
        unit_tasks(unit_id)
        .filter(due_date__lt=first, report_required=True)
        .exclude(recurrence__in=list(FIXED_PERIODS))
        .exclude(pk__in=answered)
        .order_by("-due_date", "-pk")
    )


def _still_owed_before(first: date, unit_ids: set[int]) -> Q:
    """The older work a unit's own "now" pages keep whatever its age, and lose once
    answered: the STILL_OWED_SHOWN most recently due per unit, so that a unit owing
    years of reports gets a page of bounded size (`older_owed_count` counts the rest).
    Counted on the unit's rows only: home, over every unit, shows its labelled window."""
    ids: list[int] = []
    for unit_id in unit_ids:
        ids += _owed_before(first, unit_id).values_list("pk", flat=True)[:STILL_OWED_SHOWN]
    return Q(pk__in=ids)


def older_owed_count(today: date, unit_ids: Iterable[int]) -> int:
    """How many older owed tasks the "now" pages leave out (see `_still_owed_before`)."""
    first = current_window(today)[0]
    return sum(
        max(_owed_before(first, unit_id).count() - STILL_OWED_SHOWN, 0) for unit_id in unit_ids
    )


def task_rows(
    *,
    unit_ids: Iterable[int],
    today: date,
    due_between: tuple[date, date] | None = None,
    directive_ids: Iterable[int] | None = None,
) -> list[TaskRow]:
    """Positions of the given units with their tasks and units, soonest deadline first
    (`due_between` and `directive_ids` as in `positions`)."""
    found = positions(
        unit_ids=unit_ids, today=today, due_between=due_between, directive_ids=directive_ids
    )
    tasks = DirectiveTask.objects.select_related("directive__document_type").in_bulk(
        {p.task_id for p in found}
    )
    units = Unit.objects.in_bulk({p.unit_id for p in found})
    rows = [TaskRow(task=tasks[p.task_id], unit=units[p.unit_id], position=p) for p in found]
    rows.sort(
        key=lambda r: (
            r.position.due or date.max,
            r.task.directive_id,
            r.task.sort_order,
            r.unit.sort_order,
        )
    )
    return rows


def stage_counts(found: Iterable[Position]) -> dict[int, dict[str, int]]:
    """Unit id -> {stage: count}."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Stage.values, 0))
    for position in found:
        counts[position.unit_id][position.stage] += 1
    return dict(counts)
