"""The consolidated report as a Word file in Party format: the department edits it in
Word, signs and stamps it; it is kept with every compiled report."""

from datetime import date
from io import BytesIO, StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

import pytest
from docx import Document

from directives.compliance.matrix import build_matrix
from directives.models import ReportSchedule
from directives.reports import reporting
from directives.reports.rendering import ReportMeta, on_demand_meta
from directives.reports.word import render_docx
from tests.conftest import vietnam_time

pytestmark = pytest.mark.django_db
MAY = (date(2026, 5, 1), date(2026, 5, 31))


def paragraphs(container) -> list[str]:
    return [p.text for p in container.paragraphs if p.text.strip()]


def read(content: bytes) -> Document:
    return Document(BytesIO(content))


@pytest.fixture
def compiled(schedule, time_machine):
    time_machine.move_to(vietnam_time(date(2026, 6, 1), 7))
    schedule.number_symbol = "-BC/BTGTU"
    schedule.report_recipients = "- Ban Tuyên giáo Trung ương,\n- Thường trực Tỉnh ủy,\n- Lưu VT."
    schedule.signing_authority = "K/T TRƯỞNG BAN"
    schedule.signer_position = "PHÓ TRƯỞNG BAN"
    schedule.save()
    report, _created = reporting.compile_report(
        schedule=schedule, period_start=MAY[0], period_end=MAY[1]
    )
    return report


def test_the_word_file_has_the_party_layout_and_the_figures(compiled):
    document = read(compiled.docx.open("rb").read())
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"

    header, totals, signature = document.tables
    left, right = header.rows[0].cells
    assert paragraphs(left)[:3] == ["TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO", "*"]
    # No number yet: room is left before the dash, as on paper.
    number = paragraphs(left)[3]
    assert number.startswith("Số ") and number.endswith("-BC/BTGTU")
    assert number[3 : -len("-BC/BTGTU")].strip() == "" and len(number) > len("Số -BC/BTGTU")
    assert paragraphs(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Lâm Đồng, ngày 01 tháng 06 năm 2026"]

    body = paragraphs(document)
    assert body[0] == "BÁO CÁO"
    assert body[1] == "Kết quả thực hiện Kế hoạch số 53-KH/TU"
    assert "(kỳ báo cáo từ 01/05/2026 đến 31/05/2026; số liệu tính đến 31/05/2026)" in body
    assert "II. ĐƠN VỊ CHƯA HOÀN THÀNH, QUÁ HẠN" in body

    snapshot = compiled.snapshot["totals"]
    rows = {row.cells[0].text: row.cells[1].text for row in totals.rows[1:]}
    assert rows == {
        "Hoàn thành đúng hạn": str(snapshot["done_on_time"]),
        "Hoàn thành quá hạn": str(snapshot["done_late"]),
        "Chưa hoàn thành, trong hạn": str(snapshot["pending"]),
        "Chưa hoàn thành, quá hạn": str(snapshot["overdue"]),
        "Bị trả lại": str(snapshot["returned"]),
    }
    recipients, signer = signature.rows[0].cells
    assert paragraphs(recipients) == [
        "Nơi nhận:",
        "- Ban Tuyên giáo Trung ương,",
        "- Thường trực Tỉnh ủy,",
        "- Lưu VT.",
    ]
    assert paragraphs(signer) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Văn B"]
    # Every field the template names was filled in.
    assert "{{" not in "".join(body) and "{%" not in "".join(body)


def signature_block(content: bytes) -> tuple[list[str], list[str]]:
    recipients, signer = read(content).tables[-1].rows[0].cells
    return paragraphs(recipients), paragraphs(signer)


def test_a_report_asked_for_now_is_signed_and_addressed_as_the_schedule_says(workspace):
    """The matrix page's "Tải Word" is the draft the department edits and signs: it has
    the recipients and signature block of the directive's schedule, or the defaults."""
    matrix = build_matrix(directives=[workspace.plan], as_of=date(2026, 5, 31))
    recipients, signer = signature_block(render_docx(matrix, on_demand_meta(matrix)))
    assert recipients == [
        "Nơi nhận:",
        "- Ban Tuyên giáo Trung ương,",
        "- Thường trực Tỉnh ủy,",
        "- Lưu Văn phòng.",
    ]
    assert signer == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]

    schedule = ReportSchedule(
        name="Báo cáo tháng",
        report_recipients="- Thường trực Tỉnh ủy,\n- Lưu VT.",
        signing_authority="TRƯỞNG BAN",
        signer_position="",
        signer_name="Nguyễn Văn A",
    )
    schedule.directives = [workspace.plan]
    schedule.save()
    recipients, signer = signature_block(render_docx(matrix, on_demand_meta(matrix)))
    assert recipients == ["Nơi nhận:", "- Thường trực Tỉnh ủy,", "- Lưu VT."]
    assert signer == ["TRƯỞNG BAN", "Nguyễn Văn A"]


