"""Reads of the directives domain: querysets and page contexts in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import product

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wagtail.models import Locale

from directives.compliance import Outcome, Status, outcome_of, status_of
from directives.deadlines import Period, period_containing, periods_between
from directives.locales import in_source_locale, localized_urls, source_of
from directives.models import (
    DirectiveAttachment,
    DirectivePage,
    DirectiveTask,
    DocumentType,
    Recurrence,
    ReviewState,
    SubmissionPage,
    Unit,
    UnitSectionPage,
)

DIRECTIVES_PER_PAGE = 20
UPCOMING_DAYS = 30
HOME_LIST_LENGTH = 8


@dataclass
class TaskStatus:
    """A task with the units that must do it and which of them have submitted."""

    task: DirectiveTask
    units: list[Unit]
    submitted_unit_ids: set[int] = field(default_factory=set)

    @property
    def missing_units(self) -> list[Unit]:
        return [unit for unit in self.units if unit.pk not in self.submitted_unit_ids]

    @property
    def submitted_count(self) -> int:
        return len(self.units) - len(self.missing_units)


@dataclass
class DeadlineItem:
    """A task on the home page with how many of its units have not submitted."""

    task: DirectiveTask
    missing_count: int
    url: str


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


def _submitted_pairs(task_ids) -> set[tuple[int, int]]:
    """(task id, unit id) of every live, stamped submission answering those tasks."""
    through = SubmissionPage.tasks.through
    return set(
        through.objects.filter(
            directivetask_id__in=task_ids,
            submissionpage__live=True,
            submissionpage__submitted_at__isnull=False,
        ).values_list("directivetask_id", "submissionpage__unit_id")
    )


def task_statuses(tasks: Iterable[DirectiveTask]) -> list[TaskStatus]:
    """Statuses for tasks fetched with `units` prefetched and `directive` selected."""
    tasks = list(tasks)
    issuer_ids = {task.directive_id: task.directive.issuer_id for task in tasks}
    sibling_tasks = tasks
    if any(task.applies_to_all_assignees for task in tasks):
        # A reporting duty binds the units of its directive's other tasks.
        sibling_tasks = list(
            DirectiveTask.objects.filter(directive_id__in=issuer_ids).prefetch_related("units")
        )
    assignees = task_assignees(sibling_tasks, issuer_ids)
    pairs = _submitted_pairs([task.pk for task in tasks])
    return [
        TaskStatus(
            task=task,
            units=assignees[task.pk],
            submitted_unit_ids={unit_id for task_id, unit_id in pairs if task_id == task.pk},
        )
        for task in tasks
    ]


def _tasks_queryset():
    return DirectiveTask.objects.select_related(
        "directive__document_type", "directive__issuer"
    ).prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("sort_order", "name")))


def live_directives():
    """Live directives of the Vietnamese tree, the record that tasks are counted on."""
    return (
        DirectivePage.objects.live()
        .filter(in_source_locale())
        .select_related("document_type", "issuer")
    )


def _clean_filter(params: Mapping, name: str, allowed: Mapping, notices: list) -> object:
    value = params.get(name, "")
    if value == "":
        return None
    if value not in allowed:
        notices.append(_("Bỏ qua giá trị lọc không hợp lệ: %(value)s") % {"value": value[:50]})
        return None
    return allowed[value]


def directive_index_context(*, index_page, params: Mapping) -> dict:
    # Each language's index lists its own tree: English aliases and translations.
    directives = (
        DirectivePage.objects.live()
        .descendant_of(index_page)
        .select_related("document_type", "issuer")
    )
    notices: list[str] = []
    types = {t.slug: t for t in DocumentType.objects.filter(directives__live=True).distinct()}
    issuers = {u.slug: u for u in Unit.objects.filter(issued_directives__live=True).distinct()}
    years = {
        str(d.year): d.year
        for d in directives.exclude(issued_on=None).dates("issued_on", "year", order="DESC")
    }
    chosen_type = _clean_filter(params, "type", types, notices)
    chosen_issuer = _clean_filter(params, "issuer", issuers, notices)
    chosen_year = _clean_filter(params, "year", years, notices)
    if chosen_type:
        directives = directives.filter(document_type=chosen_type)
    if chosen_issuer:
        directives = directives.filter(issuer=chosen_issuer)
    if chosen_year:
        directives = directives.filter(issued_on__year=chosen_year)
    directives = directives.order_by("-issued_on", "-first_published_at", "title")
    page_obj = Paginator(directives, DIRECTIVES_PER_PAGE).get_page(params.get("page"))
    kept = {
        key: params[key]
        for key, chosen in (("type", chosen_type), ("issuer", chosen_issuer), ("year", chosen_year))
        if chosen
    }
    return {
        "page_obj": page_obj,
        "directives": page_obj.object_list,
        "document_types": types.values(),
        "issuers": issuers.values(),
        "years": years.keys(),
        "chosen": kept,
        "filter_querystring": urlencode(kept),
        "notices": notices,
    }


def directive_page_context(*, directive: DirectivePage) -> dict:
    # A translation shows the statuses of its Vietnamese source, where units report.
    directive = source_of(directive)
    tasks = _tasks_queryset().filter(directive=directive).order_by("sort_order")
    attachments = DirectiveAttachment.objects.filter(page=directive).select_related("document")
    return {
        "task_statuses": task_statuses(tasks),
        "attachments": attachments,
        "implementing_documents": live_directives()
        .filter(implements=directive)
        .order_by("issued_on", "title"),
        "implemented_document": (
            live_directives().filter(pk=directive.implements_id).first()
            if directive.implements_id
            else None
        ),
    }


def unit_section_context(*, section: UnitSectionPage) -> dict:
    submissions = (
        SubmissionPage.objects.child_of(section)
        .live()
        .select_related("directive__document_type", "content_type")
        .prefetch_related("tasks")
        .order_by("-submitted_at", "-pk")
    )
    return {
        "unit": section.unit,
        "submissions": submissions,
        "task_rows": task_rows(unit_ids=[section.unit_id], today=timezone.localdate()),
    }


def unit_index_context(*, index_page) -> dict:
    sections = (
        UnitSectionPage.objects.child_of(index_page)
        .live()
        .select_related("unit")
        .filter(unit__is_active=True)
        .order_by("unit__sort_order", "unit__name")
    )
    groups = defaultdict(list)
    for section in sections:
        groups[section.unit.get_category_display()].append(section)
    return {"sections_by_category": dict(groups)}


def _open_tasks(tasks) -> dict[int, tuple[date, int]]:
    """Task id -> (due date, units bound but not yet submitted), on ids only."""
    rows = list(
        tasks.values_list(
            "pk", "directive_id", "applies_to_all_assignees", "directive__issuer_id", "due_date"
        )
    )
    directive_ids = {row[1] for row in rows}
    siblings = list(
        DirectiveTask.objects.filter(directive_id__in=directive_ids).values_list(
            "pk", "directive_id", "applies_to_all_assignees"
        )
    )
    direct: dict[int, set[int]] = defaultdict(set)
    for task_id, unit_id in DirectiveTask.units.through.objects.filter(
        directivetask__directive_id__in=directive_ids
    ).values_list("directivetask_id", "unit_id"):
        direct[task_id].add(unit_id)
    assigned = resolve_assignees(direct, siblings, {row[1]: row[3] for row in rows})
    submitted: dict[int, set[int]] = defaultdict(set)
    for task_id, unit_id in _submitted_pairs(tasks.values("pk")):
        submitted[task_id].add(unit_id)
    open_tasks = {}
    for task_id, *_columns, due in rows:
        missing = len(assigned[task_id] - submitted[task_id])
        if missing:
            open_tasks[task_id] = (due, missing)
    return open_tasks


def home_context(*, locale: Locale, today: date | None = None, request=None) -> dict:
    today = today or timezone.localdate()
    tasks = DirectiveTask.objects.filter(
        in_source_locale("directive__"),
        directive__live=True,
        due_date__isnull=False,
        report_required=True,
    )
    open_tasks = _open_tasks(tasks)
    horizon = today + timedelta(days=UPCOMING_DAYS)
    overdue = sorted(
        (pk for pk, (due, _count) in open_tasks.items() if due < today),
        key=lambda pk: open_tasks[pk][0],
        reverse=True,
    )
    upcoming = sorted(
        (pk for pk, (due, _count) in open_tasks.items() if today <= due <= horizon),
        key=lambda pk: open_tasks[pk][0],
    )
    shown = overdue[:HOME_LIST_LENGTH] + upcoming[:HOME_LIST_LENGTH]
    by_pk = DirectiveTask.objects.select_related("directive").in_bulk(shown)
    urls = localized_urls({task.directive for task in by_pk.values()}, locale, request)

    def items(ids):
        return [
            DeadlineItem(
                task=by_pk[pk], missing_count=open_tasks[pk][1], url=urls[by_pk[pk].directive_id]
            )
            for pk in ids
        ]

    return {
        "today": today,
        "latest_directives": DirectivePage.objects.live()
        .filter(locale=locale)
        .select_related("document_type", "issuer")
        .order_by("-first_published_at")[:HOME_LIST_LENGTH],
        "upcoming_items": items(upcoming[:HOME_LIST_LENGTH]),
        "overdue_items": items(overdue[:HOME_LIST_LENGTH]),
        "overdue_count": len(overdue),
        "upcoming_days": UPCOMING_DAYS,
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


@dataclass
class TaskRow:
    """A Position with its task and unit, for display."""

    task: DirectiveTask
    unit: Unit
    position: Position

    @property
    def can_start_report(self) -> bool:
        return self.position.submission_id is None or self.position.status == Status.RETURNED


FIXED_PERIODS = {Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.YEARLY}


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
) -> list[Position]:
    """Every (task of a live directive, bound unit[, period]) at the end of `today`,
    for the given units (or all) and directives (or all).

    A periodic task is judged on the period containing `today`, or, with
    `since`, on every period from the one containing `since` to today's.
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
    rows = list(
        tasks.values_list(
            "pk",
            "directive_id",
            "applies_to_all_assignees",
            "directive__issuer_id",
            "due_date",
            "recurrence",
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
    submissions = SubmissionPage.tasks.through.objects.filter(current, directivetask__in=tasks)
    if wanted is not None:
        submissions = submissions.filter(submissionpage__unit_id__in=wanted)
    by_pair: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for task_id, unit_id, *rest in submissions.values_list(
        "directivetask_id",
        "submissionpage__unit_id",
        "submissionpage_id",
        "submissionpage__submitted_at",
        "submissionpage__review_state",
        "submissionpage__period_start",
        "submissionpage__live",
    ):
        by_pair[(task_id, unit_id)].append(rest)
    result = []
    for task_id, _directive, _all, _issuer, due_date, recurrence in rows:
        units = assigned[task_id] if wanted is None else assigned[task_id] & wanted
        for period, unit_id in product(_periods(recurrence, today, since), units):
            due = period.end if period else due_date
            found = [
                s
                for s in by_pair.get((task_id, unit_id), ())
                if period is None or (s[3] is not None and period.start <= s[3] <= period.end)
            ]
            sent = sorted((s for s in found if s[1] is not None and s[4]), key=lambda s: s[1])
            drafts = [s for s in found if s[1] is None]
            first_sent = sent[0][1] if sent else None
            review_state = sent[-1][2] if sent else ""
            result.append(
                Position(
                    task_id=task_id,
                    unit_id=unit_id,
                    due=due,
                    period=period,
                    status=status_of(
                        due=due, submitted_at=first_sent, review_state=review_state, today=today
                    ),
                    outcome=outcome_of(due=due, submitted_at=first_sent, as_of=today),
                    submitted_at=first_sent,
                    returned=review_state == ReviewState.RETURNED,
                    submission_id=sent[-1][0] if sent else None,
                    draft_id=drafts[-1][0] if drafts else None,
                )
            )
    return result


def task_rows(*, unit_ids: Iterable[int], today: date) -> list[TaskRow]:
    """Positions of the given units with their tasks and units, soonest deadline first."""
    found = positions(unit_ids=unit_ids, today=today)
    tasks = DirectiveTask.objects.select_related("directive").in_bulk({p.task_id for p in found})
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


def status_counts(found: Iterable[Position]) -> dict[int, dict[str, int]]:
    """Unit id -> {status: count}."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Status.values, 0))
    for position in found:
        counts[position.unit_id][position.status] += 1
    return dict(counts)
