"""Indicators (chỉ tiêu): units type figures in their results reports, the department
reads them summed per unit, per category and for the province, wherever the matrix goes."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.blocks import StreamBlockValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from directives.compliance.matrix import build_matrix
from directives.indicators.definitions import (
    IndicatorsBlock,
    Kind,
    indicator_entry,
    parse_figure,
)
from directives.indicators.figures import COUNTING_RULE
from directives.models import (
    DirectiveTask,
    IndicatorValue,
    ResultsReportPage,
    ReviewEvent,
    UnitCategory,
)
from directives.reports.rendering import on_demand_meta, render_pdf, render_xlsx
from directives.reports.word import render_docx
from directives.submissions import services
from directives.units.provisioning import department_group_ensure
from tests import factories
from tests.conftest import vietnam_time

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 12, 1)

INDICATORS = [
    indicator_entry("HN", "Số hội nghị quán triệt", "hội nghị", target=2),
    indicator_entry("TYLE", "Tỷ lệ chi bộ học tập", "%", "percent", required=False),
    indicator_entry("KH", "Đã ban hành kế hoạch", "", "yes_no", required=False),
]


@pytest.fixture
def plan(workspace, time_machine):
    """A task with three indicators given to A, B (district committees) and C (a paper),
    due 30/11/2026; the reports are sent on 20/11, before the matrix's day (AS_OF)."""
    time_machine.move_to(vietnam_time(date(2026, 11, 20)), tick=False)
    _home, index, _units = factories.site_tree()
    c = factories.unit("Báo Lâm Đồng", UnitCategory.PRESS)
    units = [workspace.a.unit, workspace.b.unit, c]
    directive = factories.directive(
        index,
        title="Kế hoạch 70-KH/BTGTU",
        number_symbol="70-KH/BTGTU",
        issuer=workspace.department,
        issued_on=date(2026, 10, 1),
        tasks=[
            {"units": units, "due_date": date(2026, 11, 30), "indicators": INDICATORS},
            {"units": units, "due_date": date(2026, 11, 30)},
        ],
    )
    return directive, units


def report(unit, directive, figures, **fields):
    task = directive.tasks.order_by("sort_order").first()
    page = ResultsReportPage(
        title=f"Báo cáo kết quả của {unit.name}", directive=directive, **fields
    )
    page.tasks = [task]
    page.indicator_values = [
        IndicatorValue(task=task, code=code, value=Decimal(value))
        for code, value in figures.items()
    ]
    page = factories.publish(unit.section, page)
    services.submission_published(page=page)
    return page


@pytest.fixture
def reported(plan):
    directive, (a, b, c) = plan
    pages = [
        report(a, directive, {"HN": 3, "TYLE": "90.5", "KH": 1}, progress="on_track"),
        report(
            b,
            directive,
            {"HN": 1, "TYLE": 70, "KH": 0},
            progress="needs_help",
            difficulties="Thiếu báo cáo viên & tài liệu.",
            proposals="Đề nghị Ban cử báo cáo viên.",
        ),
        report(c, directive, {"HN": 12, "KH": 1}),
    ]
    return directive, plan[1], pages


