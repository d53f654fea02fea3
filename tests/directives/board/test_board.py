"""The leader's board: its numbers are the JSON matrix's, its ranking's rule and ties,
its charts, who may open it, and the number of queries it takes."""

import json
import re
from datetime import date, timedelta
from io import BytesIO, StringIO

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine
from openpyxl import load_workbook

from directives.board.figures import (
    Light,
    UnitFigures,
    build_board,
    light_of,
    rank,
)
from directives.bootstrap import bootstrap_portal
from directives.compliance.matrix import Tally
from directives.compliance.positions import Position
from directives.compliance.rules import Outcome, Stage, Status, Timing
from directives.demo import DEMO_NUMBER
from directives.models import (
    DirectiveTask,
    ReviewEvent,
    ReviewState,
    SubmissionReview,
    Unit,
    UnitCategory,
    UnitReminder,
)
from tests import factories
from tests.conftest import vietnam_time

TODAY = date(2026, 12, 1)
PASSWORD = "mat-khau-lanh-dao-1"


@pytest.fixture
def demo(db):
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        bootstrap_portal(demo=True, password=PASSWORD)
        yield


@pytest.fixture
def leader_client(client, demo):
    client.force_login(get_user_model().objects.get(username="lanh-dao"))
    return client


def _json_matrix(number: str) -> dict:
    out = StringIO()
    call_command("compile_report", directive=number, as_of=TODAY, format="json", stdout=out)
    return json.loads(out.getvalue())


def test_board_numbers_are_the_json_matrix(demo):
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        board = build_board(today=TODAY)
        assert len(board.directives) >= 2  # the Guidance's plan and the demo plan
        per_unit = {}
        for figures in board.directives:
            matrix = _json_matrix(figures.directive.number_symbol)
            assert figures.tally.as_dict() == matrix["totals"]
            assert figures.overdue == matrix["totals"]["overdue"]
            overdue_rows = {
                (row["unit"], row["task"]) for row in matrix["rows"] if row["status"] == "overdue"
            }
            shown = {
                (unit.slug, number) for unit, items in figures.overdue_units for number, _d in items
            }
            assert shown == overdue_rows
            for row in matrix["rows"]:
                per_unit.setdefault(row["unit"], []).append(row["status"])
    ranked_units = {r.figures.unit.slug: r.figures for r in rank(board.units)}
    assert set(ranked_units) == set(per_unit)
    for slug, statuses in per_unit.items():
        counts = ranked_units[slug].tally.counts
        assert {k: v for k, v in counts.items() if v} == {
            s: statuses.count(s) for s in set(statuses)
        }


def test_the_demo_plan_has_late_units_with_days_overdue(demo):
    board = build_board(today=TODAY)
    demo_plan = next(d for d in board.directives if d.directive.number_symbol == "99-KH/BTGTU")
    assert demo_plan.overdue_units
    for _unit, items in demo_plan.overdue_units:
        assert all(days > 0 for _number, days in items)
    late = [f for f in board.units if f.light == Light.LATE]
    assert late and all(f.overdue_tasks for f in late)


def _figures(name, *, on_time, late_days, returned=0, order=0, judged=4):
    unit = Unit(name=name, category=UnitCategory.values[0], sort_order=order)
    tally = Tally()
    tally.counts[Outcome.DONE_ON_TIME] = on_time
    tally.counts[Outcome.OVERDUE] = judged - on_time
    tally.returned = returned
    return UnitFigures(unit=unit, tally=tally, days_late=late_days)


def test_ranking_rule_and_ties_are_stable():
    a = _figures("A", on_time=4, late_days=0, order=3)
    b = _figures("B", on_time=3, late_days=2, order=1)
    c = _figures("C", on_time=3, late_days=2, order=2)
    d = _figures("D", on_time=3, late_days=1, returned=5, order=4)
    e = _figures("E", on_time=0, late_days=0, order=0, judged=0)
    for shuffled in ([e, d, c, b, a], [c, a, e, b, d]):
        ranked = rank(shuffled)
        assert [(r.rank, r.figures.unit.name) for r in ranked] == [
            (1, "A"),  # every task on time
            (2, "D"),  # fewer days late beats fewer returns
            (3, "B"),  # B and C tie on all three: one rank, registry order
            (3, "C"),
            (5, "E"),  # nothing judged yet: last
        ]


