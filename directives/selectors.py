"""Page contexts of the directives domain, each in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Locale

from directives import caching
from directives.compliance.positions import (
    RECENT_DAYS,
    UPCOMING_DAYS,
    current_window,
    older_owed_count,
    positions,
    task_assignees,
    task_rows,
)
from directives.locales import in_source_locale, localized_urls, source_of
from directives.models import (
    DirectiveAttachment,
    DirectivePage,
    DirectiveTask,
    DocumentType,
    SubmissionPage,
    Unit,
    UnitSectionPage,
)

DIRECTIVES_PER_PAGE = 20
HOME_LIST_LENGTH = 8
SUBMISSIONS_PER_PAGE = 20
HISTORY_TASKS_PER_PAGE = 30
# ?nhiem-vu=tat-ca on a unit section: every task the unit ever had, paged.
ALL_TASKS = ("nhiem-vu", "tat-ca")
# The parameters a unit section reads (history, its page, the documents' page).
SECTION_PARAMS = (ALL_TASKS[0], "page", "trang-van-ban")


@dataclass
class TaskStatus:
    """A task with the units that must do it and which of them have sent their report
    (for a periodic task, the current period's), as `positions` judges it."""

    task: DirectiveTask
    units: list[Unit]
    submitted_unit_ids: set[int] = field(default_factory=set)
    # Sent, then returned by the department: counted as sent, owed a revision.
    returned_unit_ids: set[int] = field(default_factory=set)

    @property
    def returned_count(self) -> int:
        return len(self.returned_unit_ids & {unit.pk for unit in self.units})

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
    due: date
    missing_count: int
    url: str


def task_statuses(tasks: Iterable[DirectiveTask], *, today: date) -> list[TaskStatus]:
    """Statuses for the tasks of one directive, fetched with `units` prefetched and
    `directive` selected. Who is bound comes from the tasks themselves (so a preview
    of an unpublished directive lists its units); who has sent, from `positions`."""
    tasks = list(tasks)
    if not tasks:
        return []
    issuer_ids = {task.directive_id: task.directive.issuer_id for task in tasks}
    sibling_tasks = tasks
    if any(task.applies_to_all_assignees for task in tasks):
        # A reporting duty binds the units of its directive's other tasks.
        sibling_tasks = list(
            DirectiveTask.objects.filter(directive_id__in=issuer_ids).prefetch_related("units")
        )
    assignees = task_assignees(sibling_tasks, issuer_ids)
    sent: dict[int, set[int]] = defaultdict(set)
    returned: dict[int, set[int]] = defaultdict(set)
    for position in positions(unit_ids=None, today=today, directive_ids=issuer_ids):
        if position.sent:
            sent[position.task_id].add(position.unit_id)
            if position.returned:
                returned[position.task_id].add(position.unit_id)
    return [
        TaskStatus(
            task=task,
            units=assignees[task.pk],
            submitted_unit_ids=sent[task.pk],
            returned_unit_ids=returned[task.pk],
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


def directive_page_context(*, directive: DirectivePage, request=None) -> dict:
    """The directive's article is the same for every signed-in user: the template
    caches it (keyed by the revision and the content generation), so these values
    are lazy and cost nothing when the cache answers."""
    shown = directive
    # A translation shows the statuses of its Vietnamese source, where units report.
    directive = source_of(directive)
    today = timezone.localdate()
    preview = bool(getattr(request, "is_preview", False))
    generation = caching.generation()
    # A page made without a revision has no revision to key its body by.
    revision = shown.live_revision_id or f"g{generation}"
    return {
        # Per person, outside the cached article: the user's units bound by it.
        "receipts": _receipts(directive, request),
        # Even building a query costs: nothing is built until a cache miss renders.
        "task_statuses": SimpleLazyObject(
            lambda: task_statuses(
                _tasks_queryset().filter(directive=directive).order_by("sort_order"),
                today=today,
            )
        ),
        "attachments": SimpleLazyObject(
            lambda: list(
                DirectiveAttachment.objects.filter(page=directive).select_related("document")
            )
        ),
        "implementing_documents": SimpleLazyObject(
            lambda: list(
                live_directives().filter(implements=directive).order_by("issued_on", "title")
            )
        ),
        "implemented_document": SimpleLazyObject(
            lambda: live_directives().filter(pk=directive.implements_id).first()
        )
        if directive.implements_id
        else None,
        # A preview shows unsaved content under the page's own revision: never cached.
        "article_cache_key": "preview" if preview else f"{revision}:{today}",
        "body_cache_key": "preview" if preview else revision,
        "article_cache_seconds": 0 if preview else caching.TIMEOUT_SECONDS,
        "content_generation": generation,
    }


def _receipts(directive: DirectivePage, request) -> list:
    """(unit, its receipt) for each of the reader's units the directive binds; opening
    the page records the first opening (never in a preview)."""
    from directives.receipts import receipt_opened, receipt_units
    from directives.units import roles

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "is_preview", False):
        return []
    members = roles.member_unit_ids(user)
    if not members:
        return []

    def opened() -> list:
        units = receipt_units(directive=directive, user=user)
        receipts = receipt_opened(directive=directive, units=units, user=user) if units else {}
        return [(unit, receipts[unit.pk]) for unit in units]

    # The same for everyone of the same units: once recorded, an opening (or a
    # confirmation) moves the generation on, so the next reader sees it.
    return caching.cached("receipts", directive.pk, caching.ids_part(members), compute=opened)


def unit_tasks(unit_id: int):
    """Tasks of live directives that bind a unit, by the rule of
    `compliance.positions.resolve_assignees`: those naming it, and the "every
    assigned unit" duties of directives naming it elsewhere, unless it issued them."""
    named = DirectiveTask.objects.filter(units=unit_id, applies_to_all_assignees=False)
    duties = Q(applies_to_all_assignees=True, directive_id__in=named.values("directive_id")) & ~Q(
        directive__issuer_id=unit_id
    )
    return DirectiveTask.objects.filter(
        Q(pk__in=named.values("pk")) | duties,
        in_source_locale("directive__"),
        directive__live=True,
    )


def all_tasks_url(section: UnitSectionPage) -> str:
    """A unit section's paged list of every task the unit ever had."""
    return f"{section.url}?{urlencode([ALL_TASKS])}"


def unit_section_context(*, section: UnitSectionPage, params: Mapping) -> dict:
    """What a unit has to do now (one-off tasks due in `current_window`, periodic and
    undated duties) or, with ?nhiem-vu=tat-ca, every task it ever had, paged; and its
    documents, paged: the page does not grow with the years."""
    today = timezone.localdate()
    submissions = (
        SubmissionPage.objects.child_of(section)
        .live()
        .select_related("directive__document_type", "content_type")
        .prefetch_related("tasks")
        .order_by("-submitted_at", "-pk")
    )
    submissions_page = Paginator(submissions, SUBMISSIONS_PER_PAGE).get_page(
        params.get("trang-van-ban")
    )
    show_all = params.get(ALL_TASKS[0]) == ALL_TASKS[1]
    tasks_page = None
    if show_all:
        history = unit_tasks(section.unit_id).order_by(
            F("due_date").desc(nulls_first=True), "-directive_id", "sort_order"
        )
        tasks_page = Paginator(history, HISTORY_TASKS_PER_PAGE).get_page(params.get("page"))
        shown = {task.pk: task.directive_id for task in tasks_page.object_list}
        rows = [
            row
            for row in task_rows(
                unit_ids=[section.unit_id], today=today, directive_ids=set(shown.values())
            )
            if row.task.pk in shown
        ]
        rows.reverse()  # latest deadline first, as the pages go back in time
    else:
        rows = task_rows(unit_ids=[section.unit_id], today=today, due_between=current_window(today))
    return {
        # Older owed work beyond what the "now" list shows, reached through the history.
        "older_owed": 0 if show_all else older_owed_count(today, [section.unit_id]),
        "unit": section.unit,
        "submissions": submissions_page.object_list,
        "submissions_page": submissions_page,
        "task_rows": rows,
        "tasks_page": tasks_page,
        "show_all_tasks": show_all,
        "recent_days": RECENT_DAYS,
        "upcoming_days": UPCOMING_DAYS,
        "all_tasks_query": urlencode([ALL_TASKS]),
    }


def unit_section_body(*, section: UnitSectionPage, request) -> str:
    """A unit section's tasks and documents as HTML. It is the same for every signed-in
    reader (published documents only; the stages are the unit's, not the reader's), so
    it is rendered once per content generation, day, language, host and the page's own
    parameters, and served from the cache until any page, task or unit changes."""

    def render() -> str:
        context = unit_section_context(section=section, params=request.GET)
        return render_to_string(
            "directives/includes/unit_section_body.html", context, request=request
        )

    if getattr(request, "is_preview", False):
        return render()
    shown = urlencode(sorted((k, request.GET[k]) for k in SECTION_PARAMS if k in request.GET))
    return caching.cached(
        "unit-section",
        section.pk,
        timezone.localdate(),
        get_language(),
        request.get_host(),
        shown,
        compute=render,
    )


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


def _open_tasks(today: date) -> dict[int, tuple[date, int]]:
    """Task id -> (due date, units bound that have not sent), for tasks asking for a
    report and due in `current_window`, each judged by `positions` (a periodic task
    on its current period)."""
    open_tasks: dict[int, tuple[date, int]] = {}
    found = positions(
        unit_ids=None, today=today, reports_only=True, due_between=current_window(today)
    )
    for position in found:
        if position.due is None or position.sent:
            continue
        missing = open_tasks.get(position.task_id, (None, 0))[1]
        open_tasks[position.task_id] = (position.due, missing + 1)
    return open_tasks


def home_context(*, locale: Locale, today: date | None = None, request=None) -> dict:
    today = today or timezone.localdate()
    host = request.get_host() if request else ""
    lists = caching.cached(
        "home", locale.pk, today, host, compute=lambda: _home_lists(locale, today, request)
    )
    return {
        "today": today,
        **lists,
        "upcoming_days": UPCOMING_DAYS,
        "overdue_days": RECENT_DAYS,
    }


def _home_lists(locale: Locale, today: date, request) -> dict:
    """Home's lists: the same for everyone signed in, so cached by `home_context`."""
    open_tasks = _open_tasks(today)
    start, horizon = current_window(today)
    overdue = sorted(
        (pk for pk, (due, _count) in open_tasks.items() if start <= due < today),
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
                task=by_pk[pk],
                due=open_tasks[pk][0],
                missing_count=open_tasks[pk][1],
                url=urls[by_pk[pk].directive_id],
            )
            for pk in ids
        ]

    return {
        "latest_directives": list(
            DirectivePage.objects.live()
            .filter(locale=locale)
            .select_related("document_type", "issuer")
            .order_by("-first_published_at")[:HOME_LIST_LENGTH]
        ),
        "upcoming_items": items(upcoming[:HOME_LIST_LENGTH]),
        "overdue_items": items(overdue[:HOME_LIST_LENGTH]),
        "overdue_count": len(overdue),
    }