def compiled_json(directive) -> dict:
    out = StringIO()
    call_command(
        "compile_report",
        directive=directive.number_symbol,
        as_of=AS_OF,
        format="json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def by_code(data) -> dict:
    return {item["code"]: item for item in data["indicators"]}


@pytest.mark.parametrize(
    ("kind", "typed", "expected"),
    [
        (Kind.WHOLE, "12", Decimal(12)),
        (Kind.WHOLE, "1.234", Decimal(1234)),
        (Kind.DECIMAL, "12,5", Decimal("12.5")),
        (Kind.PERCENT, "96,5", Decimal("96.5")),
        (Kind.YES_NO, "có", Decimal(1)),
        (Kind.YES_NO, "không", Decimal(0)),
        (Kind.WHOLE, "  ", None),
    ],
)
def test_figures_are_read_as_vietnamese_write_them(kind, typed, expected):
    assert parse_figure(kind, typed) == expected


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        (
            Kind.WHOLE,
            "mười hai",
            "“mười hai” không phải là một số. Chỉ nhập chữ số, ví dụ 12 hoặc 12,5.",
        ),
        (Kind.WHOLE, "-3", "Số liệu không được âm."),
        (
            Kind.WHOLE,
            "12,5",
            "Chỉ tiêu này đếm số lượng: hãy nhập số nguyên, không có phần thập phân.",
        ),
        (Kind.PERCENT, "101", "Tỷ lệ phần trăm không được lớn hơn 100."),
        (Kind.YES_NO, "có lẽ", "Chọn “có” hoặc “không”."),
    ],
)
def test_a_bad_figure_gets_a_vietnamese_message(kind, typed, message):
    with pytest.raises(ValidationError) as raised:
        parse_figure(kind, typed)
    assert raised.value.messages == [message]


def definition_errors(entries: list[dict]) -> dict:
    """The messages the directive editor shows for these indicator definitions."""
    block = IndicatorsBlock()
    value = block.to_python([{"type": "indicator", "value": e} for e in entries])
    try:
        block.clean(value)
    except StreamBlockValidationError as error:
        return {
            index: (
                {name: e.messages[0] for name, e in child.block_errors.items()}
                if hasattr(child, "block_errors")
                else child.messages[0]
            )
            for index, child in error.block_errors.items()
        }
    return {}


def test_the_department_is_told_what_is_wrong_with_an_indicator_it_defines():
    good = {"code": "HN", "name": "Số hội nghị", "kind": Kind.WHOLE, "required": True}
    assert definition_errors([good, {**good, "code": "TYLE", "kind": Kind.PERCENT}]) == {}
    assert definition_errors(
        [
            {**good, "code": "Số HN"},
            {**good, "code": "TL", "kind": Kind.PERCENT, "target": "120"},
            {**good, "code": "KH", "kind": Kind.YES_NO, "target": "1"},
            {**good, "code": "tl"},
        ]
    ) == {
        0: {"code": "Mã chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch nối hoặc gạch dưới."},
        1: {"target": "Tỷ lệ phần trăm không được lớn hơn 100."},
        2: {"target": "Chỉ tiêu có/không không có mức giao."},
        3: "Mã “tl” đã dùng cho chỉ tiêu khác của nhiệm vụ này.",
    }


def test_the_totals_are_the_sums_of_the_units_figures(reported):
    directive, (a, b, c), _pages = reported
    data = compiled_json(directive)
    totals = by_code(data)
    assert totals["HN"]["total"] == 3 + 1 + 12
    assert (totals["HN"]["units_reported"], totals["HN"]["units_expected"]) == (3, 3)
    assert totals["HN"]["units_met_target"] == 2  # A (3) and C (12) reach 2 each
    assert {v["unit"]: v["value"] for v in totals["HN"]["values"]} == {
        a.slug: 3,
        b.slug: 1,
        c.slug: 12,
    }
    # Percentages average over the units that gave one; yes/no counts the "có".
    assert totals["TYLE"]["total"] == pytest.approx((90.5 + 70) / 2)
    assert totals["TYLE"]["units_reported"] == 2
    assert totals["KH"]["total"] == 2
    # Per category of unit too, with how many of its units reported.
    assert totals["HN"]["by_category"] == [
        {
            "category": "local_committee",
            "category_name": "Huyện ủy, thành ủy",
            "total": 3 + 1,
            "units_reported": 2,
            "units_expected": 2,
        },
        {
            "category": "press",
            "category_name": "Cơ quan báo chí",
            "total": 12,
            "units_reported": 1,
            "units_expected": 1,
        },
    ]
    notes = {note["unit"]: note for note in data["notes"]}
    assert notes[b.slug]["difficulties"] == "Thiếu báo cáo viên & tài liệu."
    assert notes[b.slug]["progress"] == "needs_help"

    matrix = build_matrix(directives=[directive], as_of=AS_OF)
    table = matrix.indicator_table
    assert table.categories == ["Huyện ủy, thành ủy", "Cơ quan báo chí"]
    hn_groups = next(groups for total, groups in table.rows if total.indicator.code == "HN")
    assert [(g.total, g.units_reported, g.units_expected) for g in hn_groups] == [
        ("4", 2, 2),
        ("12", 1, 1),
    ]


