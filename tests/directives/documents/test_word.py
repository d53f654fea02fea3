"""'Tải Word': a directive or a unit's document as a DOCX in Party format, read back
with python-docx, and given only to whoever may read the page."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.urls import reverse

import pytest
from docx import Document

from directives.models import (
    DirectivePage,
    DirectiveTask,
    IndicatorValue,
    ResultsReportPage,
    SubmissionPage,
)
from tests import factories

pytestmark = pytest.mark.django_db
INDICATORS = [
    (
        "indicator",
        {
            "code": "HN",
            "name": "Số hội nghị quán triệt",
            "unit_of_measure": "hội nghị",
            "kind": "whole",
            "required": False,
            "target": 2,
        },
    )
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def paragraphs(container) -> list[str]:
    return [p.text for p in container.paragraphs if p.text.strip()]


def word_url(page) -> str:
    return reverse("documents:word", args=[page.pk])


def download(client, page) -> Document:
    response = client.get(word_url(page))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == f'attachment; filename="{page.slug}.docx"'
    return Document(BytesIO(response.content))


@pytest.fixture
def guidance(content):
    return DirectivePage.objects.get(
        locale__language_code="vi", slug="huong-dan-thuc-hien-ke-hoach-53-kh-tu"
    )


def test_the_guidance_as_word_has_the_party_header_title_tasks_recipients_and_signer(
    signed_in, guidance
):
    document = download(signed_in, guidance)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"

    header, tasks, signature = document.tables
    left, right = header.rows[0].cells
    assert paragraphs(left)[:3] == ["TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO", "*"]
    # The Guidance has no number yet: "Số" and room to write it in, as on paper.
    number = paragraphs(left)[3]
    assert number.startswith("Số ") and number[3:].strip() == ""
    assert paragraphs(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Lâm Đồng, ngày … tháng … năm …"]

    body = document.paragraphs
    texts = [p.text for p in body if p.text.strip()]
    assert texts[0] == "HƯỚNG DẪN"
    assert texts[1] == guidance.subject
    part = next(p for p in body if p.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert all(run.bold for run in part.runs if run.text.strip())
    assert "1. Mục đích" in texts and "III. TỔ CHỨC THỰC HIỆN" in texts
    assert any(text.startswith("- Nhằm nâng cao nhận thức") for text in texts)

    heading, *rows = tasks.rows
    assert [cell.text for cell in heading.cells] == [
        "TT",
        "Nội dung nhiệm vụ",
        "Đơn vị thực hiện",
        "Thời hạn",
    ]
    by_number = {row.cells[0].text: [cell.text for cell in row.cells] for row in rows}
    assert list(by_number) == ["1", "2", "3", "4", "BC"]
    _number, _description, assignee, deadline = by_number["2"]
    assert "Sở Thông tin và Truyền thông" in assignee and "Hội Nhà báo tỉnh" in assignee
    assert deadline.startswith("30/09/2022")
    # The reporting duty binds every unit assigned elsewhere, the issuer excepted.
    duty = by_number["BC"][2]
    assert "Thành ủy Đà Lạt" in duty and "Báo Lâm Đồng" in duty
    assert "Ban Tuyên giáo Tỉnh ủy;" not in duty
    assert "31/10/2022" in by_number["BC"][3]

    recipients, signer = signature.rows[0].cells
    lines = paragraphs(recipients)
    assert lines[0] == "Nơi nhận:"
    assert lines[1] == "- Ban Tuyên giáo TW, T79 (báo cáo),"
    assert lines[-1] == "- Lưu VPTU."
    assert paragraphs(signer) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Trần Trung Hiếu"]


def test_a_numbered_plan_of_the_standing_committee_signs_as_the_provincial_committee(
    signed_in, content
):
    plan = DirectivePage.objects.get(locale__language_code="vi", number_symbol="53-KH/TU")
    header = download(signed_in, plan).tables[0]
    left, right = header.rows[0].cells
    assert paragraphs(left) == ["TỈNH ỦY LÂM ĐỒNG", "*", "Số 53-KH/TU"]
    assert paragraphs(right)[1] == "Lâm Đồng, ngày 29 tháng 07 năm 2022"


def test_a_units_report_comes_from_the_unit_to_the_directives_issuer(client, workspace):
    report = workspace.a.live
    report.number_symbol = "05-BC/HU"
    report.signer_position = "BÍ THƯ"
    report.signer_name = "Nguyễn Văn A"
    report.highlights = "Tổ chức 3 hội nghị & 12 tin bài <có ảnh>."
    report.save_revision().publish()
    client.force_login(workspace.people.b_editor)  # another unit reads published work
    document = download(client, SubmissionPage.objects.get(pk=report.pk))
    header, signature = document.tables
    left, right = header.rows[0].cells
    assert paragraphs(left) == ["ĐẢNG BỘ TỈNH LÂM ĐỒNG", "HUYỆN ỦY LÂM HÀ", "*", "Số 05-BC/HU"]
    assert paragraphs(right)[1].startswith("Lâm Hà, ngày ")
    texts = paragraphs(document)
    assert texts[:2] == ["KẾ HOẠCH THỰC HIỆN", "Kế hoạch đã gửi A"]
    assert "Kết quả nổi bật" in texts
    assert "Tổ chức 3 hội nghị & 12 tin bài <có ảnh>." in texts  # text, not markup
    recipients, signer = signature.rows[0].cells
    assert paragraphs(recipients) == [
        "Nơi nhận:",
        "- Ban Tuyên giáo Tỉnh ủy (báo cáo),",
        "- Lưu VT.",
    ]
    assert paragraphs(signer) == ["BÍ THƯ", "Nguyễn Văn A"]


def test_an_unpublished_report_is_refused_to_another_units_editor(client, workspace):
    draft = workspace.a.draft
    client.force_login(workspace.people.b_editor)
    assert client.get(word_url(draft)).status_code == 404


@pytest.mark.parametrize("person", ["a_editor", "a_approver", "reviewer"])
def test_an_unpublished_report_is_given_to_its_unit_and_the_department(client, workspace, person):
    client.force_login(getattr(workspace.people, person))
    document = download(client, workspace.a.draft)
    assert paragraphs(document)[1] == "Dự thảo báo cáo A"


def test_a_published_pages_newer_draft_never_leaks(client, workspace):
    report = workspace.a.live
    report.title = "Bản sửa chưa duyệt"
    report.save_revision()
    client.force_login(workspace.people.b_editor)
    document = download(client, SubmissionPage.objects.get(pk=report.pk))
    assert paragraphs(document)[1] == "Kế hoạch đã gửi A"


def test_an_unpublished_directive_is_only_for_the_department(client, workspace):
    plan = workspace.plan
    plan.unpublish()
    client.force_login(workspace.people.a_editor)
    assert client.get(word_url(plan)).status_code == 404
    client.force_login(workspace.people.reviewer)
    assert client.get(word_url(plan)).status_code == 200


def test_signing_in_is_required_and_other_pages_have_no_word_file(client, workspace):
    response = client.get(word_url(workspace.plan))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(workspace.people.reviewer)
    assert client.get(word_url(workspace.plan.get_parent())).status_code == 404


def test_the_pages_link_to_their_word_file(client, workspace):
    client.force_login(workspace.people.a_editor)
    for page in (workspace.plan, workspace.a.live):
        html = client.get(page.url).content.decode()
        assert f'href="{word_url(page)}"' in html and "Tải Word" in html


def test_a_directives_english_interface_still_gives_a_vietnamese_document(signed_in, guidance):
    signed_in.cookies["django_language"] = "en"
    document = download(signed_in, guidance)
    assert paragraphs(document.tables[0].rows[0].cells[1])[1] == "Lâm Đồng, ngày … tháng … năm …"


def test_a_new_task_of_a_draft_directive_is_listed(client, workspace):
    plan = workspace.plan
    plan.unpublish()
    draft = plan.get_latest_revision_as_object()
    draft.tasks.add(
        DirectiveTask(description="Nhiệm vụ mới của bản nháp", number="3", sort_order=2)
    )
    draft.save_revision()
    client.force_login(workspace.people.reviewer)
    rows = download(client, plan).tables[1].rows[1:]
    assert [row.cells[0].text for row in rows] == ["1", "2", "3"]


def test_a_results_report_gives_its_progress_figures_and_three_fields_before_its_text(
    client, workspace
):
    _home, index, _units = factories.site_tree()
    unit = workspace.a.unit
    directive = factories.directive(
        index,
        title="Kế hoạch 70-KH/BTGTU",
        number_symbol="70-KH/BTGTU",
        issuer=workspace.department,
        tasks=[{"units": [unit], "due_date": date(2026, 11, 30), "indicators": INDICATORS}],
    )
    task = directive.tasks.get()
    page = ResultsReportPage(
        title="Báo cáo kết quả quán triệt",
        directive=directive,
        progress="on_track",
        difficulties="Thiếu tài liệu.",
    )
    page.tasks = [task]
    page.indicator_values = [IndicatorValue(task=task, code="HN", value=Decimal(3))]
    page = factories.publish(unit.section, page)
    client.force_login(workspace.people.reviewer)
    document = download(client, page)
    texts = paragraphs(document)
    assert texts[3:5] == ["Kết quả thực hiện", "Tiến độ: Đúng tiến độ"]
    figures = document.tables[1]
    assert [c.text for c in figures.rows[1].cells] == [
        "1",
        "Số hội nghị quán triệt",
        "3",
        "hội nghị",
        "2",
    ]
    assert texts.index("Khó khăn, vướng mắc") < texts.index("Thiếu tài liệu.")


def test_the_guidances_word_file_costs_a_bounded_number_of_queries(
    signed_in, guidance, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert signed_in.get(word_url(guidance)).status_code == 200