def test_unit_text_stays_text_in_the_word_file(workspace):
    matrix = build_matrix(directives=[workspace.plan], as_of=date(2026, 5, 31))
    meta = ReportMeta(
        issued_on=None,
        period_end=date(2026, 5, 31),
        excerpts=[("Huyện ủy Lâm Hà", "Sở & Ban <phối hợp> “tốt”", vietnam_time(date(2026, 5, 2)))],
    )
    body = paragraphs(read(render_docx(matrix, meta)))
    assert "Huyện ủy Lâm Hà (02/05/2026): Sở & Ban <phối hợp> “tốt”" in body
    # Not dated yet: the date stays to be written in.
    header = read(render_docx(matrix, meta)).tables[0]
    assert paragraphs(header.rows[0].cells[1])[-1] == "Lâm Đồng, ngày … tháng … năm …"


def test_word_downloads_from_the_archive_and_the_matrix_and_goes_by_mail_on_request(
    compiled, schedule, client, workspace
):
    client.force_login(workspace.people.reviewer)
    response = client.get(reverse("directives_reports:download", args=[compiled.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    assert paragraphs(read(b"".join(response.streaming_content)))[0] == "BÁO CÁO"

    matrix = client.get(
        reverse("directives_reports:compliance"),
        {"directive": workspace.plan.pk, "format": "docx"},
    )
    assert matrix.status_code == 200
    assert "wordprocessingml" in matrix["Content-Type"]
    assert "BÁO CÁO" in paragraphs(read(matrix.content))

    mail.outbox.clear()
    reporting.send_report(compiled.pk)
    assert [name.rsplit(".", 1)[-1] for name, *_ in mail.outbox[0].attachments] == ["pdf", "xlsx"]
    schedule.send_docx = True
    schedule.save()
    reporting.resend(compiled)
    reporting.send_report(compiled.pk)
    assert [name.rsplit(".", 1)[-1] for name, *_ in mail.outbox[-1].attachments] == [
        "pdf",
        "xlsx",
        "docx",
    ]


def test_compile_report_writes_a_word_file(workspace, tmp_path):
    out = StringIO()
    target = tmp_path / "bao-cao.docx"
    call_command(
        "compile_report",
        "--directive",
        "53-KH/TU",
        "--format",
        "docx",
        "--output",
        str(target),
        stdout=out,
    )
    assert out.getvalue().strip() == str(target)
    assert paragraphs(read(target.read_bytes()))[0] == "BÁO CÁO"


def test_the_pdf_header_leaves_room_for_the_number_and_keeps_the_date_on_one_line(compiled):
    from pypdf import PdfReader

    lines = PdfReader(compiled.pdf.open("rb")).pages[0].extract_text().splitlines()
    number = next(line for line in lines if "-BC/BTGTU" in line)
    assert number.startswith("Số") and number.index("-BC") > len("Số ") + 1, number
    assert any("Lâm Đồng, ngày 01 tháng 06 năm 2026" in line for line in lines), lines[:8]