def _position(**changes):
    base = {
        "task_id": 1,
        "unit_id": 1,
        "due": TODAY + timedelta(days=20),
        "period": None,
        "status": Status.NOT_DUE,
        "outcome": Outcome.PENDING,
        "submitted_at": None,
        "returned": False,
        "submission_id": None,
        "draft_id": None,
        "stage": Stage.NOT_STARTED,
        "timing": Timing.IN_TIME,
        "report_id": None,
    }
    return Position(**(base | changes))


def test_traffic_light():
    assert light_of([_position()], today=TODAY) == Light.ON_TRACK
    soon = _position(due=TODAY + timedelta(days=3))
    assert light_of([_position(), soon], today=TODAY) == Light.AT_RISK
    returned = _position(outcome=Outcome.DONE_ON_TIME, stage=Stage.RETURNED)
    assert light_of([returned], today=TODAY) == Light.AT_RISK
    late = _position(due=TODAY - timedelta(days=2), outcome=Outcome.OVERDUE)
    assert light_of([soon, late], today=TODAY) == Light.LATE


def test_board_page_for_a_leader(leader_client):
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        response = leader_client.get("/admin/board/")
        assert response.status_code == 200
        html = response.content.decode()
        board = build_board(today=TODAY)
    assert "Bảng điều hành" in html
    charts = re.findall(r'<svg class="board-chart".*?</svg>', html, re.S)
    assert len(charts) == 2
    for svg in charts:
        assert 'role="img"' in svg and "<title" in svg
        # Drawn here: nothing fetched from elsewhere, no script.
        assert "<script" not in svg and "href" not in svg
        # Coordinates never take the Vietnamese decimal comma.
        assert not re.search(r'="-?\d+,\d', svg)
    # Each chart has its numbers in a table beside it.
    for figures in board.directives:
        rate = figures.tally.on_time_rate
        shown = "—" if rate is None else f"{round(rate * 100)}%"
        assert f"<tr><td>{figures.directive.number_symbol}</td><td>{shown}</td></tr>" in html
    assert "Cách xếp hạng" in html


def test_board_filters_by_category_and_exports_the_ranking(leader_client):
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        press = leader_client.get("/admin/board/", {"category": "press"})
        bad = leader_client.get("/admin/board/", {"category": "x", "as_of": "31/02/2026"})
        sheet = leader_client.get("/admin/board/", {"category": "press", "format": "xlsx"})
    assert press.status_code == 200
    press_units = set(Unit.objects.filter(category="press").values_list("slug", flat=True))
    shown = set(re.findall(r'<tr data-unit="([^"]+)" data-rank', press.content.decode()))
    assert shown == press_units & {f.unit.slug for f in build_board(today=TODAY).units}
    assert shown
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Bỏ qua loại đơn vị lọc không hợp lệ" in text
    assert "31/02/2026" in text and "không hợp lệ" in text
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(min_row=5, values_only=True))
    names = set(Unit.objects.filter(category="press").values_list("name", flat=True))
    assert rows and {row[1] for row in rows} <= names
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)