def test_a_returned_reports_figures_drop_out_until_it_is_sent_again(reported):
    directive, _units, (page_a, _b, _c) = reported
    reviewer = factories.user_in(department_group_ensure(), "tham-dinh")
    services.submission_review(
        page=page_a, user=reviewer, event=ReviewEvent.RETURNED, reason="Bổ sung số liệu."
    )
    totals = by_code(compiled_json(directive))
    assert totals["HN"]["total"] == 1 + 12 and totals["HN"]["units_reported"] == 2

    # The unit corrects its figure and sends the report again: it counts, awaiting review.
    page_a = ResultsReportPage.objects.get(pk=page_a.pk)
    page_a.indicator_values = [
        IndicatorValue(task=v.task, code=v.code, value=Decimal(5) if v.code == "HN" else v.value)
        for v in page_a.indicator_values.all()
    ]
    page_a.save_revision().publish()
    services.submission_published(page=page_a)
    totals = by_code(compiled_json(directive))
    assert totals["HN"]["total"] == 5 + 1 + 12
    assert {v["unit"]: v["awaiting_review"] for v in totals["HN"]["values"]}[
        page_a.unit.slug
    ] is True


def test_the_matrix_with_indicators_costs_the_same_queries_whatever_its_size(
    plan, django_assert_num_queries
):
    directive, (a, b, c) = plan
    report(a, directive, {"HN": 3})

    def cost():
        with CaptureQueriesContext(connection) as queries:
            matrix = build_matrix(directives=[directive], as_of=AS_OF)
            list(matrix.figure_rows)
            matrix.indicator_table  # noqa: B018
        return len(queries)

    small = cost()
    report(b, directive, {"HN": 1, "TYLE": 50})
    report(c, directive, {"HN": 2, "KH": 1})
    more = [factories.unit(f"Huyện ủy Thử {n}") for n in range(6)]
    task = directive.tasks.order_by("sort_order").first()
    task.units.add(*more)
    task.save()
    for unit in more:
        report(unit, directive, {"HN": 1})
    # More tasks with more indicators, too.
    for number in ("3", "4"):
        extra = DirectiveTask(
            directive=directive,
            sort_order=int(number),
            number=number,
            description=f"Nhiệm vụ {number}",
            due_date=date(2026, 11, 30),
            indicators=INDICATORS,
        )
        extra.units = [a, b, c, *more]
        extra.save()
    assert len(build_matrix(directives=[directive], as_of=AS_OF).indicators) == 9
    assert cost() == small
    with django_assert_num_queries(small):
        build_matrix(directives=[directive], as_of=AS_OF)


def test_the_xlsx_has_one_column_per_indicator_with_its_total(reported):
    directive, (a, b, c), _pages = reported
    matrix = build_matrix(directives=[directive], as_of=AS_OF)
    book = load_workbook(BytesIO(render_xlsx(matrix, on_demand_meta(matrix))))
    sheet = book["Số liệu theo đơn vị"]
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[1]
    assert [h.split(":")[0] for h in headers[2:]] == ["NV 1 · HN", "NV 1 · TYLE", "NV 1 · KH"]
    by_unit = {row[0]: row for row in rows[2:]}
    assert by_unit[a.name][2] == 3 and by_unit[c.name][2] == 12
    assert by_unit["Toàn tỉnh"][2] == 16
    assert by_unit["Toàn tỉnh"][4] == 2  # units answering "có"
    totals = {row[1]: row for row in book["Chỉ tiêu"].iter_rows(min_row=4, values_only=True)}
    assert totals["HN"][5] == 16 and totals["HN"][6:8] == (3, 3)
    assert str(COUNTING_RULE) == book["Chỉ tiêu"]["A1"].value
    notes = list(book["Khó khăn, kiến nghị"].iter_rows(min_row=2, values_only=True))
    assert any(row[0] == b.name and row[3] == "Thiếu báo cáo viên & tài liệu." for row in notes)


