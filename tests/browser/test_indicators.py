"""Figures in a results report, typed in Chromium and summed for the department.

The unit editor types the figures of the task's indicators (one wrong, corrected after
its message), writes the difficulties, submits; the leader approves; the department
opens the matrix, reads the totals and downloads the Word and PDF files. Screenshots go
to var/test-artifacts/screenshots/ beside the other journeys'.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from docx import Document
from pypdf import PdfReader

from directives.bootstrap import bootstrap_portal
from directives.indicators.definitions import indicator_entry
from directives.locales import in_source_locale
from directives.models import DirectiveIndexPage, ResultsReportPage, ReviewState, Unit
from directives.units.roles import DEPARTMENT_GROUP
from tests import factories
from tests.browser.test_unit_workspace import (
    PASSWORD,
    messages_of,
    shot,
    sign_in,
    workflow_action,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TASK = "Tổ chức hội nghị quán triệt và đưa tin kết quả"


@pytest.fixture
def portal(live_server):
    bootstrap_portal()
    dalat = Unit.objects.get(name="Thành ủy Đà Lạt")
    press = Unit.objects.get(name="Báo Lâm Đồng")
    User = get_user_model()
    for username, group, name in (
        ("dalat-bientap", dalat.editors_group, "Biên tập Đà Lạt"),
        ("dalat-lanhdao", dalat.approvers_group, "Lãnh đạo Đà Lạt"),
        ("btg-thamdinh", Group.objects.get(name=DEPARTMENT_GROUP), "Thẩm định BTG"),
    ):
        User.objects.create_user(username, password=PASSWORD, first_name=name).groups.add(group)
    index = DirectiveIndexPage.objects.filter(in_source_locale()).get()
    today = timezone.localdate()
    directive = factories.directive(
        index,
        title="Kế hoạch quán triệt Nghị quyết (thử chỉ tiêu)",
        number_symbol="71-KH/BTGTU",
        issuer=Unit.objects.get(name="Ban Tuyên giáo Tỉnh ủy"),
        issued_on=today - timedelta(days=10),
        tasks=[
            {
                "units": [dalat, press],
                "description": TASK,
                "due_date": today + timedelta(days=5),
                "deadline_text": "trong tháng",
                "report_required": True,
                "indicators": [
                    indicator_entry("HN", "Số hội nghị quán triệt", "hội nghị", target=2),
                    indicator_entry("TYLE", "Tỷ lệ đảng viên tham gia", "%", "percent"),
                    indicator_entry(
                        "KH", "Đã ban hành kế hoạch thực hiện", "", "yes_no", required=False
                    ),
                ],
            }
        ],
    )
    # The paper has reported already, and was accepted: its figures count.
    task = directive.tasks.get()
    paper = ResultsReportPage(title="Báo cáo kết quả của Báo Lâm Đồng", directive=directive)
    paper.tasks = [task]
    paper.indicator_values = [
        factories.indicator_value(task, "HN", 4),
        factories.indicator_value(task, "TYLE", 90),
    ]
    factories.publish(press.section, paper)
    return live_server.url, directive, task


def test_figures_from_the_units_form_to_the_departments_totals(browser, portal):
    base, directive, task = portal
    editor = sign_in(browser, base, "dalat-bientap")
    row = editor.locator("tr.task-status", has_text=TASK).first
    row.get_by_role("button", name="Viết báo cáo cho nhiệm vụ này").click()
    editor.wait_for_url("**/edit/")
    hn = editor.locator(f'input[name="figures-{task.pk}-HN"]')
    tyle = editor.locator(f'input[name="figures-{task.pk}-TYLE"]')
    hn.fill("ba")
    tyle.fill("95,5")
    editor.locator(f'select[name="figures-{task.pk}-KH"]').select_option(label="Có")
    editor.locator("#id_progress").select_option(label="Có nguy cơ chậm")
    editor.locator("#id_difficulties").fill("Thiếu báo cáo viên ở các xã vùng xa.")
    editor.locator("#id_proposals").fill("Đề nghị Ban cử báo cáo viên hỗ trợ.")
    editor.locator('footer button[name="action-submit"]').click()
    editor.wait_for_load_state("networkidle")
    # Refused with the message beside the input; everything typed is still there.
    error = editor.locator(f"#id_figures-{task.pk}-HN-error, .indicator-figures .error-message")
    assert "“ba” không phải là một số." in error.first.inner_text()
    assert hn.input_value() == "ba" and tyle.input_value() == "95,5"
    assert (
        editor.locator("#id_difficulties").input_value() == "Thiếu báo cáo viên ở các xã vùng xa."
    )
    messages_of(editor)
    error.first.scroll_into_view_if_needed()
    shot(editor, "30-editor-figure-refused")
    hn.fill("3")
    editor.locator('footer button[name="action-submit"]').click()
    editor.wait_for_load_state("networkidle")
    assert messages_of(editor)
    shot(editor, "31-editor-figures-submitted")
    report = ResultsReportPage.objects.get(unit__name="Thành ủy Đà Lạt", directive=directive)

    leader = sign_in(browser, base, "dalat-lanhdao")
    leader.goto(f"{base}/admin/pages/{report.pk}/edit/")
    assert leader.locator(f'input[name="figures-{task.pk}-HN"]').input_value() == "3"
    workflow_action(leader, "approve")
    report = ResultsReportPage.objects.get(pk=report.pk)
    assert report.live and report.review_state == ReviewState.AWAITING

    reviewer = sign_in(browser, base, "btg-thamdinh")
    reviewer.goto(f"{base}/admin/reports/compliance/?directive={directive.pk}")
    totals = reviewer.locator("table.indicator-totals")
    hn_row = totals.locator('tr[data-indicator="HN"]')
    assert hn_row.locator("[data-total]").inner_text().startswith("7")  # 3 + 4
    assert hn_row.locator("[data-reported]").inner_text() == "2/2"
    tyle_row = totals.locator('tr[data-indicator="TYLE"]')
    assert tyle_row.locator("[data-total]").inner_text().startswith("92,75%")
    assert reviewer.get_by_text("Báo cáo bị trả lại không được tính").is_visible()
    assert reviewer.get_by_text("Thiếu báo cáo viên ở các xã vùng xa.").is_visible()
    reviewer.get_by_text("Số liệu của từng đơn vị").click()
    by_unit = reviewer.locator("table.indicator-by-unit")
    assert "3*" in by_unit.locator('tr[data-unit="thanh-uy-da-lat"]').inner_text()
    totals.scroll_into_view_if_needed()
    shot(reviewer, "32-department-indicator-totals")

    with reviewer.expect_download() as word:
        reviewer.get_by_role("button", name="Tải Word").click()
    document = Document(word.value.path())
    rows = [[c.text for c in row.cells] for row in document.tables[2].rows]
    assert ["1", "Số hội nghị quán triệt", "hội nghị", "7", "2/2"] in rows
    with reviewer.expect_download() as pdf:
        reviewer.get_by_role("button", name="Tải PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    reader = PdfReader(pdf.value.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Số hội nghị quán triệt hội nghị 7" in text
    assert "Thiếu báo cáo viên ở các xã vùng xa." in text