def _denied(response) -> bool:
    """Wagtail's admin answers a refused page with the dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def test_who_may_open_the_board(client, demo):
    User = get_user_model()
    client.force_login(User.objects.get(username="thanh-uy-da-lat-editor"))
    assert _denied(client.get("/admin/board/"))
    assert _denied(client.post("/admin/board/remind/", {"unit": "1"}))
    assert not UnitReminder.objects.exists()
    client.force_login(User.objects.get(username="reviewer"))
    assert client.get("/admin/board/").status_code == 200


def test_the_leader_reads_and_changes_nothing(leader_client):
    leader = get_user_model().objects.get(username="lanh-dao")
    assert leader_client.get("/admin/reports/compliance/").status_code == 200
    assert _denied(leader_client.get("/admin/review/"))
    report = DirectiveTask.objects.first().directive
    assert leader_client.get(f"/admin/pages/{report.pk}/edit/").status_code in (302, 403)
    assert not leader.has_perm("directives.change_unit")
    from wagtail.models import Page

    for page in Page.objects.all()[:50]:
        perms = page.permissions_for_user(leader)
        assert not perms.can_edit() and not perms.can_publish() and not perms.can_add_subpage()


def _board_queries(client) -> int:
    """Queries of building the board (the cached copy is set aside: in a test's
    transaction the commit that moves the cache's generation never comes)."""
    cache.clear()
    with (
        time_machine.travel(vietnam_time(TODAY), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get("/admin/board/").status_code == 200
    return len(queries)


def test_board_queries_do_not_grow_with_units_and_tasks(leader_client):
    before = _board_queries(leader_client)
    directive = (
        DirectiveTask.objects.filter(directive__number_symbol="99-KH/BTGTU").first().directive
    )
    units = list(Unit.objects.all())
    for n in range(10):
        task = DirectiveTask.objects.create(
            directive=directive,
            number=f"X{n}",
            description=f"Việc thêm {n}",
            due_date=TODAY - timedelta(days=n + 1),
            sort_order=100 + n,
        )
        task.units.set(units)
    after = _board_queries(leader_client)
    assert after == before, (before, after)


def test_morning_digest_says_what_changed_since_yesterday(demo):
    # A unit sends its report for an overdue demo task the next morning.
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        board = build_board(today=TODAY)
    plan = next(d for d in board.directives if d.directive.number_symbol == DEMO_NUMBER)
    unit, items = plan.overdue_units[0]
    task = DirectiveTask.objects.get(directive=plan.directive, number=items[0][0])
    assert not any(c.unit == unit and c.task == task for c in board.digest.sent)
    with time_machine.travel(vietnam_time(TODAY + timedelta(days=1), 8), tick=False):
        report = factories.submission(
            unit, plan.directive, title="Báo cáo gửi muộn", tasks=[task], report=True
        )
        SubmissionReview.objects.create(
            page=report, event=ReviewEvent.ACCEPTED, state=ReviewState.ACCEPTED
        )
        later = build_board(today=TODAY + timedelta(days=1))
    # Newest first (the demo's own decisions were made the day it was loaded).
    assert later.digest.decisions[0].page_id == report.pk
    assert (unit, task) in [(c.unit, c.task) for c in later.digest.sent]
    assert later.digest.since == TODAY
    # Nothing sent on the demo's first day is "new" two days later.
    with time_machine.travel(vietnam_time(TODAY + timedelta(days=3), 8), tick=False):
        quiet = build_board(today=TODAY + timedelta(days=3))
    assert not any(c.unit == unit and c.task == task for c in quiet.digest.sent)


def test_the_most_pressing_directives_come_first():
    from types import SimpleNamespace

    from directives.board.views import urgency

    def figures(pk, overdue, week, issued):
        directive = SimpleNamespace(pk=pk, issued_on=issued)
        return SimpleNamespace(directive=directive, overdue=overdue, due_this_week=[1] * week)

    old_late = figures(1, 5, 0, date(2025, 1, 1))
    new_calm = figures(2, 0, 0, date(2026, 11, 1))
    new_busy_week = figures(3, 0, 4, date(2026, 10, 1))
    newer_late = figures(4, 5, 0, date(2026, 6, 1))
    ordered = sorted([new_calm, old_late, new_busy_week, newer_late], key=urgency)
    assert [f.directive.pk for f in ordered] == [4, 1, 3, 2]


def test_the_cached_board_gives_each_reader_their_own_reminder_token(demo):
    """The board is rendered once for every reader; its reminder forms still carry each
    reader's own CSRF secret and work with CSRF checks on."""
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    from directives.caching import CSRF_PLACEHOLDER

    def board(username):
        client = Client(enforce_csrf_checks=True)
        client.force_login(get_user_model().objects.get(username=username))
        with time_machine.travel(vietnam_time(TODAY), tick=False):
            html = client.get("/admin/board/").content.decode()
        assert CSRF_PLACEHOLDER not in html
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
        return client, html, token

    _leader, first, _token = board("lanh-dao")
    reviewer, second, token = board("reviewer")  # from the cache
    assert second.count('class="remind-form"') == first.count('class="remind-form"') > 0
    unit_id = second.split('<input type="hidden" name="unit" value="')[1].split('"')[0]
    with time_machine.travel(vietnam_time(TODAY), tick=False):
        sent = reviewer.post(
            "/admin/board/remind/",
            {"unit": unit_id, "next": "/admin/board/", "csrfmiddlewaretoken": token},
        )
    assert sent.status_code == 302