def test_the_word_and_pdf_files_carry_the_totals_and_the_units_difficulties(reported):
    directive, (_a, b, _c), _pages = reported
    matrix = build_matrix(directives=[directive], as_of=AS_OF)
    meta = on_demand_meta(matrix)
    document = Document(BytesIO(render_docx(matrix, meta)))
    header, _totals, figures, _signature = document.tables
    assert header.rows[0].cells[0].paragraphs[0].text == "TỈNH ỦY LÂM ĐỒNG"
    rows = [[cell.text for cell in row.cells] for row in figures.rows]
    assert rows[0] == ["NV", "Chỉ tiêu", "Đơn vị tính", "Toàn tỉnh", "Đơn vị đã báo cáo"]
    assert rows[1:] == [
        ["1", "Số hội nghị quán triệt", "hội nghị", "16", "3/3"],
        ["1", "Tỷ lệ chi bộ học tập", "%", "80,25%", "2/3"],
        ["1", "Đã ban hành kế hoạch", "", "2", "3/3"],
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Khó khăn, vướng mắc: Thiếu báo cáo viên & tài liệu." in text
    assert f"{b.name} — Vướng mắc cần hỗ trợ" in text

    pdf = render_pdf(matrix, meta)
    pdf_text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split()
    )
    assert "Kết quả thực hiện các chỉ tiêu" in pdf_text
    assert "Số hội nghị quán triệt hội nghị 16" in pdf_text
    assert "Thiếu báo cáo viên & tài liệu." in pdf_text
    # The appendices: each unit's figures, then the sums per category of unit.
    units_part = pdf_text[pdf_text.index("SỐ LIỆU CHỈ TIÊU THEO ĐƠN VỊ") :]
    for unit, figures in ((_a, "3* 90,5%* có*"), (b, "1* 70%* không*"), (_c, "12* — có*")):
        assert f"{unit.name} {figures}" in units_part  # "*": awaiting review
    assert "Toàn tỉnh 16 80,25% 2" in units_part
    categories = pdf_text[pdf_text.index("SỐ LIỆU CHỈ TIÊU THEO LOẠI ĐƠN VỊ") :]
    assert "Huyện ủy, thành ủy" in categories and "Cơ quan báo chí" in categories
    assert "16 (3/3) 4 (2/2) 12 (1/1)" in categories


def test_a_report_without_indicators_keeps_the_word_file_as_before(workspace):
    matrix = build_matrix(directives=[workspace.plan], as_of=AS_OF)
    document = Document(BytesIO(render_docx(matrix, on_demand_meta(matrix))))
    assert len(document.tables) == 3  # header, outcome totals, signature: no empty table


def edit_data(page, task, figures: dict, **fields) -> dict:
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "directive": page.directive_id,
            "number_symbol": "",
            "issued_on": "",
            "period_start": "",
            "progress": fields.pop("progress", ""),
            "highlights": "",
            "difficulties": fields.pop("difficulties", ""),
            "proposals": "",
            "body": streamfield([]),
            "attachments": inline_formset([]),
        }
    )
    data["tasks"] = [task.pk]
    for code, value in figures.items():
        data[f"figures-{task.pk}-{code}"] = value
    data.update(fields)
    return data


