"""Pages a person opens do not grow with the portal's history, and the cache that
serves them never shows one user's data to another nor outlives a publication."""

import re
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from directives.models import DirectivePage, DirectiveTask, UnitCategory
from portal.middleware import AtomicPageSaveMiddleware
from tests import factories
from tests.conftest import vietnam_time

TODAY = date(2026, 11, 26)
UNITS = 8


@pytest.fixture
def portal(db, time_machine):
    """A department and 8 units; `add_year(n)` adds a year of history ending n years
    before TODAY: 12 directives a year, each with two tasks for a share of the units
    and a report duty for all of them, half of the duties answered (and everything
    unit 0 owed, in the earlier years)."""
    from types import SimpleNamespace

    time_machine.move_to(vietnam_time(TODAY), tick=False)
    _home, index, _units = factories.site_tree()
    department = factories.unit("Ban Tuyên giáo Tỉnh ủy", UnitCategory.PARTY_DEPARTMENT)
    units = [factories.unit(f"Huyện ủy số {n}") for n in range(UNITS)]
    editor = factories.user_in(units[0].editors_group, "bien-tap-0", first_name="Biên tập số 0")

    def add_year(years_back: int) -> None:
        for month in range(12):
            issued = TODAY - timedelta(days=365 * years_back + 30 * month + 20)
            n = DirectivePage.objects.count()
            directive = factories.directive(
                index,
                title=f"Kế hoạch {n}-KH/TU",
                number_symbol=f"{n}-KH/TU",
                issuer=department,
                issued_on=issued,
                tasks=[
                    {"units": units[t::3], "due_date": issued + timedelta(days=30 + 15 * t)}
                    for t in range(2)
                ]
                + [{"units": units, "due_date": issued + timedelta(days=60)}],
            )
            duty = directive.tasks.get(sort_order=2)
            time_machine.move_to(vietnam_time(issued + timedelta(days=50)), tick=False)
            if month % 2:
                for unit in units[1:4]:
                    factories.submission(unit, directive, title=f"Báo cáo {n} {unit}", tasks=[duty])
            if month % 2 or years_back:
                # Unit 0, whose pages are measured, answered every earlier year in
                # full: what a unit still owes stays on its pages whatever its age.
                owed = [task for task in directive.tasks.all() if units[0] in task.units.all()]
                factories.submission(units[0], directive, title=f"Báo cáo {n} số 0", tasks=owed)
            time_machine.move_to(vietnam_time(TODAY), tick=False)

    return SimpleNamespace(units=units, editor=editor, add_year=add_year, index=index)


def _task_table(html: str) -> str:
    """The section's task table: its documents table below lists reports (and so
    their directives) of any year, paged on its own. Empty when there is no task."""
    if '<table class="task-table">' not in html:
        return ""
    start = html.index('<table class="task-table">')
    return html[start : html.index("</table>", start)]


def _measure(client, url):
    cache.clear()  # the uncached page: what the first reader of the day waits for
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(
    "who, url",
    [
        ("reader", "/"),
        ("reader", "section"),
        ("editor", "/admin/"),
        ("department", "/admin/"),
    ],
)
def test_pages_do_not_grow_with_history(portal, client, staff_user, who, url):
    from directives.units.provisioning import department_group_ensure

    people = {
        "editor": portal.editor,
        "department": factories.user_in(department_group_ensure(), "tham-dinh-btg"),
    }
    client.force_login(people.get(who, staff_user))
    if url == "section":
        url = portal.units[0].section.url
    portal.add_year(0)
    client.get(url)  # warm Wagtail's own caches (site root, content types)
    one_year_queries, one_year = _measure(client, url)
    portal.add_year(1)
    portal.add_year(2)
    three_years_queries, three_years = _measure(client, url)
    assert three_years_queries <= one_year_queries
    # The same task rows: three times the history adds none; documents are paged.
    assert three_years.count('class="task-status') == one_year.count('class="task-status')
    assert len(three_years) < len(one_year) + 20 * 300


