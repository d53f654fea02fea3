"""The compliance matrix: units × tasks at a date, counts, rates, page and XLSX."""

from datetime import date
from io import BytesIO

from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from directives.compliance.matrix import build_matrix, directives_for
from directives.compliance.rules import Outcome
from directives.models import ReviewEvent, UnitCategory
from directives.reports.rendering import ReportMeta, render_xlsx
from directives.submissions.services import submission_review
from tests import factories
from tests.conftest import denied

pytestmark = pytest.mark.django_db


def test_counts_and_on_time_rates(workspace):
    today = timezone.localdate()
    submission_review(
        page=workspace.b.live,
        user=workspace.people.reviewer,
        event=ReviewEvent.RETURNED,
        reason="Thiếu",
    )
    matrix = build_matrix(directives=[workspace.plan], as_of=today)
    assert [u.slug for u in matrix.units] == [workspace.a.unit.slug, workspace.b.unit.slug]
    a, b = matrix.by_unit[workspace.a.unit.pk], matrix.by_unit[workspace.b.unit.pk]
    # Both sent today, after the 30/09/2022 deadline: done late.
    assert a.counts[Outcome.DONE_LATE] == 1 and a.on_time_rate == 0
    assert b.returned == 1
    assert matrix.overall.total == 2
    assert matrix.by_category[str(UnitCategory.LOCAL_COMMITTEE.label)].total == 2
    # As of 20/09/2022 nothing was due or sent yet.
    before = build_matrix(directives=[workspace.plan], as_of=date(2022, 9, 20))
    assert before.overall.counts[Outcome.PENDING] == 2
    assert before.overall.on_time_rate is None


def test_json_shape(workspace):
    data = build_matrix(directives=[workspace.plan], as_of=date(2022, 10, 1)).as_json()
    assert data["directive"] == "53-KH/TU"
    assert data["as_of"] == "2022-10-01"
    assert data["rows"][0] == {
        "unit": workspace.a.unit.slug,
        "task": "1",
        "period": None,
        "due": "2022-09-30",
        "status": "overdue",
        "returned": False,
        "submitted_at": data["rows"][0]["submitted_at"],
    }
    assert data["totals"]["overdue"] == 2


def test_queries_do_not_grow_with_units_and_tasks(workspace, django_assert_max_num_queries):
    _home, index, _units = factories.site_tree()

    def grow(n):
        units = [factories.unit(f"Đảng ủy phường {n}-{k}") for k in range(6)]
        return factories.directive(
            index,
            title=f"Kế hoạch {n}-KH/BTG",
            number_symbol=f"{n}-KH/BTG",
            issuer=workspace.department,
            tasks=[{"units": units, "due_date": date(2026, 6, 30)} for _ in range(5)],
        )

    small = [grow(1)]
    with django_assert_max_num_queries(6) as captured:
        build_matrix(directives=small, as_of=date(2026, 7, 1))
    few = len(captured)
    big = small + [grow(n) for n in range(2, 6)]
    with django_assert_max_num_queries(few):
        matrix = build_matrix(directives=big, as_of=date(2026, 7, 1))
    assert len(matrix.units) == 30 and len(matrix.tasks) == 25


def test_directive_lookup_includes_implementing_documents(workspace):
    _home, index, _units = factories.site_tree()
    guidance = factories.directive(
        index, title="Hướng dẫn thực hiện", issuer=workspace.department, implements=workspace.plan
    )
    assert directives_for("53-KH/TU") == [workspace.plan, guidance]
    assert directives_for("không-có") == []