def test_the_editor_is_told_what_is_wrong_and_loses_nothing_typed(client, plan, workspace):
    directive, (a, _b, _c) = plan
    task, other = directive.tasks.order_by("sort_order")
    page = factories.submission(
        a, directive, title="Báo cáo 70", tasks=[task], report=True, published=False
    )
    client.force_login(workspace.people.a_editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    # Text in a number, a percentage over 100: both messages beside their inputs.
    response = client.post(
        url,
        edit_data(
            page,
            task,
            {"HN": "ba", "TYLE": "120", "KH": "1"},
            difficulties="Thiếu kinh phí in tài liệu.",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 số liệu chưa đúng" in html
    assert "Tỷ lệ phần trăm không được lớn hơn 100." in html
    assert "“ba” không phải là một số." in html
    assert 'value="ba"' in html and 'value="120"' in html  # as typed
    assert "Thiếu kinh phí in tài liệu." in html
    assert not page.specific.get_latest_revision_as_object().indicator_values.exists()

    # Corrected: saved with the draft, read back into the form.
    response = client.post(url, edit_data(page, task, {"HN": "3", "TYLE": "95,5", "KH": "1"}))
    assert response.status_code == 302
    draft = ResultsReportPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert {v.code: v.value for v in draft.indicator_values.all()} == {
        "HN": Decimal(3),
        "TYLE": Decimal("95.5"),
        "KH": Decimal(1),
    }
    html = client.get(url).content.decode()
    assert 'value="95,5"' in html


def test_a_figure_for_a_task_the_report_does_not_answer_is_refused(client, plan, workspace):
    directive, (a, _b, _c) = plan
    task = directive.tasks.order_by("sort_order").first()
    second = directive.tasks.order_by("sort_order").last()
    page = factories.submission(
        a, directive, title="Báo cáo 70b", tasks=[second], report=True, published=False
    )
    client.force_login(workspace.people.a_editor)
    data = edit_data(page, second, {})
    data[f"figures-{task.pk}-HN"] = "4"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "Báo cáo chưa trả lời nhiệm vụ 1" in response.content.decode()


def test_the_figures_are_read_where_the_report_is_read(client, reported, workspace):
    directive, (_a, b, _c), (_pa, page_b, _pc) = reported
    client.force_login(workspace.people.reviewer)
    for url in (page_b.url, reverse("directives_review:detail", args=[page_b.pk])):
        html = client.get(url).content.decode()
        assert "Kết quả thực hiện" in html
        assert "Vướng mắc cần hỗ trợ" in html
        assert 'data-indicator="TYLE"' in html and ">70%<" in html
        assert "Thiếu báo cáo viên &amp; tài liệu." in html


def test_a_required_figure_may_wait_for_the_draft_but_not_for_submission(client, plan, workspace):
    directive, (a, _b, _c) = plan
    task = directive.tasks.order_by("sort_order").first()
    page = factories.submission(
        a, directive, title="Báo cáo 70c", tasks=[task], report=True, published=False
    )
    client.force_login(workspace.people.a_editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # "Lưu nháp" keeps what there is: the unit completes it before sending.
    assert client.post(url, edit_data(page, task, {"TYLE": "80"})).status_code == 302
    response = client.post(url, edit_data(page, task, {"TYLE": "80"}, **{"action-submit": "1"}))
    assert response.status_code == 200
    assert "Chỉ tiêu bắt buộc: hãy nhập số liệu." in response.content.decode()
    assert ResultsReportPage.objects.get(pk=page.pk).current_workflow_state is None


def test_the_archived_report_keeps_the_indicator_totals(reported, schedule, time_machine):
    from directives.reports import reporting

    time_machine.move_to(vietnam_time(AS_OF, 7), tick=False)  # November has ended
    directive, _units, _pages = reported
    schedule.directives = [directive]
    schedule.save()
    report, _created = reporting.compile_report(
        schedule=schedule, period_start=date(2026, 11, 1), period_end=date(2026, 11, 30)
    )
    totals = {item["code"]: item for item in report.snapshot["indicators"]}
    assert totals["HN"]["total"] == 16 and totals["HN"]["units_reported"] == 3
    assert report.docx and report.pdf and report.xlsx