def test_unit_section_shows_now_and_pages_the_whole_history(portal, signed_in):
    for years_back in range(3):
        portal.add_year(years_back)
    section = portal.units[0].section
    now = signed_in.get(section.url).content.decode()
    assert "Xem tất cả nhiệm vụ" in now
    # The oldest directive's tasks (due three years ago) are not on the "now" view,
    # but on the last page of the whole history, 30 rows a page.
    oldest = DirectivePage.objects.order_by("issued_on").first()
    link = f'href="{oldest.url}"'
    assert link not in _task_table(now)
    assert now.count('class="task-status') < 30
    first = signed_in.get(section.url, {"nhiem-vu": "tat-ca"}).content.decode()
    assert first.count('class="task-status') == 30
    assert "Trang 1/" in first and "Trang sau" in first
    pages = int(first.split("Trang 1/")[1].split("<")[0])
    last = signed_in.get(section.url, {"nhiem-vu": "tat-ca", "page": pages}).content.decode()
    assert link in _task_table(last) and link not in _task_table(first)
    assert "Chỉ xem nhiệm vụ hiện tại" in last
    # A page past the end, or not a number, shows the last or the first page: no error.
    assert signed_in.get(section.url, {"nhiem-vu": "tat-ca", "page": "9999"}).status_code == 200
    assert signed_in.get(section.url, {"nhiem-vu": "tat-ca", "page": "abc"}).status_code == 200
    assert signed_in.get(section.url, {"trang-van-ban": "-1"}).status_code == 200


def test_work_still_owed_stays_on_the_units_pages_whatever_its_age(portal, client):
    portal.add_year(2)
    old = DirectivePage.objects.order_by("issued_on").first()
    task = old.tasks.get(sort_order=0)
    # Unit 0 answered everything that year; one answer is returned for revision.
    report = task.submissions.get(unit=portal.units[0]).specific
    report.review_state = "returned"
    report.save(update_fields=["review_state"])
    client.force_login(portal.editor)
    section = _task_table(client.get(portal.units[0].section.url).content.decode())
    dashboard = client.get("/admin/").content.decode()
    assert f'href="{old.url}"' in section
    assert f'data-task="{task.pk}" data-status="returned"' in dashboard
    # The two tasks the returned report answered; the year's answered ones have left.
    assert section.count('class="task-status') == 2
    # Resubmitted, it leaves the "now" pages again. (Set directly, the state does not
    # move the cache's generation as the review services do: clear it.)
    report.review_state = "awaiting"
    report.save(update_fields=["review_state"])
    cache.clear()
    section = _task_table(client.get(portal.units[0].section.url).content.decode())
    assert f'href="{old.url}"' not in section


def test_home_counts_only_the_window_it_shows(portal, signed_in):
    portal.add_year(0)
    html = signed_in.get("/").content.decode()
    assert "Quá hạn (90 ngày qua)" in html


def test_cached_pages_never_show_one_users_data_to_another(portal, client, staff_user):
    portal.add_year(0)
    unit = portal.units[0]
    directive = DirectivePage.objects.order_by("-issued_on").first()
    draft = factories.submission(
        unit, directive, title="Dự thảo riêng của đơn vị số 0", published=False
    )
    assert draft.live is False
    client.force_login(portal.editor)
    for url in ("/", directive.url, unit.section.url):
        assert "Biên tập số 0" in client.get(url).content.decode()
    client.logout()
    staff_user.first_name = "Cán bộ khác"
    staff_user.save()
    client.force_login(staff_user)
    for url in ("/", directive.url, unit.section.url):
        html = client.get(url).content.decode()
        assert "Cán bộ khác" in html
        assert "Biên tập số 0" not in html
        assert "Dự thảo riêng" not in html