def test_xlsx_keeps_formula_like_text_as_text(workspace):
    task = workspace.plan.tasks.first()
    task.description = '=HYPERLINK("http://evil.example","bấm")'
    task.save()
    matrix = build_matrix(directives=[workspace.plan], as_of=timezone.localdate())
    meta = ReportMeta(excerpts=[("-Đơn vị lạ", "@SUM(A1)", timezone.now())])
    book = load_workbook(BytesIO(render_xlsx(matrix, meta)))
    header = book["Ma trận"]["B1"]
    assert header.value.startswith("NV 1: =HYPERLINK")
    excerpt = book["Trích báo cáo"]
    assert excerpt["A2"].value == "-Đơn vị lạ" and excerpt["A2"].data_type == "s"
    assert excerpt["C2"].value == "@SUM(A1)" and excerpt["C2"].data_type == "s"
    assert excerpt["C2"].quotePrefix
    summary = book["Tổng hợp"]
    assert summary["A5"].value == workspace.a.unit.name


def test_matrix_page_for_the_department(client, workspace):
    url = reverse("directives_reports:compliance")
    client.force_login(workspace.people.a_editor)
    assert denied(client.get(url))
    client.force_login(workspace.people.reviewer)
    page = client.get(url, {"directive": workspace.plan.pk, "as_of": "01/10/2022"}).content.decode()
    assert f'data-unit="{workspace.a.unit.slug}"' in page
    assert 'data-outcome="overdue"' in page
    odd = client.get(
        url, {"directive": "9999", "as_of": "31/02/2022", "since": "x"}
    ).content.decode()
    assert "Bỏ qua văn bản lọc không hợp lệ" in odd
    # Each named with its reason, and ignored (never rolled over to 03/03).
    assert "Ngày “31/02/2022” không có: tháng 02/2022 chỉ có 28 ngày. Bỏ qua ngày này." in odd
    assert "Ngày “x” không hợp lệ (ghi theo dạng dd/mm/yyyy). Bỏ qua ngày này." in odd
    backwards = client.get(url, {"as_of": "01/01/2022", "since": "01/06/2022"}).content.decode()
    assert "“Từ ngày” sau “tính đến ngày”" in backwards
    export = client.get(url, {"directive": workspace.plan.pk, "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(export.content))
    assert book.sheetnames == ["Tổng hợp", "Ma trận", "Trích báo cáo"]


def test_periodic_tasks_get_a_column_per_period(workspace):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    _home, index, _units = factories.site_tree()
    unit = workspace.a.unit
    plan = factories.directive(
        index,
        title="Hướng dẫn 9-HD/BTG",
        number_symbol="9-HD/BTG",
        issuer=workspace.department,
        tasks=[{"units": [unit], "recurrence": "monthly", "deadline_text": "hằng tháng"}],
    )
    task = plan.tasks.get()
    april = factories.submission(
        unit, plan, title="Tháng 4", tasks=[task], period_start=date(2026, 4, 1)
    )
    late_june = datetime(2026, 7, 3, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    june = factories.submission(
        unit, plan, title="Tháng 6", tasks=[task], period_start=date(2026, 6, 10)
    )
    type(april).objects.filter(pk=april.pk).update(
        submitted_at=datetime(2026, 4, 28, 9, tzinfo=ZoneInfo("UTC"))
    )
    type(june).objects.filter(pk=june.pk).update(submitted_at=late_june)

    matrix = build_matrix(directives=[plan], as_of=date(2026, 7, 10), since=date(2026, 4, 1))
    assert [c.label for c in matrix.columns] == [
        "1 (Tháng 04/2026)",
        "1 (Tháng 05/2026)",
        "1 (Tháng 06/2026)",
        "1 (Tháng 07/2026)",
    ]
    ((_unit, cells, tally),) = matrix.rows()
    assert [c.outcome for c in cells] == [
        Outcome.DONE_ON_TIME,
        Outcome.OVERDUE,
        Outcome.DONE_LATE,
        Outcome.PENDING,
    ]
    assert tally.on_time_rate == pytest.approx(1 / 3)
    assert [row["period"] for row in matrix.as_json()["rows"]][:2] == [
        "Tháng 04/2026",
        "Tháng 05/2026",
    ]
    # Without `since`, only the period containing the date is judged.
    assert [c.label for c in build_matrix(directives=[plan], as_of=date(2026, 7, 10)).columns] == [
        "1 (Tháng 07/2026)"
    ]