def test_a_publication_refreshes_the_cached_directive_page(
    portal, signed_in, django_capture_on_commit_callbacks
):
    portal.add_year(0)
    directive = DirectivePage.objects.order_by("-issued_on").first()
    duty = directive.tasks.get(sort_order=2)
    before = signed_in.get(directive.url).content.decode()
    assert f"0/{UNITS} đã gửi" in before
    with CaptureQueriesContext(connection) as cached:
        signed_in.get(directive.url)
    # The generation moves on when the publication commits, as in a request.
    with django_capture_on_commit_callbacks(execute=True):
        factories.submission(portal.units[3], directive, title="Báo cáo mới", tasks=[duty])
    with CaptureQueriesContext(connection) as fresh:
        after = signed_in.get(directive.url).content.decode()
    assert f"1/{UNITS} đã gửi" in after
    assert len(cached) < len(fresh)  # the cache did answer before the publication


def test_a_first_publication_indexes_the_page_once(
    portal, monkeypatch, django_capture_on_commit_callbacks
):
    from search import indexing

    indexed = []
    real = indexing.index_page
    monkeypatch.setattr(indexing, "index_page", lambda pk: indexed.append(pk) or real(pk))
    page = DirectivePage(
        title="Kế hoạch xuất bản một lần",
        document_type=factories.document_type(),
        issuer=portal.units[0],
        subject="Xuất bản",
        live=False,
    )
    # As the editor's Publish does it, inside AtomicPageSaveMiddleware's transaction.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        portal.index.add_child(instance=page)
        page.save_revision().publish()
    assert indexed == [page.pk]
    # A draft saved on its own is still indexed (for its unit and the department).
    draft = DirectivePage(
        title="Dự thảo kế hoạch",
        document_type=factories.document_type(),
        issuer=portal.units[0],
        subject="Dự thảo",
        live=False,
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        portal.index.add_child(instance=draft)
        draft.save_revision()
    assert indexed == [page.pk, draft.pk]


def test_the_page_editor_saves_in_one_transaction(db, rf: RequestFactory):
    seen = {}

    def view(request):
        seen["atomic"] = connection.in_atomic_block
        return "response"

    middleware = AtomicPageSaveMiddleware(lambda request: None)
    for method, name, expected in (
        ("post", "wagtailadmin_pages:add", True),
        ("post", "wagtailadmin_pages:edit", True),
        ("get", "wagtailadmin_pages:edit", None),
        ("post", "wagtailadmin_home", None),
    ):
        seen.clear()
        request = getattr(rf, method)("/admin/")
        request.resolver_match = type("Match", (), {"view_name": name})()
        answer = middleware.process_view(request, view, (), {})
        assert seen.get("atomic") is expected
        assert answer == ("response" if expected else None)


def test_dashboard_links_to_the_whole_history(portal, client):
    portal.add_year(0)
    client.force_login(portal.editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tất cả nhiệm vụ của" in html
    assert f"{portal.units[0].section.url}?nhiem-vu=tat-ca" in html


def test_a_unit_owing_years_of_reports_gets_a_bounded_page(portal, client):
    from directives.compliance.positions import STILL_OWED_SHOWN

    for years_back in (1, 2, 3):
        portal.add_year(years_back)
    # Unit 4 never answers: it owes three years of report duties and tasks.
    unit = portal.units[4]
    owed = (
        DirectiveTask.objects.filter(
            directive__in=DirectivePage.objects.all(), due_date__lt=TODAY - timedelta(days=90)
        )
        .filter(Q(units=unit) | Q(sort_order=2))
        .distinct()
        .count()
    )
    assert owed > STILL_OWED_SHOWN
    client.force_login(portal.editor)
    html = client.get(unit.section.url).content.decode()
    rows = _task_table(html).count('class="task-status')
    assert rows == STILL_OWED_SHOWN
    assert f'data-older-owed="{owed - STILL_OWED_SHOWN}"' in html
    assert "nhiệm vụ cũ hơn quá hạn chưa báo cáo" in html


def test_the_departments_overview_counts_now_not_every_year(portal, rf):
    """Reports accepted years ago are history (on the matrix and the archive), not
    what the department's home counts; what is still owed or awaits review from then
    stays counted."""
    from directives.compliance.panels import DepartmentOverviewPanel
    from directives.compliance.rules import Stage
    from directives.models import ReviewState, SubmissionPage

    def overview():
        SubmissionPage.objects.update(review_state=ReviewState.ACCEPTED)
        context = DepartmentOverviewPanel().get_context_data({})
        keys = [key for key, _label in context["columns"]]
        return dict(zip(keys, context["totals"], strict=True))

    portal.add_year(0)
    one_year = overview()
    portal.add_year(1)
    portal.add_year(2)
    three_years = overview()
    assert three_years[Stage.ACCEPTED] == one_year[Stage.ACCEPTED] > 0
    assert three_years[Stage.NOT_STARTED] > one_year[Stage.NOT_STARTED]  # still owed


def test_the_todo_counter_counts_all_owed_work_without_judging_every_year(portal, client):
    """The counter on every page a unit member opens: what the to-do view lists (the
    window and the most recently due older work owed) plus the older owed work it
    counts, judged once per content generation for everyone of the same units."""
    from directives.compliance.todo import todo_count

    for years_back in (1, 2, 3):
        portal.add_year(years_back)
    unit = portal.units[4]  # never answers: years of owed work
    editor = factories.user_in(unit.editors_group, "bien-tap-4")
    client.force_login(editor)
    html = client.get(reverse("directives_todo")).content.decode()
    listed = html.count('class="task-status')
    older = int(html.split('data-older-owed="')[1].split('"')[0])
    assert listed > 0 and older > 0
    assert "Tất cả nhiệm vụ của" in html
    # The menu's counter (the sidebar's props are JSON).
    assert f'"data-todo-count": "{listed + older}"' in html
    colleague = factories.user_in(unit.editors_group, "bien-tap-4b")
    with CaptureQueriesContext(connection) as queries:
        assert todo_count(colleague, today=TODAY) == listed + older
    # Only the colleague's own groups are read: the count comes from the cache.
    assert len(queries) <= 4


def test_cached_dashboards_show_each_unit_its_rows_and_each_reader_their_token(portal):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    from directives.caching import CSRF_PLACEHOLDER

    portal.add_year(0)
    other = factories.user_in(portal.units[1].editors_group, "bien-tap-1")
    colleague = factories.user_in(portal.units[0].editors_group, "bien-tap-0b")

    def dashboard(user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get("/admin/").content.decode()
        assert CSRF_PLACEHOLDER not in html
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        secret = client.cookies["csrftoken"].value
        # The form carries this reader's own secret, masked.
        assert _unmask_cipher_token(token) == secret
        return html

    first = dashboard(portal.editor)
    assert "Huyện ủy số 0" in first and "Huyện ủy số 1<" not in first
    second = dashboard(colleague)  # from the cache, with the colleague's token
    assert second.count('class="task-status') == first.count('class="task-status')
    third = dashboard(other)
    assert "Huyện ủy số 1" in third and "Huyện ủy số 0<" not in third


def test_the_dashboard_lists_what_waits_on_its_reader_first_up_to_its_length(
    portal, client, monkeypatch
):
    from directives.compliance import panels
    from directives.compliance.positions import current_window, task_rows
    from directives.compliance.todo import waits_on

    portal.add_year(0)
    client.force_login(portal.editor)
    whole = client.get("/admin/").content.decode()
    total = whole.count('class="task-status')
    assert total > 3 and "data-more-rows" not in whole
    rows = task_rows(unit_ids=[portal.units[0].pk], today=TODAY, due_between=current_window(TODAY))
    waiting = [row for row in rows if waits_on(row, leader=False)]
    others = [row for row in rows if not waits_on(row, leader=False)]
    # Answered work due before some of what is still owed: by deadline alone it
    # would take a place on the shortened list.
    assert others and waiting and others[0].position.due < waiting[-1].position.due
    monkeypatch.setattr(panels, "DASHBOARD_ROWS", len(waiting))
    cache.clear()
    html = client.get("/admin/").content.decode()
    shown = re.findall(r'<tr class="task-status[^"]*" data-task="(\d+)"', html)
    assert shown == [str(row.task.pk) for row in waiting]
    more = total - len(waiting)
    assert f'data-more-rows="{more}"' in html
    assert f"còn {more} nhiệm vụ khác" in html
    assert 'href="/admin/todo/">Việc cần làm</a>' in html
